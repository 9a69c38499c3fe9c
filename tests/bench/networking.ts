/**
 * bench:networking — does Foyer make people meet people they did not know? A simulated
 * event on an accelerated clock: the real LiveFloor (walking, places, the audibility model,
 * encounters at 30 s, the mixer module) driven tick by tick without sockets, with 100
 * attendees who wander, walk up to others and sit at tables. Run twice from the same seed:
 * with a host running 4 mixer rounds, and without. Reports new people met per attendee
 * per hour, attendees who met nobody new, the longest anyone stood alone, and pairs
 * repeated in mixer rounds. Someone alone for 90 s is offered a conversation (nudge.ts);
 * four in five bots walk over, the rest ignore it.
 *
 *   npm run bench:networking [-- --minutes 60 --people 100 --rounds 4 --round-minutes 8]
 */
import { parseArgs } from "node:util";
import { pino } from "pino";
import { TICK_MS, TILE_SIZE } from "../../shared/constants.ts";
import { isBlocked } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { seededRandom } from "../../shared/random.ts";
import { tileOf } from "../../shared/movement/step.ts";
import type { MixerView } from "../../shared/protocol/mixer.ts";
import type { Nudge } from "../../shared/protocol/nudge.ts";
import { conversationPairs, recordMeetings } from "../../server/floor/encounters.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { hall, makeMap, type ZoneSpec } from "../support/maps.ts";
import { quantile } from "./quantile.ts";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "60" },
    people: { type: "string", default: "100" },
    rounds: { type: "string", default: "4" },
    "round-minutes": { type: "string", default: "8" },
    seed: { type: "string", default: "13" },
  },
});
const MINUTES = Number(args.minutes);
const PEOPLE = Number(args.people);
const ROUNDS = Number(args.rounds);
const ROUND_MINUTES = Number(args["round-minutes"]);
const SEED = Number(args.seed);
for (const [name, v] of Object.entries({ minutes: MINUTES, people: PEOPLE, rounds: ROUNDS, "round-minutes": ROUND_MINUTES, seed: SEED })) {
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number ≥ 0 (got ${String(v)})`);
}
/** Of the people offered "walk over?" while standing alone, the share who go (the rest let it pass). */
const ACCEPT_NUDGE = 0.8;
const INTERESTS = ["design", "ai", "climate", "health", "music", "education", "open source", "finance", "games", "cities"];

// A hall with 12 tables of 6 and 6 coffee corners of 5, an entrance in the middle.
const W = 64;
const H = 40;
const zones: ZoneSpec[] = [{ name: "Entrance", class: "spawn", x: 28, y: 18, w: 8, h: 4 }];
for (let i = 0; i < 12; i++) zones.push({ name: `Table ${i + 1}`, class: "table", x: 3 + (i % 6) * 10, y: i < 6 ? 3 : 31, w: 4, h: 3, props: { seats: 6 } });
for (let i = 0; i < 6; i++) zones.push({ name: `Corner ${i + 1}`, class: "coffee-corner", x: 3 + i * 10, y: 12 + (i % 2) * 12, w: 3, h: 3, props: { capacity: 5 } });
const PLAN = parseFloor(makeMap(hall(W, H), zones));

interface Result {
  newPerHour: number[];
  metNobody: number;
  longestAloneMs: number;
  mixerRepeats: number;
  mixerPairs: number;
  nudges: string;
  teleports: number;
  ms: number;
}

async function simulate(withRounds: boolean): Promise<Result> {
  const started = performance.now();
  const random = seededRandom(SEED);
  let t = 0;
  const views = new Map<string, MixerView>();
  const nudges = new Map<string, Nudge>();
  let nudged = 0;
  let walkedOver = 0;
  let teleported = 0;
  const outbox: Outbox = {
    send: (to, type, message) => {
      if (type === "mixer") views.set(to, message as MixerView);
      if (type === "nudge") nudges.set(to, message as Nudge);
    },
    refuse: () => {},
  };
  const floor = new LiveFloor({ venue: "bench", plan: PLAN, outbox, now: () => t, random, log: pino({ level: "silent" }) });
  const met = new Map<string, Set<string>>();
  floor.recordEncounters(
    recordMeetings({
      store: {
        record: async (m) => {
          met.get(m.a)?.add(m.b);
          met.get(m.b)?.add(m.a);
        },
      },
      thresholdMs: 30_000,
      venue: "bench",
      who: (s) => ({ person: { id: s }, eventId: "bench" }),
      warn: () => {},
    }),
  );
  const host = floor.join("host", { name: "Host", admission: { person: { id: "host" }, role: "host", eventId: "bench" } });
  floor.places.place(host, 1.5 * TILE_SIZE, 1.5 * TILE_SIZE); // the host watches from a corner of the hall
  const people = Array.from({ length: PEOPLE }, (_, i) => {
    const id = `p${i}`;
    met.set(id, new Set());
    const p = floor.join(id, { name: `Person ${i}`, admission: { person: { id }, role: "attendee", eventId: "bench" } });
    return { id, p, nextMove: random() * 60_000, aloneSince: 0, longestAlone: 0 };
  });
  const walkable = (tx: number, ty: number) => !isBlocked(PLAN, tx, ty);
  const randomTile = () => {
    for (;;) {
      const tx = 1 + Math.floor(random() * (W - 2));
      const ty = 1 + Math.floor(random() * (H - 2));
      if (walkable(tx, ty)) return { tx, ty };
    }
  };
  // Mixer rounds start after 10 minutes of mingling; everyone opts in (a real event: most).
  const mixerAt = 10 * 60_000;
  let mixerStarted = false;
  const groupsByRound = new Map<number, string[][]>();
  const walkedFor = new Map<string, number>();
  const stuckCheck = new Map<string, number>();
  const atPlace = (x: { p: { walker: { x: number; y: number } } }, tile: { tx: number; ty: number }) => {
    const here = tileOf(x.p.walker);
    return Math.abs(here.tx - tile.tx) <= 2 && Math.abs(here.ty - tile.ty) <= 2;
  };
  const end = MINUTES * 60_000;
  let lastSample = 0;
  while (t < end) {
    t += TICK_MS;
    if (withRounds && !mixerStarted && t >= mixerAt && ROUNDS > 0) {
      mixerStarted = true;
      floor.mixer.command(host, { action: "start", rounds: ROUNDS, seconds: ROUND_MINUTES * 60, startIn: 60, minSize: 3, maxSize: 5 });
      for (const x of people) floor.mixer.command(x.p, { action: "join" });
    }
    for (const x of people) {
      const v = views.get(x.id);
      const inRound = v?.phase === "round" && v.group?.tile;
      if (inRound && walkedFor.get(x.id) !== v.round) {
        walkedFor.set(x.id, v.round);
        floor.walkTo(x.p, v.group!.tile!);
        stuckCheck.set(x.id, t + 60_000);
        x.nextMove = t + ROUND_MINUTES * 60_000;
        continue;
      }
      // Someone whose way there stays blocked (a full corner in the only corridor) does what
      // the round's card offers: Teleport, a minute after setting off.
      if (inRound && (stuckCheck.get(x.id) ?? Infinity) <= t) {
        stuckCheck.delete(x.id);
        if (!x.p.walker.moving && floor.mixer.placeOf(x.id) !== null && !atPlace(x, v.group!.tile!)) {
          teleported++;
          floor.mixer.command(x.p, { action: "teleport" });
        }
      }
      // "Ben is on their own too — walk over?": most people go (as with a mixer round), some let it pass.
      const nudge = nudges.get(x.id);
      if (nudge) {
        nudges.delete(x.id);
        nudged++;
        if (random() < ACCEPT_NUDGE) {
          walkedOver++;
          floor.walkTo(x.p, nudge.tile);
          x.nextMove = t + 60_000 + random() * 180_000;
          continue;
        }
      }
      if (t < x.nextMove) continue;
      // Between rounds (or without them): walk up to someone, sit at a table, or wander.
      const r = random();
      if (r < 0.5) {
        const other = people[Math.floor(random() * people.length)]!;
        const { tx, ty } = tileOf(other.p.walker);
        floor.walkTo(x.p, { tx: Math.min(W - 2, tx + 1), ty });
      } else if (r < 0.75) {
        const z = PLAN.zones.filter((q) => q.kind === "table" || q.kind === "coffee-corner")[Math.floor(random() * 18)]!;
        floor.walkTo(x.p, { tx: z.rect.x + 1, ty: z.rect.y + 1 });
      } else floor.walkTo(x.p, randomTile());
      x.nextMove = t + 60_000 + random() * 180_000; // stay 1–4 minutes
    }
    floor.tick();
    // Who stands alone (in nobody's conversation), sampled like encounters.
    if (t - lastSample >= 2000) {
      lastSample = t;
      const inConversation = new Set<string>();
      for (const [a, b] of conversationPairs(people.map((x) => ({ id: x.id, x: x.p.walker.x, y: x.p.walker.y })), PLAN)) inConversation.add(a).add(b);
      for (const x of people) {
        if (inConversation.has(x.id)) x.aloneSince = t;
        else x.longestAlone = Math.max(x.longestAlone, t - x.aloneSince);
      }
      const groups = floor.mixer.groups();
      const round = views.get(people[0]!.id)?.round ?? 0;
      if (groups.length && !groupsByRound.has(round)) groupsByRound.set(round, groups.map((g) => g.members));
    }
    // Let what the floor awaits land, as a server's event loop does between ticks: recorded
    // meetings, and a mixer round being formed (the clock waits for it). One microtask turn
    // every 10 s held a new round back by ~30 simulated seconds, everyone still standing at
    // the last round's place.
    if (t % 1_000 === 0) await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 0));
  const seen = new Set<string>();
  let repeats = 0;
  let pairs = 0;
  for (const groups of groupsByRound.values())
    for (const g of groups)
      for (let i = 0; i < g.length; i++)
        for (let j = i + 1; j < g.length; j++) {
          const key = [g[i], g[j]].sort().join("+");
          pairs++;
          if (seen.has(key)) repeats++;
          seen.add(key);
        }
  const hours = MINUTES / 60;
  return {
    newPerHour: people.map((x) => met.get(x.id)!.size / hours),
    metNobody: people.filter((x) => met.get(x.id)!.size === 0).length,
    longestAloneMs: Math.max(...people.map((x) => x.longestAlone)),
    mixerRepeats: repeats,
    mixerPairs: pairs,
    nudges: `${nudged} (${walkedOver} walked over)`,
    teleports: teleported,
    ms: performance.now() - started,
  };
}

const tenth = (x: number) => Math.round(x * 10) / 10;

function report(label: string, r: Result): Record<string, number | string> {
  return {
    run: label,
    "new people met per attendee per hour (median)": tenth(quantile(r.newPerHour, 0.5)),
    "p10": tenth(quantile(r.newPerHour, 0.1)),
    "min": tenth(Math.min(...r.newPerHour)),
    "attendees who met nobody new": r.metNobody,
    "longest alone (min)": Math.round((r.longestAloneMs / 60_000) * 100) / 100,
    "mixer pairs (repeated)": `${r.mixerPairs} (${r.mixerRepeats})`,
    "alone-nudges (accepted)": r.nudges,
    "teleported to the round's place": r.teleports,
    "simulated in (s)": Math.round(r.ms / 100) / 10,
  };
}

const withRounds = await simulate(true);
const without = await simulate(false);
console.log(`bench:networking — ${PEOPLE} attendees, ${MINUTES} simulated minutes, ${ROUNDS} mixer rounds × ${ROUND_MINUTES} min (groups 3–5), seed ${SEED}`);
console.table([report("with mixer rounds", withRounds), report("without", without)]);
