/**
 * Wires the parts of the server together. Kept apart from main.ts so the wiring reads
 * top to bottom: database → default venue → rooms → HTTP + WebSocket on one port.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { DEFAULT_VENUE } from "../shared/protocol/messages.ts";
import { matchMaker, Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { Encoder } from "@colyseus/schema";
import { parseFloor } from "../shared/map/parse.ts";
import type { Config } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { listFloors, loadFloor, seedVenue } from "./db/index.ts";
import { createHttpApp } from "./http/app.ts";
import { handleMatchmake, isMatchmakeRequest } from "./http/matchmake.ts";
import { createApiRouter } from "./http/api/index.ts";
import { claimOwnerlessVenue, findSessionHost, findVenue, getVenueOwnerless } from "./db/hosts.ts";
import { ApiError } from "./http/api/errors.ts";
import { MediaService } from "./media/MediaService.ts";
import { createMailer } from "./mail.ts";
import { PendingSeats } from "./reservations.ts";
import { clusterParts, LiveRooms, localRooms } from "./cluster.ts";
import { VenueHub } from "./venueHub.ts";
import type { AdmissionDeps } from "./floor/admission.ts";
import {
  createPerson,
  endAttendance,
  findPersonByToken,
  invitationFor,
  listVenueEventsBySlug,
  roleAt,
  startAttendance,
  updateEvent,
  updatePerson,
} from "./db/events.ts";
import { hashToken, newToken, PERSON_TOKEN_TTL_MS, TOKEN_RE } from "./identity.ts";
import { readCookie, SESSION_COOKIE, verifyPassword } from "./http/api/auth.ts";
import type { Database } from "./db/database.ts";
import { setRoomContext } from "./rooms/context.ts";
import { VenueRoom } from "./rooms/VenueRoom.ts";
import { chatStore } from "./db/chat.ts";
import { floorSummaries, recordStale, recordTick } from "./stats.ts";
import { ClusterStats } from "./clusterStats.ts";
import { metAmong, recordEncounter } from "./db/networking.ts";
import { isBanned, moderationStore } from "./db/moderation.ts";
import { blockStore } from "./db/blocks.ts";
import { childLog, log } from "./log.ts";

const dbLog = childLog({ part: "db" });

export const DEFAULT_FLOOR_SLUG = "main";

export interface RunningFoyer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// Full-state sends for a busy floor exceed the 8 KB default buffer.
Encoder.BUFFER_SIZE = 512 * 1024;

/** The admission rule's view of the database (server/floor/admission.ts). */
function admissionFrom(db: Database): AdmissionDeps {
  return {
    now: Date.now,
    async personByToken(token) {
      const p = await findPersonByToken(db, hashToken(token));
      if (p) await updatePerson(db, p.id, { tokenExpiresAt: new Date(Date.now() + PERSON_TOKEN_TTL_MS) });
      return p;
    },
    async newGuest(profile) {
      const token = newToken();
      const person = await createPerson(db, { ...profile, tokenHash: hashToken(token), tokenExpiresAt: new Date(Date.now() + PERSON_TOKEN_TTL_MS) });
      return { person, token };
    },
    async updateProfile(id, profile) {
      await updatePerson(db, id, profile);
    },
    async eventsOf(venue) {
      return (await listVenueEventsBySlug(db, venue)).map((e) => ({
        id: e.id,
        access: e.access,
        capacity: e.capacity,
        passwordHash: e.passwordHash,
        startsAt: e.startsAt.getTime(),
        endsAt: e.endsAt.getTime(),
        openedAt: e.openedAt?.getTime() ?? null,
        closedAt: e.closedAt?.getTime() ?? null,
      }));
    },
    async venueOwner(venue) {
      return (await findVenue(db, venue))?.ownerId ?? null;
    },
    invitationFor: (eventId, personId) => invitationFor(db, eventId, personId),
    roleAt: (eventId, personId) => roleAt(db, eventId, personId),
    present: (eventId) => db.prisma.attendance.count({ where: { eventId, leftAt: null } }),
    verifyPassword: (hash, password) => verifyPassword(hash, password),
    banned: (venue, eventId, personId) => isBanned(db, venue, eventId, personId),
  };
}

