// Starts a real, throwaway PostgreSQL server for tests (Debian's `postgresql` package).
//
//   const pg = await startPostgres();
//   ... connect to pg.url ...
//   await pg.stop();
//
// The server lives in a fresh temp dir, listens on 127.0.0.1 on a free port (plus a unix
// socket inside the temp dir), trusts every local connection, and runs with fsync off.
// As root, initdb/pg_ctl run as the `postgres` user (PostgreSQL refuses to run as root).
// If the process exits without stop(), an exit hook stops the server anyway.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestPostgres {
  /** postgresql://postgres@127.0.0.1:PORT/DB */
  url: string;
  port: number;
  /** The temp dir holding data/, the log and the unix socket. */
  dir: string;
  /** Stops the server and deletes its files. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Name of the database to create (default "foyer_test"). */
  database?: string;
  /** Directory holding initdb and pg_ctl; default: FOYER_PG_BIN or the newest /usr/lib/postgresql/N/bin. */
  binDir?: string;
}

const SETUP_HINT =
  "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin. " +
  "Run `npm test` as root once (scripts/test-prereqs.sh apt-installs postgresql), or set FOYER_PG_BIN to the directory holding them.";

export function findPostgresBinDir(): string {
  const fromEnv = process.env.FOYER_PG_BIN;
  if (fromEnv) {
    if (existsSync(path.join(fromEnv, "initdb")) && existsSync(path.join(fromEnv, "pg_ctl"))) return fromEnv;
    throw new Error(`FOYER_PG_BIN=${fromEnv} does not contain initdb and pg_ctl. ${SETUP_HINT}`);
  }
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const dir = path.join(base, v, "bin");
    if (existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  throw new Error(SETUP_HINT);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function postgresUser(): { uid: number; gid: number } {
  const r = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (r.status !== 0 || g.status !== 0) {
    throw new Error(`Running as root but there is no 'postgres' user to run PostgreSQL as. ${SETUP_HINT}`);
  }
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** The command line to run `bin args` as the postgres user when we are root. */
function asPostgres(bin: string, args: string[]): [string, string[]] {
  return isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

function run(bin: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [cmd, argv] = asPostgres(bin, args);
  return new Promise((resolve, reject) => {
    // stdout/stderr are ignored-to-file by pg_ctl -l; we still capture what the tools print.
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // 'exit', not 'close': the postmaster started by pg_ctl may hold inherited pipes open.
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(bin)} ${args.join(" ")} failed (${signal ?? code}):\n${out}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(opts: StartPostgresOptions = {}): Promise<TestPostgres> {
  const binDir = opts.binDir ?? findPostgresBinDir();
  const database = opts.database ?? "foyer_test";
  const initdb = path.join(binDir, "initdb");
  const pgCtl = path.join(binDir, "pg_ctl");

  const dir = mkdtempSync(path.join(os.tmpdir(), "foyer-pg-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  if (isRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }

  let started = false;
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    if (started) {
      const [cmd, argv] = asPostgres(pgCtl, ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"]);
      spawnSync(cmd, argv, { stdio: "ignore" });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);

  try {
    await run(initdb, [
      "-D", dataDir,
      "-U", "postgres",
      "-A", "trust",
      "-E", "UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]);

    let port = 0;
    let lastErr: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      port = await freePort();
      const serverOpts = [
        `-p ${port}`,
        "-c listen_addresses=127.0.0.1",
        `-c unix_socket_directories=${dir}`,
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
        "-c max_connections=50",
      ].join(" ");
      try {
        await run(pgCtl, ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", serverOpts]);
        started = true;
        break;
      } catch (err) {
        lastErr = err;
        // Port taken between freePort() and start: try another one.
      }
    }
    if (!started) {
      const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
      throw new Error(`PostgreSQL did not start: ${String(lastErr)}\n${log}`);
    }

    const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await admin.end();
    }

    const url = `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return {
      url,
      port,
      dir,
      async stop() {
        if (stopped) return;
        process.removeListener("exit", stopSync);
        if (started) {
          await run(pgCtl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "30"]).catch(() => undefined);
          started = false;
        }
        stopSync();
      },
    };
  } catch (err) {
    process.removeListener("exit", stopSync);
    stopSync();
    throw err;
  }
}

/** Where a test runs twice: the embedded PGlite, then a throwaway PostgreSQL (DATABASE_URL). */
export interface DatabaseTarget {
  name: "pglite" | "postgres";
  env(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

export function databaseTargets(database: string): DatabaseTarget[] {
  let pg: TestPostgres | undefined;
  return [
    { name: "pglite", env: async () => ({}), cleanup: async () => {} },
    {
      name: "postgres",
      env: async () => {
        pg = await startPostgres({ database });
        return { DATABASE_URL: pg.url };
      },
      cleanup: async () => pg?.stop(),
    },
  ];
}
