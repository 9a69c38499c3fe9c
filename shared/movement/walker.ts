/**
 * One avatar's movement state between ticks: a held direction (keyboard) or a route
 * (click-to-walk), and what one tick does with it. The server advances every walker on
 * its fixed tick; the client advances its own to predict.
 */
import { WALK_SPEED_PX_PER_TICK, type Direction } from "../constants.ts";
import { facing, step, stepToward, tileCenter, tileOf, type Grid, type Intent, type Position } from "./step.ts";

export interface Walker extends Position {
  dir: Direction;
  intent: Intent;
  /** Remaining waypoints of a click-to-walk route; empty when not following one. */
  route: Position[];
  moving: boolean;
}

export function newWalker(x: number, y: number, dir: Direction = "down"): Walker {
  return { x, y, dir, intent: { dx: 0, dy: 0 }, route: [], moving: false };
}

/** Hold a direction; it cancels a route, as taking the controls back would. */
export function hold(w: Walker, intent: Intent): void {
  w.intent = intent;
  if (intent.dx !== 0 || intent.dy !== 0) w.route = [];
}

/** Follow a route; it cancels a held direction. */
export function follow(w: Walker, route: Position[]): void {
  // A route's legs run between tile centres. From anywhere else in the tile (stopped
  // mid-step, held back at the edge of a full spot) the first leg would run at a slant and
  // can clip the corner of a neighbouring tile the route went around — a full coffee corner
  // refuses the step, again at every replan. So such a route starts from the tile's centre.
  const here = tileCenter(tileOf(w).tx, tileOf(w).ty);
  const first = route[0];
  const offCentre = Math.abs(w.x - here.x) > 0.5 || Math.abs(w.y - here.y) > 0.5;
  w.route = first && offCentre && (first.x !== here.x || first.y !== here.y) ? [here, ...route] : route;
  w.intent = { dx: 0, dy: 0 };
}

/** Advance one tick. Returns true if the position changed. */
export function advance(w: Walker, grid: Grid): boolean {
  const before = { x: w.x, y: w.y };
  if (w.intent.dx !== 0 || w.intent.dy !== 0) {
    const p = step(grid, w, w.intent);
    w.x = p.x;
    w.y = p.y;
    // Face the held direction even when pressed against a wall.
    w.dir = facing(w.intent.dx, w.intent.dy, w.dir);
  } else if (w.route.length > 0) {
    // Spend the whole tick's distance, carrying what is left past each waypoint, so a
    // route is walked at the same speed as a held key.
    let budget = WALK_SPEED_PX_PER_TICK;
    while (budget > 1e-6 && w.route.length > 0) {
      const target = w.route[0]!;
      const from = { x: w.x, y: w.y };
      const r = stepToward(grid, w, target, budget);
      w.x = r.pos.x;
      w.y = r.pos.y;
      w.dir = facing(target.x - from.x, target.y - from.y, w.dir);
      if (r.reached) {
        budget -= Math.hypot(w.x - from.x, w.y - from.y);
        w.route.shift();
      } else {
        if (r.stuck) w.route = []; // the floor changed under the route; stop rather than push a wall
        break;
      }
    }
  }
  const moved = w.x !== before.x || w.y !== before.y;
  w.moving = moved;
  return moved;
}

/**
 * Undo this tick's step: back to `at` (where it stood before), route dropped, standing.
 * A held direction stays held, so pushing against a full table is like pushing a wall.
 */
export function stopAt(w: Walker, at: Position): void {
  w.x = at.x;
  w.y = at.y;
  w.route = [];
  w.moving = false;
}

/** Let go of the controls: no held direction, no route (arriving through a portal, going away). */
export function halt(w: Walker): void {
  w.intent = { dx: 0, dy: 0 };
  w.route = [];
}
