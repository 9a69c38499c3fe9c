// Opens Foyer's database: a real PostgreSQL server when a URL is given, otherwise an
// embedded PGlite (PostgreSQL compiled to WebAssembly) persisted in a data directory.
// Either way Prisma talks to it through @prisma/adapter-pg over the PostgreSQL wire
// protocol, so one schema and one set of migrations serve both.
//
// The embedded PGlite is served in-process by @electric-sql/pglite-socket on a unix socket
// in a private temp dir (TCP on 127.0.0.1 with an OS-chosen port where unix sockets are
// unavailable). PGlite runs one query at a time, so its pool has a single connection.
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type ApplyMigrationsResult } from "./migrate.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** The pg pool Prisma uses (one connection for PGlite). For raw SQL and health checks. */
  pool: pg.Pool;
  /** What applyMigrations did while opening. */
  migrations: ApplyMigrationsResult;
  /** Closes Prisma, the pool and, for PGlite, the socket server and PGlite itself. Idempotent. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgresql://… of a real server. When absent, an embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory (default `.data/pglite`, relative to the working directory). */
  dataDir?: string;
  log?: (msg: string) => void;
  /** Default: this repository's prisma/migrations. */
  migrationsDir?: string;
  /** Max connections of the pool for a real PostgreSQL server (default 10). */
  poolSize?: number;
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

/** Closes things in order once, collecting the first error. */
function closer(steps: Array<() => Promise<unknown> | unknown>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      let firstError: unknown;
      for (const step of steps) {
        try {
          await step();
        } catch (err) {
          firstError ??= err;
        }
      }
      if (firstError) throw firstError;
    })();
    return closing;
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

async function openPostgres(databaseUrl: string, opts: OpenDatabaseOptions): Promise<Database> {
  const log = opts.log ?? (() => {});
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.poolSize ?? 10,
    // Low, so short-lived commands do not wait ~10 s for idle clients on exit.
    idleTimeoutMillis: 1000,
    connectionTimeoutMillis: 15_000,
  });
  pool.on("error", (err) => log(`postgres pool error: ${err.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const close = closer([() => prisma.$disconnect(), () => pool.end()]);
  try {
    const started = Date.now();
    const migrations = await applyMigrations(pool, { log, migrationsDir: opts.migrationsDir });
    log(`database: PostgreSQL at ${redact(databaseUrl)} ready in ${Date.now() - started} ms`);
    return { prisma, kind: "postgres", pool, migrations, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

/**
 * A lock file next to the data dir, so two processes never open the same PGlite dir
 * (that would corrupt it). A lock left by a dead process is taken over.
 */
function acquireDirLock(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(readFileSync(lockFile, "utf8").trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (e) {
          alive = (e as NodeJS.ErrnoException).code === "EPERM";
        }
      }
      if (alive) {
        throw new Error(
          `The embedded database ${dataDir} is already open` +
            (pid === process.pid ? " in this process" : ` in process ${pid}`) +
            `. Stop that process, or use another data dir (FOYER_DATA_DIR) or a PostgreSQL server (DATABASE_URL).`,
        );
      }
      rmSync(lockFile, { force: true }); // stale
    }
  }
  throw new Error(`Could not lock ${lockFile}`);
}

async function openPglite(opts: OpenDatabaseOptions): Promise<Database> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir ?? DEFAULT_PGLITE_DIR);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const releaseLock = acquireDirLock(dataDir);

  const steps: Array<() => Promise<unknown> | unknown> = [];
  const close = closer(steps);
  try {
    const started = Date.now();
    const db = await PGlite.create(dataDir);
    steps.unshift(() => db.close());
    log(`database: PGlite at ${dataDir} started in ${Date.now() - started} ms`);

    // A unix socket in a private (0700) temp dir: nobody else on the machine can reach it,
    // and its path stays short (unix socket paths are limited to ~107 bytes).
    let server: PGLiteSocketServer;
    let poolConfig: pg.PoolConfig;
    if (process.platform !== "win32") {
      const socketDir = mkdtempSync(path.join(os.tmpdir(), "foyer-pglite-"));
      // Also on exit without close() (a crash, a test that failed before closing).
      const removeSocketDir = () => rmSync(socketDir, { recursive: true, force: true });
      process.once("exit", removeSocketDir);
      steps.push(() => {
        process.removeListener("exit", removeSocketDir);
        removeSocketDir();
      });
      server = new PGLiteSocketServer({ db, path: path.join(socketDir, ".s.PGSQL.5432"), maxConnections: 2 });
      poolConfig = { host: socketDir, port: 5432 };
    } else {
      server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 2 });
      poolConfig = { host: "127.0.0.1", port: 0 };
    }
    await server.start();
    steps.unshift(() => server.stop());
    if (poolConfig.host === "127.0.0.1") {
      poolConfig.port = Number(server.getServerConn().split(":").pop());
    }

    const pool = new pg.Pool({
      ...poolConfig,
      user: "postgres",
      database: "postgres",
      max: 1, // PGlite runs one query at a time.
      idleTimeoutMillis: 0, // keep the one connection; close() ends it.
      connectionTimeoutMillis: 60_000,
    });
    pool.on("error", (err) => log(`pglite pool error: ${err.message}`));
    steps.unshift(() => pool.end());
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    steps.unshift(() => prisma.$disconnect());
    steps.push(releaseLock);
    process.once("exit", releaseLock);
    steps.push(() => process.removeListener("exit", releaseLock));

    const migrations = await applyMigrations(pool, { log, migrationsDir: opts.migrationsDir });
    log(`database: PGlite ready in ${Date.now() - started} ms`);
    return { prisma, kind: "pglite", pool, migrations, close };
  } catch (err) {
    if (!steps.includes(releaseLock)) steps.push(releaseLock);
    await close().catch(() => {});
    throw err;
  }
}
