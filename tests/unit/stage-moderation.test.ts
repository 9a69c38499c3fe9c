/**
 * The stage and moderation without a server (issue #12): LiveFloor on plain data with a
 * hand-moved clock, an outbox that records what people are told and an in-memory audit
 * log. Each test reads like something a host, a speaker or an attendee would notice.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TICK_MS } from "../../shared/constants.ts";
import { mayEnter, refusalMessage } from "../../shared/map/capacity.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { tileCenter, tileOf } from "../../shared/movement/step.ts";
import { parseClientMessage, type ClientMessageType, type ServerMessages } from "../../shared/protocol/messages.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import { memoryModerationStore } from "../../server/floor/moderation.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import type { FloorPerson } from "../../server/floor/person.ts";
import { hall, makeMap, type ZoneSpec } from "../support/maps.ts";

// A lecture hall: the entrance left, a stage top right with its audience below, a table bottom left.
const HALL = hall(30, 10);
const ZONES: ZoneSpec[] = [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
  { name: "Stage", class: "stage", x: 18, y: 1, w: 8, h: 2, props: { audience: "Seats" } },
  { name: "Seats", class: "audience", x: 16, y: 4, w: 12, h: 4 },
  { name: "Workshop table", class: "table", x: 2, y: 5, w: 4, h: 3, props: { seats: 6 } },
];

type Told = { [K in keyof ServerMessages]: { to: string; type: K; message: ServerMessages[K] } }[keyof ServerMessages];

class Recorder implements Outbox {
  readonly told: Told[] = [];
  send<K extends keyof ServerMessages>(to: string, type: K, message: ServerMessages[K]): void {
    this.told.push({ to, type, message } as Told);
  }
  refuse(_to: string, _type: ClientMessageType, _message: string): void {}
  of<K extends keyof ServerMessages>(to: string, type: K): ServerMessages[K][] {
    return this.told.flatMap((t) => (t.to === to && t.type === type ? [t.message as ServerMessages[K]] : []));
  }
}

function setUp(endEvent?: (eventId: string) => Promise<void>) {
  const clock = { now: 0 };
  const outbox = new Recorder();
  const store = memoryModerationStore();
  const dismissed: { id: string; message: string }[] = [];
  const held: { id: string; held: boolean }[] = [];
  const floor = new LiveFloor({
    venue: "foyer",
    floor: "main",
    plan: parseFloor(makeMap(HALL, ZONES)),
    outbox,
    now: () => clock.now,
    random: () => 0.5,
    log: pino({ level: "silent" }),
    moderation: { store, dismiss: (id, message) => dismissed.push({ id, message }), endEvent },
  });
  const join = (id: string, role: string) => floor.join(id, { name: id[0]!.toUpperCase() + id.slice(1), admission: { person: { id: `person-${id}` }, role, eventId: "ev1" } });
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.now += TICK_MS;
      floor.tick();
    }
  };
  /** Walk towards a tile for up to `n` ticks (stops early when arrived or stopped). */
  const walk = (p: FloorPerson, tx: number, ty: number, n = 300) => {
    floor.walkTo(p, { tx, ty });
    for (let i = 0; i < n; i++) {
      ticks(1);
      if (!p.walker.moving && p.walker.route.length === 0) break;
    }
  };
  /** A client message, through its schema like the room's guard. */
  const send = <T extends ClientMessageType>(p: FloorPerson, type: T, data: unknown) => {
    const parsed = parseClientMessage(type, data);
    if (!parsed.ok) throw new Error(parsed.message);
    const m = parsed.message;
    if (m.type === "moderate") floor.moderation.command(p, m.data);
    else if (m.type === "hand") floor.stage.hand(p, m.data);
    else if (m.type === "report") floor.moderation.report(p, m.data);
  };
  return { floor, outbox, store, dismissed, held, join, ticks, walk, send, clock };
}

const onStage = (p: FloorPerson) => {
  const { tx, ty } = tileOf(p.walker);
  return tx >= 18 && tx < 26 && ty >= 1 && ty < 3;
};

