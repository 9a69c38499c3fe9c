/**
 * The floor without a server: LiveFloor and its modules on plain data, with a clock the
 * test moves by hand and an outbox that records what people are told. Each test reads
 * like something an attendee would notice.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { MAX_VIEWPORT_TILES, TICK_MS, WALK_SPEED_PX_PER_TICK } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { tileCenter, tileOf } from "../../shared/movement/step.ts";
import { parseClientMessage, type ClientMessageType, type ServerMessages } from "../../shared/protocol/messages.ts";
import { FixedStep } from "../../server/floor/clock.ts";
import { dispatch, floorHandlers } from "../../server/floor/dispatch.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import type { FloorPerson } from "../../server/floor/person.ts";
import { hall, makeMap, type ZoneSpec } from "../support/maps.ts";

// A long hall: the entrance on the left, a one-seat table top middle, stairs bottom right.
const HALL = hall(40, 10);
const ZONES: ZoneSpec[] = [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
  { name: "Balcony door", class: "spawn", x: 20, y: 7, w: 1, h: 1 },
  { name: "Solo table", class: "table", x: 10, y: 1, w: 3, h: 3, props: { seats: 1 } },
  { name: "Stairs", class: "portal", x: 37, y: 7, w: 2, h: 2, props: { target: "terrace", targetSpawn: "Landing" } },
];
const plan = (zones = ZONES, rows = HALL) => parseFloor(makeMap(rows, zones));

type Told = { [K in keyof ServerMessages]: { to: string; type: K; message: ServerMessages[K] } }[keyof ServerMessages];

/** Everything the floor said, in order. */
class Recorder implements Outbox {
  readonly told: Told[] = [];
  readonly refused: { to: string; type: ClientMessageType; message: string }[] = [];
  send<K extends keyof ServerMessages>(to: string, type: K, message: ServerMessages[K]): void {
    this.told.push({ to, type, message } as Told);
  }
  refuse(to: string, type: ClientMessageType, message: string): void {
    this.refused.push({ to, type, message });
  }
  errors(to: string): ServerMessages["error"][] {
    return this.told.flatMap((t) => (t.to === to && t.type === "error" ? [t.message] : []));
  }
  portals(to: string): ServerMessages["portal"][] {
    return this.told.flatMap((t) => (t.to === to && t.type === "portal" ? [t.message] : []));
  }
}

function setUp(floorPlan = plan()) {
  const clock = { now: 0 };
  const outbox = new Recorder();
  let seed = 1;
  const floor = new LiveFloor({
    venue: "foyer",
    plan: floorPlan,
    outbox,
    now: () => clock.now,
    random: () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646,
    log: pino({ level: "silent" }),
  });
  /** Run ticks until `done` (or fail after `max`), advancing the clock with them. */
  const tickUntil = (done: () => boolean, max = 400): void => {
    for (let i = 0; i < max; i++) {
      if (done()) return;
      clock.now += TICK_MS;
      floor.tick();
    }
    if (!done()) throw new Error(`not done after ${max} ticks`);
  };
  const ticks = (n: number): void => {
    for (let i = 0; i < n; i++) {
      clock.now += TICK_MS;
      floor.tick();
    }
  };
  return { floor, outbox, clock, tickUntil, ticks };
}

const tile = (p: FloorPerson) => tileOf(p.walker);
const at = (p: FloorPerson, tx: number, ty: number) => tile(p).tx === tx && tile(p).ty === ty && !p.walker.moving;
const inTable = (p: FloorPerson) => tile(p).tx >= 10 && tile(p).tx <= 12 && tile(p).ty <= 3;

describe("arriving on the floor", () => {
  it("a newcomer appears on a free tile of the entrance and sees themselves", () => {
    const { floor } = setUp();
    const ann = floor.join("ann");
    expect(tile(ann).tx).toBeGreaterThanOrEqual(1);
    expect(tile(ann).tx).toBeLessThanOrEqual(2);
    expect(tile(ann).ty).toBeGreaterThanOrEqual(1);
    expect(tile(ann).ty).toBeLessThanOrEqual(2);
    expect([...floor.view.seen(ann)]).toEqual(["ann"]);
    expect(floor.view.message(ann)).not.toBeNull();
  });

  it("someone arriving through a portal appears at the spawn it names", () => {
    const { floor } = setUp();
    const bea = floor.join("bea", { spawn: "Balcony door" });
    expect(tile(bea)).toEqual({ tx: 20, ty: 7 });
  });

  it("a viewport larger than the server allows is clamped", () => {
    const { floor } = setUp();
    const ann = floor.join("ann", { viewport: { width: 1000, height: 1000 } });
    expect(ann.viewport).toEqual(MAX_VIEWPORT_TILES);
    floor.viewport(ann, { width: 500, height: 3 });
    expect(ann.viewport).toEqual({ width: MAX_VIEWPORT_TILES.width, height: 3 });
  });
});

