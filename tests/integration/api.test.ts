// The hosts' REST API (/api): accounts, venues, floor versions, uploaded images.
//
// Runs twice, always over real HTTP against a real database:
//  - "pglite": the API router mounted on a small Express app in this process, on an
//    embedded PGlite from openDatabase();
//  - "server+postgres": the real server process (startServer) on a throwaway PostgreSQL.
//    If that server does not serve the API yet (router not mounted), the router is mounted
//    in-process on the same PostgreSQL instead, and a warning says so.
// Row counts are read straight from the database to prove a refused request stored nothing.
import { createHash } from "node:crypto";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import express from "express";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, seedVenue, type Database } from "../../server/db/index.ts";
import { createApiRouter } from "../../server/http/api/index.ts";
import { importTiled } from "../../shared/map/tiled.ts";
import { makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const TIMEOUT = 120_000;

// ------------------------------------------------------------------ fixtures

const MAP_A = makeMap(ROOM_PLAN, ROOM_ZONES);
const MAP_B = makeMap(ROOM_PLAN, [...ROOM_ZONES, { name: "Nook", class: "coffee-corner", x: 1, y: 5, w: 3, h: 2 }]);
const MAP_C = makeMap(ROOM_PLAN, [{ name: "Door", class: "spawn", x: 2, y: 2, w: 1, h: 1 }]);
/** What the API stores for a map: the Tiled importer's normalized form. */
const stored = (map: unknown) => importTiled({ map }).map;
/** No spawn zone: parseFloor refuses it. */
const BROKEN_MAP = makeMap(ROOM_PLAN, [{ name: "Nook", class: "coffee-corner", x: 1, y: 5, w: 3, h: 2 }]);

function png(width: number, height: number): Buffer {
  const img = new PNG({ width, height });
  for (let i = 0; i < img.data.length; i += 4) {
    img.data[i] = (i / 4) % 256;
    img.data[i + 1] = 100;
    img.data[i + 2] = 200;
    img.data[i + 3] = 255;
  }
  return PNG.sync.write(img);
}

/** A PNG whose header claims a size; pixel data is not decoded by the server, only the structure. */
function hugePngHeader(width: number, height: number): Buffer {
  const small = png(1, 1);
  const copy = Buffer.from(small);
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  // Fix IHDR's CRC so only the size is wrong.
  copy.writeUInt32BE(crc32(copy.subarray(12, 29)), 29);
  return copy;
}

// ------------------------------------------------------------------ HTTP client with a cookie jar

interface Reply {
  status: number;
  body: any;
  headers: Headers;
  raw: Buffer;
}

class Browser {
  cookie: string | undefined;
  constructor(readonly base: string) {}

  async request(method: string, url: string, init: { json?: unknown; body?: Buffer | string; type?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = `foyer_session=${this.cookie}`;
    let body: Buffer | string | undefined = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers["content-type"] = "application/json";
    }
    if (init.type) headers["content-type"] = init.type;
    const payload = typeof body === "string" || body === undefined ? body : new Uint8Array(body);
    const res = await fetch(this.base + url, { method, headers, body: payload });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("foyer_session="));
    if (setCookie) {
      const value = /^foyer_session=([^;]*)/.exec(setCookie)![1]!;
      this.cookie = value === "" || /Expires=Thu, 01 Jan 1970/i.test(setCookie) ? undefined : value;
    }
    const raw = Buffer.from(await res.arrayBuffer());
    let parsed: any = undefined;
    if ((res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(raw.toString("utf8"));
    return { status: res.status, body: parsed, headers: res.headers, raw };
  }
  get(url: string) {
    return this.request("GET", url);
  }
  post(url: string, json?: unknown) {
    return this.request("POST", url, json === undefined ? {} : { json });
  }
  put(url: string, json: unknown) {
    return this.request("PUT", url, { json });
  }
}

// ------------------------------------------------------------------ targets

interface Target {
  base: string;
  db: Database;
  /** Calls to onFloorPublished, when the router runs in this process. */
  published: Array<[string, string, number]> | null;
  /** Another Foyer process on the same database (scaled out), where the target has one. */
  second?: string;
  close(): Promise<void>;
}

function listen(app: express.Express): Promise<{ base: string; server: http.Server }> {
  return new Promise((resolve) => {
    const server = http.createServer(app);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address() as { port: number };
      resolve({ base: `http://127.0.0.1:${addr.port}`, server });
    });
  });
}

