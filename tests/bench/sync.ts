/**
 * Sync benchmark (npm run bench:sync): how the real server copes with many walking people.
 *
 * For each size N (default 100, 500, 1000) it starts a FRESH server process on a large
 * generated floor, forks bot worker processes (tests/bench/bot-worker.ts) that run N
 * real colyseus.js clients which keep walking, and, in this process, a watcher client
 * standing next to a probe client. After a warm-up it measures for a fixed window:
 *
 *   - server CPU (process.cpuUsage via /api/stats, % of one core), RSS / heap;
 *   - tick duration p50/p99 (/api/stats, window only) and ticks/s (does 20 Hz hold?);
 *   - broadcast duration p50/p99 (VenueRoom#broadcastPatch: the shared schema patch plus
 *     every client's `pos` message, timed by the injected tests/bench/server-probe.mjs;
 *     it runs right after each tick and is NOT inside the tick figure);
 *   - move→seen latency p50/p99: the probe sends `move` at t0, the watcher's mirrored
 *     avatars first show the probe's new position at t1 (same process, same clock);
 *   - downstream bytes/s per client: WebSocket payload bytes, mean over all bots, and the
 *     watcher's (also its TCP bytes, which include WebSocket framing).
 *
 *   - per-client downstream kB/s p50/p95 over the bots, and staleness: the server's exact
 *     worst (the most ticks any client was shown a visible avatar out of date; level of
 *     detail sends the far part of a crowd every 2nd–8th tick, shared/interest/detail.ts)
 *     and the watcher's longest gap between updates of a walking avatar (an upper bound:
 *     a bot walking into a wall sends nothing new, so its gap counts too).
 *
 * Floors: BENCH_FLOOR=hall (default: the generated 160×160 hall) or venue (the default
 * venue's 64×44 main hall, alone). BENCH_CROWD=1 / --crowd (npm run bench:crowd) runs
 * the crowd cases instead of the sizes: 300 walkers on the default venue, 500 on the
 * 160×160 hall, 2000 on the hall (does one floor hold 20 ticks/s?); BENCH_CROWD_SIZES=
 * 300,500,2000 changes their sizes (0 skips one).
 * Options (env or --flag=value): BENCH_SIZES / --sizes=100,500,1000, BENCH_SECONDS /
 * --seconds=20, BENCH_WARMUP / --warmup=5, BENCH_WORKERS / --workers=2,
 * BENCH_BOT_DECODE=1 / --decode (bots decode patches with colyseus.js, default: count and
 * drop — see bot-worker.ts), BENCH_MEDIA=1 / --media (leave the server's mediasoup side
 * on; default FOYER_MEDIA=off, bots carry no audio), BENCH_JSON=path (also write the
 * results as JSON), BENCH_NICE=-5 (scheduling priority for all benchmark processes, on a
 * shared machine).
 * Exits 0 whether or not targets are met; the verdicts are printed.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client, Room } from "colyseus.js";
import { TICK_HZ, TILE_SIZE } from "../../shared/constants.ts";
import type { AvatarView, FloorStateView } from "../../shared/protocol/state.ts";
import { DEFAULT_VENUE } from "../../shared/protocol/messages.ts";
import { STATS_HEADERS, startServer, type RunningServer } from "../support/server.ts";
import type { ParentMsg, WorkerMsg, WorkerReport } from "./bot-worker.ts";
import { benchFloor, venueFloor, type BenchFloor } from "./floor.ts";
import { avatarsOf, follow, mirrorOf } from "../support/avatars.ts";
import { quantile } from "./quantile.ts";

// ---------------------------------------------------------------- options

function option(flag: string, env: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  if (arg) return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : "1";
  const v = process.env[env];
  return v === "" ? undefined : v;
}
const SIZES = (option("sizes", "BENCH_SIZES") ?? "100,500,1000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const MEASURE_S = Number(option("seconds", "BENCH_SECONDS") ?? 20);
const WARMUP_S = Number(option("warmup", "BENCH_WARMUP") ?? 5);
const MAX_WORKERS = Math.max(1, Number(option("workers", "BENCH_WORKERS") ?? 2));
const DECODE = option("decode", "BENCH_BOT_DECODE") === "1";
const JSON_OUT = option("json", "BENCH_JSON");
const CROWD = option("crowd", "BENCH_CROWD") === "1";
const CROWD_SIZES = (option("crowd-sizes", "BENCH_CROWD_SIZES") ?? "300,500,2000").split(",").map(Number);
type FloorKind = "hall" | "venue";
const FLOOR_KIND: FloorKind = option("floor", "BENCH_FLOOR") === "venue" ? "venue" : "hall";
/** BENCH_MEDIA=1 keeps the server's media (mediasoup) side on; default off (FOYER_MEDIA=off). */
const MEDIA = option("media", "BENCH_MEDIA") === "1";
/**
 * BENCH_NICE=-5: run the server, bots and this process at that scheduling priority, to
 * shield the figures from other work on a shared machine (needs the right to do so).
 */
