import { describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import {
  audibility,
  DEFAULT_AUDIBILITY,
  falloff,
  subscriptions,
  type Participant,
} from "../../shared/audibility/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { makeMap } from "../support/maps.ts";

// A 60×30 open hall: a coffee corner, an overhear corner, a table, a stage + audience, a silent booth.
const plan = ["#".repeat(60), ...Array.from({ length: 28 }, () => "#" + ".".repeat(58) + "#"), "#".repeat(60)];
const floor = parseFloor(
  makeMap(plan, [
    { name: "Spawn", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
    { name: "Corner", class: "coffee-corner", x: 10, y: 2, w: 4, h: 4, props: { capacity: 4 } },
    { name: "Open corner", class: "coffee-corner", x: 20, y: 2, w: 4, h: 4, props: { overhear: true } },
    { name: "Table", class: "table", x: 30, y: 2, w: 4, h: 4, props: { seats: 4 } },
    { name: "Stage", class: "stage", x: 40, y: 1, w: 10, h: 3, props: { audience: "Hall" } },
    { name: "Hall", class: "audience", x: 36, y: 5, w: 20, h: 20 },
    { name: "Booth", class: "silent", x: 2, y: 20, w: 3, h: 3 },
  ]),
);

const at = (id: string, tx: number, ty: number, extra: Partial<Participant> = {}): Participant => ({
  id,
  x: tx * TILE_SIZE + 16,
  y: ty * TILE_SIZE + 16,
  ...extra,
});
const heardBy = (people: Participant[], listener: string) => audibility(people, floor).get(listener) ?? [];
const gainOf = (people: Participant[], listener: string, speaker: string) =>
  heardBy(people, listener).find((h) => h.speakerId === speaker)?.gain ?? 0;

describe("open floor", () => {
  it("gain falls smoothly with distance to 0 at the hearing radius", () => {
    expect(falloff(0, 100)).toBe(1);
    expect(falloff(50, 100)).toBeCloseTo(0.5);
    expect(falloff(100, 100)).toBe(0);
    const gains = [1, 2, 3, 4, 5, 6].map((d) => gainOf([at("L", 5, 15), at("S", 5 + d, 15)], "L", "S"));
    for (let i = 1; i < gains.length; i++) expect(gains[i]!).toBeLessThan(gains[i - 1]!);
    expect(gains[0]).toBeGreaterThan(0.9);
    expect(gainOf([at("L", 5, 15), at("S", 12, 15)], "L", "S")).toBe(0); // beyond 6 tiles
  });

  it("pans toward the side the speaker stands on", () => {
    const right = heardBy([at("L", 10, 15), at("S", 13, 15)], "L")[0]!;
    const left = heardBy([at("L", 10, 15), at("S", 7, 15)], "L")[0]!;
    const ahead = heardBy([at("L", 10, 15), at("S", 10, 12)], "L")[0]!;
    expect(right.pan).toBeGreaterThan(0.3);
    expect(left.pan).toBeLessThan(-0.3);
    expect(ahead.pan).toBe(0);
  });

  it("a muted person is not heard but still hears", () => {
    const people = [at("L", 5, 15), at("S", 6, 15, { speaking: false })];
    expect(gainOf(people, "L", "S")).toBe(0);
    expect(gainOf(people, "S", "L")).toBeGreaterThan(0);
  });

  it("a listener consumes at most N speakers, loudest first", () => {
    const crowd = [at("L", 20, 15), ...Array.from({ length: 20 }, (_, i) => at(`S${i}`, 17 + (i % 7), 13 + Math.floor(i / 7)))];
    const heard = heardBy(crowd, "L");
    expect(heard).toHaveLength(DEFAULT_AUDIBILITY.maxSpeakers);
    for (let i = 1; i < heard.length; i++) expect(heard[i]!.gain).toBeLessThanOrEqual(heard[i - 1]!.gain);
  });
});

describe("zones", () => {
  it("everyone inside a coffee corner hears each other at full volume", () => {
    const people = [at("A", 10, 2), at("B", 13, 5)];
    expect(gainOf(people, "A", "B")).toBe(1);
    expect(heardBy(people, "A")[0]!.via).toBe("private");
  });

  it("a listener just outside a coffee corner hears nobody inside, and insiders do not hear them", () => {
    const people = [at("A", 10, 3), at("C", 9, 3)];
    expect(gainOf(people, "C", "A")).toBe(0);
    expect(gainOf(people, "A", "C")).toBe(0);
  });

  it("an overhear corner leaks a faint version to people close by, and nothing further away", () => {
    const people = [at("A", 20, 3), at("C", 19, 3), at("D", 28, 3)];
    const g = gainOf(people, "C", "A");
    expect(g).toBeGreaterThan(0);
    expect(g).toBeLessThanOrEqual(DEFAULT_AUDIBILITY.overhearGain);
    expect(gainOf(people, "D", "A")).toBe(0);
    expect(gainOf(people, "A", "C")).toBe(0); // still private from the inside
  });

  it("a workshop table is private like a coffee corner", () => {
    const people = [at("A", 30, 2), at("B", 33, 5), at("C", 29, 2)];
    expect(gainOf(people, "A", "B")).toBe(1);
    expect(gainOf(people, "C", "A")).toBe(0);
  });

  it("two different corners do not hear each other", () => {
    const people = [at("A", 13, 3), at("B", 20, 3)];
    expect(gainOf(people, "A", "B")).toBe(0);
    expect(gainOf(people, "B", "A")).toBe(0);
  });

  it("the stage is heard at full volume at the far end of its audience, and the audience is not heard on stage", () => {
    const people = [at("Speaker", 45, 2), at("Back row", 55, 24), at("Front row", 45, 6)];
    expect(gainOf(people, "Back row", "Speaker")).toBe(1);
    expect(heardBy(people, "Back row")[0]!.via).toBe("stage");
    expect(gainOf(people, "Speaker", "Front row")).toBe(0);
    expect(gainOf(people, "Speaker", "Back row")).toBe(0);
  });

  it("the stage is not heard outside its linked audience beyond normal earshot", () => {
    const people = [at("Speaker", 45, 2), at("Far", 10, 25)];
    expect(gainOf(people, "Far", "Speaker")).toBe(0);
  });

  it("people on the same stage hear each other", () => {
    expect(gainOf([at("A", 41, 2), at("B", 49, 2)], "A", "B")).toBe(1);
  });

  it("a silent zone is silent both ways", () => {
    const people = [at("In", 3, 21), at("Out", 5, 21), at("In2", 2, 20)];
    expect(gainOf(people, "Out", "In")).toBe(0);
    expect(gainOf(people, "In", "Out")).toBe(0);
    expect(gainOf(people, "In", "In2")).toBe(0);
  });
});

describe("subscriptions with hysteresis", () => {
  const R = DEFAULT_AUDIBILITY.hearingRadius;
  const pair = (distancePx: number): Participant[] => [
    { id: "L", x: 10 * TILE_SIZE, y: 15 * TILE_SIZE },
    { id: "S", x: 10 * TILE_SIZE + distancePx, y: 15 * TILE_SIZE },
  ];
  const subscribed = (distancePx: number, before: boolean) =>
    subscriptions(pair(distancePx), floor, new Map([["L", new Set(before ? ["S"] : [])]])).get("L")!.has("S");

  it("subscribes a little before the speaker becomes audible", () => {
    expect(gainOf(pair(R * 1.1), "L", "S")).toBe(0);
    expect(subscribed(R * 1.1, false)).toBe(true);
    expect(subscribed(R * 1.4, false)).toBe(false);
  });

  it("keeps a subscription a little past the edge, so nothing flaps", () => {
    expect(subscribed(R * 1.4, true)).toBe(true);
    expect(subscribed(R * 1.6, true)).toBe(false);
  });

  it("agrees with the definition (audible at 1.25× the radius to start, at 1.5× to stay) on random crowds in every kind of spot", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const unlimited = { ...DEFAULT_AUDIBILITY, maxSpeakers: Number.MAX_SAFE_INTEGER };
    const scaled = (k: number) => ({ ...unlimited, hearingRadius: unlimited.hearingRadius * k, overhearRadius: unlimited.overhearRadius * k });
    for (let round = 0; round < 20; round++) {
      const people = Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, x: (1 + rand() * 57) * TILE_SIZE, y: (1 + rand() * 27) * TILE_SIZE, speaking: rand() > 0.1 }));
      const previous = new Map(people.map((p) => [p.id, new Set(people.filter(() => rand() < 0.1).map((q) => q.id))]));
      const enter = audibility(people, floor, scaled(1.25));
      const stay = audibility(people, floor, scaled(1.5));
      const got = subscriptions(people, floor, previous, unlimited);
      for (const p of people) {
        const want = new Set([
          ...(enter.get(p.id) ?? []).map((h) => h.speakerId),
          ...(stay.get(p.id) ?? []).filter((h) => previous.get(p.id)!.has(h.speakerId)).map((h) => h.speakerId),
        ]);
        expect([...got.get(p.id)!].sort(), `round ${round}, ${p.id}`).toEqual([...want].sort());
      }
    }
  });

  it("is capped per listener", () => {
    const crowd = [at("L", 20, 15), ...Array.from({ length: 30 }, (_, i) => at(`S${i}`, 15 + (i % 10), 13 + Math.floor(i / 10)))];
    expect(subscriptions(crowd, floor, new Map()).get("L")!.size).toBe(DEFAULT_AUDIBILITY.maxSpeakers);
  });
});

describe("a crowd where few people speak", () => {
  it("costs in proportion to the voices, not the crowd: 2000 listeners and 3 speakers in a few ms", () => {
    const crowd = Array.from({ length: 2000 }, (_, i) => ({ id: `p${i}`, x: (1 + (i % 57)) * TILE_SIZE, y: (1 + ((i * 7) % 27)) * TILE_SIZE, speaking: i < 3 }));
    subscriptions(crowd, floor, new Map()); // warm up
    const started = performance.now();
    const subs = subscriptions(crowd, floor, new Map());
    const ms = performance.now() - started;
    for (const heard of subs.values()) for (const id of heard) expect(["p0", "p1", "p2"]).toContain(id);
    expect(ms).toBeLessThan(40);
  });
});
