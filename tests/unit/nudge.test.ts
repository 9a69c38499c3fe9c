/**
 * "On your own — walk over?" on a LiveFloor on plain data (no server): who is offered a
 * conversation after standing alone for ALONE_MS, and who never is.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TICK_MS, TILE_SIZE } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import type { Nudge } from "../../shared/protocol/nudge.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import { ALONE_MS, REPEAT_MS } from "../../server/floor/nudge.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { hall, makeMap, type ZoneSpec } from "../support/maps.ts";

const ZONES: ZoneSpec[] = [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
  { name: "Corner", class: "coffee-corner", x: 40, y: 3, w: 3, h: 3, props: { capacity: 3 } },
];

function setUp() {
  const plan = parseFloor(makeMap(hall(60, 20), ZONES));
  const clock = { now: 0 };
  const nudges: { to: string; nudge: Nudge }[] = [];
  const outbox: Outbox = {
    send<K extends keyof ServerMessages>(to: string, type: K, message: ServerMessages[K]) {
      if (type === "nudge") nudges.push({ to, nudge: message as Nudge });
    },
    refuse() {},
  };
  const floor = new LiveFloor({ venue: "foyer", plan, outbox, now: () => clock.now, log: pino({ level: "silent" }) });
  const seconds = (s: number) => {
    for (let i = 0; i < (s * 1000) / TICK_MS; i++) {
      clock.now += TICK_MS;
      floor.tick();
    }
  };
  const person = (id: string, name: string, tx: number, ty: number) => {
    const p = floor.join(id, { name, admission: { person: { id: `person-${id}` }, role: "attendee", eventId: "ev" } });
    floor.places.place(p, (tx + 0.5) * TILE_SIZE, (ty + 0.5) * TILE_SIZE);
    return p;
  };
  return { floor, nudges, seconds, person };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("someone standing alone", () => {
  it(`is offered, after ${ALONE_MS / 1000} s on their own, the other person standing alone nearest to them — once, then again only after ${REPEAT_MS / 1000} s`, () => {
    const { nudges, seconds, person } = setUp();
    person("ana", "Ana", 5, 10);
    person("ben", "Ben", 25, 10);
    person("cem", "Cem", 55, 18); // farther from Ana than Ben
    seconds(ALONE_MS / 1000 - 5);
    expect(nudges).toEqual([]);
    seconds(10);
    const ana = nudges.filter((n) => n.to === "ana");
    expect(ana).toEqual([{ to: "ana", nudge: { kind: "alone", id: "ben", name: "Ben", others: 0, place: null, tile: { tx: 25, ty: 10 } } }]);
    seconds(REPEAT_MS / 1000 - 20);
    expect(nudges.filter((n) => n.to === "ana")).toHaveLength(1);
    seconds(30);
    expect(nudges.filter((n) => n.to === "ana")).toHaveLength(2);
  });

  it("is offered a conversation with room in a coffee corner, by its name", () => {
    const { nudges, seconds, person } = setUp();
    person("ana", "Ana", 30, 10);
    person("ben", "Ben", 40, 3);
    person("dan", "Dan", 41, 4);
    seconds(95);
    expect(nudges.find((n) => n.to === "ana")?.nudge).toMatchObject({ kind: "conversation", name: "Ben", others: 1, place: "Corner" });
    expect(nudges.filter((n) => n.to === "ben" || n.to === "dan")).toEqual([]);
  });

  it("is not offered a full corner (and nobody in a conversation is told anything)", () => {
    const { nudges, seconds, person } = setUp();
    person("ana", "Ana", 30, 10);
    person("ben", "Ben", 40, 3);
    person("dan", "Dan", 41, 4);
    person("eva", "Eva", 42, 5);
    seconds(95);
    expect(nudges).toEqual([]);
  });

  it("who is busy (do not disturb) is told nothing, and is not suggested to anyone", () => {
    const { floor, nudges, seconds, person } = setUp();
    const ana = person("ana", "Ana", 5, 10);
    person("ben", "Ben", 25, 10);
    floor.chat.setStatus(ana.id, "busy");
    seconds(200);
    expect(nudges).toEqual([]);
  });

  it("never is sent to someone they blocked, nor to someone who blocked them", async () => {
    const { floor, nudges, seconds, person } = setUp();
    const ana = person("ana", "Ana", 5, 10);
    person("ben", "Ben", 20, 10); // nearest to Ana, but Ana blocked him
    person("cem", "Cem", 35, 10);
    const dan = person("dan", "Dan", 50, 10); // Dan blocked Cem
    floor.blocks.block(ana, { personId: "person-ben", blocked: true });
    floor.blocks.block(dan, { personId: "person-cem", blocked: true });
    await settle();
    seconds(95);
    const to = (id: string) => nudges.find((n) => n.to === id)?.nudge.id;
    expect(to("ana")).toBe("cem");
    expect(to("ben")).toBe("cem");
    expect(nudges.some((n) => (n.to === "ana" && n.nudge.id === "ben") || (n.to === "ben" && n.nudge.id === "ana"))).toBe(false);
    expect(nudges.some((n) => (n.to === "cem" && n.nudge.id === "dan") || (n.to === "dan" && n.nudge.id === "cem"))).toBe(false);
  });

  it("in a mixer round's group is told nothing (the round is their conversation), and is offered again once the mixer is over", async () => {
    const { floor, nudges, seconds, person } = setUp();
    const host = floor.join("host", { name: "Host", admission: { person: { id: "host" }, role: "host", eventId: "ev" } });
    floor.places.place(host, 1.5 * TILE_SIZE, 18.5 * TILE_SIZE);
    floor.chat.setStatus("host", "busy");
    const ana = person("ana", "Ana", 5, 10);
    const ben = person("ben", "Ben", 25, 10);
    floor.mixer.command(host, { action: "start", rounds: 1, seconds: 180, startIn: 5, minSize: 2, maxSize: 2 });
    floor.mixer.command(ana, { action: "join" });
    floor.mixer.command(ben, { action: "join" });
    for (let i = 0; i < 10; i++) (seconds(1), await settle());
    expect(floor.mixer.inGroup("ana")).toBe(true);
    seconds(170); // they do not walk to their place: alone, but in a round
    expect(nudges).toEqual([]);
    seconds(100); // the round ended 90+ s ago
    expect(nudges.filter((n) => n.to === "ana" || n.to === "ben").length).toBeGreaterThan(0);
  });

  it("in a conversation on the open floor is told nothing", () => {
    const { nudges, seconds, person } = setUp();
    person("ana", "Ana", 5, 10);
    person("ben", "Ben", 6, 10);
    seconds(200);
    expect(nudges).toEqual([]);
  });
});