describe("walking", () => {
  it("holding a direction walks at the fixed speed, and a wall stops you", () => {
    const { floor, ticks } = setUp();
    const ann = floor.join("ann", { spawn: "Balcony door" });
    const x0 = ann.walker.x;
    floor.move(ann, { dx: 1, dy: 0, seq: 7 });
    ticks(10);
    expect(ann.walker.x).toBeCloseTo(x0 + 10 * WALK_SPEED_PX_PER_TICK, 5);
    expect(ann.seq).toBe(7);
    floor.move(ann, { dx: 0, dy: 1, seq: 8 });
    ticks(40);
    expect(tile(ann).ty).toBe(8); // the bottom wall is row 9
    expect(ann.walker.moving).toBe(false);
  });

  it("walkTo takes you to the tile around walls; a tile that cannot be reached is refused with the reason", () => {
    const { floor, outbox, tickUntil } = setUp();
    const ann = floor.join("ann");
    floor.walkTo(ann, { tx: 20, ty: 5 });
    tickUntil(() => at(ann, 20, 5));
    floor.walkTo(ann, { tx: 0, ty: 0 });
    expect(outbox.errors("ann")).toEqual([expect.objectContaining({ code: "unreachable", type: "walkTo", message: "tile (0, 0) cannot be reached from where you stand" })]);
  });

  it("the fixed-step clock runs the steps an interval missed, at most five, and at least one", () => {
    const clock = new FixedStep(0);
    expect(clock.due(TICK_MS)).toBe(1);
    expect(clock.due(TICK_MS * 4)).toBe(3); // fired two ticks late
    expect(clock.due(TICK_MS * 4 + 10_000)).toBe(5); // the process stalled: catch up at most 5
    expect(clock.due(TICK_MS * 4 + 10_001)).toBe(1); // early: still one step
  });
});

