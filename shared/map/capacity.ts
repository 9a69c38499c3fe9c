/**
 * Seats and capacity: a workshop table has `seats`, a coffee corner an optional
 * `capacity`. Counting who is in each and refusing one more is pure logic, used by the
 * room to stop a walker at the edge of a full spot and by the client to label it.
 */
import { TILE_SIZE } from "../constants.ts";
import { rectContainsTile, type Zone } from "./model.ts";

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

/**
 * May someone move from `from` to `to`? Refused only when stepping into a limited zone
 * they are not already in, and it is full.
 */
export function mayEnter(
  zones: readonly Zone[],
  counts: ReadonlyMap<string, number>,
  from: { x: number; y: number },
  to: { x: number; y: number },
): { ok: true } | { ok: false; zone: LimitedZone; limit: number } {
  const target = limitedZoneAt(zones, to.x, to.y);
  if (!target) return { ok: true };
  const current = limitedZoneAt(zones, from.x, from.y);
  if (current && current.id === target.id) return { ok: true };
  const limit = limitOf(target)!;
  if ((counts.get(target.name) ?? 0) >= limit) return { ok: false, zone: target, limit };
  return { ok: true };
}
