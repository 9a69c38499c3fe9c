/**
 * Media benchmark (npm run bench:media): proximity audio through the real server and its
 * real mediasoup workers, with Node bots speaking Opus RTP (GStreamer) over plain RTP
 * transports and receiving their consumers' RTP on UDP sockets. Four phases, each on a
 * FRESH server process (FOYER_MEDIA=on, FOYER_TEST_HOOKS=1, default worker count):
 *
 * 1. earshot→audible. One speaker (tests/support/mediaBot.ts, a GStreamer tone) stands in
 *    the middle of a 44×44 hall; 8 listener bots approach it along 8 lanes (4 axes, 4
 *    diagonals) from 11 tiles (beyond the 9-tile "stay subscribed" radius, so the
 *    consumer is paused) to 3 tiles at walking speed, and walk back out, several times.
 *    Crossing time = the server simulation tick whose state first puts the listener
 *    inside the hearing radius by the shared `audibility` model (6 tiles, gain > 0),
 *    stamped on CLOCK_MONOTONIC by tests/bench/media-probe.mjs injected into the server
 *    (each tick's `pos` messages are preceded by a `benchTick` message with its time;
 *    the bot evaluates the model on every `pos` message it applies). First audio = the first RTP packet
 *    from the speaker's consumer with a non-silent Opus payload arriving at the
 *    listener's UDP socket, stamped on the same clock. Latency = first audio − crossing;
 *    NEGATIVE means the audio was already there before the speaker became audible (the
 *    model's hysteresis subscribes at 1.25× the radius). Also shown: the same against
 *    the `pos` message's arrival at the bot (client-observed crossing), and against the 7.5-tile
 *    subscribe radius (= the server pipeline: 10 Hz subscription update + resume + RTP).
 *    The first approach of each listener is "cold" (no consumer yet: it is created, then
 *    resumed); later ones are "warm" (a paused consumer is resumed).
 * 2. CPU per forwarded stream. N speakers stand in a block, M listeners first stand out
 *    of range (window A: producers only), then walk into the block so each consumes
 *    K = N streams (window B). CPU of the server process and of each mediasoup worker
 *    from /proc/<pid>/stat (workers = the server's child processes).
 * 3. Crowd: 100 bots that all speak and listen, "spread" over a 56×56 generated floor
 *    (tests/bench/floor.ts, spawn zone over all of it: ~31 tiles² per person), and
 *    "packed" (a fresh server whose spawn zone is an 8×8-tile block, so nobody has to
 *    walk there). Flowing consumers per listener (GET /api/debug/floors/main/media) must
 *    stay ≤ maxSpeakers; consumers (/api/stats media, includes paused ones), received
 *    packets and CPU per worker over a 10 s window.
 * 4. Churn: 1000 join → (produce | listen) → leave cycles, 50 concurrent × 20 rounds,
 *    with one idle attendee keeping the floor open; transports/producers/consumers must
 *    return to zero and server + worker RSS stay flat.
 *
 * 5. Stage: one speaker, brought onto the stage of a test floor by a host, heard by N
 *    listener bots (default 1000) standing in the stage's linked audience zone (they spawn
 *    there). People are spread over the floor's routers (one per worker), so the speaker's
 *    producer is piped to every worker. The speaker's RTP comes from a stamping RtpFanout
 *    (each packet's send frame number in its payload's last 4 bytes), so each listener
 *    counts exactly which of the packets sent in a window arrived (worst listener's ratio
 *    must be ≥ 99 %) and when (speaker→listener delay: send on the fanout → arrival at the
 *    bench's UDP socket, both on CLOCK_MONOTONIC). CPU of the server process and of each
 *    worker over that window. Then mutes, alternating a host's moderation mute and the
 *    speaker's own producer pause: mute → silence = the last packet at each listener minus
 *    the moment the mute was sent (p95 over every listener and mute must be ≤ 300 ms;
 *    negative = the last packet left before the mute did).
 *
 * Speakers in phases 2–5 share ONE GStreamer encoder (tests/bench/media-bot.ts RtpFanout)
 * and listeners share one UDP socket, so the bench's own CPU stays small.
 *
 * Options (env or --flag=value): --only=latency,cpu,crowd,churn,stage (or --phases=…);
 * --stage-listeners=1000; --stage-seconds=10 (packet window); --stage-mutes=6;
 * --stage-workers=N (FOYER_MEDIA_WORKERS; default the server's, one per core); --reps=5 (approaches
 * per lane); --seconds=15 (CPU window B); --crowd=100; --cycles=1000; --concurrency=50;
 * --json=path (write the results as JSON); --profile=DIR (V8 CPU profile of the server's
 * main thread over each crowd window). Bounded: a 6.5-minute deadline kills everything
 * (--deadline=seconds; +4 minutes with the stage phase). Exits 0 whether or not targets are met; the verdicts are printed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execSync } from "node:child_process";
import { audibility, DEFAULT_AUDIBILITY, DEFAULT_HYSTERESIS, falloff, type Participant } from "../../shared/audibility/model.ts";
import { TILE_SIZE } from "../../shared/constants.ts";
import { POSITIONS_MESSAGE } from "../../shared/protocol/positions.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { hall as hallPlan, makeMap } from "../support/maps.ts";
import { MediaBot } from "../support/mediaBot.ts";
import { SETUP_TOKEN, STATS_HEADERS, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";
import { benchFloor } from "./floor.ts";
import {
  BenchBot,
  childPids,
  CpuWindow,
  machineTicks,
  monoMs,
  pool,
  RtpFanout,
  rssBytes,
  SILENT_PAYLOAD_BYTES,
  sleep,
  udpRcvbufErrors,
  UdpSink,
  until,
} from "./media-bot.ts";
import { quantile } from "./quantile.ts";

// ---------------------------------------------------------------- options

function option(flag: string, env: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  if (arg) return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : "1";
  const v = process.env[env];
  return v === "" ? undefined : v;
}
const ONLY = new Set((option("only", "BENCH_ONLY") ?? option("phases", "BENCH_PHASES") ?? "latency,cpu,crowd,churn,stage").split(",").map((s) => s.trim()));
const REPS = Number(option("reps", "BENCH_REPS") ?? 5);
const CPU_SECONDS = Number(option("seconds", "BENCH_SECONDS") ?? 15);
const CROWD = Number(option("crowd", "BENCH_CROWD") ?? 100);
const CYCLES = Number(option("cycles", "BENCH_CYCLES") ?? 1000);
const CONCURRENCY = Number(option("concurrency", "BENCH_CONCURRENCY") ?? 50);
const JSON_OUT = option("json", "BENCH_JSON");
/** --profile=DIR: V8 CPU profile of the server's main thread over each crowd window (media-probe.mjs). */
const PROFILE_DIR = option("profile", "BENCH_PROFILE");
const STAGE_LISTENERS = Number(option("stage-listeners", "BENCH_STAGE_LISTENERS") ?? 1000);
const STAGE_SECONDS = Number(option("stage-seconds", "BENCH_STAGE_SECONDS") ?? 10);
const STAGE_MUTES = Number(option("stage-mutes", "BENCH_STAGE_MUTES") ?? 6);
const STAGE_WORKERS = option("stage-workers", "BENCH_STAGE_WORKERS");
const DEADLINE_MS = Number(option("deadline", "BENCH_DEADLINE_S") ?? 390 + (ONLY.has("stage") ? 240 : 0)) * 1000;