describe("seats and full tables", () => {
  it("a person walking into a full table stops at its edge and is told why", () => {
    const { floor, outbox, tickUntil, ticks, clock } = setUp();
    const sitter = floor.join("sitter");
    const late = floor.join("late");
    floor.walkTo(sitter, { tx: 11, ty: 2 });
    tickUntil(() => floor.places.counts.get("Solo table") === 1);
    floor.walkTo(late, { tx: 11, ty: 3 });
    tickUntil(() => outbox.errors("late").length > 0);
    expect(outbox.errors("late")).toEqual([{ code: "zone_full", type: "move", message: "Solo table is full (1/1 seats taken)" }]);
    expect(inTable(late)).toBe(false);
    expect(late.walker.route).toEqual([]);
    expect(floor.places.counts.get("Solo table")).toBe(1);
    // Pushing against it with a held key: told again only after two seconds.
    const t = tile(late);
    floor.move(late, { dx: t.tx < 10 ? 1 : t.tx > 12 ? -1 : 0, dy: t.ty > 3 ? -1 : 0, seq: 1 });
    ticks(20);
    expect(inTable(late)).toBe(false);
    expect(outbox.errors("late")).toHaveLength(1);
    clock.now += 2000;
    ticks(2);
    expect(outbox.errors("late")).toHaveLength(2);
  });

  it("walking to somewhere beyond a full table goes around it instead of stopping at its edge", () => {
    const { floor, outbox, tickUntil } = setUp();
    const sitter = floor.join("sitter");
    const passer = floor.join("passer");
    floor.walkTo(sitter, { tx: 11, ty: 2 });
    tickUntil(() => at(sitter, 11, 2));
    const start = tileCenter(5, 2);
    floor.places.place(passer, start.x, start.y);
    floor.walkTo(passer, { tx: 16, ty: 2 }); // the straight way is through the table
    let insideOnce = false;
    tickUntil(() => ((insideOnce ||= inTable(passer)), at(passer, 16, 2)));
    expect(insideOnce).toBe(false);
    expect(outbox.errors("passer")).toEqual([]);
  });

  it("a table that fills up while someone is on their way past it: they walk around it and arrive", () => {
    const { floor, outbox, tickUntil, ticks } = setUp();
    const passer = floor.join("passer");
    const sitter = floor.join("sitter");
    const start = tileCenter(5, 2);
    floor.places.place(passer, start.x, start.y);
    floor.walkTo(passer, { tx: 16, ty: 2 }); // the table is empty: the route goes through it
    ticks(2);
    const seat = tileCenter(11, 2);
    floor.places.place(sitter, seat.x, seat.y); // now it is full
    tickUntil(() => at(passer, 16, 2), 600);
    expect(floor.places.counts.get("Solo table")).toBe(1);
    expect(outbox.errors("passer").every((e) => e.code === "zone_full")).toBe(true); // told once, at most, as they turned
  });

  it("when the seat frees up, the next person may sit", () => {
    const { floor, tickUntil } = setUp();
    const sitter = floor.join("sitter");
    const next = floor.join("next");
    floor.walkTo(sitter, { tx: 11, ty: 2 });
    tickUntil(() => at(sitter, 11, 2));
    floor.walkTo(sitter, { tx: 11, ty: 7 });
    tickUntil(() => floor.places.counts.get("Solo table") === 0);
    floor.walkTo(next, { tx: 11, ty: 2 });
    tickUntil(() => at(next, 11, 2));
    expect(floor.places.counts.get("Solo table")).toBe(1);
  });

  it("someone who leaves the floor frees their seat", () => {
    const { floor, tickUntil } = setUp();
    const sitter = floor.join("sitter");
    floor.walkTo(sitter, { tx: 11, ty: 2 });
    tickUntil(() => at(sitter, 11, 2));
    floor.leave(sitter);
    expect(floor.places.counts.get("Solo table")).toBe(0);
    expect(floor.person("sitter")).toBeUndefined();
  });

  it("a host's move puts someone at a full table anyway, counted, and standing still", () => {
    const { floor, tickUntil } = setUp();
    const sitter = floor.join("sitter");
    const guest = floor.join("guest");
    floor.walkTo(sitter, { tx: 11, ty: 2 });
    tickUntil(() => at(sitter, 11, 2));
    const c = tileCenter(12, 3);
    expect(floor.places.place(guest, c.x, c.y)).toEqual(c);
    expect(floor.places.counts.get("Solo table")).toBe(2);
    expect(guest.walker.moving).toBe(false);
    // Asked to stand in a wall, they get the nearest free tile instead.
    const wall = tileCenter(0, 5);
    const landed = tileOf(floor.places.place(guest, wall.x, wall.y));
    expect(landed.tx).toBe(1);
    expect(Math.abs(landed.ty - 5)).toBeLessThanOrEqual(1);
    expect(floor.places.counts.get("Solo table")).toBe(1);
  });
});

describe("portals", () => {
  it("stepping into a portal sends you to its target floor once, and you stop", () => {
    const { floor, outbox, tickUntil, ticks } = setUp();
    const ann = floor.join("ann", { spawn: "Balcony door" });
    floor.move(ann, { dx: 1, dy: 0, seq: 1 });
    tickUntil(() => outbox.portals("ann").length > 0);
    expect(outbox.portals("ann")).toEqual([{ venue: "foyer", floor: "terrace", via: "Stairs", spawn: "Landing" }]);
    expect(ann.walker.intent).toEqual({ dx: 0, dy: 0 });
    ticks(10);
    expect(outbox.portals("ann")).toHaveLength(1);
  });
});

describe("finding people", () => {
  it("locate answers with the tile someone stands on; an unknown id is not found", () => {
    const { floor, outbox } = setUp();
    const ann = floor.join("ann");
    const bea = floor.join("bea", { spawn: "Balcony door" });
    floor.locate(ann, { id: "bea" });
    floor.locate(ann, { id: "nobody" });
    expect(outbox.told.filter((t) => t.to === "ann").map((t) => t.message)).toEqual([
      { id: "bea", ...tile(bea) },
      { code: "not_found", type: "locate", field: "id", message: 'id: nobody with id "nobody" is on this floor' },
    ]);
  });
});

