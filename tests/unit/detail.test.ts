import { describe, expect, it } from "vitest";
import { DEFAULT_AUDIBILITY } from "../../shared/audibility/model.ts";
import { TICK_HZ, TILE_SIZE, WALK_SPEED_PX_PER_TICK } from "../../shared/constants.ts";
import { CROWD_DETAIL, FULL_DETAIL, isDue, LONGEST_PERIOD_TICKS, planDetail } from "../../shared/interest/detail.ts";
import { PositionFeed, Subscriber } from "../../shared/interest/feed.ts";
import { seededRandom } from "../../shared/random.ts";
import { AvatarMirror } from "../../shared/protocol/positions.ts";

/** A crowd of `n` around (0, 0), one every few pixels further out. */
const ringOfPeople = (n: number, step = 8) => Array.from({ length: n }, (_, i) => 40 + i * step);

describe("level of detail for positions", () => {
  it("the nearest avatars get every tick, farther ones less often, the farthest least", () => {
    const distances = ringOfPeople(300);
    const plan = planDetail(distances);
    const levels = distances.map((d) => plan.levelOf(d));
    const full = levels.filter((l) => l === FULL_DETAIL).length;
    // Whole rings of half a tile: the budget is met to within one ring (here 2 people).
    expect(full).toBeGreaterThanOrEqual(CROWD_DETAIL.nearest[0] - 2);
    expect(full).toBeLessThanOrEqual(CROWD_DETAIL.nearest[0]);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThanOrEqual(levels[i - 1]!);
    expect(levels.at(-1)).toBe(3);
    expect(levels.filter((l) => l <= 2).length).toBeLessThanOrEqual(CROWD_DETAIL.nearest[2]);
  });

  it("everyone you could hear on the open floor is among those sent every tick", () => {
    expect(CROWD_DETAIL.nearest[0]).toBeGreaterThanOrEqual(DEFAULT_AUDIBILITY.maxSpeakers);
    // A sparse floor: the whole hearing radius is full detail.
    const sparse = planDetail([20, 60, DEFAULT_AUDIBILITY.hearingRadius, 900, 1200]);
    expect(sparse.levelOf(DEFAULT_AUDIBILITY.hearingRadius)).toBe(FULL_DETAIL);
  });

  it("the nearest ring is full detail however packed it is, and someone you hear always is", () => {
    const packed = planDetail(new Array<number>(200).fill(5).concat(ringOfPeople(100, 10)));
    expect(packed.levelOf(5)).toBe(FULL_DETAIL);
    expect(packed.levelOf(600)).toBeGreaterThan(FULL_DETAIL);
    expect(packed.levelOf(600, true)).toBe(FULL_DETAIL);
  });

  it("a few people in view are all sent every tick", () => {
    const plan = planDetail([30, 300, 700, 1100]);
    for (const d of [30, 300, 700, 1100]) expect(plan.levelOf(d)).toBe(FULL_DETAIL);
  });

  it("an avatar at level L is due once every 2^L ticks", () => {
    for (let level = 0; level < 4; level++) {
      let due = 0;
      for (let tick = 0; tick < 64; tick++) if (isDue(level, 1234, tick)) due++;
      expect(due).toBe(64 >> level);
    }
  });
});

describe("positions under level of detail (feed → mirror)", () => {
  /** 300 people walking at random in a 64×44 hall; the viewer walks too and re-plans every 4 ticks, as the room does. */
  function crowd(n: number, ticks: number, standLast = 0) {
    const rand = seededRandom(7);
    const feed = new PositionFeed();
    const s = new Subscriber();
    const mirror = new AvatarMirror("me");
    const W = 64 * TILE_SIZE;
    const H = 44 * TILE_SIZE;
    const people = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, x: 100 + rand() * (W - 200), y: 100 + rand() * (H - 200), vx: 0, vy: 0 }));
    people[0]!.id = "me";
    for (const p of people) {
      feed.add(p.id, Math.round(p.x), Math.round(p.y), 0, false);
      feed.show(s, p.id);
    }
    let bytes = 0;
    let worstGap = 0;
    /** Per avatar: ticks since its mirror copy last matched where it is. */
    const behind = new Map<string, number>();
    for (let tick = 0; tick < ticks; tick++) {
      const standing = tick >= ticks - standLast;
      for (const p of people) {
        if (tick % 30 === 0) {
          const a = rand() * Math.PI * 2;
          p.vx = Math.cos(a) * WALK_SPEED_PX_PER_TICK;
          p.vy = Math.sin(a) * WALK_SPEED_PX_PER_TICK;
        }
        if (standing) continue;
        p.x = Math.min(W - 40, Math.max(40, p.x + p.vx));
        p.y = Math.min(H - 40, Math.max(40, p.y + p.vy));
        feed.set(p.id, Math.round(p.x), Math.round(p.y), 0, true);
      }
      if (standing) for (const p of people) feed.set(p.id, Math.round(p.x), Math.round(p.y), 0, false);
      if (tick % 4 === 0) feed.plan(s, people[0]!.x, people[0]!.y, []);
      const m = feed.message(s, 0);
      if (m) {
        bytes += m.byteLength;
        mirror.apply(m.slice());
      }
      feed.endTick();
      for (const p of people) {
        const a = mirror.avatars.get(p.id)!;
        const same = a.x === Math.round(p.x) && a.y === Math.round(p.y);
        const gap = same ? 0 : (behind.get(p.id) ?? 0) + 1;
        behind.set(p.id, gap);
        if (tick > 0) worstGap = Math.max(worstGap, gap);
      }
    }
    return { feed, s, mirror, people, bytesPerSecond: (bytes / ticks) * TICK_HZ, worstGap };
  }

  it("300 walkers in view cost one client well under 10 kB/s", () => {
    const { bytesPerSecond } = crowd(300, 200);
    expect(bytesPerSecond).toBeLessThan(8000);
  });

  it("every walking avatar in view is brought up to date within 8 ticks, and steps across ticks add up exactly", () => {
    const { worstGap } = crowd(300, 200);
    expect(worstGap).toBeLessThanOrEqual(LONGEST_PERIOD_TICKS);
  });

  it("when everyone stops, every client ends up with exactly where they stand", () => {
    const { mirror, people } = crowd(300, 120, LONGEST_PERIOD_TICKS + 1);
    for (const p of people) expect([mirror.avatars.get(p.id)?.x, mirror.avatars.get(p.id)?.y, mirror.avatars.get(p.id)?.moving]).toEqual([Math.round(p.x), Math.round(p.y), false]);
  });

  it("the viewer's nearest neighbours are sent every tick", () => {
    const { feed, s, people } = crowd(300, 41);
    const me = people[0]!;
    const nearest = [...people.slice(1)].sort((a, b) => Math.hypot(a.x - me.x, a.y - me.y) - Math.hypot(b.x - me.x, b.y - me.y)).slice(0, 10);
    for (const p of nearest) expect(feed.levelOf(s, p.id)).toBe(FULL_DETAIL);
    feed.plan(s, me.x, me.y, [people[299]!.id]);
    expect(feed.levelOf(s, people[299]!.id)).toBe(FULL_DETAIL);
  });
});