const R = DEFAULT_AUDIBILITY.hearingRadius;
const CAP = DEFAULT_AUDIBILITY.maxSpeakers;
const TARGET_LATENCY_P95_MS = 250;
/** mediasoup's rule of thumb: ~500 consumers per worker (one core). */
const MEDIASOUP_CONSUMERS_PER_WORKER = 500;
const PROBE = path.resolve(import.meta.dirname, "media-probe.mjs");
const t0 = monoMs();
const log = (m: string) =>
  console.log(`[bench ${((monoMs() - t0) / 1000).toFixed(0).padStart(3)}s] ${m}  (load ${os.loadavg()[0]!.toFixed(1)})`);

// ---------------------------------------------------------------- process hygiene

/** Every process below this one (server, its mediasoup workers, gst-launch), deepest first. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const c of childPids(pid)) out.push(...descendants(c), c);
  return out;
}
function killAll(): void {
  for (const pid of descendants(process.pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\n[bench] ${sig}: stopping everything`);
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`[bench] deadline of ${DEADLINE_MS / 1000} s exceeded; killing everything`);
  printReport();
  process.exit(1);
}, DEADLINE_MS).unref();

// ---------------------------------------------------------------- helpers

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "n/a");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");
const f3 = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : "n/a");
const mb = (b: number) => (Number.isFinite(b) ? `${(b / 1048576).toFixed(1)} MB` : "n/a");

interface Running {
  server: RunningServer;
  workers: number[];
}

async function start(map: unknown, opts: { tickStamps?: boolean; gc?: boolean; profile?: string; env?: Record<string, string> } = {}): Promise<Running> {
  const env: Record<string, string> = { FOYER_MEDIA: "on", FOYER_TEST_HOOKS: "1", ...opts.env };
  if (opts.profile) env.FOYER_BENCH_CPUPROFILE = opts.profile;
  if (opts.tickStamps || opts.gc || opts.profile) {
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${PROBE}${opts.gc ? " --expose-gc" : ""}`.trim();
    if (opts.tickStamps) env.FOYER_BENCH_TICKSTAMP = "1";
  }
  const server = await startServer({ map, env });
  const pid = server.process.pid!;
  const workers = await until(() => {
    const w = childPids(pid, "mediasoup-worker");
    return w.length ? w : null;
  }, "mediasoup worker processes", 10_000);
  return { server, workers };
}

async function stop(r: Running): Promise<void> {
  await r.server.stop();
}

interface Usage {
  workers: number;
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
  pipeTransports?: number;
  /** People's transports and consumers on each worker (a floor has a router on each). */
  perWorker?: { transports: number; consumers: number }[];
}
async function stats(r: Running): Promise<{ media: Usage; memory: { rssBytes: number; heapUsedBytes: number } }> {
  return (await (await fetch(`${r.server.url}/api/stats`, { headers: STATS_HEADERS })).json()) as { media: Usage; memory: { rssBytes: number; heapUsedBytes: number } };
}
async function flowing(r: Running): Promise<Record<string, string[]>> {
  return (await (await fetch(`${r.server.url}/api/debug/floors/main/media`)).json()) as Record<string, string[]>;
}
function cpuOf(r: Running): CpuWindow {
  const pids: Record<string, number> = { server: r.server.process.pid! };
  r.workers.forEach((w, i) => (pids[`worker${i}`] = w));
  return new CpuWindow(pids);
}

function hall(w: number, h: number, spawn: { x: number; y: number; w: number; h: number }): Record<string, unknown> {
  const plan = Array.from({ length: h }, (_, y) =>
    y === 0 || y === h - 1 ? "#".repeat(w) : "#" + ".".repeat(w - 2) + "#",
  );
  return makeMap(plan, [{ name: "Entrance", class: "spawn", ...spawn }]);
}

const tileCentre = (t: number) => t * TILE_SIZE + TILE_SIZE / 2;

// ---------------------------------------------------------------- results

interface LatencySample {
  lane: string;
  cold: boolean;
  /** first audio − server tick at which the model first says audible (ms). */
  vsTick: number;
  /** first audio − arrival of that patch at the listener (ms). */
  vsPatch: number;
  /** first audio − server tick at which the listener entered the subscribe radius (1.25 R). */
  vsSubscribe: number;
}
const results: {
  machine?: Record<string, string | number>;
  latency?: { samples: LatencySample[]; failed: number; errors: string[] };
  cpu?: {
    speakers: number;
    listeners: number;
    streams: number;
    flowingSeen: number;
    a: Record<string, number>;
    b: Record<string, number>;
    pktsPerSecond: number;
    udpDropsPerSecond: number;
    benchPct: number;
    machineBusyPct: number;
  };
  crowd?: {
    bots: number;
    variants: {
      name: string;
      flowingTotal: number;
      flowingMax: number;
      flowingMean: number;
      overCap: number;
      modelMean: number;
      consumers: number;
      producers: number;
      transports: number;
      cpu: Record<string, number>;
      /** Consumers on each worker. */
      perWorkerConsumers: number[];
      pktsPerSecond: number;
      benchPct: number;
      /** Packets/s out of the one GStreamer encoder (should be 50). */
      encoderPps: number;
      /** Machine-wide UDP receive-buffer drops/s in the window (the bench's sink falling behind). */
      udpDropsPerSecond: number;
    }[];
  };
  churn?: {
    cycles: number;
    failed: number;
    seconds: number;
    peak: Usage;
    before: { usage: Usage; serverRss: number; workerRss: number; heap: number };
    after: { usage: Usage; serverRss: number; workerRss: number; heap: number };
    errors: string[];
  };
  stage?: {
    listeners: number;
    joined: number;
    receiving: number;
    workers: number;
    perWorkerConsumers: number[];
    pipeTransports: number;
    seconds: number;
    /** Frames due in the window (50/s) and those the fanout really sent (it skips late ticks). */
    due: number;
    sent: number;
    /** Received / sent in the window, per listener: worst, mean. */
    worstRatio: number;
    meanRatio: number;
    below99: number;
    delays: { p50: number; p95: number; max: number; n: number };
    cpu: Record<string, number>;
    benchPct: number;
    udpDropsPerSecond: number;
    load: number;
    mutes: { kind: "host" | "self"; silenceMs: number[]; notSilenced: number }[];
    errors: string[];
  };
  errors: string[];
} = { errors: [] };

