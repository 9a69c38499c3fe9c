/**
 * Where someone appears on a floor: a free tile of the named spawn zone (arriving
 * through a portal), else of the floor's first spawn (its entrance). Never puts anyone
 * anywhere itself: it returns a position, and Places puts the person there.
 */
import { zonesOfKind, type Floor } from "../../shared/map/model.ts";
import { fits, nearestFreeTile, tileCenter, type Position } from "../../shared/movement/step.ts";

const RANDOM_TRIES = 20;

export function spawnPoint(floor: Floor, named: string | undefined, random: () => number): Position {
  const spawns = zonesOfKind(floor, "spawn");
  const zone = spawns.find((z) => z.name === named) ?? spawns[0];
  if (!zone) return nearestFreeCenter(floor, Math.floor(floor.width / 2), Math.floor(floor.height / 2));
  // A few random tiles in the zone (so arrivals do not stack), then the nearest free one to its centre.
  for (let i = 0; i < RANDOM_TRIES; i++) {
    const c = tileCenter(zone.rect.x + Math.floor(random() * zone.rect.width), zone.rect.y + Math.floor(random() * zone.rect.height));
    if (fits(floor, c.x, c.y)) return c;
  }
  return nearestFreeCenter(floor, zone.rect.x + Math.floor(zone.rect.width / 2), zone.rect.y + Math.floor(zone.rect.height / 2));
}

function nearestFreeCenter(floor: Floor, tx: number, ty: number): Position {
  const t = nearestFreeTile(floor, tx, ty);
  return t ? tileCenter(t.tx, t.ty) : tileCenter(tx, ty);
}
