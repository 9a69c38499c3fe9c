/**
 * The step rule: how far one tick of walking moves an avatar, and what stops it.
 * Server and client run the same function, so the client's prediction of its own
 * avatar matches what the server decides unless someone else's action intervenes.
 * Never reads the clock or the network; everything comes in as arguments.
 */
import {
  AVATAR_HALF_HEIGHT,
  AVATAR_HALF_WIDTH,
  TILE_SIZE,
  WALK_SPEED_PX_PER_TICK,
  type Direction,
} from "../constants.ts";
import { isBlocked, type Floor } from "../map/model.ts";

export type Grid = Pick<Floor, "width" | "height" | "blocked">;

export interface Position {
  x: number;
  y: number;
}

/** A held direction: each axis -1, 0 or 1. */
export interface Intent {
  dx: -1 | 0 | 1;
  dy: -1 | 0 | 1;
}

/** True if an avatar whose feet are at (x, y) overlaps no blocked tile. */
export function fits(grid: Grid, x: number, y: number): boolean {
  const left = Math.floor((x - AVATAR_HALF_WIDTH) / TILE_SIZE);
  const right = Math.floor((x + AVATAR_HALF_WIDTH - 0.001) / TILE_SIZE);
  const top = Math.floor((y - AVATAR_HALF_HEIGHT) / TILE_SIZE);
  const bottom = Math.floor((y + AVATAR_HALF_HEIGHT - 0.001) / TILE_SIZE);
  for (let ty = top; ty <= bottom; ty++) {
    for (let tx = left; tx <= right; tx++) {
      if (isBlocked(grid, tx, ty)) return false;
    }
  }
  return true;
}

/**
 * Move by (vx, vy) pixels, one axis at a time, so walking diagonally into a wall slides
 * along it. Because the avatar is a box, it can never pass through the shared corner of
 * two diagonal wall tiles.
 */
export function moveBy(grid: Grid, pos: Position, vx: number, vy: number): Position {
  let { x, y } = pos;
  if (vx !== 0) {
    const nx = x + vx;
    if (fits(grid, nx, y)) x = nx;
    else x = snapToWall(grid, x, y, vx, "x");
  }
  if (vy !== 0) {
    const ny = y + vy;
    if (fits(grid, x, ny)) y = ny;
    else y = snapToWall(grid, x, y, vy, "y");
  }
  return { x, y };
}

/** Move as close to the wall as possible without touching it (at most one step). */
function snapToWall(grid: Grid, x: number, y: number, v: number, axis: "x" | "y"): number {
  const start = axis === "x" ? x : y;
  const dir = Math.sign(v);
  let best = start;
  for (let d = 1; d <= Math.ceil(Math.abs(v)); d++) {
    const c = start + dir * d;
    const ok = axis === "x" ? fits(grid, c, y) : fits(grid, x, c);
    if (!ok) break;
    best = c;
  }
  return best;
}

/** One tick of walking with a held direction; diagonals are as fast as straight lines. */
export function step(grid: Grid, pos: Position, intent: Intent, speed = WALK_SPEED_PX_PER_TICK): Position {
  if (intent.dx === 0 && intent.dy === 0) return pos;
  const len = Math.hypot(intent.dx, intent.dy);
  return moveBy(grid, pos, (intent.dx / len) * speed, (intent.dy / len) * speed);
}

/** One tick toward a waypoint; returns the new position and whether it was reached. */
export function stepToward(
  grid: Grid,
  pos: Position,
  target: Position,
  speed = WALK_SPEED_PX_PER_TICK,
): { pos: Position; reached: boolean; stuck: boolean } {
  const ddx = target.x - pos.x;
  const ddy = target.y - pos.y;
  const dist = Math.hypot(ddx, ddy);
  // A hair of tolerance: float error must not cost a whole tick at every waypoint.
  if (dist <= speed + 1e-6) {
    if (fits(grid, target.x, target.y)) return { pos: { ...target }, reached: true, stuck: false };
  }
  const k = Math.min(1, speed / (dist || 1));
  const next = moveBy(grid, pos, ddx * k, ddy * k);
  const stuck = next.x === pos.x && next.y === pos.y;
  return { pos: next, reached: false, stuck };
}

/** Which way an avatar faces after moving by (vx, vy); keeps the old facing when still. */
export function facing(vx: number, vy: number, previous: Direction): Direction {
  if (Math.abs(vx) < 0.01 && Math.abs(vy) < 0.01) return previous;
  if (Math.abs(vx) > Math.abs(vy)) return vx < 0 ? "left" : "right";
  return vy < 0 ? "up" : "down";
}

/** Pixel position of the centre of a tile (where avatars stand). */
export function tileCenter(tx: number, ty: number): Position {
  return { x: tx * TILE_SIZE + TILE_SIZE / 2, y: ty * TILE_SIZE + TILE_SIZE / 2 };
}

export function tileOf(pos: Position): { tx: number; ty: number } {
  return { tx: Math.floor(pos.x / TILE_SIZE), ty: Math.floor(pos.y / TILE_SIZE) };
}

/** Nearest tile an avatar fits on, searching outward from (tx, ty); null if none. */
export function nearestFreeTile(grid: Grid, tx: number, ty: number, maxRadius = 64): { tx: number; ty: number } | null {
  for (let r = 0; r <= maxRadius; r++) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
        const x = tx + dx;
        const y = ty + dy;
        const c = tileCenter(x, y);
        if (!isBlocked(grid, x, y) && fits(grid, c.x, c.y)) return { tx: x, ty: y };
      }
    }
  }
  return null;
}