// ---------------------------------------------------------------- 1. earshot → audible

async function latencyPhase(): Promise<void> {
  log("phase 1: earshot → audible");
  const SIZE = 44;
  const map = hall(SIZE, SIZE, { x: 2, y: 2, w: 2, h: 2 });
  const floor = parseFloor(map);
  const S = { tx: 22, ty: 22 };
  // far = 11 tiles out (≥ 9-tile leave radius), near = 3 tiles (√8 on diagonals).
  const lanes = [
    { lane: "E", far: [33, 22], near: [25, 22] },
    { lane: "W", far: [11, 22], near: [19, 22] },
    { lane: "N", far: [22, 11], near: [22, 19] },
    { lane: "S", far: [22, 33], near: [22, 25] },
    { lane: "NE", far: [30, 14], near: [24, 20] },
    { lane: "NW", far: [14, 14], near: [20, 20] },
    { lane: "SE", far: [30, 30], near: [24, 24] },
    { lane: "SW", far: [14, 30], near: [20, 24] },
  ] as const;
  const run = await start(map, { tickStamps: true });
  log("server up");
  const sink = await UdpSink.open();
  const samples: LatencySample[] = [];
  const errors: string[] = [];
  let failed = 0;
  let speaker: MediaBot | null = null;
  const listeners: BenchBot[] = [];
  /** Per listener: the server tick time of the `pos` message it applied last (media-probe.mjs). */
  const tickOf: (() => number)[] = [];
  try {
    speaker = await MediaBot.join(run.server.wsUrl, "Speaker");
    speaker.room.onMessage("benchTick", () => {});
    await speaker.walkTo(S.tx, S.ty, 20_000);
    const speakerId = speaker.id;
    log("speaker in place");

    // Listeners: each pairs applied `pos` messages with the probe's tick stamp.
    await Promise.all(
      lanes.map(async (l, i) => {
        let tickAt = NaN;
        const b = await BenchBot.join(run.server.wsUrl, `Listener ${l.lane}`, {
          extraMessages: { benchTick: (m) => (tickAt = Number(BigInt(m as string)) / 1e6) },
        });
        tickOf[i] = () => tickAt;
        listeners[i] = b;
        await b.listen(sink);
        await b.walkToAndWait(l.far[0], l.far[1], 25_000);
      }),
    );
    log("listeners in place");
    // Only now does the speaker start: no listener has ever been near a speaking speaker.
    await speaker.speak();
    await sleep(500);

    const approach = async (i: number, rep: number): Promise<void> => {
      const l = lanes[i]!;
      const b = listeners[i]!;
      const tickAt = tickOf[i]!;
      // Quiet first: the speaker's stream to this listener must have stopped (paused).
      let lastPacket = -Infinity;
      b.onPacket = (p) => {
        if (p.peer === speakerId) lastPacket = p.at;
      };
      await until(() => monoMs() - lastPacket > 400, `${l.lane}: silence before approach`, 6000);

      const track: { tick: number; recv: number; d: number; heard: boolean; subscribe: boolean }[] = [];
      let firstAudio = NaN;
      b.onPacket = (p) => {
        if (p.peer === speakerId && p.payloadBytes > SILENT_PAYLOAD_BYTES && Number.isNaN(firstAudio)) firstAudio = p.at;
      };
      const onPatch = () => {
        const me = b.position();
        const sp = b.position(speakerId);
        if (!me || !sp) return;
        const people: Participant[] = [
          { id: b.id, x: me.x, y: me.y, speaking: false },
          { id: speakerId, x: sp.x, y: sp.y, speaking: true },
        ];
        const heard = (audibility(people, floor).get(b.id) ?? []).some((h) => h.speakerId === speakerId);
        const d = Math.hypot(me.x - sp.x, me.y - sp.y);
        const subscribe = falloff(d, R * DEFAULT_HYSTERESIS.enterScale) > 0;
        track.push({ tick: tickAt(), recv: monoMs(), d, heard, subscribe });
      };
      const offPatch = b.room.onMessage(POSITIONS_MESSAGE, onPatch);
      try {
        b.walkTo(l.near[0], l.near[1]);
        await until(() => b.standingAt(l.near[0], l.near[1]) && !Number.isNaN(firstAudio), `${l.lane}: arrive and hear`, 8000);
        const cross = track.find((s) => s.heard);
        const sub = track.find((s) => s.subscribe);
        if (!cross || !sub) throw new Error(`${l.lane}: no crossing seen in ${track.length} patches`);
        if (track[0]!.heard || track[0]!.subscribe) throw new Error(`${l.lane}: started inside the radius`);
        if (process.env.BENCH_DEBUG) {
          const i0 = track.indexOf(sub);
          log(`${l.lane}#${rep}: sub→hear ${f0(cross.tick - sub.tick)} ms, patches ${track.slice(i0, track.indexOf(cross) + 1).map((s) => `${f0(s.tick - sub.tick)}:${f1(s.d)}`).join(" ")}`);
        }
        samples.push({
          lane: l.lane,
          cold: rep === 0,
          vsTick: firstAudio - cross.tick,
          vsPatch: firstAudio - cross.recv,
          vsSubscribe: firstAudio - sub.tick,
        });
      } finally {
        offPatch();
        b.onPacket = null;
      }
      await sleep(200);
      await b.walkToAndWait(l.far[0], l.far[1], 10_000);
    };

    await Promise.all(
      lanes.map(async (_l, i) => {
        await sleep(i * 350); // de-correlate the lanes
        for (let rep = 0; rep < REPS; rep++) {
          try {
            await approach(i, rep);
          } catch (err) {
            failed++;
            errors.push(String(err));
            await listeners[i]!.walkToAndWait(lanes[i]!.far[0], lanes[i]!.far[1], 10_000).catch(() => {});
          }
        }
      }),
    );
  } finally {
    results.latency = { samples, failed, errors };
    for (const b of listeners) await b?.close();
    await speaker?.close();
    sink.close();
    await stop(run);
  }
  log(`phase 1 done: ${samples.length} samples, ${failed} failed`);
}

// ---------------------------------------------------------------- 2. CPU per forwarded stream

