/**
 * "Who I met" without a server: the encounter rule (server/floor/encounters.ts) with a
 * clock moved by hand, and on a LiveFloor: people who stand together long enough are
 * recorded and told, people elsewhere are not.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { tileCenter } from "../../shared/movement/step.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { conversationPairs, Encounters, recordMeetings } from "../../server/floor/encounters.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { hall, makeMap } from "../support/maps.ts";

const HALL = hall(40, 10);
const plan = parseFloor(
  makeMap(HALL, [
    { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
    { name: "Corner", class: "coffee-corner", x: 30, y: 1, w: 4, h: 4, props: { overhear: true } },
    { name: "Quiet room", class: "silent", x: 20, y: 6, w: 3, h: 3 },
  ]),
);
const at = (tx: number, ty: number) => tileCenter(tx, ty);
const person = (id: string, tx: number, ty: number) => ({ id, ...at(tx, ty) });

describe("who is in one conversation", () => {
  it("two people a tile apart on the open floor are; two on opposite ends of the hall are not", () => {
    expect(conversationPairs([person("a", 5, 5), person("b", 6, 5), person("c", 38, 8)], plan)).toEqual([["a", "b"]]);
  });

  it("people in the same coffee corner are, and someone overhearing from outside is not", () => {
    const pairs = conversationPairs([person("in1", 30, 1), person("in2", 33, 4), person("outside", 29, 2)], plan);
    expect(pairs).toEqual([["in1", "in2"]]);
  });

  it("nobody in a silent zone is in a conversation", () => {
    expect(conversationPairs([person("a", 20, 6), person("b", 21, 6)], plan)).toEqual([]);
  });

  it("is beyond the hearing radius as soon as gain is zero", () => {
    expect(conversationPairs([{ id: "a", x: 100, y: 100 }, { id: "b", x: 100 + 6 * TILE_SIZE, y: 100 }], plan)).toEqual([]);
  });
});

describe("meeting someone", () => {
  function clock() {
    let t = 0;
    return { now: () => t, pass: (ms: number) => (t += ms) };
  }

  it("counts after 30 s together, once, and not for a pair who only just arrived", () => {
    const c = clock();
    const e = new Encounters({ thresholdMs: 30_000, now: c.now });
    const met: [string, string][] = [];
    for (let s = 0; s <= 40; s++) {
      met.push(...e.sample([["b", "a"]]));
      c.pass(1000);
    }
    expect(met).toEqual([["a", "b"]]);
  });

  it("forgives a short step away but starts again after a long one", () => {
    const c = clock();
    const e = new Encounters({ thresholdMs: 10_000, graceMs: 5_000, now: c.now });
    const run = (seconds: number, together: boolean) => {
      const out: [string, string][] = [];
      for (let s = 0; s < seconds; s++) {
        out.push(...e.sample(together ? [["a", "b"]] : []));
        c.pass(1000);
      }
      return out;
    };
    expect(run(6, true)).toEqual([]);
    expect(run(3, false)).toEqual([]); // a 3 s step away
    expect(run(6, true)).toEqual([["a", "b"]]); // 5 + 5 s together
    expect(run(10, false)).toEqual([]); // gone for 10 s: the conversation is over
    expect(run(6, true)).toEqual([]); // a new conversation starts from zero
    expect(run(6, true)).toEqual([["a", "b"]]); // and counts again once it is long enough
  });

  it("with speaking known, counts only the time one of the two speaks", () => {
    const c = clock();
    let talking = false;
    const e = new Encounters({ thresholdMs: 10_000, now: c.now, speaking: (id) => talking && id === "b" });
    const met: [string, string][] = [];
    for (let s = 0; s < 30; s++) {
      talking = s >= 21; // silent for the first 21 s, then b talks
      met.push(...e.sample([["a", "b"]]));
      if (s === 29) expect(met).toEqual([]); // 9 s of talking so far
      c.pass(1000);
    }
    met.push(...e.sample([["a", "b"]]));
    expect(met).toEqual([["a", "b"]]);
  });

  it("a stalled floor does not turn one moment into a meeting", () => {
    const c = clock();
    const e = new Encounters({ thresholdMs: 10_000, graceMs: 60_000, now: c.now });
    e.sample([["a", "b"]]);
    c.pass(20_000);
    expect(e.sample([["a", "b"]])).toEqual([]);
  });

  it("someone leaving ends their conversations", () => {
    const c = clock();
    const e = new Encounters({ thresholdMs: 10_000, now: c.now });
    e.sample([["a", "b"], ["a", "c"], ["b", "c"]]);
    e.forget("a");
    expect(e.size).toBe(1);
  });
});

describe("on a live floor", () => {
  it("two people standing together for the threshold are recorded by identity and both told; a third elsewhere is not", async () => {
    let t = 0;
    const told: { to: string; type: keyof ServerMessages; message: unknown }[] = [];
    const outbox: Outbox = { send: (to, type, message) => void told.push({ to, type, message }), refuse: () => {} };
    const floor = new LiveFloor({ venue: "foyer", plan, outbox, now: () => t, log: pino({ level: "silent" }) });
    const recorded: { a: string; b: string; eventId: string | null }[] = [];
    const identities: Record<string, string> = { s1: "ada", s2: "ben", s3: "cleo" };
    floor.recordEncounters(
      recordMeetings({
        store: { record: async (m) => void recorded.push({ a: m.a, b: m.b, eventId: m.eventId }) },
        thresholdMs: 30_000,
        venue: "foyer",
        who: (s) => (identities[s] ? { person: { id: identities[s] }, eventId: "ev1" } : undefined),
        warn: () => {},
      }),
    );
    const a = floor.join("s1");
    const b = floor.join("s2");
    const c = floor.join("s3");
    floor.places.place(a, at(5, 5).x, at(5, 5).y);
    floor.places.place(b, at(6, 5).x, at(6, 5).y);
    floor.places.place(c, at(38, 8).x, at(38, 8).y);
    for (let s = 0; s < 29; s++) {
      floor.tick();
      t += 1000;
    }
    await Promise.resolve();
    expect(recorded).toEqual([]);
    for (let s = 0; s < 3; s++) {
      floor.tick();
      t += 1000;
    }
    await new Promise((r) => setTimeout(r, 0));
    expect(recorded).toEqual([{ a: "ada", b: "ben", eventId: "ev1" }]);
    expect(told.filter((m) => m.type === "met")).toEqual([
      { to: "s1", type: "met", message: { id: "s2" } },
      { to: "s2", type: "met", message: { id: "s1" } },
    ]);
  });
});