const NICE = option("nice", "BENCH_NICE") === undefined ? undefined : Number(option("nice", "BENCH_NICE"));
function prioritise(pid: number | undefined): void {
  if (NICE === undefined || pid === undefined) return;
  try {
    os.setPriority(pid, NICE);
  } catch (err) {
    console.warn(`[bench] could not set priority ${NICE} on ${pid}: ${String(err)}`);
  }
}
/** Whole run is bounded: stragglers or hangs end it. */
const DEADLINE_MS = Number(option("deadline", "BENCH_DEADLINE_S") ?? 600) * 1000;

const VIEWPORT = { width: 41, height: 23 }; // 1280×720 at 32 px tiles
const TARGET_LATENCY_P99_MS = 100;
const TARGET_BYTES_PER_S = 10_000;
const TARGET_TICKS_PER_S = TICK_HZ * 0.975; // "holds 20 Hz": at most 2.5 % of ticks lost

// ---------------------------------------------------------------- process hygiene

const children = new Set<ChildProcess>();
function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\n[bench] ${sig}: stopping everything`);
    killAll();
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`[bench] deadline of ${DEADLINE_MS / 1000} s exceeded; killing everything`);
  killAll();
  process.exit(1);
}, DEADLINE_MS).unref();

// ---------------------------------------------------------------- small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const now = () => performance.now();


async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs: number, everyMs = 20): Promise<T> {
  const end = now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/** Machine-wide busy CPU (all cores) from /proc/stat, in core-seconds. */
function machineCpu(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const hz = 100; // USER_HZ
    return { busy: (total - idle) / hz, total: total / hz };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

// ---------------------------------------------------------------- downstream byte counting (this process)

type FloorRoom = Room<FloorStateView>;
const roomBytes = new WeakMap<object, { bytes: number; messages: number }>();
{
  type Callback = (this: Room, event: MessageEvent) => void;
  const proto = Room.prototype as unknown as { onMessageCallback: Callback };
  const original = proto.onMessageCallback;
  proto.onMessageCallback = function (this: Room, event: MessageEvent) {
    let c = roomBytes.get(this);
    if (!c) roomBytes.set(this, (c = { bytes: 0, messages: 0 }));
    c.bytes += (event.data as ArrayBuffer).byteLength;
    c.messages++;
    original.call(this, event);
  };
}
function payloadBytes(room: FloorRoom): number {
  return roomBytes.get(room)?.bytes ?? 0;
}
/** TCP bytes read by the client socket (WebSocket framing included). */
function wireBytes(room: FloorRoom): number {
  const t = room.connection.transport as unknown as { ws?: { _socket?: { bytesRead?: number } } };
  return t.ws?._socket?.bytesRead ?? NaN;
}

// ---------------------------------------------------------------- server stats

interface StatsSnapshot {
  cpuCores: number;
  memory: { rssBytes: number; heapUsedBytes: number };
  floors: Record<string, { ticks: number; p50: number; p99: number; max: number; staleTicks?: number }>;
}
async function stats(server: RunningServer): Promise<StatsSnapshot> {
  const res = await withTimeout(fetch(`${server.url}/api/stats`, { headers: STATS_HEADERS }), 10_000, "GET /api/stats");
  return (await res.json()) as StatsSnapshot;
}

interface ProbeSummary {
  n: number;
  mean: number;
  sum: number;
  p50: number;
  p99: number;
  max: number;
}
interface ProbeLine {
  broadcast: ProbeSummary;
  tickInterval: ProbeSummary;
  tick: ProbeSummary;
}
/** Ask the injected server-probe for its figures since the last ask (and reset them). */
async function probeServer(server: RunningServer): Promise<ProbeLine | null> {
  const marker = "[bench-probe] ";
  const before = server.output().split(marker).length;
  server.process.kill("SIGUSR2");
  try {
    await until(() => server.output().split(marker).length > before, "server probe line", 5000, 5);
  } catch {
    return null;
  }
  const last = server.output().split(marker).at(-1)!.split("\n")[0]!;
  try {
    return JSON.parse(last) as ProbeLine;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- clients in this process

async function join(server: RunningServer, name: string): Promise<FloorRoom> {
  const room = await withTimeout(
    new Client(server.wsUrl).joinOrCreate<FloorStateView>("floor", { name, avatar: "navy", viewport: VIEWPORT }),
    20_000,
    `${name} joins`,
  );
  follow(room);
  room.onMessage("*", () => {});
  await until(() => avatarsOf(room).get(room.sessionId), `${name}'s own avatar`, 10_000);
  return room;
}