async function cpuPhase(): Promise<void> {
  const N = 12;
  const M = 24;
  log(`phase 2: CPU per forwarded stream (${N} speakers, ${M} listeners)`);
  const map = hall(32, 24, { x: 2, y: 2, w: 4, h: 4 });
  const run = await start(map);
  const sink = await UdpSink.open();
  const fanout = await RtpFanout.start();
  const speakers: BenchBot[] = [];
  const listeners: BenchBot[] = [];
  try {
    // Speakers in a 4×3 block at tiles (12..15, 12..14); listeners first out of range at
    // (22..27, 2..5) (≥ 9.9 tiles from every speaker), later in (11..16, 11..14) (≤ 5 tiles).
    const spk = Array.from({ length: N }, (_, i) => [12 + (i % 4), 12 + Math.floor(i / 4)] as const);
    const away = Array.from({ length: M }, (_, i) => [22 + (i % 6), 2 + Math.floor(i / 6)] as const);
    const near = Array.from({ length: M }, (_, i) => [11 + (i % 6), 11 + Math.floor(i / 6)] as const);
    const sp = await pool(spk, 12, async ([tx, ty], i) => {
      const b = await BenchBot.join(run.server.wsUrl, `Speaker ${i}`, { viewport: { width: 12, height: 12 } });
      speakers.push(b);
      await b.walkToAndWait(tx, ty);
      await b.speak(fanout);
    });
    const li = await pool(away, 12, async ([tx, ty], i) => {
      const b = await BenchBot.join(run.server.wsUrl, `Listener ${i}`, { viewport: { width: 12, height: 12 } });
      listeners.push(b);
      await b.walkToAndWait(tx, ty);
      await b.listen(sink);
    });
    const bad = [...sp, ...li].filter((r) => r.status === "rejected");
    if (bad.length) throw new Error(`setup failed: ${String((bad[0] as PromiseRejectedResult).reason)}`);
    await sleep(3000);

    const windowOf = async (seconds: number) => {
      const cpu = cpuOf(run);
      const m0 = machineTicks();
      const b0 = process.cpuUsage();
      const p0 = sink.packets;
      const u0 = udpRcvbufErrors();
      const w0 = monoMs();
      await sleep(seconds * 1000);
      const { pct } = cpu.read();
      const m1 = machineTicks();
      const el = (monoMs() - w0) / 1000;
      const bench = process.cpuUsage(b0);
      const total = Object.values(pct).reduce((a, b) => a + b, 0);
      return {
        pct: { ...pct, total },
        pktsPerSecond: (sink.packets - p0) / el,
        udpDropsPerSecond: (udpRcvbufErrors() - u0) / el,
        benchPct: ((bench.user + bench.system) / 1e6 / el) * 100,
        machineBusyPct: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 * os.availableParallelism(),
      };
    };

    const flowA = Object.values(await flowing(run)).reduce((a, s) => a + s.length, 0);
    log(`window A (producers only, ${flowA} flowing): 10 s`);
    const a = await windowOf(10);

    await Promise.all(listeners.map((b, i) => b.walkToAndWait(near[i]![0], near[i]![1])));
    const want = N * M;
    let seen = 0;
    for (let i = 0; i < 100; i++) {
      seen = Object.values(await flowing(run)).reduce((acc, s) => acc + s.length, 0);
      if (seen >= want) break;
      await sleep(100);
    }
    await sleep(2000);
    log(`window B (${seen} flowing streams): ${CPU_SECONDS} s`);
    const b = await windowOf(CPU_SECONDS);
    const seenAfter = Object.values(await flowing(run)).reduce((acc, s) => acc + s.length, 0);
    results.cpu = {
      speakers: N,
      listeners: M,
      streams: want,
      flowingSeen: Math.min(seen, seenAfter),
      a: a.pct,
      b: b.pct,
      pktsPerSecond: b.pktsPerSecond,
      udpDropsPerSecond: b.udpDropsPerSecond,
      benchPct: b.benchPct,
      machineBusyPct: b.machineBusyPct,
    };
  } finally {
    for (const b of [...speakers, ...listeners]) await b.close();
    fanout.close();
    sink.close();
    await stop(run);
  }
  log("phase 2 done");
}

// ---------------------------------------------------------------- 3. crowd

async function crowdPhase(): Promise<void> {
  log(`phase 3: crowd of ${CROWD} audio bots (spread, then packed)`);
  const variants: NonNullable<typeof results.crowd>["variants"] = [];
  let joined = 0;
  try {
    // Spread: the 56×56 generated hall of tests/bench/floor.ts, spawn zone over all of it
    // (~31 tiles² per person). Packed: a plain hall whose spawn zone is an 8×8-tile block,
    // so all 100 stand within ~10 tiles of each other (nobody has to walk there).
    const spread = benchFloor(56, 56, 7).map;
    joined = await crowdVariant("spread", spread, variants);
    const packed = hall(40, 40, { x: 16, y: 16, w: 8, h: 8 });
    await crowdVariant("packed", packed, variants);
  } finally {
    results.crowd = { bots: joined, variants };
  }
  log("phase 3 done");
}

