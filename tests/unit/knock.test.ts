/**
 * Knocking and following without a server: LiveFloor on plain data with a hand-moved
 * clock, everything people are told kept in a list. The cases the integration test does not
 * reach: a host's closure is not knockable and only a host opens it, an unanswered knock
 * lapses, following someone through a portal says whom to follow on the next floor, and a
 * follower waiting there starts when they arrive.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TICK_MS } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { tileOf } from "../../shared/movement/step.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { KNOCK_TIMEOUT_MS } from "../../server/floor/knock.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { FloorPerson } from "../../server/floor/person.ts";
import { hall, makeMap } from "../support/maps.ts";

const PLAN = parseFloor(
  makeMap(hall(24, 10), [
    { name: "Door", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
    { name: "Nook", class: "coffee-corner", x: 14, y: 1, w: 4, h: 4 },
    { name: "Stairs", class: "portal", x: 20, y: 7, w: 2, h: 2, props: { target: "roof", targetSpawn: "Top" } },
  ]),
);

function floorWithPeople() {
  const clock = { now: 0 };
  const said: { to: string; type: string; message: unknown }[] = [];
  const floor = new LiveFloor({
    venue: "foyer",
    plan: PLAN,
    outbox: { send: (to, type, message) => void said.push({ to, type, message }), refuse: () => {} },
    now: () => clock.now,
    random: () => 0.5,
    log: pino({ level: "silent" }),
  });
  const arrive = (id: string, role = "attendee") => floor.join(id, { name: id, admission: { person: { id: `person-${id}` }, role, eventId: null } });
  const run = (ms: number) => {
    for (let t = 0; t < ms; t += TICK_MS) {
      clock.now += TICK_MS;
      floor.tick();
    }
  };
  const goTo = (p: FloorPerson, tx: number, ty: number) => {
    floor.walkTo(p, { tx, ty });
    run(8000);
    return tileOf(p.walker);
  };
  const told = <K extends keyof ServerMessages>(to: string, type: K) => said.filter((s) => s.to === to && s.type === type).map((s) => s.message as ServerMessages[K]);
  return { floor, clock, run, arrive, goTo, told };
}

describe("knocking", () => {
  it("a spot a host closed cannot be knocked at, and the people inside cannot open it", () => {
    const { floor, arrive, goTo, told } = floorWithPeople();
    const host = arrive("hana", "host");
    const ben = arrive("ben");
    const ada = arrive("ada");
    goTo(ben, 15, 2);
    floor.moderation.command(host, { action: "close", zone: "Nook" });
    expect(floor.knocks.closed.get("Nook")).toBe("host");
    floor.knocks.spot(ben, { closed: false });
    expect(told("ben", "error").at(-1)).toMatchObject({ code: "forbidden", type: "spot", message: "a host closed Nook; only a host can open it" });
    expect(goTo(ada, 15, 3).tx).toBeLessThan(14);
    expect(told("ada", "error").at(-1)).toMatchObject({ code: "forbidden", type: "move", message: "Nook is closed by a host" });
    floor.knocks.knock(ada, { zone: "Nook" });
    expect(told("ada", "error").at(-1)).toMatchObject({ code: "forbidden", field: "zone", message: "zone: Nook is closed by a host; nobody can let you in" });
    expect(told("ben", "knock")).toEqual([]);
    floor.moderation.command(host, { action: "open", zone: "Nook" });
    expect(goTo(ada, 15, 3)).toEqual({ tx: 15, ty: 3 });
  });

  it("a click-to-walk route across the floor goes around a closed spot, and the one you were let into is walked into", () => {
    const { floor, arrive, goTo, told } = floorWithPeople();
    const ben = arrive("ben");
    const ada = arrive("ada");
    goTo(ben, 15, 2);
    floor.knocks.spot(ben, { closed: true });
    goTo(ada, 12, 2);
    // Straight through the Nook (14–17 × 1–4) is the short way; she walks around it, and knocks nowhere.
    expect(goTo(ada, 20, 2)).toEqual({ tx: 20, ty: 2 });
    expect(told("ada", "knockStatus")).toEqual([]);
    expect(told("ben", "knock")).toEqual([]);
    floor.knocks.knock(ada, { zone: "Nook" });
    floor.knocks.answer(ben, { id: told("ben", "knock")[0]!.id, letIn: true });
    expect(goTo(ada, 15, 3)).toEqual({ tx: 15, ty: 3 });
  });

  it("an unanswered knock lapses after a minute, and the prompt goes", () => {
    const { floor, arrive, goTo, run, told } = floorWithPeople();
    const ben = arrive("ben");
    const ada = arrive("ada");
    goTo(ben, 15, 2);
    floor.knocks.spot(ben, { closed: true });
    goTo(ada, 12, 2);
    floor.knocks.knock(ada, { zone: "Nook" });
    expect(told("ben", "knock")).toHaveLength(1);
    run(KNOCK_TIMEOUT_MS + 500);
    expect(told("ada", "knockStatus").at(-1)).toEqual({ zone: "Nook", state: "withdrawn", message: "Nobody at Nook answered your knock." });
    expect(told("ben", "knockGone")).toEqual([{ id: told("ben", "knock")[0]!.id, message: null }]);
  });
});

describe("following", () => {
  it("through a portal: the follower walks into it after her, and is told whom to follow on the next floor", () => {
    const { floor, arrive, goTo, run, told } = floorWithPeople();
    const ann = arrive("ann");
    const bob = arrive("bob");
    floor.follows.follow(bob, { id: "ann" });
    goTo(ann, 20, 7);
    expect(told("ann", "portal")).toHaveLength(1);
    floor.leave(ann); // her page goes to the roof
    run(8000);
    expect(told("bob", "portal")).toEqual([{ venue: "foyer", floor: "roof", via: "Stairs", spawn: "Top", follow: { personId: "person-ann", name: "ann" } }]);
    expect(told("bob", "following").filter((f) => f.state === "off")).toEqual([]);
  });

  it("on the next floor, a follower who arrived first waits and starts when she arrives", () => {
    const { floor, arrive, run, told } = floorWithPeople();
    const bob = arrive("bob");
    floor.follows.follow(bob, { personId: "person-ann" });
    expect(told("bob", "following")).toEqual([{ state: "waiting", with: { personId: "person-ann", name: "" }, message: null }]);
    run(1000);
    arrive("ann");
    expect(told("bob", "following").at(-1)).toEqual({ state: "on", with: { personId: "person-ann", name: "ann" }, message: "Following ann." });
    // Someone who never comes: the wait ends with a word.
    const cat = arrive("cat");
    floor.follows.follow(cat, { personId: "person-nobody" });
    run(21_000);
    expect(told("cat", "following").at(-1)).toEqual({ state: "off", with: null, message: "The person you followed did not arrive here; you stopped following." });
  });
});
