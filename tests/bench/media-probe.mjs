/**
 * Benchmark-only instrumentation, loaded into the SERVER process by the media benchmark's
 * earshot→audible phase (NODE_OPTIONS="--import …/media-probe.mjs"); the server code is
 * untouched.
 *
 * To timestamp "the server's avatar crossed the hearing radius" exactly, this probe
 * records the CLOCK_MONOTONIC time (process.hrtime — the same clock in every process on
 * the machine) when each tick's results are broadcast (VenueRoom broadcasts right after
 * its tick, from inside it) and sends every client a `benchTick` message with it first,
 * on the same WebSocket, before the shared patch and the `pos` messages of that tick. The
 * client pairs each `pos` message it applies with the latest tick time.
 *
 * Only with FOYER_BENCH_TICKSTAMP=1. Separately, when the server runs with --expose-gc,
 * SIGUSR2 forces a full GC (see the end of this file).
 *
 * Plain .mjs because it loads before tsx is registered.
 */
import { isMainThread } from "node:worker_threads";

if (isMainThread && process.env.FOYER_BENCH_TICKSTAMP === "1") {
  const { Room } = await import("@colyseus/core");
  const origBroadcast = Room.prototype.broadcastPatch;
  Room.prototype.broadcastPatch = function (...args) {
    if (this.clients.length) this.broadcast("benchTick", String(process.hrtime.bigint()));
    return origBroadcast.apply(this, args);
  };
  console.log("[bench-media-probe] tick stamps on");
}

// With --expose-gc: SIGUSR2 runs a full garbage collection, so the churn phase can tell
// garbage not yet collected from memory that is really kept.
if (isMainThread && typeof globalThis.gc === "function") {
  process.on("SIGUSR2", () => {
    globalThis.gc();
    const m = process.memoryUsage();
    console.log(`[bench-media-probe] gc done: heapUsed ${m.heapUsed} rss ${m.rss} external ${m.external} arrayBuffers ${m.arrayBuffers}`);
  });
}

// FOYER_BENCH_CPUPROFILE=file.cpuprofile: SIGUSR2 toggles a V8 CPU profile of
// the server's main thread (start, then stop and write the file), for finding where the
// server's own CPU goes in a benchmark window. Not used by default.
if (isMainThread && process.env.FOYER_BENCH_CPUPROFILE) {
  const { Session } = await import("node:inspector");
  const fs = await import("node:fs");
  const session = new Session();
  session.connect();
  let on = false;
  process.on("SIGUSR2", () => {
    if (!on) {
      on = true;
      session.post("Profiler.enable", () => session.post("Profiler.start", () => console.log("[bench-media-probe] profiling")));
    } else {
      on = false;
      session.post("Profiler.stop", (err, res) => {
        if (!err) fs.writeFileSync(process.env.FOYER_BENCH_CPUPROFILE, JSON.stringify(res.profile));
        console.log(`[bench-media-probe] profile written ${err ? String(err) : process.env.FOYER_BENCH_CPUPROFILE}`);
      });
    }
  });
}