async function crowdVariant(name: string, map: Record<string, unknown>, variants: NonNullable<typeof results.crowd>["variants"]): Promise<number> {
  const floor = parseFloor(map);
  const profile = PROFILE_DIR ? path.resolve(PROFILE_DIR, `server-crowd-${name}.cpuprofile`) : undefined;
  const run = await start(map, profile ? { profile } : {});
  const sink = await UdpSink.open();
  const fanout = await RtpFanout.start();
  const bots: BenchBot[] = [];
  try {
    const setup = await pool(
      Array.from({ length: CROWD }, (_, i) => i),
      20,
      async (i) => {
        const b = await BenchBot.join(run.server.wsUrl, `Crowd ${i}`, { viewport: { width: 20, height: 12 } });
        bots.push(b);
        await b.listen(sink);
        await b.speak(fanout);
      },
    );
    const failed = setup.filter((r) => r.status === "rejected");
    if (failed.length) results.errors.push(`crowd ${name}: ${failed.length} bots failed to set up: ${String((failed[0] as PromiseRejectedResult).reason)}`);
    log(`${name}: ${bots.length - failed.length} bots joined, speaking and listening`);

    await sleep(3000);
    const cpu = cpuOf(run);
    const b0 = process.cpuUsage();
    const p0 = sink.packets;
    const f0_ = fanout.packetsIn;
    const u0 = udpRcvbufErrors();
    const w0 = monoMs();
    if (profile) run.server.process.kill("SIGUSR2");
    await sleep(10_000);
    const { pct } = cpu.read();
    if (profile) {
      run.server.process.kill("SIGUSR2");
      await until(() => run.server.output().includes("profile written"), "server CPU profile", 10_000).catch(() => {});
    }
    const el = (monoMs() - w0) / 1000;
    const bench = process.cpuUsage(b0);
    const flow = await flowing(run);
    const st = await stats(run);
    const counts = Object.values(flow).map((s) => s.length);
    // What the model says each one hears, from everyone's own position in their state.
    const people: Participant[] = [];
    for (const b of bots) {
      const p = b.position();
      if (p) people.push({ id: b.id, x: p.x, y: p.y, speaking: true });
    }
    const model = audibility(people, floor);
    const modelCounts = [...model.values()].map((h) => h.length);
    const total = Object.values(pct).reduce((a, b) => a + b, 0);
    variants.push({
      name,
      flowingTotal: counts.reduce((a, b) => a + b, 0),
      flowingMax: Math.max(0, ...counts),
      flowingMean: counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length),
      overCap: counts.filter((c) => c > CAP).length,
      modelMean: modelCounts.reduce((a, b) => a + b, 0) / Math.max(1, modelCounts.length),
      consumers: st.media.consumers,
      producers: st.media.producers,
      transports: st.media.transports,
      cpu: { ...pct, total },
      perWorkerConsumers: st.media.perWorker?.map((w) => w.consumers) ?? [st.media.consumers],
      pktsPerSecond: (sink.packets - p0) / el,
      benchPct: ((bench.user + bench.system) / 1e6 / el) * 100,
      encoderPps: (fanout.packetsIn - f0_) / el,
      udpDropsPerSecond: (udpRcvbufErrors() - u0) / el,
    });
    const v = variants.at(-1)!;
    log(`${name}: flowing ${v.flowingTotal} (max ${v.flowingMax}/listener), consumers ${v.consumers}, CPU total ${f1(total)}%`);
    return bots.length - failed.length;
  } finally {
    await pool(bots, 25, (b) => b.close());
    fanout.close();
    sink.close();
    await stop(run);
  }
}

// ---------------------------------------------------------------- 4. churn

async function churnPhase(): Promise<void> {
  const rounds = Math.ceil(CYCLES / CONCURRENCY);
  log(`phase 4: ${rounds * CONCURRENCY} join/leave cycles (${CONCURRENCY} concurrent × ${rounds} rounds)`);
  const map = hall(24, 16, { x: 4, y: 4, w: 6, h: 6 });
  const run = await start(map, { gc: true });
  const sink = await UdpSink.open();
  const fanout = await RtpFanout.start();
  const errors: string[] = [];
  let failed = 0;
  let anchor: BenchBot | null = null;
  const peak: Usage = { workers: 0, routers: 0, transports: 0, producers: 0, consumers: 0 };
  const workerRss = () => run.workers.reduce((a, p) => a + rssBytes(p), 0);
  const snap = async () => {
    // A full GC in the server first (media-probe.mjs), so garbage is not counted as growth.
    const marker = "[bench-media-probe] gc done";
    const before = run.server.output().split(marker).length;
    run.server.process.kill("SIGUSR2");
    await until(() => run.server.output().split(marker).length > before, "server GC", 10_000).catch(() => {});
    await sleep(300);
    const st = await stats(run);
    return { usage: st.media, serverRss: rssBytes(run.server.process.pid!), workerRss: workerRss(), heap: st.memory.heapUsedBytes };
  };
  const round = async (r: number) => {
    const res = await Promise.allSettled(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const b = await BenchBot.join(run.server.wsUrl, `Churn ${r}.${i}`, { viewport: { width: 12, height: 12 } });
        try {
          if (i % 2) await b.speak(fanout);
          else {
            await b.listen(sink);
            await until(() => b.consumerOf.size > 0, "a consumer", 3000).catch(() => {});
          }
          await sleep(300);
        } finally {
          await b.close();
        }
      }),
    );
    for (const x of res)
      if (x.status === "rejected") {
        failed++;
        if (errors.length < 5) errors.push(String(x.reason));
      }
  };
  try {
    anchor = await BenchBot.join(run.server.wsUrl, "Anchor", { viewport: { width: 12, height: 12 } });
    await round(-1); // warm-up, not counted
    await sleep(2000);
    const before = await snap();
    const w0 = monoMs();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const u = (await stats(run)).media;
        for (const k of ["transports", "producers", "consumers"] as const) peak[k] = Math.max(peak[k], u[k]);
        await sleep(250);
      }
    })();
    for (let r = 0; r < rounds; r++) await round(r);
    sampling = false;
    await sampler;
    const seconds = (monoMs() - w0) / 1000;
    for (let i = 0; i < 50; i++) {
      const u = (await stats(run)).media;
      if (!u.transports && !u.producers && !u.consumers) break;
      await sleep(200);
    }
    await sleep(2000);
    const after = await snap();
    results.churn = { cycles: rounds * CONCURRENCY, failed, seconds, peak, before, after, errors };
  } finally {
    await anchor?.close();
    fanout.close();
    sink.close();
    await stop(run);
  }
  log("phase 4 done");
}

// ---------------------------------------------------------------- 5. stage