describe("ending the event from the room", () => {
  it("only a host ends it: a moderator's try is refused and audited; the host's ends the event people came in for, audited", async () => {
    const ended: string[] = [];
    const { outbox, store, join, send } = setUp(async (eventId) => void ended.push(eventId));
    const hana = join("hana", "host");
    const mo = join("mo", "moderator");
    send(mo, "moderate", { action: "endEvent", reason: "too loud" });
    expect(outbox.of("mo", "error")).toEqual([{ code: "forbidden", type: "moderate", message: "only hosts can end the event" }]);
    send(hana, "moderate", { action: "endEvent" });
    await new Promise((r) => setTimeout(r, 0));
    expect(ended).toEqual(["ev1"]);
    expect(outbox.of("hana", "moderationDone")).toEqual([{ action: "endEvent", message: "The event is ending for everyone on every floor." }]);
    expect(store.records.map((r) => [r.actorName, r.action, r.allowed, r.detail, r.reason])).toEqual([
      ["Mo", "endEvent", false, null, "too loud"],
      ["Hana", "endEvent", true, "ev1", null],
    ]);
  });

  it("says so when the event cannot be ended (no store to end it in, or the store fails), and audits nothing done", async () => {
    const none = setUp();
    none.send(none.join("hana", "host"), "moderate", { action: "endEvent" });
    expect(none.outbox.of("hana", "error")).toEqual([{ code: "not_found", type: "moderate", message: "there is no event on in this venue to end" }]);
    const failing = setUp(async () => {
      throw new Error("database down");
    });
    failing.send(failing.join("hana", "host"), "moderate", { action: "endEvent" });
    await new Promise((r) => setTimeout(r, 0));
    expect(failing.outbox.of("hana", "error")).toEqual([{ code: "not_found", type: "moderate", message: "the event could not be ended; try again in a moment" }]);
    expect(failing.store.records).toEqual([]);
    expect(() => failing.send(failing.join("ali", "attendee"), "moderate", { action: "endEvent", extra: 1 })).toThrow(/extra/);
  });
});

describe("the stage belongs to its speakers", () => {
  it("the shared rule refuses a step onto a stage the predicate keeps someone off, and says so", () => {
    const plan = parseFloor(makeMap(HALL, ZONES));
    const from = tileCenter(20, 3);
    const to = tileCenter(20, 2);
    const refused = mayEnter(plan.zones, new Map(), from, to, { mayBeOnStage: () => false });
    expect(refused).toMatchObject({ ok: false, reason: "stage", zone: { name: "Stage" } });
    if (refused.ok) throw new Error("refused");
    expect(refusalMessage(refused)).toBe("Stage is for speakers; raise your hand to be brought up");
    expect(mayEnter(plan.zones, new Map(), from, to, { mayBeOnStage: () => true }).ok).toBe(true);
    // Walking about on the stage itself is never refused.
    expect(mayEnter(plan.zones, new Map(), tileCenter(20, 1), to, { mayBeOnStage: () => false }).ok).toBe(true);
  });

  it("an attendee stops at the stage's edge with a message; a speaker walks on", () => {
    const { floor, outbox, join, walk } = setUp();
    const ali = join("ali", "attendee");
    const sofia = join("sofia", "speaker");
    walk(ali, 20, 1);
    expect(onStage(ali)).toBe(false);
    expect(tileOf(ali.walker)).toEqual({ tx: 17, ty: 1 }); // at the edge, not somewhere else
    expect(outbox.of("ali", "error")).toContainEqual({ code: "forbidden", type: "move", message: "Stage is for speakers; raise your hand to be brought up" });
    walk(sofia, 21, 1);
    expect(onStage(sofia)).toBe(true);
    expect(floor.stage.mayBeOnStage("sofia")).toBe(true);
  });

  it("a raised hand reaches the hosts' queue; the host brings her up and back down", () => {
    const { outbox, join, walk, send, ticks } = setUp();
    const hana = join("hana", "host");
    const ali = join("ali", "attendee");
    walk(ali, 20, 5);
    send(ali, "hand", { raised: true });
    expect(outbox.of("hana", "hands").at(-1)?.queue).toEqual([{ id: "ali", name: "Ali", at: expect.any(Number) }]);
    expect(outbox.of("ali", "hands")).toEqual([]); // attendees do not see the queue

    send(hana, "moderate", { action: "bringUp", id: "ali" });
    expect(onStage(ali)).toBe(true);
    expect(outbox.of("hana", "hands").at(-1)?.queue).toEqual([]);
    expect(outbox.of("ali", "moderated").at(-1)?.action).toBe("bringUp");
    ticks(25);
    expect(outbox.of("ali", "live").at(-1)).toEqual({ onStage: true, listening: 0 });

    send(hana, "moderate", { action: "bringDown", id: "ali" });
    expect(onStage(ali)).toBe(false);
    walk(ali, 20, 1);
    expect(onStage(ali)).toBe(false);
  });

  it("the speaker on stage is told how many listen, and that she is off when she steps down", () => {
    const { outbox, join, walk, ticks } = setUp();
    const sofia = join("sofia", "speaker");
    walk(sofia, 20, 1);
    for (const id of ["ann", "ben", "cat"]) walk(join(id, "attendee"), 18 + id.length, 6);
    ticks(25);
    expect(outbox.of("sofia", "live").at(-1)).toEqual({ onStage: true, listening: 3 });
    walk(sofia, 5, 3);
    ticks(25);
    expect(outbox.of("sofia", "live").at(-1)).toEqual({ onStage: false, listening: 0 });
  });
});