function tileOfAvatar(a: AvatarView): { tx: number; ty: number } {
  return { tx: Math.floor(a.x / TILE_SIZE), ty: Math.floor(a.y / TILE_SIZE) };
}

/** A floor tile near (tx, ty) with free floor 3 tiles either side, for the probe to pace on. */
function pacingTile(floor: BenchFloor, tx: number, ty: number): { tx: number; ty: number } | null {
  for (let r = 1; r <= 12; r++) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
        const x = tx + dx;
        const y = ty + dy;
        let ok = true;
        for (let k = -3; k <= 3 && ok; k++) ok = floor.free(x + k, y);
        if (ok) return { tx: x, ty: y };
      }
    }
  }
  return null;
}

interface Pair {
  watcher: FloorRoom;
  probe: FloorRoom;
  homeX: number;
}

/** Watcher joins; the probe (re)joins until it spawns nearby, then walks next to the watcher. */
async function placePair(server: RunningServer, floor: BenchFloor): Promise<Pair> {
  const watcher = await join(server, "Watcher");
  const w = tileOfAvatar(avatarsOf(watcher).get(watcher.sessionId)!);
  const home = pacingTile(floor, w.tx, w.ty);
  if (!home) throw new Error(`no free pacing tile near the watcher at (${w.tx}, ${w.ty})`);
  let probe: FloorRoom | null = null;
  for (let attempt = 0; attempt < 40; attempt++) {
    const p = await join(server, "Probe");
    const t = tileOfAvatar(avatarsOf(p).get(p.sessionId)!);
    if (Math.max(Math.abs(t.tx - home.tx), Math.abs(t.ty - home.ty)) <= 15 || attempt === 39) {
      probe = p;
      break;
    }
    await p.leave(true).catch(() => {});
  }
  const p = probe!;
  let unreachable = false;
  p.onMessage("error", (e: { code?: string }) => {
    if (e.code === "unreachable") unreachable = true;
  });
  // Walk there; re-issue the walk if the route was cut short (bots do not block, but a
  // route can end early), and give up on a tile that cannot be reached.
  const deadline = now() + 40_000;
  let lastAsk = 0;
  let pace: { tx: number; ty: number } | null = null;
  while (now() < deadline && !unreachable) {
    const a = avatarsOf(p).get(p.sessionId);
    const t = a ? tileOfAvatar(a) : null;
    if (a && t && !a.moving && t.tx === home.tx && t.ty === home.ty) {
      pace = home;
      break;
    }
    if (a && !a.moving && now() - lastAsk > 2000) {
      p.send("walkTo", home);
      lastAsk = now();
    }
    await sleep(50);
  }
  if (!pace) {
    // Fall back to pacing wherever the probe stands, if the watcher can see it and there is room.
    const a = avatarsOf(p).get(p.sessionId);
    const t = a ? tileOfAvatar(a) : null;
    const room = t && pacingTile(floor, t.tx, t.ty);
    if (!t || !room || !avatarsOf(watcher).get(p.sessionId)) {
      throw new Error(`probe could not reach its pacing tile (${home.tx}, ${home.ty})${unreachable ? ": unreachable" : ""}`);
    }
    p.send("walkTo", room);
    await until(() => {
      const b = avatarsOf(p).get(p.sessionId);
      return b && !b.moving && tileOfAvatar(b).tx === room.tx && tileOfAvatar(b).ty === room.ty;
    }, "probe reaches a fallback pacing tile", 15_000, 50);
    pace = room;
  }
  await until(() => avatarsOf(watcher).get(p.sessionId), "watcher sees the probe", 5000);
  return { watcher, probe: p, homeX: (pace.tx + 0.5) * TILE_SIZE };
}

