/**
 * The floor as a list, the text version of the map: every place a person can go to
 * (stages, tables, coffee corners, quiet rooms, ways to other floors, signs with their
 * words), who is seen in each, free seats, and the tile to walk to when someone picks
 * "go there". Pure: the list view (client/ui/places.ts) draws it, nothing here touches
 * the page or the wire.
 */
import { fits, tileCenter, tileOf, type Grid } from "../movement/step.ts";
import { limitOf } from "./capacity.ts";
import { isBlocked, rectContainsTile, type Zone } from "./model.ts";

/** Kinds of zone listed as places, in the order the list shows them. */
export const PLACE_KINDS = ["stage", "table", "coffee-corner", "silent", "portal", "sign"] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface Place {
  /** The zone's name (unique on the floor). */
  name: string;
  kind: PlaceKind;
  /** What people call it: a table's topic, else its name. */
  title: string;
  /** Seats or capacity, if the place has a limit. */
  limit?: number;
  /** People inside: the room's count for limited places, else those seen. */
  taken: number;
  /** Ids of the people seen inside (a page sees only those near it). */
  people: string[];
  /** You stand in it. */
  here: boolean;
  /** A portal's target floor. */
  leadsTo?: string;
  /** A sign's words (the list reads them out, so nobody has to walk up to read it). */
  text?: string;
}

interface Someone {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

function inside(zone: Zone, p: { readonly x: number; readonly y: number }): boolean {
  const { tx, ty } = tileOf(p);
  return rectContainsTile(zone.rect, tx, ty);
}

/**
 * The places of a floor with who is in each. `people` are the positions this page knows
 * (pixels), `occupancy` the room's per-zone counts, `me` where you stand.
 */
export function placesOf(
  zones: readonly Zone[],
  people: Iterable<Someone>,
  occupancy: ReadonlyMap<string, number>,
  me: { readonly x: number; readonly y: number } | null,
): Place[] {
  const everyone = [...people];
  const places: Place[] = [];
  for (const kind of PLACE_KINDS)
    for (const z of zones) {
      if (z.kind !== kind) continue;
      const seen = everyone.filter((p) => inside(z, p)).map((p) => p.id);
      const limit = limitOf(z);
      places.push({
        name: z.name,
        kind,
        title: z.kind === "table" && z.topic ? z.topic : z.name,
        ...(limit !== undefined ? { limit } : {}),
        taken: limit !== undefined ? Math.max(occupancy.get(z.name) ?? 0, seen.length) : seen.length,
        people: seen,
        here: me !== null && inside(z, me),
        ...(z.kind === "portal" ? { leadsTo: z.target } : {}),
        ...(z.kind === "sign" ? { text: z.text } : {}),
      });
    }
  return places;
}

/**
 * Where "go there" walks you: the free tile inside the zone nearest to `from` (so you
 * step in at the near side of a table), or null if nobody fits anywhere inside.
 */
export function placeTarget(grid: Grid, zone: Zone, from: { tx: number; ty: number }): { tx: number; ty: number } | null {
  let best: { tx: number; ty: number } | null = null;
  let bestDistance = Infinity;
  const { x, y, width, height } = zone.rect;
  for (let ty = y; ty < y + height; ty++)
    for (let tx = x; tx < x + width; tx++) {
      const c = tileCenter(tx, ty);
      if (isBlocked(grid, tx, ty) || !fits(grid, c.x, c.y)) continue;
      const d = (tx - from.tx) ** 2 + (ty - from.ty) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = { tx, ty };
      }
    }
  return best;
}
