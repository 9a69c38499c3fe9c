/**
 * Mixer rounds (issue #13) on the real server with colyseus.js clients and real
 * identities: a host starts two rounds of a few seconds, ten people opt in, each is told a
 * group, a place and an icebreaker; walking there arrives inside the place, teleporting
 * puts you there; a late joiner is placed into a group, a leaver is taken out of theirs;
 * round two repeats no pair of round one; an attendee cannot start rounds.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MixerView } from "../../shared/protocol/mixer.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { hall, makeMap } from "../support/maps.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";

const TIMEOUT = 120_000;
const HOST = { email: "hana@example.com", password: "correct horse battery", displayName: "Hana Host" };
/** Long enough for walking, a late joiner and a leaver inside round 1 on a loaded machine. */
const ROUND_SECONDS = 15;

const TABLES = [
  { name: "Table A", x: 2, y: 5 },
  { name: "Table B", x: 8, y: 5 },
  { name: "Table C", x: 14, y: 5 },
  { name: "Table D", x: 20, y: 5 },
  { name: "Table E", x: 26, y: 5 },
];
const MAP = makeMap(hall(34, 10), [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 6, h: 2 },
  ...TABLES.map((t) => ({ name: t.name, class: "table", x: t.x, y: t.y, w: 4, h: 3, props: { seats: 6 } })),
  { name: "Window corner", class: "coffee-corner", x: 30, y: 1, w: 3, h: 3 },
]);

interface InRoom {
  name: string;
  room: Room<FloorStateView>;
  told: { type: string; message: unknown }[];
  views(): MixerView[];
  last(): MixerView | undefined;
  errors(): ServerMessages["error"][];
}

async function enter(server: RunningServer, name: string, visitor = new Visitor(server.url)): Promise<InRoom> {
  expect((await visitor.call("POST", "/api/people", { name, avatar: "teal" })).status).toBeLessThan(300);
  const client = new Client(server.wsUrl);
  client.auth.token = visitor.identity!;
  const room = await client.joinOrCreate<FloorStateView>("floor", { name, avatar: "teal" });
  const told: InRoom["told"] = [];
  room.onMessage("*", (type, message) => told.push({ type: String(type), message }));
  const views = () => told.flatMap((t) => (t.type === "mixer" ? [t.message as MixerView] : []));
  return { name, room, told, views, last: () => views().at(-1), errors: () => told.flatMap((t) => (t.type === "error" ? [t.message as ServerMessages["error"]] : [])) };
}

async function locate(p: InRoom): Promise<{ tx: number; ty: number }> {
  const before = p.told.length;
  p.room.send("locate", { id: p.room.sessionId });
  const found = await waitFor(() => p.told.slice(before).find((t) => t.type === "located"), "located");
  return found.message as ServerMessages["located"];
}

/** Ask where `p` stands until they are inside `place` (a loaded machine ticks late). */
async function arrives(p: InRoom, place: string | null, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let at = await locate(p);
  while (!inside(place, at)) {
    if (Date.now() > until) throw new Error(`${p.name} did not arrive at ${place}: stands at ${JSON.stringify(at)}`);
    await new Promise((r) => setTimeout(r, 200));
    at = await locate(p);
  }
}

const inside = (name: string | null, at: { tx: number; ty: number }) => {
  const t = TABLES.find((x) => x.name === name);
  return t !== undefined && at.tx >= t.x && at.tx < t.x + 4 && at.ty >= t.y && at.ty < t.y + 3;
};

function pairs(groups: Iterable<readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const g of groups) for (const a of g) for (const b of g) if (a < b) out.add(`${a}+${b}`);
  return out;
}

/** Each person's group in `round` (by name), as they were told it last. */
function groupsOf(people: InRoom[], round: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of people) {
    const v = p.views().filter((x) => x.phase === "round" && x.round === round).at(-1);
    if (v?.group) out.set(p.name, v.group.members.map((m) => m.name).sort());
  }
  return out;
}

