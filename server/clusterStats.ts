/**
 * /api/stats for the whole deployment: every Foyer process writes its own figures to the
 * presence (a Redis hash with REDIS_URL, in-process otherwise) every few seconds, and any
 * process answers with all of them and their totals. A process that stopped writing (it
 * died) drops out after a few missed rounds. Never reads another process any other way.
 */
import type { Presence } from "@colyseus/core";
import { z } from "zod";
import type { Logger } from "./log.ts";

const KEY = "foyer:stats";
export const PUBLISH_EVERY_MS = 2000;
/** An entry older than this is a process that is gone. */
const STALE_AFTER_MS = PUBLISH_EVERY_MS * 3 + 1000;

const floorFigures = z.object({ ticks: z.number(), p50: z.number(), p99: z.number(), staleTicks: z.number() });
const processFigures = z.object({
  process: z.string(),
  /** When it was written (ms since the epoch). */
  at: z.number(),
  uptimeSeconds: z.number(),
  /** CPU over the last round, in cores. */
  cpuCores: z.number(),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number() }),
  rooms: z.number(),
  clients: z.number(),
  floors: z.record(z.string(), floorFigures),
});
export type ProcessFigures = z.infer<typeof processFigures>;

export interface ClusterTotals {
  processes: number;
  rooms: number;
  clients: number;
  cpuCores: number;
  rssBytes: number;
  /** Live floors over all processes, and the slowest tick p99 among them (ms). */
  floors: number;
  worstTickP99: number;
}

export interface ClusterAnswer {
  /** This process. */
  self: string;
  processes: ProcessFigures[];
  totals: ClusterTotals;
}

/** Totals over the processes' figures. */
export function clusterTotals(processes: readonly ProcessFigures[]): ClusterTotals {
  const t: ClusterTotals = { processes: processes.length, rooms: 0, clients: 0, cpuCores: 0, rssBytes: 0, floors: 0, worstTickP99: 0 };
  for (const p of processes) {
    t.rooms += p.rooms;
    t.clients += p.clients;
    t.cpuCores += p.cpuCores;
    t.rssBytes += p.memory.rssBytes;
    for (const f of Object.values(p.floors)) {
      t.floors++;
      t.worstTickP99 = Math.max(t.worstTickP99, f.p99);
    }
  }
  return t;
}

export class ClusterStats {
  readonly #presence: Presence;
  readonly #self: string;
  readonly #collect: () => Omit<ProcessFigures, "process" | "at" | "cpuCores">;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | null = null;
  #cpu = process.cpuUsage();
  #cpuAt = performance.now();

  constructor(presence: Presence, self: string, collect: () => Omit<ProcessFigures, "process" | "at" | "cpuCores">, log: Logger) {
    this.#presence = presence;
    this.#self = self;
    this.#collect = collect;
    this.#log = log;
  }

  async start(): Promise<void> {
    await this.#publish();
    this.#timer = setInterval(() => void this.#publish().catch((err: unknown) => this.#log.warn({ err }, "could not publish this process's stats")), PUBLISH_EVERY_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#presence.hdel(KEY, this.#self);
  }

  async #publish(): Promise<void> {
    const now = performance.now();
    const used = process.cpuUsage(this.#cpu);
    const cpuCores = now > this.#cpuAt ? (used.user + used.system) / 1000 / (now - this.#cpuAt) : 0;
    this.#cpu = process.cpuUsage();
    this.#cpuAt = now;
    const figures: ProcessFigures = { ...this.#collect(), process: this.#self, at: Date.now(), cpuCores };
    await this.#presence.hset(KEY, this.#self, JSON.stringify(figures));
  }

  /** Every live process's latest figures (at most one round old), and the totals. */
  async gather(): Promise<ClusterAnswer> {
    const all = (await this.#presence.hgetall(KEY)) ?? {};
    const processes: ProcessFigures[] = [];
    const now = Date.now();
    for (const [id, raw] of Object.entries(all)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = null;
      }
      const figures = processFigures.safeParse(parsed);
      if (!figures.success) {
        this.#log.warn({ process: id }, "ignoring unreadable stats in the presence");
        continue;
      }
      if (now - figures.data.at > STALE_AFTER_MS) {
        // Gone without saying so (killed): forget it.
        void this.#presence.hdel(KEY, id);
        continue;
      }
      processes.push(figures.data);
    }
    processes.sort((a, b) => a.process.localeCompare(b.process));
    return { self: this.#self, processes, totals: clusterTotals(processes) };
  }
}
