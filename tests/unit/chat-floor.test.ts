/**
 * The floor's chat, reactions and status without a server: LiveFloor on plain data with a
 * hand-moved clock, an in-memory store, and an outbox that records who was told what.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { parseFloor } from "../../shared/map/parse.ts";
import { parseClientMessage, type ClientMessage, type ClientMessageType, type ServerMessages } from "../../shared/protocol/messages.ts";
import { CHAT_BURST, CHAT_TEXT_MAX } from "../../shared/chat/text.ts";
import { memoryChatStore } from "../../server/floor/chatMemory.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { makeMap } from "../support/maps.ts";

const HALL = ["#".repeat(40), ...Array.from({ length: 8 }, () => "#" + ".".repeat(38) + "#"), "#".repeat(40)];
const ZONES = [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
  { name: "Corner", class: "coffee-corner", x: 10, y: 1, w: 3, h: 3 },
  { name: "Far", class: "spawn", x: 35, y: 7, w: 1, h: 1 },
];

type Told = { to: string; type: keyof ServerMessages; message: unknown };
class Recorder implements Outbox {
  told: Told[] = [];
  send<K extends keyof ServerMessages>(to: string, type: K, message: ServerMessages[K]): void {
    this.told.push({ to, type, message });
  }
  refuse(): void {}
  of<K extends keyof ServerMessages>(to: string, type: K): ServerMessages[K][] {
    return this.told.filter((t) => t.to === to && t.type === type).map((t) => t.message as ServerMessages[K]);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp() {
  const clock = { now: 1_000_000 };
  const outbox = new Recorder();
  const store = memoryChatStore();
  const floor = new LiveFloor({ venue: "foyer", floor: "main", plan: parseFloor(makeMap(HALL, ZONES)), outbox, now: () => clock.now, log: pino({ level: "silent" }), chat: { store } });
  const join = (id: string, role = "attendee", spawn?: string) =>
    floor.join(id, { name: id[0]!.toUpperCase() + id.slice(1), avatar: "teal", admission: { person: { id: `person-${id}` }, role, eventId: "ev" }, ...(spawn ? { spawn } : {}) });
  const say = <T extends ClientMessageType>(who: string, type: T, data: ClientMessage<T>) => {
    const parsed = parseClientMessage(type, data);
    if (!parsed.ok) throw new Error(parsed.message);
    const p = floor.person(who)!;
    const handlers = { chatSend: floor.chat.send, chatEdit: floor.chat.edit, chatDelete: floor.chat.remove, chatHistory: floor.chat.history, chatAnnouncements: floor.chat.announcements } as const;
    const h = handlers[type as keyof typeof handlers] as ((p: unknown, m: unknown) => void) | undefined;
    if (h) h.call(floor.chat, p, parsed.message.data);
    else if (type === "react") floor.reactions.react(p, parsed.message.data as ClientMessage<"react">);
    else if (type === "status") floor.reactions.status(p, parsed.message.data as ClientMessage<"status">);
  };
  const texts = (to: string) => outbox.of(to, "chat").map((c) => c.text);
  const place = (id: string, tx: number, ty: number) => {
    const w = floor.person(id)!.walker;
    w.x = tx * 32 + 16;
    w.y = ty * 32 + 16;
  };
  return { floor, outbox, store, clock, join, say, texts, place };
}

describe("chat on one floor", () => {
  it("a nearby message in a coffee corner reaches the people in it and not the person outside", async () => {
    const t = setUp();
    ["ann", "ben", "cat"].forEach((id) => t.join(id));
    t.place("ann", 10, 1);
    t.place("ben", 12, 3);
    t.place("cat", 13, 2);
    t.say("ann", "chatSend", { channel: "nearby", text: "just us?" });
    await settle();
    expect(t.texts("ann")).toEqual(["just us?"]);
    expect(t.texts("ben")).toEqual(["just us?"]);
    expect(t.texts("cat")).toEqual([]);
    expect(t.outbox.of("ben", "chat")[0]).toMatchObject({ channel: "nearby", zone: "Corner", from: { name: "Ann", personId: "person-ann", id: "ann" } });
  });

  it("the floor channel reaches everyone on the floor, and history pages back newest first", async () => {
    const t = setUp();
    t.join("ann");
    t.join("ben", "attendee", "Far");
    for (let i = 1; i <= 3; i++) {
      t.clock.now += 2000;
      t.say("ann", "chatSend", { channel: "floor", text: `hello ${i}` });
    }
    await settle();
    expect(t.texts("ben")).toEqual(["hello 1", "hello 2", "hello 3"]);
    t.say("ben", "chatHistory", { channel: "floor" });
    await settle();
    const page = t.outbox.of("ben", "chatHistory")[0]!;
    expect(page.messages.map((m) => m.text)).toEqual(["hello 3", "hello 2", "hello 1"]);
    expect(page.more).toBe(false);
  });

  it("a direct message reaches only its person (and the sender), by identity", async () => {
    const t = setUp();
    ["ann", "ben", "cat"].forEach((id) => t.join(id));
    t.say("ann", "chatSend", { channel: "direct", to: "person-ben", text: "psst" });
    await settle();
    expect(t.texts("ben")).toEqual(["psst"]);
    expect(t.texts("ann")).toEqual(["psst"]);
    expect(t.texts("cat")).toEqual([]);
    expect(t.outbox.of("ben", "chat")[0]?.to).toEqual({ personId: "person-ben", name: "Ben" });
  });

  it("someone busy gets no direct messages, and the sender is told why, naming the field", async () => {
    const t = setUp();
    t.join("ann");
    t.join("ben");
    t.say("ben", "status", { status: "busy" });
    t.say("ann", "chatSend", { channel: "direct", to: "person-ben", text: "psst" });
    await settle();
    expect(t.texts("ben")).toEqual([]);
    expect(t.outbox.of("ann", "error")[0]).toMatchObject({ code: "forbidden", field: "to", type: "chatSend" });
    expect(t.outbox.of("ann", "error")[0]?.message).toContain("Ben is busy");
  });

  it(`more than ${CHAT_BURST} messages at once are refused with rate_limited, and allowed again a second later`, async () => {
    const t = setUp();
    t.join("ann");
    for (let i = 0; i < CHAT_BURST + 2; i++) t.say("ann", "chatSend", { channel: "floor", text: `m${i}` });
    await settle();
    expect(t.texts("ann")).toHaveLength(CHAT_BURST);
    expect(t.outbox.of("ann", "error").map((e) => [e.code, e.field])).toEqual([["rate_limited", "text"], ["rate_limited", "text"]]);
    t.clock.now += 1000;
    t.say("ann", "chatSend", { channel: "floor", text: "later" });
    await settle();
    expect(t.texts("ann").at(-1)).toBe("later");
  });

  it(`a message longer than ${CHAT_TEXT_MAX} characters, or empty, fails its schema naming text`, () => {
    const long = parseClientMessage("chatSend", { channel: "floor", text: "x".repeat(CHAT_TEXT_MAX + 1) });
    expect(long).toMatchObject({ ok: false, field: "text" });
    expect(parseClientMessage("chatSend", { channel: "floor", text: "   " })).toMatchObject({ ok: false, field: "text" });
    expect(parseClientMessage("chatSend", { channel: "direct", text: "hi" })).toMatchObject({ ok: false, field: "to" });
  });

  it("only the author edits; a moderator may delete anyone's; everyone who got it sees the change", async () => {
    const t = setUp();
    t.join("ann");
    t.join("ben");
    t.join("mo", "moderator");
    t.say("ann", "chatSend", { channel: "floor", text: "frist" });
    await settle();
    const id = t.outbox.of("ben", "chat")[0]!.id;
    t.say("ben", "chatEdit", { id, text: "hacked" });
    t.say("ben", "chatDelete", { id });
    await settle();
    expect(t.outbox.of("ben", "error").map((e) => e.code)).toEqual(["forbidden", "forbidden"]);
    t.say("ann", "chatEdit", { id, text: "first" });
    await settle();
    expect(t.outbox.of("ben", "chatUpdated")[0]).toMatchObject({ id, text: "first" });
    t.say("mo", "chatDelete", { id });
    await settle();
    expect(t.outbox.of("ben", "chatUpdated")[1]).toMatchObject({ id, text: null });
    t.say("ben", "chatHistory", { channel: "floor" });
    await settle();
    expect(t.outbox.of("ben", "chatHistory")[0]?.messages).toEqual([]);
  });

  it("a host makes the event channel announcements-only: attendees are refused, hosts still post", async () => {
    const t = setUp();
    t.join("host", "host");
    t.join("ann");
    t.say("ann", "chatAnnouncements", { only: true });
    await settle();
    expect(t.outbox.of("ann", "error")[0]).toMatchObject({ code: "forbidden", field: "only" });
    t.say("host", "chatAnnouncements", { only: true });
    await settle();
    expect(t.outbox.of("ann", "chatSettings")).toEqual([{ announcementsOnly: true }]);
    t.say("ann", "chatSend", { channel: "event", text: "me too" });
    t.say("host", "chatSend", { channel: "event", text: "Keynote in 5 minutes" });
    await settle();
    expect(t.texts("ann")).toEqual(["Keynote in 5 minutes"]);
    expect(t.outbox.of("ann", "error")[1]).toMatchObject({ code: "forbidden", field: "channel" });
  });
});

describe("reactions and status", () => {
  it("a wave reaches the people who see you and not someone across the hall", () => {
    const t = setUp();
    t.join("ann");
    t.join("ben");
    t.join("far", "attendee", "Far");
    t.floor.tick();
    t.say("ann", "react", { kind: "wave" });
    expect(t.outbox.of("ben", "reaction")).toEqual([{ id: "ann", kind: "wave" }]);
    expect(t.outbox.of("ann", "reaction")).toHaveLength(1);
    expect(t.outbox.of("far", "reaction")).toEqual([]);
  });
});