describe("mixer rounds", () => {
  let server: RunningServer;
  let hana: InRoom;
  const bots: InRoom[] = [];

  beforeAll(async () => {
    server = await startServer({ map: MAP, env: { FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN } });
    const host = new Visitor(server.url);
    expect((await host.call("POST", "/api/auth/signup", { ...HOST, setupToken: SETUP_TOKEN })).status).toBe(201);
    hana = await enter(server, "Hana", host);
    for (let i = 0; i < 10; i++) bots.push(await enter(server, `Bot ${String.fromCharCode(65 + i)}`));
  }, TIMEOUT);

  afterAll(async () => {
    for (const p of [hana, ...bots]) await p?.room.leave().catch(() => {});
    await server?.stop();
  });

  it("an attendee cannot start or stop mixer rounds", async () => {
    const b = bots[0]!;
    b.room.send("mixer", { action: "start", rounds: 2, seconds: 5, minSize: 2, maxSize: 3 });
    b.room.send("mixer", { action: "stop" });
    await waitFor(() => b.errors().filter((e) => e.type === "mixer").length === 2 || undefined, "two refusals");
    expect(b.errors().filter((e) => e.type === "mixer").map((e) => [e.code, e.message])).toEqual([
      ["forbidden", "only a host or moderator can start or stop mixer rounds"],
      ["forbidden", "only a host or moderator can start or stop mixer rounds"],
    ]);
    // The host is offered the controls; attendees see no mixer.
    hana.room.send("mixer", { action: "view" });
    b.room.send("mixer", { action: "view" });
    await waitFor(() => hana.last(), "the host's view");
    expect(hana.last()).toMatchObject({ phase: "idle", mayRun: true });
    expect(await waitFor(() => b.last(), "an attendee's view")).toMatchObject({ phase: "idle", mayRun: false, joined: false });
  }, TIMEOUT);

  it("ten people opt in, each gets a group, a place and an icebreaker; two rounds repeat no pair; late joiners and leavers are handled", async () => {
    hana.room.send("mixer", { action: "start", rounds: 2, seconds: ROUND_SECONDS, startIn: 2, minSize: 2, maxSize: 3 });
    await waitFor(() => bots.every((b) => b.last()?.phase === "lobby") || undefined, "everyone sees the mixer's lobby");
    for (const b of bots) b.room.send("mixer", { action: "join" });

    // Round 1: everyone has a group with a place (a free table or the corner) and a prompt.
    await waitFor(() => bots.every((b) => b.last()?.phase === "round" && b.last()?.group) || undefined, "round 1 groups", 15_000);
    const first = groupsOf(bots, 1);
    expect(first.size).toBe(10);
    for (const b of bots) {
      const v = b.last()!;
      expect(v).toMatchObject({ round: 1, rounds: 2, joined: true, skipped: false });
      expect(v.remainingMs).toBeGreaterThan(0);
      expect(v.group!.members.map((m) => m.name)).toContain(b.name);
      expect(v.group!.members.length).toBeGreaterThanOrEqual(2);
      expect(v.group!.members.length).toBeLessThanOrEqual(3);
      expect(v.group!.place).not.toBeNull();
      expect(v.group!.tile).not.toBeNull();
      expect(v.group!.icebreaker).not.toBeNull();
    }
    // Different groups, different places.
    const placeOf = new Map(bots.map((b) => [b.last()!.group!.members.map((m) => m.name).sort().join(), b.last()!.group!.place]));
    expect(new Set(placeOf.values()).size).toBe(placeOf.size);

    // "Go there" walks a person into their place; "Teleport" puts another there at once.
    const walker = bots.find((b) => b.last()!.group!.place!.startsWith("Table"))!;
    const { tile, place } = walker.last()!.group!;
    walker.room.send("walkTo", tile!);
    await arrives(walker, place);
    const jumper = bots.find((b) => b !== walker && b.last()!.group!.place!.startsWith("Table"))!;
    jumper.room.send("mixer", { action: "teleport" });
    await arrives(jumper, jumper.last()!.group!.place, 5000);

    // A late joiner is put into the smallest group at once.
    const late = await enter(server, "Lena Late");
    late.room.send("mixer", { action: "view" }); // what the server said on arrival came before this client listened
    await waitFor(() => late.last()?.phase === "round" || undefined, "the late joiner sees round 1");
    late.room.send("mixer", { action: "join" });
    const lateGroup = await waitFor(() => late.last()?.group, "the late joiner's group");
    expect(lateGroup.members.map((m) => m.name)).toContain("Lena Late");
    const someoneWithLena = bots.find((b) => lateGroup.members.some((m) => m.name === b.name))!;
    await waitFor(() => someoneWithLena.last()?.group?.members.some((m) => m.name === "Lena Late") || undefined, "her group is told");
    bots.push(late);

    // A leaver is taken out of their group; the others are told.
    const leaver = bots.find((b) => b !== walker && b !== jumper && b !== late && b !== someoneWithLena)!;
    const partner = bots.find((b) => b !== leaver && b.last()?.group?.members.some((m) => m.name === leaver.name))!;
    await leaver.room.leave();
    bots.splice(bots.indexOf(leaver), 1);
    await waitFor(() => (partner.last()?.group && !partner.last()!.group!.members.some((m) => m.name === leaver.name)) || undefined, "the leaver is out of the group");

    // Round 2: everyone still in gets a group again, and no pair from round 1 meets again.
    const roundOnePairs = pairs([...groupsOf(bots, 1).values(), ...first.values()]);
    await waitFor(() => bots.every((b) => b.last()?.phase === "round" && b.last()?.round === 2 && b.last()?.group) || undefined, "round 2 groups", 40_000);
    const second = groupsOf(bots, 2);
    expect(second.size).toBe(bots.length);
    const repeated = [...pairs(second.values())].filter((p) => roundOnePairs.has(p));
    expect(repeated, JSON.stringify({ first: [...first], second: [...second] })).toEqual([]);
    expect([...second.values()].some((g) => g.includes(leaver.name))).toBe(false);

    // Skipping sits this round out; when time is up the mixer says it is over.
    const skipper = bots[0]!;
    skipper.room.send("mixer", { action: "skip" });
    await waitFor(() => (skipper.last()?.skipped && skipper.last()?.group === null) || undefined, "skipped");
    await waitFor(() => bots.every((b) => b.last()?.phase === "done") || undefined, "the mixer is over", 40_000);
    expect(hana.last()?.phase).toBe("done");
  }, TIMEOUT);
});
