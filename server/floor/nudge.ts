/**
 * "Ben is on their own too — walk over?" (issue #13): someone who has stood in no
 * conversation (by the one audibility model, as encounters count them) for ALONE_MS,
 * outside a mixer round and not busy, is offered the nearest conversation with room or
 * another person standing alone — once, then at most every REPEAT_MS. Never suggests
 * someone either of the two blocked, nor anyone busy. Plain data with an injected clock,
 * driven by the floor's tick; says everything through the Outbox.
 */
import { limitedZoneAt, limitOf } from "../../shared/map/capacity.ts";
import type { Floor } from "../../shared/map/model.ts";
import { tileOf } from "../../shared/movement/step.ts";
import type { Nudge } from "../../shared/protocol/nudge.ts";
import { conversationPairs } from "./encounters.ts";
import { tileInZone } from "./mixer.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/**
 * On your own this long before a suggestion comes, and the next no sooner than REPEAT_MS
 * after it: someone who lets the first pass gets a second within 2.5 minutes alone, so
 * taking it still ends the wait within 3 (issue #13's goal for the longest anyone stands
 * alone). Two minutes between them left a person who let one pass alone for 3.5 or more.
 */
export const ALONE_MS = 75_000;
export const REPEAT_MS = 75_000;
/** Someone suggested as a walk-to is not sent the other way for this long (both walking to where the other was, they would swap places). */
const AWAITED_MS = 30_000;
const SAMPLE_MS = 2_000;

export interface NudgeOptions {
  outbox: Outbox;
  now(): number;
  people(): Iterable<FloorPerson>;
  plan(): Floor;
  /** How many stand in each table and corner now (places.ts). */
  counts(): ReadonlyMap<string, number>;
  name(id: string): string;
  /** Do not disturb: never told, never suggested. */
  busy(id: string): boolean;
  /** In a mixer round's group: the round is their conversation. */
  inRound(id: string): boolean;
  /** Kept apart (either blocked the other). */
  apart(a: string, b: string): boolean;
}

export class Nudges {
  readonly #o: NudgeOptions;
  /** Since when each person has been on their own (outside rounds, not busy). */
  readonly #aloneSince = new Map<string, number>();
  /** No suggestion to this person before then. */
  readonly #nextAt = new Map<string, number>();
  #last = -Infinity;

  constructor(o: NudgeOptions) {
    this.#o = o;
  }

  afterTick(): void {
    const now = this.#o.now();
    if (now - this.#last < SAMPLE_MS) return;
    this.#last = now;
    const here = [...this.#o.people()].filter((p) => p.connected);
    const plan = this.#o.plan();
    const groups = conversations(here, plan);
    const groupOf = new Map<string, FloorPerson[]>();
    for (const g of groups) for (const p of g) groupOf.set(p.id, g);
    const free = (p: FloorPerson) => !this.#o.busy(p.id) && !this.#o.inRound(p.id);
    const alone = here.filter((p) => !groupOf.has(p.id) && free(p));
    for (const p of here) {
      if (groupOf.has(p.id) || !free(p)) {
        this.#aloneSince.set(p.id, now);
        continue;
      }
      const since = this.#aloneSince.get(p.id) ?? now;
      this.#aloneSince.set(p.id, since);
      if (now - since < ALONE_MS || now < (this.#nextAt.get(p.id) ?? 0)) continue;
      const nudge = this.#suggest(p, alone, groups, plan);
      if (!nudge) continue;
      this.#nextAt.set(p.id, now + REPEAT_MS);
      if (nudge.kind === "alone") this.#nextAt.set(nudge.id, Math.max(this.#nextAt.get(nudge.id) ?? 0, now + AWAITED_MS));
      this.#o.outbox.send(p.id, "nudge", nudge);
    }
  }

  /** The nearest other person standing alone, or conversation with room, that `p` may be sent to. */
  #suggest(p: FloorPerson, alone: readonly FloorPerson[], groups: readonly FloorPerson[][], plan: Floor): Nudge | null {
    const d = (q: FloorPerson) => Math.hypot(q.walker.x - p.walker.x, q.walker.y - p.walker.y);
    let best: { d: number; nudge: Nudge } | null = null;
    for (const q of alone) {
      if (q.id === p.id || this.#o.apart(p.id, q.id)) continue;
      const dq = d(q);
      if (!best || dq < best.d) best = { d: dq, nudge: { kind: "alone", id: q.id, name: this.#o.name(q.id), others: 0, place: null, tile: tileOf(q.walker) } };
    }
    const counts = this.#o.counts();
    for (const g of groups) {
      if (g.some((q) => this.#o.apart(p.id, q.id) || this.#o.busy(q.id) || this.#o.inRound(q.id))) continue;
      const nearest = g.reduce((a, b) => (d(b) < d(a) ? b : a));
      const dq = d(nearest);
      if (best && dq >= best.d) continue;
      const zone = limitedZoneAt(plan.zones, nearest.walker.x, nearest.walker.y);
      const limit = zone ? limitOf(zone) : undefined;
      if (zone && limit !== undefined && (counts.get(zone.name) ?? 0) >= limit) continue; // full: no room for one more
      const tile = (zone && tileInZone(plan, zone)) ?? tileOf(nearest.walker);
      best = { d: dq, nudge: { kind: "conversation", id: nearest.id, name: this.#o.name(nearest.id), others: g.length - 1, place: zone?.name ?? null, tile } };
    }
    return best?.nudge ?? null;
  }

  leave(id: string): void {
    this.#aloneSince.delete(id);
    this.#nextAt.delete(id);
  }
}

/** The conversations on the floor: people joined by hearing each other (open floor) or sharing a spot. */
export function conversations(people: readonly FloorPerson[], floor: Pick<Floor, "zones">): FloorPerson[][] {
  const byId = new Map(people.map((p) => [p.id, p]));
  const next = new Map<string, string[]>();
  for (const [a, b] of conversationPairs(people.map((p) => ({ id: p.id, x: p.walker.x, y: p.walker.y })), floor)) {
    next.set(a, [...(next.get(a) ?? []), b]);
    next.set(b, [...(next.get(b) ?? []), a]);
  }
  const seen = new Set<string>();
  const out: FloorPerson[][] = [];
  for (const start of next.keys()) {
    if (seen.has(start)) continue;
    const group: FloorPerson[] = [];
    const todo = [start];
    seen.add(start);
    while (todo.length) {
      const id = todo.pop()!;
      const p = byId.get(id);
      if (p) group.push(p);
      for (const n of next.get(id) ?? []) if (!seen.has(n)) (seen.add(n), todo.push(n));
    }
    out.push(group);
  }
  return out;
}