interface LatencyResult {
  samples: number[];
  timeouts: number;
  skipped: number;
  /** Why cycles were skipped: probe not in the watcher's state / still moving / position not stable. */
  skipReasons: { unseen: number; moving: number; unstable: number };
}

/**
 * ~1 sample per 500 ms: wait until the watcher sees the probe standing still, send one
 * `move` (towards its pacing tile's centre, so it stays put), and time until the
 * watcher's decoded state shows the probe at a new position; then stop it again.
 */
async function measureLatency(pair: Pair, durationMs: number): Promise<LatencyResult> {
  const { watcher, probe } = pair;
  const id = probe.sessionId;
  const result: LatencyResult = { samples: [], timeouts: 0, skipped: 0, skipReasons: { unseen: 0, moving: 0, unstable: 0 } };
  let seq = 1000;
  let waiter: (() => void) | null = null;
  mirrorOf(watcher).listen({ enter: () => waiter?.(), update: () => waiter?.() });
  const seen = () => avatarsOf(watcher).get(id);
  const end = now() + durationMs;

  while (now() < end - 200) {
    const cycleStart = now();
    // Stand still (as the watcher sees it) for at least 100 ms.
    let base: { x: number; y: number } | null = null;
    let stableSince = now();
    const settleEnd = now() + 1500;
    while (now() < settleEnd) {
      const a = seen();
      if (a && !a.moving) {
        if (!base || base.x !== a.x || base.y !== a.y) {
          base = { x: a.x, y: a.y };
          stableSince = now();
        } else if (now() - stableSince >= 100) break;
      } else base = null;
      await sleep(10);
    }
    if (!base || now() - stableSince < 100) {
      result.skipped++;
      const a = seen();
      if (!a) result.skipReasons.unseen++;
      else if (a.moving) result.skipReasons.moving++;
      else result.skipReasons.unstable++;
      probe.send("move", { dx: 0, dy: 0, seq: ++seq });
      continue;
    }
    // Random phase, so t0 does not land at the same point of the 50 ms tick every time.
    await sleep(Math.random() * 50);
    const dx = base.x > pair.homeX ? -1 : 1;
    const from = base;
    const changed = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        waiter = null;
        resolve(null);
      }, 2000);
      waiter = () => {
        const a = seen();
        if (a && (a.x !== from.x || a.y !== from.y)) {
          const t = now();
          clearTimeout(timer);
          waiter = null;
          resolve(t);
        }
      };
    });
    const t0 = now();
    probe.send("move", { dx, dy: 0, seq: ++seq });
    const t1 = await changed;
    probe.send("move", { dx: 0, dy: 0, seq: ++seq });
    if (t1 === null) result.timeouts++;
    else result.samples.push(t1 - t0);
    const rest = cycleStart + 450 + Math.random() * 100 - now();
    if (rest > 0) await sleep(rest);
  }
  return result;
}

// ---------------------------------------------------------------- bot workers

interface Worker {
  child: ChildProcess;
  messages: WorkerMsg[];
  wait<T extends WorkerMsg["type"]>(type: T, timeoutMs: number): Promise<Extract<WorkerMsg, { type: T }>>;
  send(m: ParentMsg): void;
}