/** Compares two secrets in constant time. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

export async function startFoyer(config: Config): Promise<RunningFoyer> {
  // Media first: without a worker binary there is no point opening the database.
  const media = config.media ? await MediaService.start(config.media) : null;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, "pglite"),
    log: (m) => dbLog.info(m),
  });

  // The embedded database belongs to this one process: anyone still "at" an event from a
  // previous run left when it stopped. (With PostgreSQL other processes may have people in.)
  if (db.kind === "pglite") await db.prisma.attendance.updateMany({ where: { leftAt: null }, data: { leftAt: new Date() } });

  const defaultMap: unknown = JSON.parse(fs.readFileSync(config.defaultMap, "utf8"));
  parseFloor(defaultMap); // never seed a broken default
  const floors = [{ slug: DEFAULT_FLOOR_SLUG, name: "Main hall", mapJson: defaultMap }];
  // The built-in venue has a second floor, reached by the stairs; a custom default map
  // (FOYER_DEFAULT_MAP) stands alone.
  if (path.resolve(config.defaultMap) === path.join(config.rootDir, "assets/maps/default-venue.tmj")) {
    const terrace: unknown = JSON.parse(fs.readFileSync(path.join(config.rootDir, "assets/maps/terrace.tmj"), "utf8"));
    parseFloor(terrace);
    floors.push({ slug: "terrace", name: "Roof terrace", mapJson: terrace });
  }
  await seedVenue(db, { slug: DEFAULT_VENUE, name: config.venueName, floors });
  // Owning the built-in venue takes proof: the setup token, printed below while it has no owner.
  const setupToken = (await getVenueOwnerless(db, DEFAULT_VENUE)) ? (config.setupToken ?? randomBytes(24).toString("base64url")) : undefined;

  const pendingSeats = new PendingSeats(config.pendingJoinsPerClient);
  let cluster: ClusterStats | null = null;
  // Who is where and venue-wide chat, on the presence: made when the first floor opens, once
  // the game server has set the presence up (Redis with REDIS_URL).
  let hub: VenueHub | null = null;
  const chat = chatStore(db);
  const venueHub = () => (hub ??= new VenueHub(matchMaker.presence, childLog({ part: "venue" }), matchMaker.processId));
  setRoomContext({
    async loadFloor(venue, floor) {
      const row = await loadFloor(db, venue, floor);
      if (!row) return null;
      return { venue, slug: row.slug, name: row.name, version: row.version, floor: parseFloor(row.mapJson) };
    },
    onTick: recordTick,
    onPositions: recordStale,
    testHooks: config.testHooks,
    onSeatTaken: (sessionId) => pendingSeats.taken(sessionId),
    admission: admissionFrom(db),
    attendance: {
      start: (a) => startAttendance(db, a),
      end: (id) => endAttendance(db, id),
    },
    encounters: { store: { record: (m) => recordEncounter(db, m), metAmong: (ids) => metAmong(db, ids) }, thresholdMs: config.encounterSeconds * 1000 },
    chat,
    moderation: moderationStore(db),
    blocks: blockStore(db),
    // A host's "end the event for all" from inside the room: the same store and nudge as the events API's `end`.
    endEvent: async (venue, eventId) => {
      await updateEvent(db, eventId, { closedAt: new Date() });
      await eventChanged(venue);
    },
    venue: (venue, floor, inbox) => venueHub().attach(venue, floor, inbox),
    ...(media ? { media } : {}),
  });

  const mailer = config.smtp ? createMailer(config.smtp.url, config.smtp.from) : null;
  let shuttingDown = false;
  const app = createHttpApp({
    rootDir: config.rootDir,
    publicUrl: config.publicUrl,
    clientDir: config.clientDir,
    venueName: config.venueName,
    databaseKind: () => db.kind,
    isShuttingDown: () => shuttingDown,
    async getFloor(venue, slug) {
      const row = await loadFloor(db, venue, slug);
      return row ? { venue, slug: row.slug, name: row.name, version: row.version, map: row.mapJson } : null;
    },
    async listFloors(venue) {
      return (await listFloors(db, venue)).map((f) => ({ slug: f.slug, name: f.name }));
    },
    apiRouter: createApiRouter({
      db,
      mailer,
      publicUrl: config.publicUrl,
      onEventChanged: (venue) => eventChanged(venue),
      secureCookies: config.publicUrl?.startsWith("https:") ?? false,
      signinsPerClient: config.signinsPerClient,
      onFloorPublished: (venue, floor) => publishFloor(venue, floor),
      onFloorRemoved: (venue, floor, to) => live.publish({ kind: "floor-removed", venue, floor, to: to.slug, toName: to.name }),
      // The host who signs up or in with the setup token (and, if FOYER_ADMIN_EMAIL is
      // set, with that address) owns the built-in venue, if nobody does yet.
      setupToken: {
        check(email, token) {
          if (!setupToken || !sameSecret(token, setupToken)) throw new ApiError(403, "setupToken", "is not this server's setup token");
          if (config.adminEmail && email !== config.adminEmail)
            throw new ApiError(403, "setupToken", `the built-in venue is for ${config.adminEmail} (FOYER_ADMIN_EMAIL)`);
        },
        async claim(host) {
          await claimOwnerlessVenue(db, DEFAULT_VENUE, host.id);
        },
      },
    }),
    mediaUsage: async () => (media ? media.usage() : { disabled: true }),
    clusterStats: async () => (cluster ? cluster.gather() : null),
    async mayReadStats(req) {
      const bearer = req.headers.authorization?.startsWith("Bearer ") ? req.headers.authorization.slice(7).trim() : undefined;
      if (config.statsToken && bearer && sameSecret(bearer, config.statsToken)) return true;
      const session = readCookie(req, SESSION_COOKIE);
      return session !== undefined && TOKEN_RE.test(session) && (await findSessionHost(db, hashToken(session))) !== null;
    },
    // Test hooks expose who receives whom; only with FOYER_TEST_HOOKS=1.
    debugMediaFlowing:
      config.testHooks
        ? async (floor: string) => {
            const out: Record<string, string[]> = {};
            for (const room of await localRooms(DEFAULT_VENUE, floor))
              for (const [listener, speakers] of room.mediaFlowing()) out[listener] = [...speakers].sort();
            return out;
          }
        : undefined,
  });

  const httpServer = http.createServer(app);
  const gameServer = new Server({
    greet: false,
    gracefullyShutdown: false,
    // With REDIS_URL: room listings, seats and reconnection shared with the other processes.
    ...clusterParts(config.redisUrl),
    ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
    transport: new WebSocketTransport({
      server: httpServer,
      // Above our own MAX_MESSAGE_BYTES, so oversized messages get an error reply from
      // the room instead of a silently closed socket.
      maxPayload: 64 * 1024,
      pingInterval: 5000,
      pingMaxRetries: 3,
    }),
  });
  gameServer.define("floor", VenueRoom).filterBy(["venue", "floor"]);
  // Colyseus put its own matchmaking handler in front of the app; Foyer's replaces it
  // (body limits before reading, no "create" for clients): see server/http/matchmake.ts.
  httpServer.removeAllListeners("request");
  httpServer.on("request", (req, res) => {
    if (isMatchmakeRequest(req.url)) void handleMatchmake(req, res, pendingSeats);
    else app(req, res);
  });

  // Published edits and event changes reach the rooms of every process (server/cluster.ts).
  const live = new LiveRooms(matchMaker.presence, childLog({ part: "cluster" }));
  await gameServer.listen(config.port, config.host);
  await live.start();
  // /api/stats answers for every process: each writes its figures to the presence.
  cluster = new ClusterStats(
    matchMaker.presence,
    matchMaker.processId,
    () => {
      const mem = process.memoryUsage();
      return {
        uptimeSeconds: Math.round(process.uptime()),
        memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
        rooms: matchMaker.stats.local.roomCount,
        clients: matchMaker.stats.local.ccu,
        floors: floorSummaries(),
      };
    },
    childLog({ part: "stats" }),
  );
  await cluster.start();
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = config.publicUrl ?? `http://${shownHost}:${port}`;
  if (setupToken) {
    const shown = config.setupToken ? "<FOYER_SETUP_TOKEN>" : setupToken;
    log.warn(`The built-in venue has no host yet. To own it, sign up or sign in at ${url}/editor?setup=${shown}`);
  }

  /** A host changed a venue's events: its live rooms re-read them (doors, welcome, end). */
  async function eventChanged(venue: string): Promise<void> {
    await live.publish({ kind: "events", venue });
  }

  /** Live rooms showing a floor; after a host publishes, each redraws in place. */
  async function publishFloor(venue: string, floor: string): Promise<void> {
    await live.publish({ kind: "floor", venue, floor });
  }

  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    close() {
      closed ??= (async () => {
        shuttingDown = true;
        // Rooms' onBeforeShutdown tells every client, then disconnects them.
        await live.stop().catch(() => {});
        await cluster?.stop().catch(() => {});
        await hub?.stop().catch(() => {});
        await gameServer.gracefullyShutdown(false);
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeAllConnections();
        media?.close();
        mailer?.close();
        await chat.flush(); // messages said in the last moment before the stop are written
        await db.close();
      })();
      return closed;
    },
  };
}