describe("what each person sees", () => {
  it("a far-away person is not sent to you until they come near", () => {
    const { floor, ticks } = setUp();
    const ann = floor.join("ann", { viewport: { width: 1, height: 1 } });
    const bea = floor.join("bea", { spawn: "Balcony door", viewport: { width: 1, height: 1 } });
    ticks(4); // every view refreshed once
    expect([...floor.view.seen(ann)]).toEqual(["ann"]);
    const near = tileCenter(tile(ann).tx + 2, tile(ann).ty);
    floor.places.place(bea, near.x, near.y);
    ticks(4);
    expect([...floor.view.seen(ann)].sort()).toEqual(["ann", "bea"]);
  });

  it("resync sends everything seen again, at most every two seconds", () => {
    const { floor, clock } = setUp();
    const ann = floor.join("ann");
    const drained = () => {
      floor.view.message(ann);
      floor.view.endTick();
      return floor.view.message(ann);
    };
    expect(drained()).toBeNull();
    floor.resync(ann);
    expect(floor.view.message(ann)?.length).toBeGreaterThan(4);
    floor.resync(ann);
    expect(drained()).toBeNull();
    clock.now += 2001;
    floor.resync(ann);
    expect(floor.view.message(ann)?.length).toBeGreaterThan(4);
  });

  it("someone whose connection dropped stands still until they are back, and then gets everything again", () => {
    const { floor, ticks } = setUp();
    const ann = floor.join("ann", { spawn: "Balcony door" });
    floor.move(ann, { dx: 1, dy: 0, seq: 1 });
    ticks(2);
    floor.away(ann);
    const x = ann.walker.x;
    ticks(10);
    expect(ann.walker.x).toBe(x);
    expect(ann.connected).toBe(false);
    floor.view.message(ann);
    floor.back(ann);
    expect(ann.connected).toBe(true);
    expect(floor.view.message(ann)?.length).toBeGreaterThan(4);
  });
});

describe("a host publishes a new floor plan", () => {
  it("someone standing where a wall now is moves to the nearest free tile, and their route is planned again", () => {
    const { floor, tickUntil, ticks } = setUp();
    const ann = floor.join("ann", { spawn: "Balcony door" });
    const walker = floor.join("walker");
    floor.walkTo(walker, { tx: 30, ty: 5 });
    ticks(5);
    // A new wall across column 20 from the top down to row 7: Ann's tile, and in the walker's way.
    const rows = HALL.map((row, y) => (y >= 1 && y <= 7 ? row.slice(0, 20) + "#" + row.slice(21) : row));
    floor.replacePlan(plan(ZONES.filter((z) => z.name !== "Balcony door"), rows));
    expect(tile(ann)).not.toEqual({ tx: 20, ty: 7 });
    expect(Math.abs(tile(ann).tx - 20) + Math.abs(tile(ann).ty - 7)).toBeLessThanOrEqual(2);
    tickUntil(() => at(walker, 30, 5));
  });

  it("a table the host removed is gone from the seat counts, and a new one counts who stands in it", () => {
    const { floor } = setUp();
    const ann = floor.join("ann", { spawn: "Balcony door" });
    expect(floor.places.counts.get("Solo table")).toBe(0);
    floor.replacePlan(plan([...ZONES.filter((z) => z.name !== "Solo table"), { name: "Bar", class: "table", x: 19, y: 6, w: 3, h: 3, props: { seats: 4 } }]));
    expect(floor.places.counts.has("Solo table")).toBe(false);
    expect(floor.places.counts.get("Bar")).toBe(1);
    expect(ann.spot?.name).toBe("Bar");
  });
});

describe("the dispatch table", () => {
  it("every message the guard lets through reaches its handler with its data", () => {
    const { floor, outbox } = setUp();
    const handlers = floorHandlers(floor);
    const ann = floor.join("ann");
    const send = (type: ClientMessageType, payload: unknown) => {
      const parsed = parseClientMessage(type, payload);
      if (!parsed.ok) throw new Error(parsed.message);
      dispatch(handlers, ann, parsed.message);
    };
    send("move", { dx: -1, dy: 1, seq: 3 });
    expect(ann.walker.intent).toEqual({ dx: -1, dy: 1 });
    send("viewport", { width: 12, height: 8 });
    expect(ann.viewport).toEqual({ width: 12, height: 8 });
    send("locate", { id: "ann" });
    send("resync", {});
    send("walkTo", { tx: 5, ty: 5 });
    expect(ann.walker.route.length).toBeGreaterThan(0);
    send("media", { requestId: 4, method: "getRouterRtpCapabilities", data: {} });
    expect(outbox.told.map((t) => t.type)).toEqual(["located", "mediaResponse"]);
    expect(outbox.told[1]?.message).toEqual({ requestId: 4, ok: false, error: "media is not available on this server" });
  });
});
