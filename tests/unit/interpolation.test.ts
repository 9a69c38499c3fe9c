import { describe, expect, it } from "vitest";
import { MIN_DELAY_MS, Interpolator } from "../../client/scenes/interpolation.ts";
import { TICK_MS, WALK_SPEED_TILES, TILE_SIZE } from "../../shared/constants.ts";

const SPEED = (WALK_SPEED_TILES * TILE_SIZE) / 1000; // px per ms
const FRAME_MS = 1000 / 60;

/**
 * Someone walks right at walking speed; their updates arrive every `periodTicks(t)` ticks
 * (with a little jitter); we draw 60 frames a second and return each frame's movement.
 */
function walk(durationMs: number, periodTicks: (t: number) => number, jitterMs = 0) {
  let tick = 0;
  let nextUpdate = 0;
  const i = new Interpolator(0, 0, 0);
  const steps: number[] = [];
  let drawn = i.at(0).x;
  let seed = 1;
  const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * jitterMs;
  const arrivals: { at: number; x: number }[] = [];
  for (let t = FRAME_MS; t < durationMs; t += FRAME_MS) {
    while ((tick + 1) * TICK_MS <= t) {
      tick++;
      if (tick >= nextUpdate) {
        arrivals.push({ at: tick * TICK_MS + jitter(), x: tick * TICK_MS * SPEED });
        nextUpdate = tick + periodTicks(tick * TICK_MS);
      }
    }
    arrivals.sort((a, b) => a.at - b.at);
    while (arrivals.length && arrivals[0]!.at <= t) {
      const a = arrivals.shift()!;
      i.push(a.at, a.x, 0, true);
    }
    const x = i.at(t).x;
    steps.push(x - drawn);
    drawn = x;
  }
  return { steps, delay: i.delay };
}

/** After the first second: no frame moves more than twice a walking frame, none goes backwards, and it never stands. */
function expectSmooth(steps: number[]): void {
  const settled = steps.slice(60);
  const frame = SPEED * FRAME_MS;
  expect(Math.max(...settled)).toBeLessThanOrEqual(frame * 2);
  expect(Math.min(...settled)).toBeGreaterThan(0);
}

describe("drawing remote avatars between updates", () => {
  it("an avatar updated every tick is drawn two ticks behind and walks smoothly", () => {
    const { steps, delay } = walk(3000, () => 1, 5);
    expect(delay).toBeLessThanOrEqual(MIN_DELAY_MS + TICK_MS * 1.5);
    expectSmooth(steps);
  });

  it("a far avatar updated only every 8th tick still walks smoothly (no standing and leaping)", () => {
    const { steps, delay } = walk(4000, () => 8, 5);
    expect(delay).toBeGreaterThan(8 * TICK_MS);
    expectSmooth(steps);
  });

  it("an avatar whose rate changes as it comes closer or walks away never jumps", () => {
    const { steps } = walk(8000, (t) => (t < 2500 ? 8 : t < 5000 ? 1 : 4), 5);
    expectSmooth(steps);
  });

  it("someone who stops is drawn exactly where they stopped", () => {
    const i = new Interpolator(0, 0, 0);
    for (let t = 400; t <= 2000; t += 400) i.push(t, t * SPEED, 0, t < 2000);
    let at = { x: 0, y: 0 };
    for (let t = 2000; t < 4000; t += FRAME_MS) at = i.at(t);
    expect(at).toEqual({ x: 2000 * SPEED, y: 0 });
  });

  it("someone who stood still starts walking from where they stood, without a slide", () => {
    const i = new Interpolator(0, 100, 100);
    i.push(10, 100, 100, false);
    expect(i.at(5000)).toEqual({ x: 100, y: 100 });
    i.push(5000, 106, 100, true);
    expect(i.at(5000 + TICK_MS).x).toBeCloseTo(100, 0);
  });
});
