/**
 * Mixer grouping (shared/mixer/grouping.ts) on random populations: everyone placed once,
 * balanced sizes, no repeated pair while any arrangement avoids one (checked against a
 * brute force on small floors), affiliations and interests spread, intents matched,
 * places that fit, and 500 people grouped in under 50 ms.
 */
import { describe, expect, it } from "vitest";
import { formGroups, groupSizes, type GroupingRequest, type MixerParticipant } from "../../shared/mixer/grouping.ts";
import { seededRandom, shuffle, type Random } from "../../shared/random.ts";

const TAGS = ["design", "ai", "climate", "music", "health", "finance", "games", "education"];

function population(n: number, random: Random, extra: (i: number) => Partial<MixerParticipant> = () => ({})): MixerParticipant[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    interests: TAGS.filter(() => random() < 0.25),
    ...extra(i),
  }));
}

function pairsOf(groups: { members: string[] }[]): [string, string][] {
  const out: [string, string][] = [];
  for (const g of groups) for (let a = 0; a < g.members.length; a++) for (let b = a + 1; b < g.members.length; b++) out.push([g.members[a]!, g.members[b]!]);
  return out;
}

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Independent of the implementation: does any arrangement with these sizes avoid every met pair? */
function repeatFreeExists(ids: string[], sizes: number[], met: Set<string>): boolean {
  const groups: string[][] = sizes.map(() => []);
  const place = (k: number): boolean => {
    if (k === ids.length) return true;
    for (let g = 0; g < groups.length; g++) {
      if (groups[g]!.length >= sizes[g]!) continue;
      if (groups[g]!.some((m) => met.has(key(m, ids[k]!)))) continue;
      groups[g]!.push(ids[k]!);
      if (place(k + 1)) return true;
      groups[g]!.pop();
    }
    return false;
  };
  return place(0);
}

describe("group sizes", () => {
  it("are balanced, within min and max, and leave nobody out", () => {
    for (let min = 2; min <= 5; min++)
      for (let max = min; max <= 8; max++)
        for (let n = 0; n <= 60; n++) {
          const sizes = groupSizes(n, min, max);
          expect(sizes.reduce((s, x) => s + x, 0)).toBe(n < 2 ? 0 : n);
          if (sizes.length === 0) continue;
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          // Inside [min, max] whenever some split is (n people fit in k groups iff k·min ≤ n ≤ k·max).
          const feasible = Array.from({ length: n }, (_, k) => k + 1).some((k) => k * min <= n && n <= k * max);
          if (feasible && n >= min) {
            expect(Math.min(...sizes)).toBeGreaterThanOrEqual(min);
            expect(Math.max(...sizes)).toBeLessThanOrEqual(max);
          }
        }
  });

  it("odd numbers: seven people in groups of 2–5 are a four and a three; one person is alone", () => {
    expect(groupSizes(7, 2, 5)).toEqual([4, 3]);
    expect(groupSizes(5, 2, 2)).toEqual([3, 2]);
    const one = formGroups({ participants: [{ id: "solo" }], minSize: 2, maxSize: 5, seed: 1 });
    expect(one.groups).toEqual([]);
    expect(one.alone).toEqual(["solo"]);
  });

  it("refuses sizes that make no sense", () => {
    expect(() => groupSizes(10, 1, 5)).toThrow(/2 ≤ min ≤ max/);
    expect(() => groupSizes(10, 4, 3)).toThrow(/2 ≤ min ≤ max/);
  });
});

