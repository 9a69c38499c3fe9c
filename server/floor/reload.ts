/**
 * A host published a new version of the floor plan while people stand on it: anyone now
 * on a blocked tile is placed on the nearest free one, and routes are planned again on
 * the new plan. Never loads a plan (the room fetches it) and never redraws anything
 * (clients see the new map version and redraw themselves).
 */
import type { Floor, TileRect } from "../../shared/map/model.ts";
import type { Pathfinder } from "../../shared/movement/path.ts";
import { fits, tileOf } from "../../shared/movement/step.ts";
import type { FloorPerson } from "./person.ts";
import type { Places } from "./places.ts";

/** `closedTo`: the closed spots a session's new route goes around. */
export function resettle(plan: Floor, people: Iterable<FloorPerson>, places: Places, pathfinder: Pathfinder, closedTo: (id: string) => readonly TileRect[] = () => []): void {
  const everyone = [...people];
  // Seats are counted on the new plan first, so a move off a wall counts from where they stood.
  places.replacePlan(plan, everyone);
  for (const p of everyone) {
    const w = p.walker;
    const goal = w.route.at(-1);
    if (!fits(plan, w.x, w.y)) places.place(p, w.x, w.y);
    w.route = goal ? (pathfinder.find(tileOf(w), tileOf(goal), closedTo(p.id)) ?? []) : [];
  }
}