/** The router on a small app shaped like server/http/app.ts (JSON 404 and 500 after it). */
async function inProcess(db: Database): Promise<Target> {
  const published: Array<[string, string, number]> = [];
  const app = express();
  app.use(
    "/api",
    createApiRouter({
      db,
      onFloorPublished: (v, f, n) => {
        published.push([v, f, n]);
      },
      log: () => {},
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(err);
    res.status(500).json({ error: "internal error" });
  });
  const { base, server } = await listen(app);
  return {
    base,
    db,
    published,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const targets: Array<{ name: string; start(): Promise<Target> }> = [
  {
    name: "pglite",
    async start() {
      const dir = mkdtempSync(path.join(os.tmpdir(), "foyer-api-"));
      tempDirs.push(dir);
      const db = await openDatabase({ dataDir: path.join(dir, "pglite") });
      // Like the server does at start: the default venue, without an owner.
      await seedVenue(db, { slug: "foyer", name: "Foyer", floors: [{ slug: "main", name: "Main hall", mapJson: MAP_A }] });
      const t = await inProcess(db);
      return { ...t, close: async () => (await t.close(), await db.close()) };
    },
  },
  {
    name: "server+postgres",
    async start() {
      const pg: TestPostgres = await startPostgres({ database: "foyer_api" });
      let server: RunningServer | undefined;
      let second: RunningServer | undefined;
      let db: Database | undefined;
      try {
        server = await startServer({ map: MAP_A, env: { DATABASE_URL: pg.url, FOYER_MEDIA: "off" } });
        second = await startServer({ map: MAP_A, env: { DATABASE_URL: pg.url, FOYER_MEDIA: "off" } });
        db = await openDatabase({ databaseUrl: pg.url, poolSize: 2 });
        const probe = await fetch(`${server.url}/api/auth/me`);
        const mounted = probe.status === 401 && (probe.headers.get("content-type") ?? "").includes("json");
        const stopAll = async (inner?: Target) => {
          await inner?.close();
          await db?.close();
          await server?.stop();
          await second?.stop();
          await pg.stop();
        };
        if (mounted) {
          return { base: server.url, db, published: null, second: second.url, close: () => stopAll() };
        }
        console.warn(
          "api.test: the real server does not serve /api/auth yet (router not mounted); " +
            "testing the router in-process on the same PostgreSQL instead",
        );
        const inner = await inProcess(db);
        return { ...inner, close: () => stopAll(inner) };
      } catch (err) {
        await db?.close().catch(() => {});
        await server?.stop().catch(() => {});
        await second?.stop().catch(() => {});
        await pg.stop();
        throw err;
      }
    },
  },
];

async function counts(db: Database) {
  const p = db.prisma;
  const [hosts, sessions, venues, floors, versions, assets] = await Promise.all([
    p.host.count(),
    p.session.count(),
    p.venue.count(),
    p.floor.count(),
    p.floorVersion.count(),
    p.asset.count(),
  ]);
  const floorState = await p.floor.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } });
  return { hosts, sessions, venues, floors, versions, assets, floorState };
}

/** Runs `act`, checks the reply, and that no table changed. */
async function refused(
  db: Database,
  act: () => Promise<Reply>,
  status: number,
  field: string | undefined,
  message: RegExp,
): Promise<Reply> {
  const before = await counts(db);
  const reply = await act();
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { error: expect.stringMatching(message) } });
  if (field) {
    expect(reply.body.field).toBe(field);
    expect(reply.body.error.startsWith(`${field}: `)).toBe(true);
  }
  expect(await counts(db)).toEqual(before);
  return reply;
}

// ------------------------------------------------------------------ the tests

