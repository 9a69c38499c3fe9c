/**
 * Level of detail for positions: in a dense crowd a client sees hundreds of avatars, and
 * sending every one of them every tick costs ~20 kB/s. The nearest avatars and everyone
 * you hear are sent every tick; the rest of the view every 2nd, 4th or 8th tick, the
 * farthest least often, so a client's bandwidth is bounded by the budget below however
 * dense the floor. The client interpolates over the actual interval (client/scenes/
 * interpolation.ts), so a sparser avatar still walks smoothly. Pure: no clock, no I/O.
 */
import { DEFAULT_AUDIBILITY } from "../audibility/model.ts";
import { TILE_SIZE } from "../constants.ts";

/** Level 0 is every tick, level L every 2^L ticks. */
export const FULL_DETAIL = 0;
export const DETAIL_LEVELS = 4;
/** The longest an avatar in view goes without an update while it moves: 2^(levels-1) ticks. */
export const LONGEST_PERIOD_TICKS = 1 << (DETAIL_LEVELS - 1);

export interface DetailBudget {
  /**
   * How many of the nearest avatars get each level, cumulatively: `[24, 64, 128]` means
   * the nearest 24 every tick, the next 40 every 2nd tick, the next 64 every 4th and the
   * rest every 8th. The first number is at least the audibility model's `maxSpeakers`, so
   * everyone you could hear on the open floor is among the nearest.
   */
  nearest: readonly [number, number, number];
  /** Distances are ranked in rings this wide (pixels): ranking costs one pass, not a sort. */
  ringPx: number;
}

export const CROWD_DETAIL: DetailBudget = {
  nearest: [Math.max(24, DEFAULT_AUDIBILITY.maxSpeakers), 56, 112],
  ringPx: TILE_SIZE / 2,
};

/** Rings beyond this are all "far" (well past the largest viewport). */
const MAX_RING = 255;

/**
 * Which level each avatar gets, from its distance to the viewer. Avatars the same ring
 * apart get the same level, so the counts in the budget are met to within one ring; the
 * nearest ring is always full detail, however crowded.
 */
export class DetailPlan {
  /** Highest ring of each level (inclusive); beyond the last, the coarsest level. */
  readonly #lastRing: readonly number[];
  readonly #ringPx: number;

  constructor(lastRing: readonly number[], ringPx: number) {
    this.#lastRing = lastRing;
    this.#ringPx = ringPx;
  }

  /** Level for an avatar this far away (pixels); someone you hear is always full detail. */
  levelOf(distancePx: number, heard = false): number {
    if (heard) return FULL_DETAIL;
    const ring = ringOf(distancePx, this.#ringPx);
    for (let level = 0; level < this.#lastRing.length; level++) if (ring <= this.#lastRing[level]!) return level;
    return DETAIL_LEVELS - 1;
  }
}

function ringOf(distancePx: number, ringPx: number): number {
  return Math.min(MAX_RING, Math.floor(Math.max(0, distancePx) / ringPx));
}

/** Plan the levels for one viewer from the distances (pixels) of the avatars it sees. */
export function planDetail(distancesPx: ArrayLike<number>, budget: DetailBudget = CROWD_DETAIL, rings: Uint32Array = new Uint32Array(MAX_RING + 1)): DetailPlan {
  rings.fill(0);
  for (let i = 0; i < distancesPx.length; i++) rings[ringOf(distancesPx[i]!, budget.ringPx)]!++;
  const lastRing: number[] = [];
  let ring = 0;
  let seen = 0;
  for (let level = 0; level < budget.nearest.length; level++) {
    const limit = budget.nearest[level]!;
    // Take whole rings while they fit; level 0 always takes the nearest ring.
    let last = level === 0 ? ring : ring - 1;
    if (level === 0) seen += rings[ring++]!;
    while (ring <= MAX_RING && seen + rings[ring]! <= limit) {
      seen += rings[ring]!;
      last = ring++;
    }
    lastRing.push(last);
  }
  return new DetailPlan(lastRing, budget.ringPx);
}

/** Is an avatar at this level due for an update on this tick? Slots spread the load over ticks. */
export function isDue(level: number, slot: number, tick: number): boolean {
  return ((tick + slot) & ((1 << level) - 1)) === 0;
}