function forkWorker(): Worker {
  const child = fork(path.join(import.meta.dirname, "bot-worker.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.add(child);
  prioritise(child.pid);
  child.once("exit", () => children.delete(child));
  const messages: WorkerMsg[] = [];
  const listeners = new Set<() => void>();
  child.on("message", (m: unknown) => {
    const msg = m as WorkerMsg;
    if (msg.type === "fatal") console.error(`[bench] bot worker failed: ${msg.message}`);
    messages.push(msg);
    for (const l of listeners) l();
  });
  return {
    child,
    messages,
    send: (m) => {
      if (child.connected) child.send(m);
    },
    wait(type, timeoutMs) {
      return new Promise((resolve, reject) => {
        const start = messages.length;
        const check = () => {
          const i = messages.findIndex((m, k) => k >= start && (m.type === type || m.type === "fatal"));
          if (i < 0) return;
          cleanup();
          const m = messages[i]!;
          if (m.type === "fatal") reject(new Error(m.message));
          else resolve(m as Extract<WorkerMsg, { type: typeof type }>);
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`bot worker exited (code ${child.exitCode}) while waiting for ${type}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`bot worker: timed out waiting for ${type}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off("exit", onExit);
        };
        listeners.add(check);
        child.once("exit", onExit);
      });
    },
  };
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => w.child.once("exit", () => r()));
  w.send({ type: "stop" });
  await Promise.race([exited, sleep(3000)]);
  if (w.child.exitCode === null && w.child.signalCode === null) {
    w.child.kill("SIGKILL");
    await Promise.race([exited, sleep(2000)]);
  }
}

// ---------------------------------------------------------------- one size

interface SizeResult {
  floor: string;
  bots: number;
  joined: number;
  joinSeconds: number;
  windowSeconds: number;
  serverCpuPct: number;
  machineCpuPct: number;
  botCpuPct: number;
  benchCpuPct: number;
  ticksPerSecond: number;
  tickP50: number;
  tickP99: number;
  tickMax: number;
  tickMean: number;
  tickIntervalP99: number;
  broadcastP50: number;
  broadcastP99: number;
  broadcastMean: number;
  broadcastsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  latencyN: number;
  latencyTimeouts: number;
  botBytesPerSecond: number;
  /** Per-client downstream payload bytes/s over the bots: median and 95th percentile. */
  clientBytesP50: number;
  clientBytesP95: number;
  /** Longest a walking avatar the watcher sees went without an update (ms), and the 99th percentile of those gaps. */
  staleMaxMs: number;
  staleP99Ms: number;
  /** Server side, exact: the most any client was shown a visible avatar out of date (ms; ticks × 50). */
  serverStaleMs: number;
  botMessagesPerSecond: number;
  watcherBytesPerSecond: number;
  watcherWireBytesPerSecond: number;
  watcherSees: number;
  rssMB: number;
  heapMB: number;
  botsOpenAtEnd: number;
  verdicts: string[];
}

/**
 * From now on, the gaps between updates of each walking avatar the watcher sees; stop()
 * also counts the gaps still open (someone walking whose update is overdue).
 */
function watchStaleness(watcher: FloorRoom): { stop(): number[] } {
  const last = new Map<string, { at: number; moving: boolean }>();
  const gaps: number[] = [];
  const seen = (id: string, moving: boolean) => {
    if (id === watcher.sessionId) return;
    const t = now();
    const prev = last.get(id);
    if (prev?.moving) gaps.push(t - prev.at);
    last.set(id, { at: t, moving });
  };
  const stopListening = mirrorOf(watcher).listen({
    enter: (id, a) => seen(id, a.moving),
    update: (id, a) => seen(id, a.moving),
    gone: (id) => last.delete(id),
  });
  return {
    stop() {
      stopListening();
      const t = now();
      for (const v of last.values()) if (v.moving) gaps.push(t - v.at);
      return gaps;
    },
  };
}

async function runSize(n: number, floor: BenchFloor, floorName: string): Promise<SizeResult> {
  const log = (s: string) => console.log(`[bench ${floorName} ${n}] ${s}`);
  const preload = pathToFileURL(path.join(import.meta.dirname, "server-probe.mjs")).href;
  const nodeOptions = [process.env.NODE_OPTIONS, `--import ${preload}`].filter(Boolean).join(" ");
  const env: Record<string, string> = { NODE_OPTIONS: nodeOptions };
  // Sync only: bots have no audio, so the mediasoup side is off unless asked for.
  if (!MEDIA) env.FOYER_MEDIA = "off";
  const server = await startServer({ map: floor.map, env, timeoutMs: 60_000 });
  children.add(server.process);
  prioritise(server.process.pid);
  const workers: Worker[] = [];
  let pair: Pair | null = null;
  try {
    log(`server up at ${server.url} (pid ${server.process.pid})`);
    pair = await placePair(server, floor);
    const watcherTile = tileOfAvatar(avatarsOf(pair.watcher).get(pair.watcher.sessionId)!);
    log(`watcher at tile (${watcherTile.tx}, ${watcherTile.ty}), probe pacing next to it`);

    const workerCount = Math.min(MAX_WORKERS, Math.ceil(n / 100));
    const joinStart = now();
    let idBase = 0;
    for (let i = 0; i < workerCount; i++) {
      const count = Math.floor(n / workerCount) + (i < n % workerCount ? 1 : 0);
      const w = forkWorker();
      workers.push(w);
      w.send({ type: "start", wsUrl: server.wsUrl, count, idBase, decode: DECODE, joinConcurrency: 8 });
      idBase += count;
    }
    const ready = await Promise.all(workers.map((w) => w.wait("ready", 180_000)));
    const joined = ready.reduce((a, r) => a + r.joined, 0);
    const failed = ready.reduce((a, r) => a + r.failed, 0);
    const joinSeconds = (now() - joinStart) / 1000;
    log(`${joined} bots joined in ${joinSeconds.toFixed(1)} s over ${workerCount} worker process(es)${failed ? `, ${failed} failed` : ""}; warming up ${WARMUP_S} s`);
    await sleep(WARMUP_S * 1000);

    // ---- window start
    await probeServer(server); // resets tick stats + probe samples
    const windowStart = now();
    await stats(server); // resets the CPU baseline
    for (const w of workers) w.send({ type: "mark" });
    const m0 = machineCpu();
    const c0 = process.cpuUsage();
    const wb0 = payloadBytes(pair.watcher);
    const ww0 = wireBytes(pair.watcher);
    const staleness = watchStaleness(pair.watcher);

    const latency = await measureLatency(pair, MEASURE_S * 1000);
    const remaining = windowStart + MEASURE_S * 1000 - now();
    if (remaining > 0) await sleep(remaining);

    // ---- window end
    const end = await stats(server);
    const windowSeconds = (now() - windowStart) / 1000;
    const m1 = machineCpu();
    const c1 = process.cpuUsage(c0);
    const wb1 = payloadBytes(pair.watcher);
    const ww1 = wireBytes(pair.watcher);
    const gaps = staleness.stop();
    const probeLine = await probeServer(server);
    const reports: WorkerReport[] = await Promise.all(
      workers.map((w) => {
        const p = w.wait("report", 10_000);
        w.send({ type: "report" });
        return p;
      }),
    );
    const watcherSees = avatarsOf(pair.watcher).size;

    // /api/stats keys floors "venue/floor"; the bots are on the default venue's main floor.
    const floorStats = end.floors[`${DEFAULT_VENUE}/main`] ?? { ticks: 0, p50: NaN, p99: NaN, max: NaN, staleTicks: NaN };
    const botBytes = reports.reduce((a, r) => a + r.bytes, 0);
    const botMsgs = reports.reduce((a, r) => a + r.messages, 0);
    const botSeconds = Math.max(...reports.map((r) => r.seconds));
    const botCpu = reports.reduce((a, r) => a + r.cpuSeconds, 0);
    const botsOpen = reports.reduce((a, r) => a + r.open, 0);
    const perClient = reports.flatMap((r) => r.perBot.map((b) => b / r.seconds));
    const r: SizeResult = {
      floor: floorName,
      bots: n,
      joined,
      joinSeconds,
      windowSeconds,
      serverCpuPct: end.cpuCores * 100,
      machineCpuPct: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 * os.cpus().length,
      botCpuPct: (botCpu / botSeconds) * 100,
      benchCpuPct: ((c1.user + c1.system) / 1e6 / windowSeconds) * 100,
      ticksPerSecond: floorStats.ticks / windowSeconds,
      tickP50: floorStats.p50,
      tickP99: floorStats.p99,
      tickMax: floorStats.max,
      tickMean: probeLine?.tick.mean ?? NaN,
      tickIntervalP99: probeLine?.tickInterval.p99 ?? NaN,
      broadcastP50: probeLine?.broadcast.p50 ?? NaN,
      broadcastP99: probeLine?.broadcast.p99 ?? NaN,
      broadcastMean: probeLine?.broadcast.mean ?? NaN,
      broadcastsPerSecond: (probeLine?.broadcast.n ?? NaN) / windowSeconds,
      latencyP50: quantile(latency.samples, 0.5),
      latencyP99: quantile(latency.samples, 0.99),
      latencyMax: latency.samples.length ? Math.max(...latency.samples) : NaN,
      latencyN: latency.samples.length,
      latencyTimeouts: latency.timeouts,
      botBytesPerSecond: botBytes / Math.max(1, joined) / botSeconds,
      clientBytesP50: quantile(perClient, 0.5),
      clientBytesP95: quantile(perClient, 0.95),
      staleMaxMs: gaps.length ? Math.max(...gaps) : NaN,
      staleP99Ms: quantile(gaps, 0.99),
      serverStaleMs: (floorStats.staleTicks ?? NaN) * (1000 / TICK_HZ),
      botMessagesPerSecond: botMsgs / Math.max(1, joined) / botSeconds,
      watcherBytesPerSecond: (wb1 - wb0) / windowSeconds,
      watcherWireBytesPerSecond: (ww1 - ww0) / windowSeconds,
      watcherSees,
      rssMB: end.memory.rssBytes / 2 ** 20,
      heapMB: end.memory.heapUsedBytes / 2 ** 20,
      botsOpenAtEnd: botsOpen,
      verdicts: [],
    };
    if (latency.timeouts) r.latencyP99 = Infinity; // a lost sample is worse than any measured one
    if (failed || botsOpen < joined || server.process.exitCode !== null) {
      log(`something went wrong (${failed} joins failed, ${botsOpen}/${joined} bots connected at the end); server output:`);
      console.log(tail(server.output(), 40));
    }
    r.verdicts = verdicts(r);
    log(
      `server ${r.serverCpuPct.toFixed(0)}% CPU, ${r.ticksPerSecond.toFixed(1)} ticks/s, tick p50/p99 ${ms(r.tickP50)}/${ms(r.tickP99)} ms, ` +
        `broadcast p50/p99 ${ms(r.broadcastP50)}/${ms(r.broadcastP99)} ms, move→seen p50/p99 ${ms(r.latencyP50, 0)}/${ms(r.latencyP99, 0)} ms (n=${r.latencyN}, timeouts ${r.latencyTimeouts}, skipped ${JSON.stringify(latency.skipReasons)}), ` +
        `${kb(r.botBytesPerSecond)} kB/s per bot (p50/p95 ${kb(r.clientBytesP50)}/${kb(r.clientBytesP95)}), stale: server ${ms(r.serverStaleMs, 0)} ms, watcher max/p99 ${ms(r.staleMaxMs, 0)}/${ms(r.staleP99Ms, 0)} ms, watcher ${kb(r.watcherBytesPerSecond)} kB/s, RSS ${r.rssMB.toFixed(0)} MB, machine ${r.machineCpuPct.toFixed(0)}%/${os.cpus().length * 100}%, bots ${r.botCpuPct.toFixed(0)}%` +
        (r.verdicts.length ? ` — ${r.verdicts.join(", ")}` : ""),
    );
    return r;
  } catch (err) {
    log(`failed; server output:\n${tail(server.output(), 40)}`);
    throw err;
  } finally {
    if (pair) {
      pair.watcher.connection.close();
      pair.probe.connection.close();
    }
    await Promise.all(workers.map(stopWorker));
    await withTimeout(server.stop(), 20_000, "server stop").catch(() => server.process.kill("SIGKILL"));
    children.delete(server.process);
  }
}

function tail(text: string, lines: number): string {
  return text
    .split("\n")
    .filter((l) => !l.startsWith("[bench-probe]"))
    .slice(-lines)
    .map((l) => `    | ${l}`)
    .join("\n");
}

function verdicts(r: SizeResult): string[] {
  const v: string[] = [];
  if (CROWD) {
    v.push(`p95 ≤ ${TARGET_BYTES_PER_S / 1000} kB/s per client: ${r.clientBytesP95 <= TARGET_BYTES_PER_S ? "PASS" : "FAIL"}`);
    v.push(`p99 move→seen ≤ ${TARGET_LATENCY_P99_MS} ms: ${r.latencyP99 <= TARGET_LATENCY_P99_MS ? "PASS" : "FAIL"}`);
    if (r.bots >= 1000) v.push(`holds ${TICK_HZ} Hz: ${r.ticksPerSecond >= TARGET_TICKS_PER_S ? "PASS" : "FAIL"}`);
    return v;
  }
  if (r.bots === 500) {
    v.push(`p99 move→seen ≤ ${TARGET_LATENCY_P99_MS} ms: ${r.latencyP99 <= TARGET_LATENCY_P99_MS ? "PASS" : "FAIL"}`);
    v.push(`≤ ${TARGET_BYTES_PER_S / 1000} kB/s per client: ${r.botBytesPerSecond <= TARGET_BYTES_PER_S ? "PASS" : "FAIL"}`);
  }
  if (r.bots === 1000) {
    v.push(`holds ${TICK_HZ} Hz: ${r.ticksPerSecond >= TARGET_TICKS_PER_S ? "PASS" : "FAIL"}`);
  }
  return v;
}

// ---------------------------------------------------------------- output

const ms = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : x === Infinity ? "∞" : "–");
const kb = (x: number) => (Number.isFinite(x) ? (x / 1000).toFixed(1) : "–");

