/**
 * Process-wide numbers for /api/stats and the benchmarks: tick durations per floor, keyed
 * "venue/floor" so two venues' `main` floors stay apart (a ring buffer each, so memory
 * stays flat), CPU and memory.
 */
const TICK_SAMPLES = 1200;

export interface TickSummary {
  ticks: number;
  p50: number;
  p99: number;
  max: number;
  /** The most ticks a client was shown a visible avatar out of date (level of detail), since the last reset. */
  staleTicks: number;
}

export interface StatsSnapshot {
  uptimeSeconds: number;
  /** CPU used since the previous snapshot, in cores. */
  cpuCores: number;
  memory: { rssBytes: number; heapUsedBytes: number };
  /** Tick durations (ms) by floor, keyed "venue/floor". */
  floors: Record<string, TickSummary>;
}

class TickStats {
  readonly samples = new Float64Array(TICK_SAMPLES);
  count = 0;
  add(ms: number): void {
    this.samples[this.count % TICK_SAMPLES] = ms;
    this.count++;
  }
  summary(): Omit<TickSummary, "staleTicks"> {
    const n = Math.min(this.count, TICK_SAMPLES);
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => (n ? sorted[Math.min(n - 1, Math.floor(q * n))]! : 0);
    return { ticks: this.count, p50: at(0.5), p99: at(0.99), max: n ? sorted[n - 1]! : 0 };
  }
}

const ticks = new Map<string, TickStats>();
const stale = new Map<string, number>();
const startedAt = Date.now();
let lastCpu = process.cpuUsage();
let lastCpuAt = performance.now();

/** The key of a floor in `snapshot().floors`. */
export function floorKey(venue: string, floor: string): string {
  return `${venue}/${floor}`;
}

export function recordTick(venue: string, floor: string, ms: number): void {
  const key = floorKey(venue, floor);
  let t = ticks.get(key);
  if (!t) ticks.set(key, (t = new TickStats()));
  t.add(ms);
}

/** After a tick's `pos` messages: how far behind (ticks) the most out-of-date avatar anyone was shown had been. */
export function recordStale(venue: string, floor: string, worstTicks: number): void {
  const key = floorKey(venue, floor);
  if (worstTicks > (stale.get(key) ?? 0)) stale.set(key, worstTicks);
}

/** Start the tick figures afresh (the sync benchmark's probe calls this to measure one window). */
export function resetTickStats(): void {
  ticks.clear();
  stale.clear();
}

/** CPU use since the previous call, as a fraction of one core. */
function cpuSinceLastCall(): number {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  const elapsedMs = now - lastCpuAt;
  lastCpu = process.cpuUsage();
  lastCpuAt = now;
  return elapsedMs > 0 ? (cpu.user + cpu.system) / 1000 / elapsedMs : 0;
}

/** Tick figures of the floors this process runs (no side effects, unlike snapshot's CPU). */
export function floorSummaries(): Record<string, TickSummary> {
  return Object.fromEntries([...ticks].map(([k, v]) => [k, { ...v.summary(), staleTicks: stale.get(k) ?? 0 }]));
}

export function snapshot(): StatsSnapshot {
  const mem = process.memoryUsage();
  return {
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    cpuCores: cpuSinceLastCall(),
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    floors: floorSummaries(),
  };
}
