/**
 * Wires the parts of the server together. Kept apart from main.ts so the wiring reads
 * top to bottom: database → default venue → rooms → HTTP + WebSocket on one port.
 */
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
import { listFloors, loadFloor, recordGuest, seedVenue } from "./db/index.ts";
import { createHttpApp } from "./http/app.ts";
import { createApiRouter } from "./http/api/index.ts";
import { getVenueOwnerless, setVenueOwner } from "./db/hosts.ts";
import { MediaService } from "./media/MediaService.ts";
import { setRoomContext } from "./rooms/context.ts";
import { VenueRoom } from "./rooms/VenueRoom.ts";
import { recordTick } from "./stats.ts";

export const DEFAULT_VENUE_SLUG = DEFAULT_VENUE;
export const DEFAULT_FLOOR_SLUG = "main";

export interface RunningFoyer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// Full-state sends for a busy floor exceed the 8 KB default buffer.
Encoder.BUFFER_SIZE = 512 * 1024;

/** The VenueRooms of one floor running in this process (matched on their listing). */
async function liveRooms(venue: string, floor: string): Promise<VenueRoom[]> {
  const listed = await matchMaker.query({ name: "floor", venue, floor });
  return listed
    .map((r) => matchMaker.getLocalRoomById(r.roomId) as VenueRoom | undefined)
    .filter((room): room is VenueRoom => room !== undefined);
}

export async function startFoyer(config: Config): Promise<RunningFoyer> {
  // Media first: without a worker binary there is no point opening the database.
  const media = config.media ? await MediaService.start(config.media) : null;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, "pglite"),
    log: (m) => console.log(`[db] ${m}`),
  });

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
  await seedVenue(db, { slug: DEFAULT_VENUE_SLUG, name: config.venueName, floors });
  if (config.adminEmail && (await getVenueOwnerless(db, DEFAULT_VENUE_SLUG))) await setVenueOwner(db, DEFAULT_VENUE_SLUG, config.adminEmail);

  setRoomContext({
    async loadFloor(venue, floor) {
      const row = await loadFloor(db, venue, floor);
      if (!row) return null;
      return { venue, slug: row.slug, name: row.name, version: row.version, floor: parseFloor(row.mapJson) };
    },
    async recordGuest(g) {
      await recordGuest(db, { displayName: g.name, avatar: g.avatar, venueSlug: g.venue, floorSlug: g.floor });
    },
    onTick: recordTick,
    ...(media ? { media } : {}),
  });

  let shuttingDown = false;
  const app = createHttpApp({
    rootDir: config.rootDir,
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
      secureCookies: config.publicUrl?.startsWith("https:") ?? false,
      onFloorPublished: (venue, floor) => publishFloor(venue, floor),
      // FOYER_ADMIN_EMAIL names the host who owns the built-in venue once they sign up.
      async onHostCreated(host) {
        if (config.adminEmail && host.email === config.adminEmail && (await getVenueOwnerless(db, DEFAULT_VENUE_SLUG)))
          await setVenueOwner(db, DEFAULT_VENUE_SLUG, host.email);
      },
    }),
    mediaUsage: async () => (media ? media.usage() : { disabled: true }),
    // Test hooks expose who receives whom; only with FOYER_TEST_HOOKS=1.
    debugMediaFlowing:
      config.testHooks
        ? async (floor: string) => {
            const out: Record<string, string[]> = {};
            for (const room of await liveRooms(DEFAULT_VENUE_SLUG, floor))
              for (const [listener, speakers] of room.mediaFlowing()) out[listener] = [...speakers].sort();
            return out;
          }
        : undefined,
  });

  const httpServer = http.createServer(app);
  const gameServer = new Server({
    greet: false,
    gracefullyShutdown: false,
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

  await gameServer.listen(config.port, config.host);
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = config.publicUrl ?? `http://${shownHost}:${port}`;

  /** Live rooms showing a floor; after a host publishes, each redraws in place. */
  async function publishFloor(venue: string, floor: string): Promise<void> {
    for (const room of await liveRooms(venue, floor)) await room.reloadFloor();
  }

  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    close() {
      closed ??= (async () => {
        shuttingDown = true;
        // Rooms' onBeforeShutdown tells every client, then disconnects them.
        await gameServer.gracefullyShutdown(false);
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeAllConnections();
        media?.close();
        await db.close();
      })();
      return closed;
    },
  };
}
