// The data layer against both backends: an embedded PGlite (temp dir) and a real,
// throwaway PostgreSQL server (tests/support/postgres.ts, needs Debian's `postgresql`).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_MIGRATIONS_DIR,
  FloorVersionConflictError,
  NotFoundError,
  listFloors,
  loadFloor,
  openDatabase,
  readMigrations,
  recordGuest,
  seedVenue,
  sha256Hex,
  touchGuest,
  updateFloorMap,
  type Database,
  type OpenDatabaseOptions,
} from "../../server/db/index.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

const TIMEOUT = 60_000;
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `foyer-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const sampleMap = {
  width: 2,
  height: 2,
  tilewidth: 32,
  tileheight: 32,
  orientation: "orthogonal",
  layers: [
    { type: "tilelayer", name: "floor", data: [1, 1, 1, 1], width: 2, height: 2 },
    {
      type: "objectgroup",
      name: "zones",
      objects: [{ id: 1, class: "spawn", x: 0, y: 0, width: 32, height: 32, properties: [] }],
    },
  ],
};

const seedInput = {
  slug: "demo",
  name: "Demo venue",
  floors: [
    { slug: "lobby", name: "Lobby", mapJson: sampleMap },
    { slug: "garden", name: "Garden", mapJson: { ...sampleMap, width: 3 } },
  ],
};

async function migrationRows(db: Database) {
  const { rows } = await db.pool.query(
    `SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs, applied_steps_count, started_at
       FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return rows;
}

/** A backend hands out fresh, empty databases ("targets") and opens them. */
interface Backend {
  name: "pglite" | "postgres";
  fresh(): Promise<OpenDatabaseOptions>;
}

const backends: Backend[] = [];
let postgres: TestPostgres | undefined;
let dbCounter = 0;

backends.push({
  name: "pglite",
  async fresh() {
    return { dataDir: path.join(tempDir("pglite"), "pglite") };
  },
});
backends.push({
  name: "postgres",
  async fresh() {
    if (!postgres) throw new Error("postgres not started");
    const name = `t${++dbCounter}`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(postgres.url);
    url.pathname = `/${name}`;
    return { databaseUrl: url.toString() };
  },
});

beforeAll(async () => {
  postgres = await startPostgres();
}, TIMEOUT);

afterAll(async () => {
  await postgres?.stop();
}, TIMEOUT);