function table(results: SizeResult[]): string {
  const head = [
    "floor",
    "bots",
    "server CPU (% of 1 core)",
    "ticks/s",
    "tick p50 / p99 ms",
    "broadcast p50 / p99 ms",
    "move→seen p50 / p99 ms (n)",
    "kB/s per client: bots mean / p50 / p95 / watcher",
    "stale ms: server worst / watcher gap max / p99 (watcher sees)",
    "server RSS MB",
    "verdict",
  ];
  const rows = results.map((r) => [
    r.floor,
    `${r.joined === r.bots ? r.bots : `${r.joined}/${r.bots}`}`,
    `${r.serverCpuPct.toFixed(0)}%`,
    r.ticksPerSecond.toFixed(1),
    `${ms(r.tickP50, 2)} / ${ms(r.tickP99, 2)}`,
    `${ms(r.broadcastP50, 2)} / ${ms(r.broadcastP99, 2)}`,
    `${ms(r.latencyP50, 0)} / ${ms(r.latencyP99, 0)} (${r.latencyN}${r.latencyTimeouts ? `, ${r.latencyTimeouts} lost` : ""})`,
    `${kb(r.botBytesPerSecond)} / ${kb(r.clientBytesP50)} / ${kb(r.clientBytesP95)} / ${kb(r.watcherBytesPerSecond)}`,
    `${ms(r.serverStaleMs, 0)} / ${ms(r.staleMaxMs, 0)} / ${ms(r.staleP99Ms, 0)} (${r.watcherSees})`,
    r.rssMB.toFixed(0),
    r.verdicts.length ? r.verdicts.join("; ") : "—",
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function detailTable(results: SizeResult[]): string {
  const head = [
    "bots",
    "join s",
    "tick + broadcast mean ms / tick max ms",
    "tick interval p99 ms",
    "broadcast mean ms × /s",
    "move→seen max ms",
    "msgs/s per bot",
    "watcher TCP kB/s",
    "watcher sees",
    "heap MB",
    "bot procs / watcher proc CPU",
    "machine CPU",
  ];
  const cores = os.cpus().length;
  const rows = results.map((r) => [
    String(r.bots),
    r.joinSeconds.toFixed(1),
    `${ms(r.tickMean, 2)} / ${ms(r.tickMax, 2)}`,
    ms(r.tickIntervalP99, 1),
    `${ms(r.broadcastMean, 2)} × ${r.broadcastsPerSecond.toFixed(1)}`,
    ms(r.latencyMax, 0),
    r.botMessagesPerSecond.toFixed(1),
    kb(r.watcherWireBytesPerSecond),
    `${r.watcherSees} avatars`,
    r.heapMB.toFixed(0),
    `${r.botCpuPct.toFixed(0)}% / ${r.benchCpuPct.toFixed(0)}%`,
    `${r.machineCpuPct.toFixed(0)}% of ${cores * 100}%`,
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!SIZES.length) throw new Error("no sizes to run (BENCH_SIZES / --sizes)");
  prioritise(process.pid);
  const floors: Record<FloorKind, () => BenchFloor> = { hall: () => benchFloor(), venue: venueFloor };
  const [venueSize = 300, hallSize = 500, oneFloorSize = 2000] = CROWD_SIZES;
  const crowd: { kind: FloorKind; n: number }[] = [
    { kind: "venue", n: venueSize },
    { kind: "hall", n: hallSize },
    { kind: "hall", n: oneFloorSize },
  ];
  const cases: { kind: FloorKind; n: number }[] = CROWD
    ? crowd.filter((c) => c.n > 0)
    : SIZES.map((n) => ({ kind: FLOOR_KIND, n }));
  console.log(
    `[bench] sync: ${cases.map((c) => `${c.n} on ${c.kind}`).join(", ")} (hall 160×160, venue = the default venue's main hall); warm-up ${WARMUP_S} s, window ${MEASURE_S} s; ` +
      `up to ${MAX_WORKERS} bot processes; bots ${DECODE ? "decode" : "count but do not decode"} patches and pos messages; media ${MEDIA ? "on" : "off"}; ` +
      (NICE !== undefined ? `nice ${NICE}; ` : "") +
      `${os.cpus().length} cores, node ${process.version}`,
  );
  const results: SizeResult[] = [];
  for (const c of cases) {
    const floor = floors[c.kind]();
    results.push(await runSize(c.n, floor, `${c.kind} ${floor.width}×${floor.height}`));
  }
  console.log("\nSync benchmark results\n");
  console.log(table(results));
  console.log("\nDetails\n");
  console.log(detailTable(results));
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
}

main()
  .then(() => {
    killAll();
    process.exit(0);
  })
  .catch((err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    killAll();
    process.exit(1);
  });
