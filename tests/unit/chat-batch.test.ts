/**
 * The floor channel in a crowd (issue #11, bench:chat): a real room batches a tick's floor
 * messages into one `chats` per person and sends the same encoded bytes to everyone
 * (Outbox.sendMany). What a person notices must not change: every line arrives, in the
 * order said, an edit never before its message, and a blocked person's lines stay away.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { scopeOf } from "../../shared/chat/text.ts";
import { TICK_MS } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { memoryChatStore } from "../../server/floor/chatMemory.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { makeMap } from "../support/maps.ts";

const HALL = ["#".repeat(40), ...Array.from({ length: 8 }, () => "#" + ".".repeat(38) + "#"), "#".repeat(40)];
const ZONES = [{ name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 }];

type Told = { to: string; type: keyof ServerMessages; message: unknown };

/** Records what each person was told, and how many times a message was handed over for many at once. */
class Recorder implements Outbox {
  told: Told[] = [];
  many: { type: keyof ServerMessages; to: string[] }[] = [];
  send<K extends keyof ServerMessages>(to: string, type: K, message: ServerMessages[K]): void {
    this.told.push({ to, type, message });
  }
  sendMany<K extends keyof ServerMessages>(to: Iterable<string>, type: K, message: ServerMessages[K]): void {
    const list = [...to];
    this.many.push({ type, to: list });
    for (const id of list) this.told.push({ to: id, type, message });
  }
  refuse(): void {}
  /** The chat lines someone read, whether alone or batched. */
  lines(to: string): string[] {
    return this.told.flatMap((t) => {
      if (t.to !== to) return [];
      if (t.type === "chat") return [(t.message as ServerMessages["chat"]).text];
      if (t.type === "chats") return (t.message as ServerMessages["chats"]).messages.map((m) => m.text);
      return [];
    });
  }
  types(to: string): (keyof ServerMessages)[] {
    return this.told.filter((t) => t.to === to && (t.type === "chat" || t.type === "chats" || t.type === "chatUpdated")).map((t) => t.type);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp(batch: boolean) {
  const clock = { now: 1_000_000 };
  const outbox = new Recorder();
  const floor = new LiveFloor({ venue: "foyer", floor: "main", plan: parseFloor(makeMap(HALL, ZONES)), outbox, now: () => clock.now, log: pino({ level: "silent" }), chat: { store: memoryChatStore(), batch } });
  const join = (id: string) => floor.join(id, { name: id[0]!.toUpperCase() + id.slice(1), avatar: "teal", admission: { person: { id: `person-${id}` }, role: "attendee", eventId: "ev" } });
  const say = (who: string, text: string) => floor.chat.send(floor.person(who)!, { channel: "floor", text });
  const tick = () => {
    clock.now += TICK_MS;
    floor.tick();
  };
  return { floor, outbox, clock, join, say, tick };
}

describe("floor chat batched by the tick", () => {
  it("three lines said within one tick reach everyone as one message, in order, encoded once for all", async () => {
    const t = setUp(true);
    ["ann", "ben", "cat"].forEach(t.join);
    t.say("ann", "one");
    t.say("ben", "two");
    t.say("ann", "three");
    await settle();
    expect(t.outbox.lines("cat")).toEqual([]); // waiting for the tick
    t.tick();
    for (const who of ["ann", "ben", "cat"]) expect(t.outbox.lines(who)).toEqual(["one", "two", "three"]);
    expect(t.outbox.types("cat")).toEqual(["chats"]);
    expect(t.outbox.many.filter((m) => m.type === "chats")).toEqual([{ type: "chats", to: ["ann", "ben", "cat"] }]);
  });

  it("a line alone in its tick is a plain chat message; without batching each goes at once", async () => {
    const t = setUp(true);
    ["ann", "ben"].forEach(t.join);
    t.say("ann", "hello");
    t.tick();
    expect(t.outbox.types("ben")).toEqual(["chat"]);
    const direct = setUp(false);
    ["ann", "ben"].forEach(direct.join);
    direct.say("ann", "hello");
    expect(direct.outbox.lines("ben")).toEqual(["hello"]);
  });

  it("an edit made before the tick is never read before its message", async () => {
    const t = setUp(true);
    ["ann", "ben"].forEach(t.join);
    t.say("ann", "frist");
    await settle();
    const id = (await t.floor.chat.store.page("foyer", scopeOf({ channel: "floor", event: "ev", floor: "main" }), undefined, 1)).messages[0]?.id;
    expect(id).toBeDefined();
    t.floor.chat.edit(t.floor.person("ann")!, { id: id!, text: "first" });
    await settle();
    await settle();
    expect(t.outbox.types("ben")).toEqual(["chat", "chatUpdated"]);
  });

  it("someone who blocked a speaker gets the tick's other lines without hers; everyone else gets all", async () => {
    const t = setUp(true);
    ["ada", "ben", "cleo"].forEach(t.join);
    t.floor.blocks.block(t.floor.person("ben")!, { personId: "person-ada", blocked: true });
    await settle();
    t.say("ada", "from ada");
    t.say("cleo", "from cleo");
    t.tick();
    expect(t.outbox.lines("ben")).toEqual(["from cleo"]);
    expect(t.outbox.lines("cleo")).toEqual(["from ada", "from cleo"]);
    // Ada is kept apart from Ben both ways: his words do not reach her either.
    t.say("ben", "from ben");
    t.say("cleo", "again");
    t.tick();
    expect(t.outbox.lines("ada")).toEqual(["from ada", "from cleo", "again"]);
  });
});
