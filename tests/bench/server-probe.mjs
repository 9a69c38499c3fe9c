/**
 * Benchmark-only instrumentation, loaded into the SERVER process by the sync benchmark
 * (NODE_OPTIONS="--import …/server-probe.mjs"); the server code itself is untouched.
 *
 * It times what /api/stats cannot see: the patch broadcast (Room#broadcastPatch as the
 * room class overrides it — the shared schema patch plus every client's `pos` message,
 * handed to the sockets), which comes after the tick figure.
 *
 * On SIGUSR2 it prints one line `[bench-probe] {json}` with the broadcast timings, tick
 * durations and tick-to-tick intervals since the previous SIGUSR2, then resets them together with the server's
 * own tick statistics (server/stats.ts resetTickStats), so /api/stats afterwards covers
 * only the measurement window.
 *
 * Plain .mjs because it loads before tsx is registered.
 */
import { isMainThread } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import path from "node:path";

if (isMainThread) {
  const { Room } = await import("@colyseus/core");
  const statsUrl = pathToFileURL(path.resolve(import.meta.dirname, "../../server/stats.ts")).href;

  let broadcast = [];
  let ticks = [];
  let tickWork = [];
  let lastTickAt = 0;

  // Time the outermost broadcastPatch: Room's, or a room class's override that sends more
  // after the shared patch (VenueRoom sends each client's `pos` message there).
  let depth = 0;
  const timeBroadcast = (proto) => {
    const orig = proto.broadcastPatch;
    proto.broadcastPatch = function (...args) {
      if (depth++ > 0) {
        try {
          return orig.apply(this, args);
        } finally {
          depth--;
        }
      }
      const t = performance.now();
      try {
        return orig.apply(this, args);
      } finally {
        depth--;
        if (broadcast.length < 100_000) broadcast.push(performance.now() - t);
      }
    };
  };
  timeBroadcast(Room.prototype);
  const timed = new WeakSet([Room.prototype]);

  const origSim = Room.prototype.setSimulationInterval;
  Room.prototype.setSimulationInterval = function (cb, delay) {
    if (!cb) return origSim.call(this, cb, delay);
    const own = Object.getPrototypeOf(this);
    if (!timed.has(own) && Object.prototype.hasOwnProperty.call(own, "broadcastPatch")) {
      timed.add(own);
      timeBroadcast(own);
    }
    return origSim.call(
      this,
      (dt) => {
        const now = performance.now();
        if (lastTickAt && ticks.length < 100_000) ticks.push(now - lastTickAt);
        lastTickAt = now;
        try {
          return cb(dt);
        } finally {
          if (tickWork.length < 100_000) tickWork.push(performance.now() - now);
        }
      },
      delay,
    );
  };

  const summary = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0);
    const sum = s.reduce((a, b) => a + b, 0);
    return { n: s.length, mean: s.length ? sum / s.length : 0, sum, p50: at(0.5), p99: at(0.99), max: s.length ? s[s.length - 1] : 0 };
  };

  process.on("SIGUSR2", () => {
    const line = { broadcast: summary(broadcast), tickInterval: summary(ticks), tick: summary(tickWork) };
    broadcast = [];
    ticks = [];
    tickWork = [];
    import(statsUrl)
      .then((m) => m.resetTickStats())
      .catch((err) => console.log(`[bench-probe] could not reset tick stats: ${err}`))
      .finally(() => console.log(`[bench-probe] ${JSON.stringify(line)}`));
  });
}
