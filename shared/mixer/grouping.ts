/**
 * Mixer grouping: who stands together in a mixer round, and where. Pure — participants,
 * the pairs who already met, group sizes and places in; groups out — so a host's round,
 * the benchmark and the tests all use the same rule. It maximises new encounters: no
 * pair that already met shares a group while some arrangement avoids it, same-affiliation
 * pairs are avoided when asked, shared interests are spread and "looking for" meets
 * "offering". Randomness is injected (a seed), so a round can be replayed.
 */
import { seededRandom, shuffle, type Random } from "../random.ts";

export interface MixerParticipant {
  id: string;
  /** Interest tags (any case; compared case-insensitively). */
  interests?: readonly string[];
  /** What they are looking for and offering, as tags ("a job", "funding", "mentoring"). */
  lookingFor?: readonly string[];
  offering?: readonly string[];
  /** Company, school or team; used only with `avoidSameAffiliation`. */
  affiliation?: string | null;
}

export interface MixerPlace {
  /** A table or coffee corner's name. */
  name: string;
  /** How many people fit (seats); Infinity for no limit. */
  capacity: number;
}

export interface GroupingRequest {
  participants: readonly MixerParticipant[];
  /** Pairs who already met (earlier rounds, the who-I-met log), in either order. */
  met?: Iterable<readonly [string, string]>;
  /**
   * Pairs who already shared a group in an earlier round (also in `met` or not). When some
   * repeat cannot be avoided (a dense who-I-met log), one of these is the last to repeat:
   * a round is what the host promised would not put you with the same people again.
   */
  grouped?: Iterable<readonly [string, string]>;
  /** Smallest and largest group (e.g. 2 and 5). */
  minSize: number;
  maxSize: number;
  places?: readonly MixerPlace[];
  avoidSameAffiliation?: boolean;
  /** Same seed, same input → same groups. */
  seed: number;
}

export interface MixerGroup {
  members: string[];
  /** The place assigned, or null when no free place is large enough (meet on the open floor). */
  place: string | null;
}

export interface Grouping {
  groups: MixerGroup[];
  /** Nobody to group with (a single participant). */
  alone: string[];
  /** Pairs in the same group who had already met (0 whenever that is avoidable). */
  repeatedPairs: number;
  /** Pairs in the same group with the same affiliation (counted only when avoiding them). */
  sameAffiliationPairs: number;
}

// A repeat must outweigh any number of softer costs in a group (at most maxSize² pairs).
const REPEAT_COST = 1_000_000;
/** An earlier round's pair outweighs any number of other repeats in a round. */
const GROUPED_REPEAT_COST = 1_000 * REPEAT_COST;
const AFFILIATION_COST = 1_000;
const SHARED_INTEREST_COST = 3;
/** Added to every pair where neither looks for what the other offers (costs stay ≥ 0, which the exact search's pruning needs). */
const INTENT_MISMATCH_COST = 4;
/** Exhaustive search up to this many participants; local search with restarts above. */
const EXACT_UP_TO = 10;
/** Someone in a costly pair is tried against everyone on floors up to this size, else against a random sample. */
const FULL_SCAN_UP_TO = 80;
const TROUBLED_SAMPLE = 80;
/** Everyone else is tried against this many others, for this many passes. */
const SOFT_SAMPLE = 12;
const SOFT_PASSES = 6;
/** Local-search budget: candidate swaps examined, over all restarts. */
const SWAP_BUDGET = 400_000;

/**
 * Balanced group sizes for n people: as few groups as the largest size allows (more pairs
 * per round), sizes differing by at most one. When no split fits [min, max] (n = 4 with
 * min = max = 3), nobody is left out: groups grow past max rather than leave someone alone.
 */
export function groupSizes(n: number, minSize: number, maxSize: number): number[] {
  if (!Number.isInteger(minSize) || !Number.isInteger(maxSize) || minSize < 2 || maxSize < minSize) {
    throw new RangeError(`group sizes must be whole numbers with 2 ≤ min ≤ max (got ${minSize}–${maxSize})`);
  }
  if (n < 2) return [];
  if (n <= maxSize) return [n];
  let groups = Math.ceil(n / maxSize);
  if (Math.floor(n / groups) < minSize) groups = Math.max(1, Math.floor(n / minSize));
  const base = Math.floor(n / groups);
  const larger = n - base * groups;
  return Array.from({ length: groups }, (_, i) => (i < larger ? base + 1 : base));
}

