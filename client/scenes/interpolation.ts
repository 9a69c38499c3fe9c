/**
 * Where to draw a remote avatar between server updates. Avatars are drawn a little in the
 * past, between two known positions. How far in the past follows how often this avatar's
 * updates actually arrive: the nearest come every tick, a far one in a crowd only every
 * 8th (level of detail, shared/interest/detail.ts), and drawing it only two ticks behind
 * would make it stand and leap. The delay eases towards its target (the drawn clock runs
 * a little slower or faster for a moment); until it has caught up a walker keeps walking
 * the way it went, and any difference fades out, so a change of rate never makes anyone jump.
 * Pure: time is passed in.
 */
import { TICK_MS } from "../../shared/constants.ts";
import { LONGEST_PERIOD_TICKS } from "../../shared/interest/detail.ts";

/** At full rate: two ticks behind, always between two known positions. */
export const MIN_DELAY_MS = TICK_MS * 2;
/** One tick of slack beyond the update interval, for network jitter. */
const SLACK_MS = TICK_MS;
/** Gaps longer than the slowest update rate are someone standing still, not the rate. */
const LONGEST_GAP_MS = LONGEST_PERIOD_TICKS * TICK_MS * 1.5;
/** The interval is the longest gap among the last few updates while walking. */
const GAPS_KEPT = 4;
/** How fast the delay may change, per ms of real time: the drawn clock runs at 0.5–1.25× while it adapts. */
const DELAY_GROWTH = 0.5;
const DELAY_SHRINK = 0.25;
const SNAPSHOTS_KEPT = 20;
/** A correction (the path turned out different from the guess) fades over about this long. */
const CORRECTION_MS = 120;

interface Snapshot {
  t: number;
  x: number;
  y: number;
}

export class Interpolator {
  readonly #snapshots: Snapshot[] = [];
  readonly #gaps: number[] = [];
  #moving = false;
  #delay = MIN_DELAY_MS;
  #lastNow: number | null = null;
  /** Where the avatar was last drawn, and how far that is from the path as now known (eased away). */
  #drawn: { x: number; y: number } | null = null;
  #offset = { x: 0, y: 0 };

  constructor(t: number, x: number, y: number) {
    this.#snapshots.push({ t, x, y });
  }

  /** How far behind real time this avatar is drawn now (ms). */
  get delay(): number {
    return this.#delay;
  }

  /** A server update arrived at time t. */
  push(t: number, x: number, y: number, moving: boolean): void {
    const s = this.#snapshots;
    const last = s[s.length - 1]!;
    const gap = t - last.t;
    // After standing still the next update says nothing about the rate.
    if (this.#moving && gap <= LONGEST_GAP_MS) {
      this.#gaps.push(gap);
      if (this.#gaps.length > GAPS_KEPT) this.#gaps.shift();
    }
    // It stood still until about a tick ago: do not stretch its first step over the whole wait.
    if (!this.#moving && gap > TICK_MS) s.push({ t: t - TICK_MS, x: last.x, y: last.y });
    this.#moving = moving;
    s.push({ t, x, y });
    if (s.length > SNAPSHOTS_KEPT) s.splice(0, s.length - SNAPSHOTS_KEPT);
    // The path may now differ from what was drawn (it turned while we guessed ahead): start
    // from where it is drawn and ease onto the path instead of jumping.
    if (this.#drawn && this.#lastNow !== null) {
      const p = this.#path(this.#lastNow - this.#delay);
      this.#offset = { x: this.#drawn.x - p.x, y: this.#drawn.y - p.y };
    }
  }

  /** The delay this avatar's update rate calls for. */
  #target(): number {
    let longest = 0;
    for (const g of this.#gaps) longest = Math.max(longest, g);
    return Math.max(MIN_DELAY_MS, longest + SLACK_MS);
  }

  /**
   * Position at `renderAt` from the known updates; past the newest one (its updates just
   * became sparser and the delay has not caught up yet), a walker keeps walking the way it went.
   */
  #path(renderAt: number): { x: number; y: number } {
    const s = this.#snapshots;
    if (renderAt <= s[0]!.t) return { x: s[0]!.x, y: s[0]!.y };
    for (let i = s.length - 1; i > 0; i--) {
      const a = s[i - 1]!;
      const b = s[i]!;
      if (a.t <= renderAt && renderAt <= b.t) {
        const k = b.t === a.t ? 1 : (renderAt - a.t) / (b.t - a.t);
        return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
      }
    }
    const b = s[s.length - 1]!;
    const a = s[s.length - 2];
    if (!this.#moving || !a || b.t <= a.t) return { x: b.x, y: b.y };
    const ahead = Math.min(renderAt - b.t, LONGEST_GAP_MS);
    return { x: b.x + ((b.x - a.x) / (b.t - a.t)) * ahead, y: b.y + ((b.y - a.y) / (b.t - a.t)) * ahead };
  }

  /** Where to draw the avatar at time `now` (call once per frame, time only moving forward). */
  at(now: number): { x: number; y: number } {
    const dt = this.#lastNow === null ? 0 : Math.max(0, now - this.#lastNow);
    this.#lastNow = now;
    const change = this.#target() - this.#delay;
    this.#delay += change > 0 ? Math.min(change, dt * DELAY_GROWTH) : Math.max(change, -dt * DELAY_SHRINK);
    const p = this.#path(now - this.#delay);
    const keep = Math.exp(-dt / CORRECTION_MS);
    this.#offset.x *= keep;
    this.#offset.y *= keep;
    // Settled: draw exactly where it is, not a hair off.
    if (Math.abs(this.#offset.x) < 0.05 && Math.abs(this.#offset.y) < 0.05) this.#offset = { x: 0, y: 0 };
    const drawn = { x: p.x + this.#offset.x, y: p.y + this.#offset.y };
    this.#drawn = drawn;
    return drawn;
  }
}