describe.each(backends)("data layer on $name", (backend) => {
  it(
    "applies migrations on a fresh database, records them like Prisma, and does not re-apply on reopen",
    async () => {
      const target = await backend.fresh();
      const db = await openDatabase(target);
      try {
        expect(db.kind).toBe(backend.name);
        const names = readMigrations().map((m) => m.name);
        expect(names[0]).toBe("0001_init");
        expect(db.migrations.applied).toEqual(names);
        expect(db.migrations.alreadyApplied).toEqual([]);

        const rows = await migrationRows(db);
        expect(rows.map((r) => r.migration_name)).toEqual(names);
        const file = readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, "0001_init", "migration.sql"));
        expect(rows[0].checksum).toBe(sha256Hex(file));
        expect(rows[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(rows[0].finished_at).toBeInstanceOf(Date);
        expect(rows[0].rolled_back_at).toBeNull();
        expect(rows[0].logs).toBeNull();
        expect(rows[0].applied_steps_count).toBe(1);
        expect(rows[0].finished_at.getTime()).toBeGreaterThanOrEqual(rows[0].started_at.getTime());

        // The tables exist and Prisma can use them.
        expect(await db.prisma.venue.count()).toBe(0);
        expect(await db.prisma.floor.count()).toBe(0);
        expect(await db.prisma.guest.count()).toBe(0);
      } finally {
        await db.close();
        await db.close(); // idempotent
      }

      const again = await openDatabase(target);
      try {
        expect(again.migrations.applied).toEqual([]);
        expect(again.migrations.alreadyApplied).toEqual(readMigrations().map((m) => m.name));
        expect(await migrationRows(again)).toHaveLength(readMigrations().length);
      } finally {
        await again.close();
      }
    },
    TIMEOUT,
  );

  it(
    "seeds idempotently, never overwriting a floor that exists, and survives a reopen",
    async () => {
      const target = await backend.fresh();
      let db = await openDatabase(target);
      try {
        const first = await seedVenue(db, seedInput);
        expect(first.venue.slug).toBe("demo");
        expect(first.createdFloors).toEqual(["lobby", "garden"]);
        expect(first.floors.map((f) => f.slug)).toEqual(["lobby", "garden"]);
        expect(first.floors[0]!.mapJson).toEqual(sampleMap);

        const second = await seedVenue(db, seedInput);
        expect(second.createdFloors).toEqual([]);
        expect(second.venue.id).toBe(first.venue.id);
        expect(second.floors.map((f) => f.id)).toEqual(first.floors.map((f) => f.id));
        expect(await db.prisma.venue.count()).toBe(1);
        expect(await db.prisma.floor.count()).toBe(2);

        // A host edits the lobby; seeding (e.g. at the next start) must not undo it.
        const edited = { ...sampleMap, width: 9 };
        await updateFloorMap(db, { venueSlug: "demo", floorSlug: "lobby", mapJson: edited });
        // Concurrent seeds (two processes starting at once) do not duplicate either.
        await Promise.all([seedVenue(db, seedInput), seedVenue(db, seedInput)]);
        await db.close();

        db = await openDatabase(target);
        const third = await seedVenue(db, {
          ...seedInput,
          floors: [...seedInput.floors, { slug: "roof", name: "Roof", mapJson: sampleMap }],
        });
        expect(third.createdFloors).toEqual(["roof"]);
        expect(third.floors[0]!.mapJson).toEqual(edited);
        expect(third.floors[0]!.version).toBe(2);
        expect(await db.prisma.venue.count()).toBe(1);
        expect(await db.prisma.floor.count()).toBe(3);
        expect((await listFloors(db, "demo")).map((f) => f.slug).sort()).toEqual(["garden", "lobby", "roof"]);
      } finally {
        await db.close();
      }
    },
    TIMEOUT,
  );

  it(
    "round-trips a floor's JSON, bumps its version and detects concurrent edits",
    async () => {
      const db = await openDatabase(await backend.fresh());
      try {
        await seedVenue(db, seedInput);
        const before = await loadFloor(db, "demo", "lobby");
        expect(before).not.toBeNull();
        expect(before!.version).toBe(1);
        expect(before!.mapJson).toEqual(sampleMap);
        expect(await loadFloor(db, "demo", "nope")).toBeNull();
        expect(await loadFloor(db, "nope", "lobby")).toBeNull();
        expect(await listFloors(db, "nope")).toEqual([]);

        const tricky = {
          ...sampleMap,
          properties: [{ name: "title", type: "string", value: "Café ☕ \"quoted\" \\ back\nslash" }],
          nested: { deep: { array: [1, 2.5, -3e10, null, true, false, "", { k: [] }] } },
          big: Array.from({ length: 5000 }, (_, i) => i % 7),
        };
        const saved = await updateFloorMap(db, {
          venueSlug: "demo",
          floorSlug: "lobby",
          mapJson: tricky,
          name: "Main lobby",
          expectedVersion: 1,
        });
        expect(saved!.version).toBe(2);
        expect(saved!.name).toBe("Main lobby");
        const loaded = await loadFloor(db, "demo", "lobby");
        expect(loaded).toEqual({ ...before!, name: "Main lobby", version: 2, mapJson: tricky });

        // A stale editor (still at version 1) is refused and nothing changes.
        await expect(
          updateFloorMap(db, { venueSlug: "demo", floorSlug: "lobby", mapJson: sampleMap, expectedVersion: 1 }),
        ).rejects.toBeInstanceOf(FloorVersionConflictError);
        expect((await loadFloor(db, "demo", "lobby"))!.mapJson).toEqual(tricky);
        expect(await updateFloorMap(db, { venueSlug: "demo", floorSlug: "nope", mapJson: {} })).toBeNull();

        // JSON filters work through the adapter on both backends.
        const wide = await db.prisma.floor.findMany({ where: { mapJson: { path: ["width"], equals: 3 } } });
        expect(wide.map((f) => f.slug)).toEqual(["garden"]);

        // Guests.
        const guestId = await recordGuest(db, {
          displayName: "Ada",
          avatar: "fox",
          venueSlug: "demo",
          floorSlug: "lobby",
        });
        const guest = await db.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
        expect(guest.floorId).toBe(before!.id);
        await new Promise((r) => setTimeout(r, 20));
        expect(await touchGuest(db, guestId)).toBe(true);
        const touched = await db.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
        expect(touched.lastSeenAt.getTime()).toBeGreaterThan(guest.lastSeenAt.getTime());
        expect(touched.firstSeenAt).toEqual(guest.firstSeenAt);
        expect(await touchGuest(db, "no-such-guest")).toBe(false);
        const lobbyless = await recordGuest(db, { displayName: "Bo", avatar: "cat", venueSlug: "demo" });
        expect((await db.prisma.guest.findUniqueOrThrow({ where: { id: lobbyless } })).floorId).toBeNull();
        await expect(
          recordGuest(db, { displayName: "X", avatar: "cat", venueSlug: "nope" }),
        ).rejects.toBeInstanceOf(NotFoundError);
        await expect(
          recordGuest(db, { displayName: "X", avatar: "cat", venueSlug: "demo", floorSlug: "nope" }),
        ).rejects.toBeInstanceOf(NotFoundError);

        // Many queries at once plus an interactive transaction (PGlite: one connection).
        const results = await Promise.all([
          ...Array.from({ length: 20 }, () => loadFloor(db, "demo", "garden")),
          db.prisma.$transaction(async (tx) => {
            await tx.guest.create({ data: { displayName: "T", avatar: "owl", venueId: before!.venueId } });
            return tx.guest.count();
          }),
        ]);
        expect(results.at(-1)).toBe(3);
      } finally {
        await db.close();
      }
    },
    TIMEOUT,
  );

  it(
    "refuses to start when an applied migration was modified",
    async () => {
      const migrationsDir = path.join(tempDir("migrations"), "migrations");
      cpSync(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
      const target = { ...(await backend.fresh()), migrationsDir };
      const db = await openDatabase(target);
      await db.close();

      const file = path.join(migrationsDir, "0001_init", "migration.sql");
      const original = readFileSync(file);
      appendFileSync(file, "\n-- edited after being applied\n");
      await expect(openDatabase(target)).rejects.toThrow(/Migration "0001_init" was modified after it was applied/);

      // A file that only changed line endings (a Windows checkout) is still accepted, like Prisma does.
      writeFileSync(file, original.toString("utf8").replace(/\n/g, "\r\n"));
      const crlf = await openDatabase(target);
      await crlf.close();

      // A new migration is applied on the next start; a failing one is rolled back whole.
      writeFileSync(file, original);
      const addDir = path.join(migrationsDir, "9998_guest_note");
      cpSync(path.join(migrationsDir, "0001_init"), addDir, { recursive: true });
      writeFileSync(path.join(addDir, "migration.sql"), 'ALTER TABLE "Guest" ADD COLUMN "note" TEXT;\n');
      const badDir = path.join(migrationsDir, "9999_broken");
      cpSync(addDir, badDir, { recursive: true });
      writeFileSync(
        path.join(badDir, "migration.sql"),
        'CREATE TABLE "Half" ("id" TEXT);\nSELECT * FROM "NoSuchTable";\n',
      );
      await expect(openDatabase(target)).rejects.toThrow(/Migration "9999_broken" failed and was rolled back/);

      rmSync(badDir, { recursive: true });
      const after = await openDatabase(target);
      try {
        expect(after.migrations.applied).toEqual([]);
        const committed = readMigrations().map((m) => m.name);
        expect(after.migrations.alreadyApplied).toEqual([...committed, "9998_guest_note"]);
        const rows = await migrationRows(after);
        expect(rows.map((r) => r.migration_name)).toEqual([...committed, "9998_guest_note"]);
        const half = await after.pool.query(`SELECT to_regclass('"Half"') AS t`);
        expect(half.rows[0].t).toBeNull();
      } finally {
        await after.close();
      }
    },
    TIMEOUT,
  );
});

describe("embedded PGlite specifics", () => {
  it(
    "refuses a second open of the same data dir while the first is open",
    async () => {
      const dataDir = path.join(tempDir("pglite-lock"), "pglite");
      const db = await openDatabase({ dataDir });
      try {
        await expect(openDatabase({ dataDir })).rejects.toThrow(/already open in this process/);
      } finally {
        await db.close();
      }
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
      const again = await openDatabase({ dataDir });
      await again.close();
    },
    TIMEOUT,
  );
});