describe("forming groups", () => {
  it("puts everyone in exactly one group, with balanced sizes, for random populations", () => {
    const random = seededRandom(7);
    for (let run = 0; run < 200; run++) {
      const n = 2 + Math.floor(random() * 80);
      const min = 2 + Math.floor(random() * 3);
      const max = min + Math.floor(random() * 4);
      const people = population(n, random);
      const result = formGroups({ participants: people, minSize: min, maxSize: max, seed: run });
      const placed = result.groups.flatMap((g) => g.members);
      expect(new Set(placed).size).toBe(placed.length);
      expect(placed.sort()).toEqual(people.map((p) => p.id).sort());
      const sizes = result.groups.map((g) => g.members.length).sort();
      expect(sizes).toEqual(groupSizes(n, min, max).sort());
    }
  });

  it("repeats no pair on small floors whenever a brute force finds an arrangement without one", () => {
    const random = seededRandom(11);
    let avoidable = 0;
    let unavoidable = 0;
    for (let run = 0; run < 300; run++) {
      const n = 2 + Math.floor(random() * 8);
      const people = population(n, random);
      const ids = people.map((p) => p.id);
      const met: [string, string][] = [];
      const density = random() * 0.8;
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (random() < density) met.push([ids[a]!, ids[b]!]);
      const min = 2;
      const max = 2 + Math.floor(random() * 3);
      const result = formGroups({ participants: people, met, minSize: min, maxSize: max, seed: run });
      const exists = repeatFreeExists(ids, groupSizes(n, min, max), new Set(met.map(([a, b]) => key(a, b))));
      if (exists) {
        avoidable++;
        expect(result.repeatedPairs, `run ${run}: ${n} people, ${met.length} met pairs`).toBe(0);
      } else {
        unavoidable++;
        expect(result.repeatedPairs).toBeGreaterThan(0);
      }
      // The count it reports is the truth.
      const metKeys = new Set(met.map(([a, b]) => key(a, b)));
      expect(pairsOf(result.groups).filter(([a, b]) => metKeys.has(key(a, b))).length).toBe(result.repeatedPairs);
    }
    expect(avoidable).toBeGreaterThan(50); // the test saw both kinds of floor
    expect(unavoidable).toBeGreaterThan(10);
  });

  it("three mixer rounds in a row repeat no pair (20–120 people, groups of 2–5 and 3–4)", () => {
    const random = seededRandom(3);
    for (let run = 0; run < 30; run++) {
      const n = 20 + Math.floor(random() * 100);
      const [min, max] = run % 2 ? [2, 5] : [3, 4];
      const people = population(n, random);
      const met: [string, string][] = [];
      for (let round = 0; round < 3; round++) {
        const result = formGroups({ participants: people, met, minSize: min!, maxSize: max!, seed: run * 10 + round });
        expect(result.repeatedPairs, `run ${run}, round ${round + 1}, ${n} people`).toBe(0);
        met.push(...pairsOf(result.groups));
      }
    }
  });

  it("finds the one way out of a dense who-I-met log (a planted repeat-free arrangement, 30 people)", () => {
    const random = seededRandom(5);
    for (let run = 0; run < 10; run++) {
      const people = population(30, random);
      const ids = shuffle(people.map((p) => p.id), random);
      const sizes = groupSizes(30, 2, 5);
      const hidden = new Map<string, number>();
      let at = 0;
      sizes.forEach((size, g) => ids.slice(at, (at += size)).forEach((id) => hidden.set(id, g)));
      const met: [string, string][] = [];
      for (let a = 0; a < 30; a++)
        for (let b = a + 1; b < 30; b++) if (hidden.get(ids[a]!) !== hidden.get(ids[b]!) && random() < 0.6) met.push([ids[a]!, ids[b]!]);
      const result = formGroups({ participants: people, met, minSize: 2, maxSize: 5, seed: run });
      expect(result.repeatedPairs, `run ${run}`).toBe(0);
    }
  });

  it("when some repeat cannot be avoided, a pair from an earlier round is the last to repeat", () => {
    // Four people in twos: every split repeats. ann+bea and cem+dia shared a group; the rest only met on the floor.
    const four = ["ann", "bea", "cem", "dia"].map((id) => ({ id }));
    const grouped: [string, string][] = [["ann", "bea"], ["cem", "dia"]];
    const floorOnly: [string, string][] = [["ann", "cem"], ["bea", "dia"], ["ann", "dia"], ["bea", "cem"]];
    for (let seed = 1; seed <= 20; seed++) {
      const result = formGroups({ participants: four, met: [...floorOnly, ...grouped], grouped, minSize: 2, maxSize: 2, seed });
      expect(result.repeatedPairs).toBe(2);
      for (const [a, b] of pairsOf(result.groups)) expect(grouped.map(([x, y]) => key(x, y)), `seed ${seed}`).not.toContain(key(a, b));
    }
    // A dense who-I-met log (the bench's crowded hall, where repeats stay by round four) and three earlier rounds, 100 people.
    const random = seededRandom(11);
    for (let run = 0; run < 4; run++) {
      const people = population(100, random);
      const met: [string, string][] = [];
      for (let a = 0; a < 100; a++) for (let b = a + 1; b < 100; b++) if (random() < 0.45) met.push([`p${a}`, `p${b}`]);
      const rounds: [string, string][] = [];
      for (let round = 0; round < 4; round++) {
        const result = formGroups({ participants: people, met: [...met, ...rounds], grouped: rounds, minSize: 3, maxSize: 5, seed: run * 10 + round });
        const earlier = new Set(rounds.map(([a, b]) => key(a, b)));
        expect(pairsOf(result.groups).filter(([a, b]) => earlier.has(key(a, b))), `run ${run}, round ${round + 1}`).toEqual([]);
        rounds.push(...pairsOf(result.groups));
      }
    }
  });

  it("keeps colleagues apart when the host asks, and only then", () => {
    const random = seededRandom(9);
    const people = population(30, random, (i) => ({ affiliation: `Company ${i % 6}` }));
    const apart = formGroups({ participants: people, minSize: 2, maxSize: 5, avoidSameAffiliation: true, seed: 1 });
    const companyOf = new Map(people.map((p) => [p.id, p.affiliation]));
    expect(pairsOf(apart.groups).filter(([a, b]) => companyOf.get(a) === companyOf.get(b))).toEqual([]);
    expect(apart.sameAffiliationPairs).toBe(0);
    const notAsked = formGroups({ participants: people, minSize: 2, maxSize: 5, seed: 1 });
    expect(notAsked.sameAffiliationPairs).toBe(0); // not counted when not asked
  });

  it("spreads an interest across groups rather than making one club of it", () => {
    const clusters = ["ai", "climate", "music", "games"];
    const people = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, interests: [clusters[i % 4]!] }));
    const result = formGroups({ participants: people, minSize: 4, maxSize: 4, seed: 2 });
    const interestOf = new Map(people.map((p) => [p.id, p.interests[0]]));
    for (const g of result.groups) expect(new Set(g.members.map((m) => interestOf.get(m))).size).toBe(4);
  });

  it("pairs someone looking for funding with someone offering it", () => {
    const people = Array.from({ length: 20 }, (_, i) => (i < 10 ? { id: `f${i}`, lookingFor: ["Funding"] } : { id: `i${i}`, offering: ["funding"] }));
    const result = formGroups({ participants: people, minSize: 2, maxSize: 2, seed: 4 });
    for (const g of result.groups) expect(g.members.map((m) => m[0]).sort()).toEqual(["f", "i"]);
  });

  it("gives each group its own table or corner that holds it, and none when no place fits", () => {
    const random = seededRandom(13);
    const people = population(17, random);
    const places = [
      { name: "Corner A", capacity: 4 },
      { name: "Table 1", capacity: 6 },
      { name: "Corner B", capacity: 3 },
    ];
    const result = formGroups({ participants: people, minSize: 3, maxSize: 5, places, seed: 1 });
    // 17 people in groups of 3–5: 5, 4, 4, 4 — four groups, three places.
    expect(result.groups.map((g) => g.members.length).sort()).toEqual([4, 4, 4, 5]);
    const placed = result.groups.filter((g) => g.place !== null);
    expect(new Set(placed.map((g) => g.place)).size).toBe(placed.length);
    for (const g of placed) expect(places.find((p) => p.name === g.place)!.capacity).toBeGreaterThanOrEqual(g.members.length);
    expect(result.groups.find((g) => g.members.length === 5)!.place).toBe("Table 1");
    expect(placed.length).toBe(2); // Corner B (3) holds no group of four
  });

  it("the same seed forms the same groups; another seed, others", () => {
    const people = population(50, seededRandom(1));
    const request: GroupingRequest = { participants: people, minSize: 2, maxSize: 5, seed: 42 };
    expect(formGroups(request)).toEqual(formGroups(request));
    expect(formGroups({ ...request, seed: 43 }).groups).not.toEqual(formGroups(request).groups);
  });

  it("refuses a participant listed twice", () => {
    expect(() => formGroups({ participants: [{ id: "a" }, { id: "a" }], minSize: 2, maxSize: 3, seed: 1 })).toThrow(/listed twice/);
  });

  it("groups 500 people with interests, intents, affiliations and two earlier rounds in under 50 ms (median of five)", () => {
    const random = seededRandom(21);
    const people = population(500, random, (i) => ({
      affiliation: `Org ${i % 40}`,
      lookingFor: random() < 0.3 ? ["funding"] : [],
      offering: random() < 0.2 ? ["funding"] : [],
    }));
    const met: [string, string][] = [];
    for (let round = 0; round < 2; round++) met.push(...pairsOf(formGroups({ participants: people, met, minSize: 2, maxSize: 5, seed: round }).groups));
    for (let i = 0; i < 3; i++) formGroups({ participants: people, met, minSize: 2, maxSize: 5, avoidSameAffiliation: true, seed: 90 + i }); // warm up the JIT
    const times: number[] = [];
    let result = formGroups({ participants: people, met, minSize: 2, maxSize: 5, avoidSameAffiliation: true, seed: 100 });
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      result = formGroups({ participants: people, met, minSize: 2, maxSize: 5, avoidSameAffiliation: true, seed: 100 + i });
      times.push(performance.now() - started);
    }
    console.log(`500 people grouped in ${times.map((t) => t.toFixed(1)).join(", ")} ms`);
    // The median, so one garbage collection or a neighbour's build on a shared machine does not decide it.
    expect(times.sort((a, b) => a - b)[2]).toBeLessThan(50);
    expect(result.repeatedPairs).toBe(0);
    expect(result.sameAffiliationPairs).toBe(0);
    expect(result.groups.length).toBe(100);
  });
});