/**
 * Tag lists as bit sets over one shared vocabulary (case-insensitive), so comparing two
 * people is a few ANDs rather than set lookups: 500 people are 125k pairs.
 */
class TagBits {
  readonly #index = new Map<string, number>();
  readonly #lists: number[][] = [];

  add(list: readonly string[] | undefined): number {
    const bits: number[] = [];
    for (const raw of list ?? []) {
      const tag = raw.normalize("NFC").trim().toLocaleLowerCase();
      if (tag === "") continue;
      let i = this.#index.get(tag);
      if (i === undefined) this.#index.set(tag, (i = this.#index.size));
      bits.push(i);
    }
    this.#lists.push(bits);
    return this.#lists.length - 1;
  }

  /** words per person, then each person's words. */
  pack(): { words: number; bits: Uint32Array } {
    const words = Math.max(1, Math.ceil(this.#index.size / 32));
    const bits = new Uint32Array(words * this.#lists.length);
    this.#lists.forEach((list, p) => {
      for (const i of list) bits[p * words + (i >>> 5)]! |= 1 << (i & 31);
    });
    return { words, bits };
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Tags two people (or a list of one and a list of another) have in common. */
function common(a: Uint32Array, i: number, b: Uint32Array, j: number, words: number): number {
  let n = 0;
  for (let w = 0; w < words; w++) n += popcount(a[i * words + w]! & b[j * words + w]!);
  return n;
}

/** Pair costs over participant indices, computed once (n² numbers; 500 people = 250k). */
function pairCosts(req: GroupingRequest): { cost: Float64Array; repeat: Uint8Array; sameAffiliation: Uint8Array } {
  const people = req.participants;
  const n = people.length;
  const index = new Map(people.map((p, i) => [p.id, i]));
  const cost = new Float64Array(n * n);
  const repeat = new Uint8Array(n * n);
  const sameAffiliation = new Uint8Array(n * n);
  const interestTags = new TagBits();
  for (const p of people) interestTags.add(p.interests);
  const interests = interestTags.pack();
  // Looking-for and offering share one vocabulary, so "funding" sought meets "funding" offered.
  const intentTags = new TagBits();
  for (const p of people) intentTags.add(p.lookingFor);
  for (const p of people) intentTags.add(p.offering);
  const intents = intentTags.pack();
  const iw = interests.words;
  const tw = intents.words;
  const affiliation = people.map((p) => p.affiliation?.normalize("NFC").trim().toLocaleLowerCase() || null);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let c = SHARED_INTEREST_COST * common(interests.bits, i, interests.bits, j, iw);
      if (common(intents.bits, i, intents.bits, n + j, tw) === 0 && common(intents.bits, j, intents.bits, n + i, tw) === 0) c += INTENT_MISMATCH_COST;
      if (req.avoidSameAffiliation && affiliation[i] !== null && affiliation[i] === affiliation[j]) {
        c += AFFILIATION_COST;
        sameAffiliation[i * n + j] = sameAffiliation[j * n + i] = 1;
      }
      cost[i * n + j] = cost[j * n + i] = c;
    }
  }
  for (const [a, b] of req.met ?? []) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j || repeat[i * n + j]) continue;
    repeat[i * n + j] = repeat[j * n + i] = 1;
    cost[i * n + j] = cost[i * n + j]! + REPEAT_COST;
    cost[j * n + i] = cost[j * n + i]! + REPEAT_COST;
  }
  const grouped = new Uint8Array(n * n);
  for (const [a, b] of req.grouped ?? []) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j || grouped[i * n + j]) continue;
    grouped[i * n + j] = grouped[j * n + i] = 1;
    repeat[i * n + j] = repeat[j * n + i] = 1;
    cost[i * n + j] = cost[i * n + j]! + GROUPED_REPEAT_COST;
    cost[j * n + i] = cost[j * n + i]! + GROUPED_REPEAT_COST;
  }
  return { cost, repeat, sameAffiliation };
}

/** Members (participant indices) per group; sizes fixed. */
type Arrangement = number[][];

