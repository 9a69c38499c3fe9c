/**
 * Mixer rounds on a LiveFloor on plain data (no server): where groups meet when there are
 * more groups than free tables and corners. Found by bench:networking, where people of a
 * group without a place were sent into another group's coffee corner, found it full and
 * stood alone at its edge for a whole round.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TICK_MS } from "../../shared/constants.ts";
import { rectContainsTile } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { tileCenter, tileOf } from "../../shared/movement/step.ts";
import type { MixerView } from "../../shared/protocol/mixer.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { conversationPairs } from "../../server/floor/encounters.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { hall, makeMap, type ZoneSpec } from "../support/maps.ts";

const ZONES: ZoneSpec[] = [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
  { name: "Corner", class: "coffee-corner", x: 10, y: 3, w: 3, h: 3, props: { capacity: 3 } },
];
const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp(zones = ZONES) {
  const plan = parseFloor(makeMap(hall(30, 12), zones));
  const clock = { now: 0 };
  const views = new Map<string, MixerView>();
  const errors: { to: string; message: ServerMessages["error"] }[] = [];
  const outbox: Outbox = {
    send<K extends keyof ServerMessages>(to: string, type: K, message: ServerMessages[K]) {
      if (type === "mixer") views.set(to, message as MixerView);
      if (type === "error") errors.push({ to, message: message as ServerMessages["error"] });
    },
    refuse() {},
  };
  let seed = 3;
  const floor = new LiveFloor({
    venue: "foyer",
    plan,
    outbox,
    now: () => clock.now,
    random: () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646,
    log: pino({ level: "silent" }),
  });
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.now += TICK_MS;
      floor.tick();
    }
  };
  return { plan, clock, views, errors, floor, ticks };
}

describe("the place a mixer group is sent to", () => {
  it("is held for the group: they step in while the last round's people are still there; anyone else finds it full", async () => {
    const { plan, clock, views, errors, floor, ticks } = setUp([...ZONES, { name: "Table", class: "table", x: 20, y: 3, w: 3, h: 3, props: { seats: 3 } }]);
    const host = floor.join("host", { name: "Host", admission: { person: { id: "host" }, role: "host", eventId: "ev" } });
    const people = ["ann", "bea", "cem", "dia", "eli", "fay"].map((id) => floor.join(id, { name: id, admission: { person: { id }, role: "attendee", eventId: "ev" } }));
    const stranger = floor.join("gus", { name: "gus", admission: { person: { id: "gus" }, role: "attendee", eventId: "ev" } });
    floor.mixer.command(host, { action: "start", rounds: 1, seconds: 120, startIn: 1, minSize: 3, maxSize: 3 });
    for (const p of people) floor.mixer.command(p, { action: "join" });
    clock.now += 1000;
    floor.tick();
    await settle();
    const groups = floor.mixer.groups();
    const inCorner = groups.find((g) => g.place === "Corner")!;
    const others = groups.find((g) => g.place === "Table")!;
    expect(inCorner && others).toBeTruthy();
    // The other group is still standing in the corner (it holds three): it is full.
    others.members.forEach((id, i) => {
      const c = tileCenter(10 + i, 3);
      floor.places.place(floor.person(id)!, c.x, c.y);
    });
    expect(floor.places.counts.get("Corner")).toBe(3);
    for (const id of inCorner.members) floor.walkTo(floor.person(id)!, views.get(id)!.group!.tile!);
    ticks(300);
    const corner = plan.zones.find((z) => z.name === "Corner")!;
    for (const id of inCorner.members) expect(rectContainsTile(corner.rect, tileOf(floor.person(id)!.walker).tx, tileOf(floor.person(id)!.walker).ty), `${id} is in the corner`).toBe(true);
    expect(errors.filter((e) => inCorner.members.includes(e.to))).toEqual([]);
    // Someone not in that group is refused at the edge, as at any full corner.
    floor.walkTo(stranger, { tx: 11, ty: 5 });
    ticks(300);
    expect(errors.filter((e) => e.to === "gus").map((e) => e.message.code)).toEqual(["zone_full"]);
  });
});

describe("a mixer round with more groups than places", () => {
  it("the group without a place meets on the open floor, not in the other group's corner, and nobody is left standing alone", async () => {
    const { plan, clock, views, errors, floor } = setUp();
    const host = floor.join("host", { name: "Host", admission: { person: { id: "host" }, role: "host", eventId: "ev" } });
    const ids = ["ann", "bea", "cem", "dia", "eli", "fay"];
    const people = ids.map((id) => floor.join(id, { name: id, admission: { person: { id }, role: "attendee", eventId: "ev" } }));
    // Everyone stands in the corner when the round is formed (a host moved them; more than it holds).
    people.forEach((p, i) => {
      const c = tileCenter(10 + (i % 3), 3 + Math.floor(i / 3));
      floor.places.place(p, c.x, c.y);
    });
    floor.mixer.command(host, { action: "start", rounds: 1, seconds: 120, startIn: 1, minSize: 3, maxSize: 3 });
    for (const p of people) floor.mixer.command(p, { action: "join" });
    clock.now += 1000;
    floor.tick();
    await settle();
    const groups = floor.mixer.groups();
    expect(groups.map((g) => g.members.length)).toEqual([3, 3]);
    expect(groups.map((g) => g.place).sort()).toEqual(["Corner", null]);
    const corner = plan.zones.find((z) => z.name === "Corner")!;
    for (const p of people) {
      const tile = views.get(p.id)?.group?.tile;
      expect(tile).toBeTruthy();
      if (groups.find((g) => g.members.includes(p.id))!.place === null) expect(rectContainsTile(corner.rect, tile!.tx, tile!.ty)).toBe(false);
    }
    // Everyone walks to their group's tile: all arrive, and each is in a conversation with their group.
    for (const p of people) floor.walkTo(p, views.get(p.id)!.group!.tile!);
    for (let i = 0; i < 300; i++) {
      clock.now += TICK_MS;
      floor.tick();
    }
    expect(errors.filter((e) => e.message.code === "zone_full")).toEqual([]);
    expect(floor.places.counts.get("Corner")).toBe(3);
    const talking = conversationPairs(people.map((p) => ({ id: p.id, x: p.walker.x, y: p.walker.y })), plan);
    for (const g of groups)
      for (const a of g.members)
        for (const b of g.members) if (a < b) expect(talking, `${a} and ${b} of one group talk`).toContainEqual([a, b]);
    for (const p of people) expect(p.walker.moving, `${p.id} has arrived (${JSON.stringify(tileOf(p.walker))})`).toBe(false);
  });

  it("someone whose group-mates all skip the round is moved into another group of it, not left at an empty table", async () => {
    const { clock, views, floor } = setUp([...ZONES, { name: "Table", class: "table", x: 20, y: 3, w: 3, h: 3, props: { seats: 4 } }]);
    const host = floor.join("host", { name: "Host", admission: { person: { id: "host" }, role: "host", eventId: "ev" } });
    const people = ["ann", "bea", "cem", "dia", "eli", "fay"].map((id) => floor.join(id, { name: id, admission: { person: { id }, role: "attendee", eventId: "ev" } }));
    floor.mixer.command(host, { action: "start", rounds: 1, seconds: 120, startIn: 1, minSize: 3, maxSize: 3 });
    for (const p of people) floor.mixer.command(p, { action: "join" });
    clock.now += 1000;
    floor.tick();
    await settle();
    let groups = floor.mixer.groups();
    expect(groups).toHaveLength(2);
    const first = groups[0]!;
    const second = groups[1]!;
    const stays = first.members[0]!;
    const leaving = first.members.slice(1);
    for (const id of leaving) floor.mixer.command(floor.person(id)!, { action: "skip" });
    groups = floor.mixer.groups();
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toEqual(expect.arrayContaining([...second.members, stays]));
    expect(views.get(stays)?.group?.members.map((m) => m.id)).toEqual(expect.arrayContaining(second.members));
  });
});