async function stagePhase(): Promise<void> {
  const N = STAGE_LISTENERS;
  log(`phase 5: one speaker on a stage, ${N} listeners in its audience`);
  // A stage across the top, its audience below it (where everyone spawns: nobody walks).
  const W = 44;
  const rows = Math.max(4, Math.ceil((N * 1.5) / (W - 4)));
  const stageZone = { x: 16, y: 1, w: 12, h: 3 };
  const audience = { x: 2, y: 5, w: W - 4, h: rows };
  const map = makeMap(hallPlan(W, audience.y + rows + 1), [
    { name: "Entrance", class: "spawn", ...audience },
    { name: "Stage", class: "stage", ...stageZone, props: { audience: "Audience" } },
    { name: "Audience", class: "audience", ...audience },
  ]);
  const host = { email: "stage-bench-host@example.com", password: "a long bench host password", displayName: "Bench Host" };
  const env: Record<string, string> = { FOYER_ADMIN_EMAIL: host.email, FOYER_SETUP_TOKEN: SETUP_TOKEN };
  if (STAGE_WORKERS) env.FOYER_MEDIA_WORKERS = STAGE_WORKERS;
  const run = await start(map, { env });
  const sink = await UdpSink.open();
  const fanout = await RtpFanout.start({ stamp: true });
  const errors: string[] = [];
  const listeners: BenchBot[] = [];
  let hana: BenchBot | null = null;
  let speaker: BenchBot | null = null;
  try {
    // The host: signed up with the setup token, then an identity made with her session.
    const visitor = new Visitor(run.server.url);
    const signup = await visitor.call("POST", "/api/auth/signup", { ...host, setupToken: SETUP_TOKEN });
    if (signup.status !== 201) throw new Error(`host signup: ${signup.status} ${signup.text}`);
    const person = await visitor.call("POST", "/api/people", { name: "Hana", avatar: "teal" });
    if (person.status !== 201 || !visitor.identity) throw new Error(`host identity: ${person.status} ${person.text}`);
    hana = await BenchBot.join(run.server.wsUrl, "Hana Host", { viewport: { width: 12, height: 12 }, token: visitor.identity });
    const h = hana;
    await until(() => h.room.state.people?.get(h.id)?.role === "host", "the host's role", 10_000);
    // The speaker: an attendee the host brings up (placed on the stage by the server).
    const sp = await BenchBot.join(run.server.wsUrl, "Stage speaker", { viewport: { width: 12, height: 12 } });
    speaker = sp;
    h.room.send("moderate", { action: "bringUp", id: sp.id });
    await until(() => {
      const p = sp.position();
      if (!p) return false;
      const tx = Math.floor(p.x / TILE_SIZE);
      const ty = Math.floor(p.y / TILE_SIZE);
      return tx >= stageZone.x && tx < stageZone.x + stageZone.w && ty >= stageZone.y && ty < stageZone.y + stageZone.h;
    }, "the speaker on the stage", 10_000);
    const producerId = await sp.speak(fanout);
    log("speaker on stage, speaking");

    const setup = await pool(
      Array.from({ length: N }, (_, i) => i),
      20,
      async (i) => {
        const b = await BenchBot.join(run.server.wsUrl, `Listener ${i}`, { viewport: { width: 12, height: 12 } });
        listeners.push(b);
        await b.listen(sink);
        if ((i + 1) % 100 === 0) log(`${i + 1} listeners joined`);
      },
    );
    const failed = setup.filter((r) => r.status === "rejected");
    if (failed.length) errors.push(`${failed.length} listeners failed to join: ${String((failed[0] as PromiseRejectedResult).reason)}`);
    const joined = listeners.length;
    const hears = (b: BenchBot) => (b.packets.get(sp.id) ?? 0) > 0;
    await until(() => listeners.every(hears), "every listener hearing the speaker", 30_000 + N * 30).catch((err: unknown) => errors.push(String(err)));
    const receiving = listeners.filter(hears).length;
    log(`${joined} listeners joined, ${receiving} receive the speaker`);
    await sleep(2000);
    const usage = (await stats(run)).media;

    // Packet window: which stamped frames reached each listener, and how late.
    const lastAt = new Float64Array(listeners.length).fill(-Infinity);
    const seen = listeners.map(() => new Uint8Array(STAGE_SECONDS * 50 + 50));
    const got = new Uint32Array(listeners.length);
    const delays: number[] = [];
    let from = Infinity;
    let to = Infinity;
    listeners.forEach((b, i) => {
      b.onPacket = (p) => {
        if (p.peer !== sp.id) return;
        lastAt[i] = p.at;
        const k = p.tail - from;
        if (p.tail >= to || k < 0 || k >= seen[i]!.length || seen[i]![k]) return;
        seen[i]![k] = 1;
        got[i]!++;
        const sentAt = fanout.sentAt(p.tail);
        if (Number.isFinite(sentAt)) delays.push(p.at - sentAt);
      };
    });
    const cpu = cpuOf(run);
    const b0 = process.cpuUsage();
    const u0 = udpRcvbufErrors();
    const w0 = monoMs();
    from = fanout.frame + 1;
    await sleep(STAGE_SECONDS * 1000);
    to = fanout.frame + 1;
    const { pct } = cpu.read();
    const el = (monoMs() - w0) / 1000;
    const bench = process.cpuUsage(b0);
    const udpDrops = (udpRcvbufErrors() - u0) / el;
    const load = os.loadavg()[0]!;
    await sleep(1500); // the window's last packets in flight
    let sent = 0;
    for (let n = from; n < to; n++) if (Number.isFinite(fanout.sentAt(n))) sent++;
    const ratios = [...got].map((g) => g / Math.max(1, sent));
    const sorted = delays.sort((a, b) => a - b);
    log(`window: ${sent} packets sent, worst listener ${f1(Math.min(...ratios) * 100)}%, delay p95 ${f1(quantile(sorted, 0.95))} ms`);

    // Mutes: a host's moderation mute, then the speaker's own pause, alternately.
    const mutes: NonNullable<typeof results.stage>["mutes"] = [
      { kind: "host", silenceMs: [], notSilenced: 0 },
      { kind: "self", silenceMs: [], notSilenced: 0 },
    ];
    const flowingSince = (t: number) => until(() => listeners.every((_, i) => lastAt[i]! > t), "every listener hearing the speaker again", 15_000);
    for (let r = 0; r < STAGE_MUTES; r++) {
      const m = mutes[r % 2]!;
      try {
        await flowingSince(monoMs());
        const at = monoMs();
        if (m.kind === "host") h.room.send("moderate", { action: "mute", id: sp.id, reason: "bench" });
        else await sp.ok("setProducerPaused", { producerId, paused: true });
        // Silent = nothing for 700 ms at anyone (up to 5 s after the mute).
        await until(() => monoMs() - Math.max(...lastAt) > 700, "silence at every listener", 5000).catch(() => {});
        const end = monoMs();
        for (let i = 0; i < listeners.length; i++) {
          if (lastAt[i]! > end - 700) m.notSilenced++;
          else m.silenceMs.push(lastAt[i]! - at); // negative: the last packet was already on its way
        }
        log(`mute ${r + 1} (${m.kind}): p95 ${f0(quantile(m.silenceMs.slice(-listeners.length), 0.95))} ms`);
        if (m.kind === "host") {
          h.room.send("moderate", { action: "unmute", id: sp.id });
          // Allowed is not unmuted: the speaker unmutes herself once the host let go.
          await waitFor(async () => (await sp.request("setProducerPaused", { producerId, paused: false })).ok, "the speaker unmuting after the host allowed it", 5000);
        } else await sp.ok("setProducerPaused", { producerId, paused: false });
      } catch (err) {
        errors.push(`mute ${r + 1} (${m.kind}): ${String(err)}`);
        await sp.request("setProducerPaused", { producerId, paused: false }).catch(() => {});
      }
    }
    for (const b of listeners) b.onPacket = null;
    results.stage = {
      listeners: N,
      joined,
      receiving,
      workers: run.workers.length,
      perWorkerConsumers: usage.perWorker?.map((w) => w.consumers) ?? [usage.consumers],
      pipeTransports: usage.pipeTransports ?? 0,
      seconds: el,
      due: to - from,
      sent,
      worstRatio: ratios.length ? Math.min(...ratios) : NaN,
      meanRatio: ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length),
      below99: ratios.filter((x) => x < 0.99).length,
      delays: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? NaN, n: sorted.length },
      cpu: { ...pct, total: Object.values(pct).reduce((a, b) => a + b, 0) },
      benchPct: ((bench.user + bench.system) / 1e6 / el) * 100,
      udpDropsPerSecond: udpDrops,
      load,
      mutes,
      errors,
    };
  } finally {
    if (!results.stage) results.errors.push(...errors.map((e) => `stage: ${e}`));
    await pool(listeners, 25, (b) => b.close());
    await speaker?.close();
    await hana?.close();
    fanout.close();
    sink.close();
    await stop(run);
  }
  log("phase 5 done");
}