describe.each(targets)("host API on $name", (target) => {
  let t: Target;
  let a: Browser; // owns venue "alpha"
  let b: Browser; // owns venue "beta"
  let anon: Browser;

  beforeAll(async () => {
    t = await target.start();
    a = new Browser(t.base);
    b = new Browser(t.base);
    anon = new Browser(t.base);
  }, TIMEOUT);
  afterAll(async () => {
    await t?.close();
  }, TIMEOUT);

  it("runs on a database migrated through 0002_hosts", async () => {
    const { rows } = await t.db.pool.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(expect.arrayContaining(["0001_init", "0002_hosts"]));
    expect(t.db.kind).toBe(target.name === "pglite" ? "pglite" : "postgres");
  });

  it("signs up, reads me, logs out and in again; sessions are stored hashed and expire", async () => {
    expect((await anon.get("/api/auth/me")).status).toBe(401);

    const signup = await a.request("POST", "/api/auth/signup", {
      json: { email: "  Alice@Example.COM ", password: "correct horse battery", displayName: "Alice" },
    });
    expect(signup.status).toBe(201);
    expect(signup.body.host).toMatchObject({ email: "alice@example.com", displayName: "Alice" });
    expect(signup.body.host.passwordHash).toBeUndefined();
    const setCookie = signup.headers.getSetCookie().find((c) => c.startsWith("foyer_session="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=1209600/); // 14 days
    expect(a.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = await a.get("/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.body.host.email).toBe("alice@example.com");

    // The database holds the token's sha256, never the token; the password only as Argon2id.
    const tokenHash = createHash("sha256").update(a.cookie!).digest("hex");
    const session = await t.db.prisma.session.findUnique({ where: { id: tokenHash } });
    expect(session).not.toBeNull();
    expect(await t.db.prisma.session.count({ where: { id: a.cookie! } })).toBe(0);
    const stored = await t.db.prisma.host.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);

    // Log out: the session row goes, the cookie is cleared, the old token no longer works.
    const oldToken = a.cookie!;
    const out = await a.post("/api/auth/logout");
    expect(out.status).toBe(200);
    expect(a.cookie).toBeUndefined();
    expect(await t.db.prisma.session.findUnique({ where: { id: tokenHash } })).toBeNull();
    a.cookie = oldToken;
    expect((await a.get("/api/auth/me")).status).toBe(401);
    a.cookie = undefined;

    // Wrong password and unknown email: the same 401, no session.
    await refused(t.db, () => a.post("/api/auth/login", { email: "alice@example.com", password: "wrong password!" }), 401, "password", /email or password is wrong/);
    await refused(t.db, () => a.post("/api/auth/login", { email: "nobody@example.com", password: "wrong password!" }), 401, "password", /email or password is wrong/);

    const login = await a.post("/api/auth/login", { email: "ALICE@example.com", password: "correct horse battery" });
    expect(login.status).toBe(200);
    expect(login.body.host.displayName).toBe("Alice");
    expect((await a.get("/api/auth/me")).status).toBe(200);

    // Guessing is cut off: after 10 failures an address is locked for a while, even for
    // the right password; other addresses are unaffected.
    const guesser = new Browser(t.base);
    await guesser.post("/api/auth/signup", { email: "carol@example.com", password: "carol's long secret", displayName: "Carol" });
    for (let i = 0; i < 10; i++) expect((await guesser.post("/api/auth/login", { email: "carol@example.com", password: `guess number ${i}` })).status).toBe(401);
    const locked = await guesser.post("/api/auth/login", { email: "carol@example.com", password: "carol's long secret" });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatch(/^password: too many failed attempts; try again in \d+ minutes?$/);
    // …on every Foyer process sharing the database, not only the one guessed at.
    if (t.second) expect((await new Browser(t.second).post("/api/auth/login", { email: "carol@example.com", password: "carol's long secret" })).status).toBe(429);
    expect((await new Browser(t.base).post("/api/auth/login", { email: "alice@example.com", password: "correct horse battery" })).status).toBe(200);

    // A forged or malformed cookie is nobody.
    const forged = new Browser(t.base);
    forged.cookie = "A".repeat(43);
    expect((await forged.get("/api/auth/me")).status).toBe(401);
    forged.cookie = "not a token";
    expect((await forged.get("/api/auth/me")).status).toBe(401);

    // An expired session is refused (and removed).
    const other = new Browser(t.base);
    expect((await other.post("/api/auth/login", { email: "alice@example.com", password: "correct horse battery" })).status).toBe(200);
    const otherHash = createHash("sha256").update(other.cookie!).digest("hex");
    await t.db.prisma.session.update({ where: { id: otherHash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await other.get("/api/auth/me")).status).toBe(401);
    expect(await t.db.prisma.session.findUnique({ where: { id: otherHash } })).toBeNull();

    // Second host.
    const sb = await b.post("/api/auth/signup", { email: "bob@example.com", password: "another long secret", displayName: "Bob" });
    expect(sb.status).toBe(201);
  }, TIMEOUT);

  it("refuses bad sign-ups with a precise error and stores nothing", async () => {
    const c = new Browser(t.base);
    const ok = { email: "carol@example.com", password: "long enough pw", displayName: "Carol" };
    await refused(t.db, () => c.post("/api/auth/signup", { email: ok.email, password: ok.password }), 400, "displayName", /^displayName: is required$/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, email: "carol.example.com" }), 400, "email", /^email: is not a valid email address$/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, password: "short" }), 400, "password", /^password: must be at least 10 characters$/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, password: 1234567890123 }), 400, "password", /^password: must be text$/);
    // A taken address is answered like a wrong sign-in: sign-up does not reveal who has an account.
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, email: "ALICE@example.com" }), 401, "password", /^password: the email or password is wrong$/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, password: " ".repeat(12) }), 400, "password", /^password: must have at least 10 characters besides spaces$/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, password: "password123" }), 400, "password", /^password: is a very common password/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, password: "carol@example.com!" }), 400, "password", /^password: contains your email address or name/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, displayName: "Car\u0000ol" }), 400, "displayName", /^displayName: must not contain NUL characters$/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, displayName: "\u200b" }), 400, "displayName", /^displayName: must not contain invisible/);
    await refused(t.db, () => c.post("/api/auth/signup", { ...ok, displayName: "P\u0430ypal" }), 400, "displayName", /^displayName: mixes alphabets/);
    await refused(t.db, () => c.post("/api/auth/signup", ["not", "an", "object"]), 400, "body", /^body: must be a JSON object$/);
    await refused(t.db, () => c.request("POST", "/api/auth/signup", { body: "{not json", type: "application/json" }), 400, "body", /^body: is not valid JSON/);
    await refused(t.db, () => c.request("POST", "/api/auth/signup", { body: "email=x", type: "application/x-www-form-urlencoded" }), 415, "body", /Content-Type: application\/json/);
    expect(c.cookie).toBeUndefined();
  }, TIMEOUT);

  it("creates venues and floors for their owner, and refuses bad ones without storing anything", async () => {
    const v = await a.post("/api/venues", { name: "Alpha Hall", slug: "alpha" });
    expect(v.status).toBe(201);
    expect(v.body.venue).toMatchObject({ slug: "alpha", name: "Alpha Hall", mine: true, floors: [] });
    expect((await b.post("/api/venues", { name: "Beta", slug: "beta" })).status).toBe(201);

    await refused(t.db, () => a.post("/api/venues", { name: "Bad", slug: "Bad Slug!" }), 400, "slug", /^slug: must be a venue slug/);
    await refused(t.db, () => a.post("/api/venues", { slug: "gamma" }), 400, "name", /^name: is required$/);
    await refused(t.db, () => a.post("/api/venues", { name: "Taken", slug: "beta" }), 409, "slug", /already exists/);
    await refused(t.db, () => a.post("/api/venues", { name: "Taken", slug: "foyer" }), 409, "slug", /already exists/);

    const mine = await a.get("/api/venues");
    expect(mine.body.venues.map((x: { slug: string }) => x.slug)).toEqual(["alpha"]);

    const floor = await a.post("/api/venues/alpha/floors", { slug: "lobby", name: "Lobby", map: MAP_A });
    expect(floor.status).toBe(201);
    expect(floor.body.floor).toEqual({ slug: "lobby", name: "Lobby", version: 1 });
    if (t.published) expect(t.published).toContainEqual(["alpha", "lobby", 1]);

    // A broken map: parseFloor's message comes back, with every problem.
    const broken = await refused(
      t.db,
      () => a.post("/api/venues/alpha/floors", { slug: "attic", name: "Attic", map: BROKEN_MAP }),
      400,
      "map",
      /^map: Invalid floor map: map: has no spawn zone/,
    );
    expect(broken.body.problems).toEqual([{ where: "map", problem: expect.stringMatching(/no spawn zone/) }]);
    await refused(t.db, () => a.post("/api/venues/alpha/floors", { slug: "attic", name: "Attic", map: "tiles" }), 400, "map", /^map: must be a Tiled JSON map/);
    await refused(t.db, () => a.post("/api/venues/alpha/floors", { slug: "attic", name: "Attic" }), 400, "map", /^map: is required$/);
    await refused(t.db, () => a.post("/api/venues/alpha/floors", { slug: "At Tic", name: "Attic", map: MAP_A }), 400, "slug", /^slug: must be a floor slug/);
    await refused(t.db, () => a.post("/api/venues/alpha/floors", { slug: "lobby", name: "Again", map: MAP_A }), 409, "slug", /already exists/);
    // Too big a map for parseFloor (dimensions), and too big a body for the server (5 MB).
    await refused(
      t.db,
      () => a.post("/api/venues/alpha/floors", { slug: "huge", name: "Huge", map: { ...MAP_A, width: 100000, height: 3 } }),
      400,
      "map",
      /size 100000×3 tiles is outside/,
    );
    const oversized = { slug: "big", name: "Big", map: { ...MAP_A, padding: "x".repeat(6 * 1024 * 1024) } };
    await refused(t.db, () => a.post("/api/venues/alpha/floors", oversized), 413, "body", /^body: the request is larger than the 5 MB limit$/);
  }, TIMEOUT);

  it("saves new versions, keeps every one, detects conflicts and restores an old one", async () => {
    const base = "/api/venues/alpha/floors/lobby";
    const v2 = await a.put(base, { map: MAP_B, expectedVersion: 1, note: "added a nook" });
    expect(v2.status).toBe(200);
    expect(v2.body.floor).toEqual({ slug: "lobby", name: "Lobby", version: 2 });
    const v3 = await a.put(base, { map: MAP_C, expectedVersion: 2 });
    expect(v3.body.floor.version).toBe(3);
    if (t.published) expect(t.published.filter(([v, f]) => v === "alpha" && f === "lobby").map((p) => p[2])).toEqual([1, 2, 3]);

    // A stale editor (still at version 2) gets 409 and nothing changes.
    const conflict = await refused(t.db, () => a.put(base, { map: MAP_A, expectedVersion: 2 }), 409, "expectedVersion", /is at version 3, not 2/);
    expect(conflict.body.currentVersion).toBe(3);
    await refused(t.db, () => a.put(base, { map: MAP_A }), 400, "expectedVersion", /^expectedVersion: is required$/);
    await refused(t.db, () => a.put(base, { map: MAP_A, expectedVersion: 2.5 }), 400, "expectedVersion", /whole number/);
    await refused(t.db, () => a.put(base, { map: BROKEN_MAP, expectedVersion: 3 }), 400, "map", /no spawn zone/);
    await refused(t.db, () => a.put("/api/venues/alpha/floors/nope", { map: MAP_A, expectedVersion: 1 }), 404, "floor", /does not exist/);

    // Two saves racing from the same version: exactly one wins.
    const race = await Promise.all([
      a.put(base, { map: MAP_A, expectedVersion: 3, note: "race 1" }),
      a.put(base, { map: MAP_B, expectedVersion: 3, note: "race 2" }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);

    const list = await a.get(`${base}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.current).toBe(4);
    expect(list.body.versions.map((x: { version: number }) => x.version)).toEqual([4, 3, 2, 1]);
    expect(list.body.versions[2].note).toBe("added a nook");

    const one = await a.get(`${base}/versions/1`);
    expect(one.status).toBe(200);
    expect(one.body.map).toEqual(stored(MAP_A));
    expect((await a.get(`${base}/versions/2`)).body.map).toEqual(stored(MAP_B));
    await refused(t.db, () => a.get(`${base}/versions/99`), 404, "version", /has no version 99/);
    await refused(t.db, () => a.get(`${base}/versions/abc`), 400, "version", /whole number/);

    // Restore version 2: a new version 5 with version 2's map; history intact.
    const restored = await a.post(`${base}/versions/2/restore`);
    expect(restored.status).toBe(201);
    expect(restored.body).toEqual({ floor: { slug: "lobby", name: "Lobby", version: 5 }, restoredFrom: 2 });
    if (t.published) expect(t.published.at(-1)).toEqual(["alpha", "lobby", 5]);
    const current = await anon.get(base); // the published map is public
    expect(current.status).toBe(200);
    expect(current.body.floor).toMatchObject({ version: 5, map: stored(MAP_B) });
    const after = await a.get(`${base}/versions`);
    expect(after.body.versions.map((x: { version: number; note: string | null }) => [x.version, x.note])).toEqual([
      [5, "restored version 2"],
      [4, expect.stringMatching(/^race [12]$/)],
      [3, null],
      [2, "added a nook"],
      [1, null],
    ]);
    expect((await t.db.prisma.floorVersion.findMany({ where: { floor: { slug: "lobby" } } })).length).toBe(5);

    // A restore with a stale expectedVersion is refused.
    await refused(t.db, () => a.post(`${base}/versions/1/restore`, { expectedVersion: 4 }), 409, "expectedVersion", /is at version 5, not 4/);

    // Export: a .tmj that opens in Tiled (image by file name) and imports back to the same floor.
    const exported = await a.get(`${base}/export`);
    expect(exported.status).toBe(200);
    const reimported = importTiled({ map: exported.body }).floor;
    expect(reimported.zones).toEqual(importTiled({ map: MAP_B }).floor.zones);
    expect((exported.body as { tilesets: { image: string }[] }).tilesets[0]!.image).toBe("venue.png");
    expect((await a.get(`${base}/export?images`)).body).toEqual({ images: [{ file: "venue.png", url: "/assets/tiles/venue.png" }] });
    expect((await anon.get(`${base}/export`)).status).toBe(401);

    // The venue lists its floors with their versions, publicly.
    const venue = await anon.get("/api/venues/alpha");
    expect(venue.body.venue).toMatchObject({ slug: "alpha", mine: false, owned: true, floors: [{ slug: "lobby", version: 5 }] });
  }, TIMEOUT);

  it("stores PNG tilesets within limits, serves them publicly, and refuses anything else", async () => {
    const image = png(64, 32);
    const up = await a.request("POST", "/api/venues/alpha/assets?name=tiles.png", { body: image, type: "image/png" });
    expect(up.status).toBe(201);
    expect(up.body.asset).toEqual({ name: "tiles.png", width: 64, height: 32, size: image.length, url: "/api/venues/alpha/assets/tiles.png" });

    const got = await anon.get("/api/venues/alpha/assets/tiles.png");
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.raw.equals(image)).toBe(true);
    const etag = got.headers.get("etag")!;
    expect(etag).toBeTruthy();
    // (fetch adds "Cache-Control: no-cache" to conditional requests unless told otherwise.)
    expect((await anon.request("GET", "/api/venues/alpha/assets/tiles.png", { headers: { "if-none-match": etag, "cache-control": "max-age=0" } })).status).toBe(304);
    expect((await anon.get("/api/venues/alpha/assets/none.png")).status).toBe(404);

    const upload = (body: Buffer | string, type: string, name = "x.png") =>
      a.request("POST", `/api/venues/alpha/assets?name=${encodeURIComponent(name)}`, { body, type });
    await refused(t.db, () => upload(image, "image/jpeg"), 415, "contentType", /^contentType: must be image\/png \(got image\/jpeg\)/);
    await refused(t.db, () => upload(image, "application/octet-stream"), 415, "contentType", /must be image\/png/);
    await refused(t.db, () => upload(hugePngHeader(5000, 16), "image/png"), 413, "image", /^image: is 5000×16 pixels; the limit is 4096×4096$/);
    await refused(t.db, () => upload(Buffer.alloc(2 * 1024 * 1024 + 1, 7), "image/png"), 413, "body", /^body: the image is larger than the 2 MB limit$/);
    await refused(t.db, () => upload("GIF89a not a png", "image/png"), 400, "image", /^image: is not a PNG file/);
    await refused(t.db, () => upload(image.subarray(0, image.length - 20), "image/png"), 400, "image", /truncated|corrupt/);
    const flipped = Buffer.from(image);
    flipped[40] = flipped[40]! ^ 0xff;
    await refused(t.db, () => upload(flipped, "image/png"), 400, "image", /CRC|corrupt/);
    await refused(t.db, () => upload(image, "image/png", "../etc/passwd"), 400, "name", /^name: must be 1 to 100/);
    await refused(t.db, () => a.request("POST", "/api/venues/alpha/assets", { body: image, type: "image/png" }), 400, "name", /^name: is required$/);

    // Same name again: replaced (still one row).
    const again = await a.request("POST", "/api/venues/alpha/assets?name=tiles.png", { body: png(32, 32), type: "image/png" });
    expect(again.status).toBe(200);
    expect(again.body.replaced).toBe(true);
    const list = await a.get("/api/venues/alpha/assets");
    expect(list.body.assets).toEqual([expect.objectContaining({ name: "tiles.png", width: 32, height: 32 })]);
  }, TIMEOUT);

  it("gives attendees 401 and other hosts 403 on every editing route, changing nothing", async () => {
    const map = { map: MAP_A, expectedVersion: 5 };
    const routes: Array<[string, string, (who: Browser) => Promise<Reply>]> = [
      ["GET", "/api/venues", (w) => w.get("/api/venues")],
      ["POST", "/api/venues", (w) => w.post("/api/venues", { name: "Mine", slug: "mine" })],
      ["POST", "floors", (w) => w.post("/api/venues/alpha/floors", { slug: "x", name: "X", map: MAP_A })],
      ["PUT", "floor", (w) => w.put("/api/venues/alpha/floors/lobby", map)],
      ["GET", "versions", (w) => w.get("/api/venues/alpha/floors/lobby/versions")],
      ["GET", "version", (w) => w.get("/api/venues/alpha/floors/lobby/versions/1")],
      ["POST", "restore", (w) => w.post("/api/venues/alpha/floors/lobby/versions/1/restore")],
      ["PATCH", "floor name", (w) => w.request("PATCH", "/api/venues/alpha/floors/lobby", { json: { name: "Taken" } })],
      ["DELETE", "floor", (w) => w.request("DELETE", "/api/venues/alpha/floors/lobby")],
      ["POST", "assets", (w) => w.request("POST", "/api/venues/alpha/assets?name=y.png", { body: png(4, 4), type: "image/png" })],
      ["GET", "assets", (w) => w.get("/api/venues/alpha/assets")],
    ];
    for (const [, , act] of routes) {
      await refused(t.db, () => act(anon), 401, undefined, /sign in as a host/);
    }
    // Bob is signed in but does not own "alpha" (the first two routes are his own, not alpha's).
    for (const [, , act] of routes.slice(2)) {
      await refused(t.db, () => act(b), 403, "venue", /^venue: you do not own venue "alpha"$/);
    }
    // Nobody owns the seeded default venue, so nobody edits it through the API.
    await refused(t.db, () => a.put("/api/venues/foyer/floors/main", { map: MAP_B, expectedVersion: 1 }), 403, "venue", /has no owner/);
    await refused(t.db, () => a.get("/api/venues/nope/floors/main/versions"), 404, "venue", /does not exist/);
    const pub = await anon.get("/api/venues/foyer");
    expect(pub.body.venue).toMatchObject({ slug: "foyer", owned: false, floors: [{ slug: "main", version: 1 }] });
  }, TIMEOUT);

  it("keeps a seeded floor's original map as version 1 when an owner first saves it", async () => {
    // Give the default venue an owner (as a setting may do), then edit it through the API.
    const alice = await t.db.prisma.host.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    await t.db.prisma.venue.update({ where: { slug: "foyer" }, data: { ownerId: alice.id } });
    try {
      const before = await a.get("/api/venues/foyer/floors/main");
      const saved = await a.put("/api/venues/foyer/floors/main", { map: MAP_B, expectedVersion: before.body.floor.version });
      expect(saved.status).toBe(200);
      const versions = await a.get("/api/venues/foyer/floors/main/versions");
      expect(versions.body.versions.map((x: { version: number }) => x.version)).toEqual([2, 1]);
      expect((await a.get("/api/venues/foyer/floors/main/versions/1")).body.map).toEqual(before.body.floor.map);
    } finally {
      await t.db.prisma.venue.update({ where: { slug: "foyer" }, data: { ownerId: null } });
    }
  }, TIMEOUT);
});
