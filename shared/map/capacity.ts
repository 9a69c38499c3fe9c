/**
 * Seats and capacity: a workshop table has `seats`, a coffee corner an optional
 * `capacity`. Counting who is in each and refusing one more is pure logic, used by the
 * room to stop a walker at the edge of a full spot and by the client to label it.
 */
import { TILE_SIZE } from "../constants.ts";
import { rectContainsTile, type TileRect, type Zone } from "./model.ts";

export type LimitedZone = Extract<Zone, { kind: "coffee-corner" | "table" }>;

export function limitOf(zone: Zone): number | undefined {
  if (zone.kind === "table") return zone.seats;
  if (zone.kind === "coffee-corner") return zone.capacity;
  return undefined;
}

/** The limited zone (table or coffee corner with a capacity) at a pixel position, if any. */
export function limitedZoneAt(zones: readonly Zone[], x: number, y: number): LimitedZone | undefined {
  const tx = Math.floor(x / TILE_SIZE);
  const ty = Math.floor(y / TILE_SIZE);
  let best: LimitedZone | undefined;
  for (const z of zones) {
    if ((z.kind !== "table" && z.kind !== "coffee-corner") || limitOf(z) === undefined) continue;
    if (!rectContainsTile(z.rect, tx, ty)) continue;
    if (!best || z.rect.width * z.rect.height < best.rect.width * best.rect.height) best = z;
  }
  return best;
}

/** How many people stand in each limited zone, by zone name. */
export function occupancy(zones: readonly Zone[], people: Iterable<{ x: number; y: number }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const z of zones) if ((z.kind === "table" || z.kind === "coffee-corner") && limitOf(z) !== undefined) counts.set(z.name, 0);
  for (const p of people) {
    const z = limitedZoneAt(zones, p.x, p.y);
    if (z) counts.set(z.name, (counts.get(z.name) ?? 0) + 1);
  }
  return counts;
}

/** A stage: who may stand on it is the floor's decision (roles), injected into `mayEnter`. */
export type StageZone = Extract<Zone, { kind: "stage" }>;
/** A table or coffee corner, with or without a limit: a host may close either. */
export type ConversationZone = Extract<Zone, { kind: "coffee-corner" | "table" }>;

/** What decides entry besides seats; the floor injects it (the client's prediction has none). */
export interface EntryRules {
  /** May this person stand on this stage (a speaker, a host, someone a host brought up)? */
  mayBeOnStage?(stage: StageZone): boolean;
  /** Tables and coffee corners a host closed, by name. */
  closed?: ReadonlySet<string>;
  /**
   * The table or corner held for this person (their mixer group's place): they may step in
   * even while it is full, as someone of the last round may still be on their way out.
   */
  held?: string | null;
}

export type EntryVerdict =
  | { ok: true }
  | { ok: false; reason?: "full"; zone: LimitedZone; limit: number }
  | { ok: false; reason: "closed"; zone: ConversationZone }
  | { ok: false; reason: "stage"; zone: StageZone };

/** The first zone matching `is` that contains `to`'s tile but not `from`'s (a step into it). */
function steppedInto<Z extends Zone>(zones: readonly Zone[], is: (z: Zone) => z is Z, from: { x: number; y: number }, to: { x: number; y: number }): Z | undefined {
  const tile = (v: number) => Math.floor(v / TILE_SIZE);
  return zones.find((z): z is Z => is(z) && rectContainsTile(z.rect, tile(to.x), tile(to.y)) && !rectContainsTile(z.rect, tile(from.x), tile(from.y)));
}

/**
 * May someone move from `from` to `to`? Refused when stepping onto a stage the rules keep
 * them off, into a closed table or corner, or into a limited zone they are not already
 * in that is full.
 */
export function mayEnter(
  zones: readonly Zone[],
  counts: ReadonlyMap<string, number>,
  from: { x: number; y: number },
  to: { x: number; y: number },
  rules: EntryRules = {},
): EntryVerdict {
  const { mayBeOnStage, closed } = rules;
  if (mayBeOnStage) {
    const stage = steppedInto(zones, (z): z is StageZone => z.kind === "stage", from, to);
    if (stage && !mayBeOnStage(stage)) return { ok: false, reason: "stage", zone: stage };
  }
  if (closed && closed.size > 0) {
    const spot = steppedInto(zones, (z): z is ConversationZone => (z.kind === "table" || z.kind === "coffee-corner") && closed.has(z.name), from, to);
    if (spot) return { ok: false, reason: "closed", zone: spot };
  }
  const target = limitedZoneAt(zones, to.x, to.y);
  if (!target) return { ok: true };
  const current = limitedZoneAt(zones, from.x, from.y);
  if (current && current.id === target.id) return { ok: true };
  const limit = limitOf(target)!;
  if (rules.held === target.name) return { ok: true };
  if ((counts.get(target.name) ?? 0) >= limit) return { ok: false, reason: "full", zone: target, limit };
  return { ok: true };
}

/** What a person is told when a step is refused (a full spot, a closed one, a stage for speakers). */
export function refusalMessage(verdict: Exclude<EntryVerdict, { ok: true }>): string {
  if (verdict.reason === "stage") return `${verdict.zone.name} is for speakers; raise your hand to be brought up`;
  if (verdict.reason === "closed") return `${verdict.zone.name} is closed by a host`;
  return `${verdict.zone.name} is full (${verdict.limit}/${verdict.limit} ${verdict.zone.kind === "table" ? "seats taken" : "people"})`;
}

/** The areas of the tables and coffee corners named in `closed`: what a route walks around (shared/movement/path.ts). */
export function closedAreas(zones: readonly Zone[], closed: ReadonlySet<string>): TileRect[] {
  if (closed.size === 0) return [];
  return zones.filter((z) => (z.kind === "table" || z.kind === "coffee-corner") && closed.has(z.name)).map((z) => z.rect);
}

/**
 * The areas of the tables and coffee corners that are full now (`counts` at their limit):
 * a route to somewhere else walks around them, since a step into one is refused and would
 * leave the walker standing at its edge.
 */
export function fullAreas(zones: readonly Zone[], counts: ReadonlyMap<string, number>): TileRect[] {
  return zones.filter((z): z is LimitedZone => (z.kind === "table" || z.kind === "coffee-corner") && limitOf(z) !== undefined && (counts.get(z.name) ?? 0) >= limitOf(z)!).map((z) => z.rect);
}
