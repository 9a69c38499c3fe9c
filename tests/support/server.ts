/**
 * Starts the real Foyer server (server/main.ts) as a child process on a free port with
 * its own data directory, exactly as `npm start` would, and stops it afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** FOYER_SETUP_TOKEN for tests whose host must own the built-in venue (sent as `setupToken`). */
export const SETUP_TOKEN = "test-setup-token-0123456789abcdef";
/** FOYER_STATS_TOKEN of every test server: send `STATS_HEADERS` to read /api/stats. */
export const STATS_TOKEN = "test-stats-token-0123456789abcdef";
export const STATS_HEADERS = { authorization: `Bearer ${STATS_TOKEN}` };

/** Of two processes, the one whose floor "foyer/<floor>" is ticking: it holds the room. */
export async function holding(a: RunningServer, b: RunningServer, floor = "main"): Promise<RunningServer> {
  const ticks = async (s: RunningServer) => {
    const stats = (await (await fetch(`${s.url}/api/stats`, { headers: STATS_HEADERS })).json()) as { floors: Record<string, { ticks: number }> };
    return stats.floors[`foyer/${floor}`]?.ticks ?? 0;
  };
  const [a0, b0] = [await ticks(a), await ticks(b)];
  await new Promise((r) => setTimeout(r, 300));
  return (await ticks(b)) > b0 && !((await ticks(a)) > a0) ? b : a;
}

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** A Tiled map object to use as the default floor (written to a temp file). */
  map?: unknown;
  env?: Record<string, string>;
  dataDir?: string;
  timeoutMs?: number;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  // A data folder made here is removed when the server stops (a caller's is left alone).
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "foyer-test-"));
  const cleanUp = () => {
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: "0",
    HOST: "127.0.0.1",
    FOYER_DATA_DIR: dataDir,
    FOYER_STATS_TOKEN: STATS_TOKEN,
    ...opts.env,
  };
  if (opts.map !== undefined) {
    const mapFile = path.join(dataDir, "floor.tmj");
    fs.writeFileSync(mapFile, JSON.stringify(opts.map));
    env.FOYER_DEFAULT_MAP = mapFile;
  }
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), opts.timeoutMs ?? 60_000);
    const check = () => {
      const m = /Foyer is running: http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${out}`));
    });
  }).catch((err: unknown) => {
    child.kill("SIGKILL");
    cleanUp();
    throw err;
  });

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    output: () => out,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      let code = child.exitCode;
      if (code === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        code = await exited;
        clearTimeout(timer);
      }
      cleanUp();
      return code;
    },
  };
}

/** Poll until `check` returns (or resolves to) a truthy value or time runs out. */
export async function waitFor<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * For tests where someone presents from a stage: a host (signed up with the setup token —
 * start the server with `FOYER_SETUP_TOKEN: SETUP_TOKEN`) opens an event on the built-in
 * venue with `name` as a speaker, and this returns that person's personal link.
 */
export async function speakerLink(server: RunningServer, name: string): Promise<string> {
  return (await eventLinks(server, [{ name, role: "speaker" }]))[0]!;
}

/** Like speakerLink, for several guests with roles (host, moderator, speaker, attendee): their personal links, in order. */
export async function eventLinks(server: RunningServer, people: { name: string; role: string }[]): Promise<string[]> {
  const post = async (path: string, body: unknown, cookie?: string) => {
    const res = await fetch(server.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return { res, json: (await res.json()) as Record<string, unknown> };
  };
  const signup = await post("/api/auth/signup", { email: "stage-host@example.com", password: "a long stage host password", displayName: "Stage Host", setupToken: SETUP_TOKEN });
  const cookie = signup.res.headers.getSetCookie()[0]!.split(";")[0]!;
  const event = await post(
    "/api/venues/foyer/events",
    { title: "Talks", startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 4 * 3_600_000).toISOString(), timeZone: "UTC", access: "open" },
    cookie,
  );
  const id = (event.json.event as { id: string }).id;
  const guests = await post(`/api/events/${id}/guests`, { guests: people }, cookie);
  return (guests.json.guests as { link: string }[]).map((g) => g.link);
}