// ---------------------------------------------------------------- report

function machine(): Record<string, string | number> {
  const cpuModel = /model name\s*:\s*(.*)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model ?? "?";
  let date = new Date().toUTCString();
  try {
    date = execSync("date -u", { encoding: "utf8" }).trim();
  } catch {
    // keep JS date
  }
  return {
    nproc: os.availableParallelism(),
    cpu: cpuModel,
    ramGB: Math.round(os.totalmem() / 1e9),
    node: process.version,
    date,
  };
}

let reported = false;
function printReport(): void {
  if (reported) return;
  reported = true;
  const m = results.machine ?? machine();
  const verdicts: string[] = [];
  const verdict = (ok: boolean | null, what: string) => verdicts.push(`${ok === null ? "n/a " : ok ? "PASS" : "FAIL"}  ${what}`);
  console.log("\n================ Media benchmark ================");
  console.log(`machine: ${m.nproc} × ${m.cpu}, ${m.ramGB} GB RAM, Node ${m.node}; ${m.date}`);

  const L = results.latency;
  if (L) {
    console.log(`\n1. earshot → audible (hearing radius ${R / TILE_SIZE} tiles; speaker tone via GStreamer; ${L.samples.length} approaches, ${L.failed} failed)`);
    console.log("   ms, first audio minus …                    n     p50     p95     max     min");
    const row = (label: string, xs: number[]) =>
      console.log(`   ${label.padEnd(40)} ${String(xs.length).padStart(3)} ${f0(quantile(xs, 0.5)).padStart(7)} ${f0(quantile(xs, 0.95)).padStart(7)} ${f0(Math.max(...xs)).padStart(7)} ${f0(Math.min(...xs)).padStart(7)}`);
    const all = L.samples;
    row("server tick entering radius (all)", all.map((s) => s.vsTick));
    row("  … warm (paused consumer resumed)", all.filter((s) => !s.cold).map((s) => s.vsTick));
    row("  … cold (consumer created)", all.filter((s) => s.cold).map((s) => s.vsTick));
    row("patch arrival at the bot (all)", all.map((s) => s.vsPatch));
    row(`tick entering subscribe radius ${f1((R * DEFAULT_HYSTERESIS.enterScale) / TILE_SIZE)} t`, all.map((s) => s.vsSubscribe));
    row("  … warm", all.filter((s) => !s.cold).map((s) => s.vsSubscribe));
    row("  … cold", all.filter((s) => s.cold).map((s) => s.vsSubscribe));
    console.log("   (negative = audio arrived before the speaker became audible: hysteresis pre-roll)");
    for (const e of L.errors.slice(0, 3)) console.log(`   ! ${e}`);
    const p95 = quantile(all.map((s) => s.vsTick), 0.95);
    verdict(all.length >= 10 ? p95 <= TARGET_LATENCY_P95_MS : null, `earshot→audible p95 ${f0(p95)} ms ≤ ${TARGET_LATENCY_P95_MS} ms`);
  }

  const C = results.cpu;
  if (C) {
    const names = Object.keys(C.b).filter((k) => k !== "total");
    console.log(`\n2. server CPU per forwarded audio stream (${C.speakers} speakers × ${C.listeners} listeners, K=${C.speakers}: ${C.streams} streams, ${C.flowingSeen} seen flowing)`);
    console.log(`   % of one core            ${names.map((n) => n.padStart(9)).join("")}     total`);
    console.log(`   A: producers only        ${names.map((n) => f1(C.a[n]!).padStart(9)).join("")} ${f1(C.a.total!).padStart(9)}`);
    console.log(`   B: + ${String(C.streams).padEnd(4)} consumers      ${names.map((n) => f1(C.b[n]!).padStart(9)).join("")} ${f1(C.b.total!).padStart(9)}`);
    console.log(`   per forwarded stream: ${f3(C.b.total! / C.streams)} % of a core (all-in), ${f3((C.b.total! - C.a.total!) / C.streams)} % marginal (B−A)`);
    console.log(`   → one core forwards ≈ ${f0(100 / ((C.b.total! - C.a.total!) / C.streams))} streams (marginal); received ${f0(C.pktsPerSecond)} pkt/s (expected ${C.flowingSeen * 50}; UDP drops ${f0(C.udpDropsPerSecond)}/s); bench process ${f1(C.benchPct)}%, machine busy ${f1(C.machineBusyPct)}% of one core`);
  }

  const W = results.crowd;
  if (W) {
    console.log(`\n3. crowd of ${W.bots} audio bots (each speaks and listens), cap ${CAP} speakers per listener`);
    console.log("   variant   flowing  max/listener  mean  model-mean  over-cap  consumers  producers  server%  worker%s           total%  pkt/s  bench%  enc/s drops/s");
    for (const v of W.variants) {
      const workers = Object.keys(v.cpu).filter((k) => k.startsWith("worker")).map((k) => f1(v.cpu[k]!)).join("/");
      console.log(
        `   ${v.name.padEnd(8)} ${String(v.flowingTotal).padStart(8)} ${String(v.flowingMax).padStart(13)} ${f1(v.flowingMean).padStart(5)} ${f1(v.modelMean).padStart(11)} ${String(v.overCap).padStart(9)} ${String(v.consumers).padStart(10)} ${String(v.producers).padStart(10)} ${f1(v.cpu.server!).padStart(8)}  ${workers.padEnd(18)} ${f1(v.cpu.total!).padStart(6)} ${f0(v.pktsPerSecond).padStart(6)} ${f1(v.benchPct).padStart(7)} ${f0(v.encoderPps).padStart(6)} ${f0(v.udpDropsPerSecond).padStart(7)}`,
      );
    }
    const busiest = (v: (typeof W.variants)[number]) => Math.max(...Object.entries(v.cpu).filter(([k]) => k.startsWith("worker")).map(([, x]) => x));
    for (const v of W.variants)
      console.log(
        `   ${v.name}: ${v.consumers} consumers over ${v.perWorkerConsumers.length} worker(s): ${v.perWorkerConsumers.join(" / ")}; the most on one worker = ${f0((Math.max(...v.perWorkerConsumers) / MEDIASOUP_CONSUMERS_PER_WORKER) * 100)}% of mediasoup's ~${MEDIASOUP_CONSUMERS_PER_WORKER}/worker guidance; busiest worker ${f1(busiest(v))}% of a core`,
      );
    const allOk = W.variants.length === 2 && W.variants.every((v) => v.overCap === 0 && v.flowingTotal > 0);
    verdict(W.variants.length ? allOk : null, `crowd: flowing consumers per listener ≤ ${CAP} (max ${W.variants.map((v) => v.flowingMax).join(" / ")})`);
  }

  const H = results.churn;
  if (H) {
    const row = (label: string, s: typeof H.before) =>
      console.log(`   ${label.padEnd(7)} ${String(s.usage.transports).padStart(10)} ${String(s.usage.producers).padStart(10)} ${String(s.usage.consumers).padStart(10)} ${mb(s.serverRss).padStart(11)} ${mb(s.heap).padStart(11)} ${mb(s.workerRss).padStart(11)}`);
    console.log(`\n4. join/leave churn: ${H.cycles} cycles in ${f1(H.seconds)} s (${H.failed} failed); peak ${H.peak.transports} transports / ${H.peak.producers} producers / ${H.peak.consumers} consumers`);
    console.log("           transports  producers  consumers  server RSS  server heap  worker RSS");
    row("before", H.before);
    row("after", H.after);
    const dServer = H.after.serverRss - H.before.serverRss;
    const dWorker = H.after.workerRss - H.before.workerRss;
    console.log(`   Δ server RSS ${mb(dServer)} (${f1(dServer / H.cycles / 1024)} kB/cycle), Δ heap ${mb(H.after.heap - H.before.heap)}, Δ worker RSS ${mb(dWorker)}`);
    for (const e of H.errors) console.log(`   ! ${e}`);
    const zero = !H.after.usage.transports && !H.after.usage.producers && !H.after.usage.consumers;
    verdict(zero, `churn: transports/producers/consumers back to 0 (${H.after.usage.transports}/${H.after.usage.producers}/${H.after.usage.consumers})`);
    verdict(dServer < 64 * 1048576 && dWorker < 16 * 1048576, `churn: memory flat (Δ server RSS ${mb(dServer)} < 64 MB, Δ worker RSS ${mb(dWorker)} < 16 MB)`);
    verdict(H.failed === 0, `churn: all cycles succeeded (${H.failed} failed)`);
  }

  const S = results.stage;
  if (S) {
    const workers = Object.keys(S.cpu).filter((k) => k.startsWith("worker"));
    console.log(`\n5. stage: one speaker, ${S.listeners} listeners in its audience (${S.joined} joined, ${S.receiving} received the speaker); load ${f1(S.load)} during the window`);
    console.log(`   ${S.workers} worker(s), consumers per worker ${S.perWorkerConsumers.join(" / ")}, ${S.pipeTransports} pipe transports (the speaker's producer piped to ${S.perWorkerConsumers.filter((c) => c > 0).length} of ${S.perWorkerConsumers.length} workers' routers)`);
    console.log(`   ${f1(S.seconds)} s window: ${S.sent} packets sent (of ${S.due} due; the fanout skips late ticks); received per listener worst ${f2(S.worstRatio * 100)}%, mean ${f2(S.meanRatio * 100)}%, ${S.below99} below 99%`);
    console.log(`   speaker→listener delay (fanout send → bench socket, ${S.delays.n} packets): p50 ${f1(S.delays.p50)} ms, p95 ${f1(S.delays.p95)} ms, max ${f0(S.delays.max)} ms`);
    console.log(`   CPU % of one core: server ${f1(S.cpu.server!)}, ${workers.map((k) => `${k} ${f1(S.cpu[k]!)}`).join(", ")}, total ${f1(S.cpu.total!)}; bench process ${f1(S.benchPct)}%, UDP drops ${f0(S.udpDropsPerSecond)}/s`);
    for (const m of S.mutes)
      console.log(`   mute → silence (${m.kind === "host" ? "host's moderation mute" : "speaker's own pause"}): ${m.silenceMs.length} listener samples, p50 ${f0(quantile(m.silenceMs, 0.5))} ms, p95 ${f0(quantile(m.silenceMs, 0.95))} ms, max ${f0(Math.max(...m.silenceMs))} ms; ${m.notSilenced} not silenced`);
    for (const e of S.errors.slice(0, 3)) console.log(`   ! ${e}`);
    const all = S.mutes.flatMap((m) => m.silenceMs);
    const notSilenced = S.mutes.reduce((a, m) => a + m.notSilenced, 0);
    const full = S.receiving === S.listeners;
    verdict(S.receiving ? full && S.worstRatio >= 0.99 : null, `stage: every listener (${S.receiving}/${S.listeners}) received ≥ 99% of the speaker's packets (worst ${f2(S.worstRatio * 100)}%)`);
    verdict(S.receiving ? S.perWorkerConsumers.every((c) => c > 0) : null, `stage: the speaker is heard through every worker (consumers ${S.perWorkerConsumers.join(" / ")})`);
    verdict(all.length ? quantile(all, 0.95) <= 300 && notSilenced === 0 : null, `stage: mute → silence p95 ${f0(quantile(all, 0.95))} ms ≤ 300 ms at every listener (${notSilenced} not silenced)`);
  }

  for (const e of results.errors) console.log(`\n! ${e}`);
  console.log("\nverdicts:");
  for (const v of verdicts) console.log(`  ${v}`);
  console.log(`\ntotal ${f1((monoMs() - t0) / 1000)} s`);
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
}

async function main(): Promise<void> {
  results.machine = machine();
  const phases: [string, () => Promise<void>][] = [
    ["latency", latencyPhase],
    ["cpu", cpuPhase],
    ["crowd", crowdPhase],
    ["churn", churnPhase],
    ["stage", stagePhase],
  ];
  for (const [name, fn] of phases) {
    if (!ONLY.has(name)) continue;
    try {
      await fn();
    } catch (err) {
      results.errors.push(`${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      log(`phase ${name} failed: ${String(err)}`);
    }
  }
  printReport();
  process.exit(0);
}

void main();