function totalCost(groups: Arrangement, cost: Float64Array, n: number): number {
  let sum = 0;
  for (const g of groups) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) sum += cost[g[a]! * n + g[b]!]!;
  return sum;
}

/** Every arrangement with these sizes (groups of equal size unordered), cheapest kept. */
function exact(n: number, sizes: number[], cost: Float64Array, random: Random): Arrangement {
  const groups: number[][] = sizes.map(() => []);
  let best: Arrangement = [];
  let bestCost = Infinity;
  const order = shuffle([...Array(n).keys()], random); // ties go to a seeded arrangement
  const place = (k: number, sum: number): void => {
    if (sum >= bestCost) return;
    if (k === n) {
      best = groups.map((g) => [...g]);
      bestCost = sum;
      return;
    }
    const person = order[k]!;
    const triedEmpty = new Set<number>();
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      if (g.length >= sizes[gi]!) continue;
      // Two empty groups of the same size are interchangeable: try one.
      if (g.length === 0) {
        if (triedEmpty.has(sizes[gi]!)) continue;
        triedEmpty.add(sizes[gi]!);
      }
      let added = 0;
      for (const m of g) added += cost[person * n + m]!;
      g.push(person);
      place(k + 1, sum + added);
      g.pop();
    }
  };
  place(0, 0);
  return best;
}

/** Cost of `person` with everyone in `group` except `skip` (−1 for nobody). */
function costWith(person: number, group: number[], skip: number, cost: Float64Array, n: number): number {
  let sum = 0;
  for (const m of group) if (m !== person && m !== skip) sum += cost[person * n + m]!;
  return sum;
}

/** Pairs in the same group whose cost is a hard one (a repeat, same affiliation when avoided), or at least `floor`. */
function hardPairs(groups: Arrangement, cost: Float64Array, n: number, floor = AFFILIATION_COST): number {
  let count = 0;
  for (const g of groups) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) if (cost[g[a]! * n + g[b]!]! >= floor) count++;
  return count;
}

/** Groups plus who is in which, changed by swapping two people. */
class Layout {
  readonly groups: Arrangement;
  readonly groupOf: Int32Array;

  constructor(groups: Arrangement, n: number) {
    this.groups = groups;
    this.groupOf = new Int32Array(n);
    groups.forEach((g, gi) => g.forEach((m) => (this.groupOf[m] = gi)));
  }

  swap(p: number, q: number): void {
    const gi = this.groupOf[p]!;
    const gj = this.groupOf[q]!;
    const a = this.groups[gi]!;
    const b = this.groups[gj]!;
    a[a.indexOf(p)] = q;
    b[b.indexOf(q)] = p;
    this.groupOf[p] = gj;
    this.groupOf[q] = gi;
  }

  copy(n: number): Layout {
    return new Layout(this.groups.map((g) => [...g]), n);
  }
}

/**
 * Iterated local search. A seeded random start, then passes of "swap two people between
 * groups where that helps most": someone in a costly pair (a repeat, colleagues) is tried
 * against everyone on small floors and a large sample on big ones, everyone else against
 * a few. While costly pairs are left, their people are kicked into random other groups
 * and the search goes on from there, keeping the best — until none are left or the
 * budget (swaps examined, so the result depends on the seed alone) runs out.
 */