describe("moderation by hosts and moderators", () => {
  it("an attendee's command is refused, audited as an attempt, and changes nothing", () => {
    const { floor, outbox, store, join, send } = setUp();
    const ali = join("ali", "attendee");
    join("ben", "attendee");
    send(ali, "moderate", { action: "mute", id: "ben", reason: "annoying" });
    send(ali, "moderate", { action: "close", zone: "Workshop table" });
    expect(outbox.of("ali", "error")[0]).toMatchObject({ code: "forbidden", type: "moderate", message: "only hosts and moderators can mute" });
    expect(floor.moderation.isMuted("ben")).toBe(false);
    expect(floor.moderation.closed.size).toBe(0);
    expect(store.records.map((r) => [r.actorId, r.action, r.targetId, r.allowed])).toEqual([
      ["person-ali", "mute", "person-ben", false],
      ["person-ali", "close", null, false],
    ]);
  });

  it("a muted person is told why, stays muted across a reload, and is allowed to speak again", () => {
    const { floor, outbox, store, join, send } = setUp();
    const mo = join("mo", "moderator");
    join("ada", "attendee");
    send(mo, "moderate", { action: "mute", id: "ada", reason: "echo" });
    expect(floor.moderation.isMuted("ada")).toBe(true);
    expect(outbox.of("ada", "moderated")).toEqual([{ action: "mute", source: "mic", message: "You were muted by a host. You can unmute when a host allows it." }]);
    expect(store.records.at(-1)).toMatchObject({ actorId: "person-mo", actorRole: "moderator", targetId: "person-ada", action: "mute", reason: "echo", allowed: true, eventId: "ev1" });
    // A reload is a new session for the same identity: still muted.
    floor.leave(floor.person("ada")!);
    floor.join("ada2", { name: "Ada", admission: { person: { id: "person-ada" }, role: "attendee", eventId: "ev1" } });
    expect(floor.moderation.isMuted("ada2")).toBe(true);
    send(mo, "moderate", { action: "unmute", id: "ada2" });
    expect(floor.moderation.isMuted("ada2")).toBe(false);
    expect(outbox.of("ada2", "moderated").at(-1)?.action).toBe("unmute");
  });

  it("a stopped camera stays stopped across a reload until a host allows it; an attendee cannot stop one", () => {
    const { floor, outbox, store, join, send } = setUp();
    const hana = join("hana", "host");
    const ali = join("ali", "attendee");
    send(hana, "moderate", { action: "stop", id: "ali", source: "camera", reason: "not suitable" });
    expect(outbox.of("ali", "moderated").at(-1)).toMatchObject({ action: "stop", source: "camera", message: expect.stringMatching(/stopped your camera \(not suitable\)/) });
    expect(store.records.at(-1)).toMatchObject({ action: "stop", detail: "camera", reason: "not suitable", allowed: true });
    floor.leave(ali);
    floor.join("ali2", { name: "Ali", admission: { person: { id: "person-ali" }, role: "attendee", eventId: "ev1" } });
    expect(outbox.of("ali2", "moderated")).toEqual([expect.objectContaining({ action: "stop", source: "camera" })]);
    send(hana, "moderate", { action: "allow", id: "ali2", source: "camera" });
    expect(outbox.of("ali2", "moderated").at(-1)).toMatchObject({ action: "allow", source: "camera" });
    const eve = join("eve", "attendee");
    send(eve, "moderate", { action: "stop", id: "hana", source: "screen" });
    expect(outbox.of("eve", "error").at(-1)).toMatchObject({ code: "forbidden", type: "moderate" });
  });

  it("someone Ben blocked drops out of his view and his chat, and he out of hers; unblocked, they are back", async () => {
    const { floor, outbox, join } = setUp();
    const ada = join("ada", "attendee");
    const ben = join("ben", "attendee");
    floor.view.refresh(ben);
    expect([...floor.view.seen(ben)]).toContain("ada");
    floor.blocks.block(ben, { personId: "person-ada", blocked: true });
    await new Promise((r) => setTimeout(r, 0));
    expect([...floor.view.seen(ben)]).not.toContain("ada");
    floor.view.refresh(ada);
    expect([...floor.view.seen(ada)]).not.toContain("ben");
    expect(outbox.of("ben", "blocks").at(-1)).toEqual({ people: [{ personId: "person-ada", name: "Ada" }] });
    floor.chat.send(ada, { channel: "floor", text: "hello" });
    await new Promise((r) => setTimeout(r, 0));
    expect(outbox.of("ben", "chat")).toEqual([]);
    floor.blocks.block(ben, { personId: "person-ada", blocked: false });
    await new Promise((r) => setTimeout(r, 0));
    expect([...floor.view.seen(ben)]).toContain("ada");
    expect(outbox.of("ben", "blocks").at(-1)).toEqual({ people: [] });
  });

  it("a closed table refuses entry; opened again, it lets people in", () => {
    const { outbox, join, walk, send } = setUp();
    const hana = join("hana", "host");
    const ali = join("ali", "attendee");
    send(hana, "moderate", { action: "close", zone: "Workshop table", reason: "reserved for the workshop" });
    walk(ali, 3, 6);
    expect(tileOf(ali.walker).ty).toBeLessThan(5);
    expect(outbox.of("ali", "error")).toContainEqual({ code: "forbidden", type: "move", message: "Workshop table is closed by a host" });
    send(hana, "moderate", { action: "open", zone: "Workshop table" });
    walk(ali, 3, 6);
    expect(tileOf(ali.walker)).toEqual({ tx: 3, ty: 6 });
  });

  it("a host moves someone to a place, removes someone with a message, bans someone", async () => {
    const { floor, outbox, store, dismissed, join, send } = setUp();
    const hana = join("hana", "host");
    const ali = join("ali", "attendee");
    join("ben", "attendee");
    send(hana, "moderate", { action: "move", id: "ali", zone: "Workshop table" });
    expect(tileOf(ali.walker)).toMatchObject({ tx: 4, ty: 6 });
    expect(outbox.of("ali", "moderated").at(-1)).toEqual({ action: "move", message: "A host moved you to Workshop table." });

    send(hana, "moderate", { action: "remove", id: "ali", reason: "spamming the chat" });
    expect(outbox.of("ali", "notice").at(-1)).toEqual({ kind: "kicked", message: "A host removed you from the event (spamming the chat)." });
    expect(dismissed.map((d) => d.id)).toEqual(["ali"]);

    send(hana, "moderate", { action: "ban", id: "ben", scope: "venue" });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.bans).toEqual([{ venue: "foyer", eventId: null, personId: "person-ben" }]);
    expect(dismissed.map((d) => d.id)).toEqual(["ali", "ben"]);
    expect(store.records.map((r) => r.action)).toEqual(["move", "remove", "ban"]);
    void floor;
  });

  it("nobody removes or bans a host; moderators cannot mute one", () => {
    const { outbox, dismissed, join, send } = setUp();
    join("hana", "host");
    const mo = join("mo", "moderator");
    send(mo, "moderate", { action: "mute", id: "hana" });
    send(mo, "moderate", { action: "ban", id: "hana" });
    expect(outbox.of("mo", "error").map((e) => e.code)).toEqual(["forbidden", "forbidden"]);
    expect(dismissed).toEqual([]);
  });

  it("mute everyone mutes all but the hosts; the megaphone reaches everyone", () => {
    const { floor, outbox, join, send } = setUp();
    const hana = join("hana", "host");
    for (const id of ["ann", "ben", "cat"]) join(id, "attendee");
    send(hana, "moderate", { action: "muteAll" });
    expect(["ann", "ben", "cat"].every((id) => floor.moderation.isMuted(id))).toBe(true);
    expect(floor.moderation.isMuted("hana")).toBe(false);
    expect(outbox.of("hana", "moderationDone").at(-1)?.message).toBe("Muted 3 people on this floor.");
    send(hana, "moderate", { action: "megaphone", text: "Keynote starts in 5 minutes" });
    for (const id of ["hana", "ann", "ben", "cat"]) expect(outbox.of(id, "megaphone")).toEqual([{ from: "Hana", text: "Keynote starts in 5 minutes" }]);
  });

  it("anyone can report someone: the moderators are told, the report is audited", () => {
    const { outbox, store, join, send } = setUp();
    join("mo", "moderator");
    const ali = join("ali", "attendee");
    join("ben", "attendee");
    send(ali, "report", { id: "ben", reason: "rude in the corner" });
    expect(outbox.of("mo", "reported")).toEqual([{ id: "ben", name: "Ben", by: "Ali", reason: "rude in the corner" }]);
    expect(outbox.of("ben", "reported")).toEqual([]);
    expect(store.records.at(-1)).toMatchObject({ action: "report", actorId: "person-ali", targetId: "person-ben", allowed: true });
  });

  it("a flood of refused commands is audited only up to a limit per minute", () => {
    const { store, join, send, clock } = setUp();
    const ali = join("ali", "attendee");
    for (let i = 0; i < 50; i++) send(ali, "moderate", { action: "muteAll" });
    expect(store.records.length).toBe(10);
    clock.now += 61_000;
    send(ali, "moderate", { action: "muteAll" });
    expect(store.records.length).toBe(11);
  });

  it("a command naming a field wrongly is refused at the edge with the field", () => {
    const parsed = parseClientMessage("moderate", { action: "move", id: "x" });
    expect(parsed).toMatchObject({ ok: false, field: "zone" });
    expect(parseClientMessage("moderate", { action: "explode" })).toMatchObject({ ok: false });
  });
});