function localSearch(n: number, sizes: number[], cost: Float64Array, random: Random): Arrangement {
  let budget = SWAP_BUDGET;
  const everyone = [...Array(n).keys()];
  const order = shuffle([...everyone], random);
  const start: Arrangement = [];
  let at = 0;
  for (const size of sizes) start.push(order.slice(at, (at += size)));
  const current = new Layout(start, n);

  const improve = () => {
    for (let pass = 0; budget > 0; pass++) {
      let hardGain = false;
      let softGain = false;
      for (const p of shuffle(everyone, random)) {
        const gp = current.groups[current.groupOf[p]!]!;
        const here = costWith(p, gp, -1, cost, n);
        const troubled = here >= AFFILIATION_COST;
        if (!troubled && pass >= SOFT_PASSES) continue;
        const full = troubled && n <= FULL_SCAN_UP_TO;
        const candidates = full ? n : Math.min(n, troubled ? TROUBLED_SAMPLE : SOFT_SAMPLE);
        let bestDelta = -1e-9;
        let bestQ = -1;
        for (let c = 0; c < candidates; c++) {
          const q = full ? c : Math.floor(random() * n);
          if (current.groupOf[q] === current.groupOf[p]) continue;
          budget--;
          const gq = current.groups[current.groupOf[q]!]!;
          const delta = costWith(p, gq, q, cost, n) - here + costWith(q, gp, p, cost, n) - costWith(q, gq, -1, cost, n);
          if (delta < bestDelta) {
            bestDelta = delta;
            bestQ = q;
          }
        }
        if (bestQ < 0) continue;
        current.swap(p, bestQ);
        if (troubled || bestDelta <= -AFFILIATION_COST / 2) hardGain = true;
        else softGain = true;
      }
      if (!hardGain && !(softGain && pass < SOFT_PASSES)) return;
    }
  };

  improve();
  let best = current.copy(n);
  let bestHard = hardPairs(best.groups, cost, n);
  let bestGrouped = hardPairs(best.groups, cost, n, GROUPED_REPEAT_COST);
  let bestCost = totalCost(best.groups, cost, n);
  const layout = current;
  while (bestHard > 0 && budget > 0) {
    // Kick everyone in a costly pair into a random other group, then search again.
    for (const p of everyone) {
      if (costWith(p, layout.groups[layout.groupOf[p]!]!, -1, cost, n) < AFFILIATION_COST) continue;
      const q = Math.floor(random() * n);
      if (layout.groupOf[q] !== layout.groupOf[p]) layout.swap(p, q);
    }
    improve();
    const hard = hardPairs(layout.groups, cost, n);
    const grouped = hardPairs(layout.groups, cost, n, GROUPED_REPEAT_COST);
    const total = totalCost(layout.groups, cost, n);
    if (grouped < bestGrouped || (grouped === bestGrouped && (hard < bestHard || (hard === bestHard && total <= bestCost)))) {
      best = layout.copy(n);
      bestHard = hard;
      bestGrouped = grouped;
      bestCost = total;
    }
  }
  return best.groups;
}

/** Largest groups get the largest places that hold them; a group that fits nowhere gets null. */
function assignPlaces(groups: string[][], places: readonly MixerPlace[]): MixerGroup[] {
  const free = [...places].sort((a, b) => b.capacity - a.capacity || a.name.localeCompare(b.name));
  const bySize = groups.map((members, i) => ({ members, i })).sort((a, b) => b.members.length - a.members.length || a.i - b.i);
  const out: MixerGroup[] = groups.map((members) => ({ members, place: null }));
  for (const { members, i } of bySize) {
    // The smallest free place that still holds the group, so large places stay for large groups.
    let pick = -1;
    for (let k = 0; k < free.length; k++) if (free[k]!.capacity >= members.length) pick = k;
    if (pick < 0) continue;
    out[i]!.place = free[pick]!.name;
    free.splice(pick, 1);
  }
  return out;
}

export function formGroups(req: GroupingRequest): Grouping {
  const n = req.participants.length;
  const sizes = groupSizes(n, req.minSize, req.maxSize);
  const ids = new Set<string>();
  for (const p of req.participants) {
    if (ids.has(p.id)) throw new RangeError(`participant "${p.id}" is listed twice`);
    ids.add(p.id);
  }
  if (sizes.length === 0) return { groups: [], alone: req.participants.map((p) => p.id), repeatedPairs: 0, sameAffiliationPairs: 0 };
  const random = seededRandom(req.seed);
  const { cost, repeat, sameAffiliation } = pairCosts(req);
  const arrangement = n <= EXACT_UP_TO ? exact(n, sizes, cost, random) : localSearch(n, sizes, cost, random);
  let repeatedPairs = 0;
  let sameAffiliationPairs = 0;
  for (const g of arrangement)
    for (let a = 0; a < g.length; a++)
      for (let b = a + 1; b < g.length; b++) {
        repeatedPairs += repeat[g[a]! * n + g[b]!]!;
        sameAffiliationPairs += sameAffiliation[g[a]! * n + g[b]!]!;
      }
  const groups = arrangement.map((g) => g.map((i) => req.participants[i]!.id));
  return { groups: assignPlaces(groups, req.places ?? []), alone: [], repeatedPairs, sameAffiliationPairs };
}

export { seededRandom };
