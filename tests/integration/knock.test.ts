/**
 * Knocking and following on the real server process with real colyseus.js clients: the
 * people in a coffee corner close it, a newcomer walking against it is stopped at its edge
 * and knocks, only the people inside (not busy) see the knock, "let in" admits her for as
 * long as she stays, "decline" tells her politely, a knocker who walks away or leaves has
 * her knock withdrawn, knocks are rate-limited, a click-to-walk route goes around the closed
 * corner. A follower ends up next to the person after she walks away, and follows her up
 * the stairs of the built-in venue to the terrace.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { avatarsOf, follow } from "../support/avatars.ts";
import { hall, makeMap } from "../support/maps.ts";
import { startServer, waitFor, type RunningServer } from "../support/server.ts";

type FloorRoom = Room<FloorStateView>;
type Told = { [K in keyof ServerMessages]?: ServerMessages[K][] };

const MAP = makeMap(hall(30, 12), [
  { name: "Entrance", class: "spawn", x: 2, y: 8, w: 2, h: 2 },
  { name: "Corner", class: "coffee-corner", x: 20, y: 1, w: 4, h: 4 },
]);

/** Someone in a room, with everything the server told them, by type. */
interface Person {
  name: string;
  room: FloorRoom;
  told: Told;
  of<K extends keyof ServerMessages>(type: K): ServerMessages[K][];
}

const open: FloorRoom[] = [];

async function enter(wsUrl: string, name: string, options: { token?: string; floor?: string; spawn?: string } = {}): Promise<Person> {
  const client = new Client(wsUrl);
  if (options.token) client.auth.token = options.token;
  const room = follow(
    await client.joinOrCreate<FloorStateView>("floor", {
      name,
      avatar: "teal",
      viewport: { width: 64, height: 44 },
      ...(options.floor ? { floor: options.floor } : {}),
      ...(options.spawn ? { spawn: options.spawn } : {}),
    }),
  );
  open.push(room);
  const told: Told = {};
  room.onMessage("*", (type, message) => {
    const list: unknown[] = ((told as Record<string, unknown[]>)[String(type)] ??= []);
    list.push(message);
  });
  await waitFor(() => avatarsOf(room).get(room.sessionId), `${name} sees themself`, 10_000);
  return { name, room, told, of: (type) => told[type] ?? [] };
}

function tileOfPerson(p: Person, id = p.room.sessionId): { tx: number; ty: number } | undefined {
  const a = avatarsOf(p.room).get(id);
  return a && { tx: Math.floor(a.x / TILE_SIZE), ty: Math.floor(a.y / TILE_SIZE) };
}

/** Walk to a tile and wait until standing on it. */
async function walk(p: Person, tx: number, ty: number): Promise<void> {
  p.room.send("walkTo", { tx, ty });
  await waitFor(() => {
    const a = avatarsOf(p.room).get(p.room.sessionId);
    const t = tileOfPerson(p);
    return a && !a.moving && t?.tx === tx && t.ty === ty;
  }, `${p.name} reaches ${tx},${ty}`, 15_000);
}

/** Walk towards a tile and wait until standing still, wherever that is (a closed spot stops you at its edge). */
async function walkUntilStopped(p: Person, tx: number, ty: number): Promise<{ tx: number; ty: number }> {
  p.room.send("walkTo", { tx, ty });
  let last = "";
  let stillSince = Date.now();
  return waitFor(() => {
    const a = avatarsOf(p.room).get(p.room.sessionId);
    const t = tileOfPerson(p);
    if (!a || !t) return undefined;
    const key = `${a.x},${a.y}`;
    if (key !== last) [last, stillSince] = [key, Date.now()];
    return !a.moving && Date.now() - stillSince > 600 ? t : undefined;
  }, `${p.name} stands still`, 15_000);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Chebyshev distance in tiles between two people as `viewer` sees them. */
function apart(viewer: Person, a: string, b: string): number {
  const [p, q] = [tileOfPerson(viewer, a), tileOfPerson(viewer, b)];
  return p && q ? Math.max(Math.abs(p.tx - q.tx), Math.abs(p.ty - q.ty)) : Infinity;
}

/** Everyone leaves after each test, passed or failed, so the next one starts on an empty floor. */
afterEach(async () => {
  for (const r of open.splice(0)) if (r.connection.isOpen) await r.leave().catch(() => {});
});

describe("knocking at a closed coffee corner", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ map: MAP, env: { FOYER_MEDIA: "off" }, timeoutMs: 120_000 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("the people inside close it; a newcomer is stopped at its edge, knocks, and only the people inside see it; let in admits her until she leaves", async () => {
    const [ben, cat, dan, ada] = await Promise.all([enter(server.wsUrl, "Ben"), enter(server.wsUrl, "Cat"), enter(server.wsUrl, "Dan"), enter(server.wsUrl, "Ada")]);
    await Promise.all([walk(ben, 20, 1), walk(cat, 23, 4), walk(dan, 10, 9), walk(ada, 17, 2)]);

    // Only someone inside may close it.
    dan.room.send("spot", { closed: true });
    await waitFor(() => dan.of("error").find((e) => e.type === "spot"), "Dan is refused");
    expect(dan.of("error").find((e) => e.type === "spot")).toMatchObject({ code: "forbidden", message: "you are not in a table or coffee corner" });

    ben.room.send("spot", { closed: true });
    await waitFor(() => ada.room.state.closed?.get("Corner") === "inside", "Ada sees the corner closed");
    await waitFor(() => cat.of("spotClosed").length === 1, "Cat is told Ben closed it");
    expect(cat.of("spotClosed")[0]).toEqual({ zone: "Corner", closed: true, message: "Ben closed Corner: people outside knock to come in." });

    // Ada walks against it: stopped outside, and that is a knock.
    const stopped = await walkUntilStopped(ada, 21, 2);
    expect(stopped.tx).toBeLessThan(20);
    await waitFor(() => ada.of("knockStatus").find((s) => s.state === "sent"), "Ada's knock went in");
    await waitFor(() => ben.of("knock").length === 1 && cat.of("knock").length === 1, "Ben and Cat see the knock");
    const knock = ben.of("knock")[0]!;
    expect(knock).toMatchObject({ zone: "Corner", from: { id: ada.room.sessionId, name: "Ada" } });
    await pause(300);
    expect(dan.of("knock")).toEqual([]);
    expect(ada.of("knock")).toEqual([]);

    ben.room.send("knockAnswer", { id: knock.id, letIn: true });
    await waitFor(() => ada.of("knockStatus").find((s) => s.state === "letIn"), "Ada is let in");
    await waitFor(() => cat.of("knockGone").length === 1, "Cat's prompt goes");
    expect(cat.of("knockGone")[0]).toEqual({ id: knock.id, message: "Ben let Ada in." });
    await walk(ada, 21, 2);

    // Out again, she is a newcomer again: stopped at the edge.
    await walk(ada, 17, 2);
    await pause(400); // the floor notices she left (it looks 4 times a second)
    expect((await walkUntilStopped(ada, 21, 2)).tx).toBeLessThan(20);

    // Dan clicks across the floor beyond the closed corner: his route goes around it (he is not stopped at its edge, nor knocks).
    await walk(dan, 19, 3);
    await walk(dan, 24, 3);
    expect(dan.of("knockStatus")).toEqual([]);
  });

  it("decline tells her politely; busy people get no prompt; walking away or leaving withdraws a knock; knocks are rate-limited", async () => {
    const [ben, cat, eve, fay] = await Promise.all([enter(server.wsUrl, "Ben"), enter(server.wsUrl, "Cat"), enter(server.wsUrl, "Eve"), enter(server.wsUrl, "Fay")]);
    await Promise.all([walk(ben, 21, 2), walk(cat, 22, 3), walk(eve, 18, 3), walk(fay, 18, 1)]);
    ben.room.send("spot", { closed: true });
    await waitFor(() => eve.room.state.closed?.get("Corner") === "inside", "the corner is closed");

    // Eve knocks from the edge (the notice's button); Ben declines.
    eve.room.send("knock", { zone: "Corner" });
    await waitFor(() => ben.of("knock").length === 1, "Ben sees Eve knock");
    ben.room.send("knockAnswer", { id: ben.of("knock")[0]!.id, letIn: false });
    await waitFor(() => eve.of("knockStatus").find((s) => s.state === "declined"), "Eve is declined");
    expect(eve.of("knockStatus").find((s) => s.state === "declined")?.message).toBe("Sorry — the people at Corner can't let you in right now.");
    expect((await walkUntilStopped(eve, 21, 3)).tx).toBeLessThan(20);
    // Knocking again at once is refused with how long to wait.
    eve.room.send("knock", { zone: "Corner" });
    await waitFor(() => eve.of("error").find((e) => e.type === "knock"), "Eve's second knock is refused");
    expect(eve.of("error").find((e) => e.type === "knock")).toMatchObject({ code: "rate_limited" });
    expect(eve.of("error").find((e) => e.type === "knock")?.message).toMatch(/^you can knock again in \d+ s$/);

    // Cat is busy: Fay's knock reaches Ben only. Then Fay walks away: withdrawn.
    cat.room.send("status", { status: "busy" });
    await waitFor(() => fay.room.state.people.get(cat.room.sessionId)?.status === "busy", "Cat is busy");
    const catKnocksBefore = cat.of("knock").length;
    fay.room.send("knock", { zone: "Corner" });
    await waitFor(() => ben.of("knock").length === 2, "Ben sees Fay knock");
    await pause(300);
    expect(cat.of("knock")).toHaveLength(catKnocksBefore);
    await walk(fay, 5, 9);
    await waitFor(() => fay.of("knockStatus").find((s) => s.state === "withdrawn"), "Fay's knock is withdrawn");
    await waitFor(() => ben.of("knockGone").find((g) => g.id === ben.of("knock")[1]!.id), "Ben's prompt goes");
    expect(ben.of("knockGone").find((g) => g.id === ben.of("knock")[1]!.id)?.message).toBe("Fay walked away.");

    // Gus knocks and leaves the floor: withdrawn too.
    const gus = await enter(server.wsUrl, "Gus");
    await walk(gus, 19, 4);
    gus.room.send("knock", { zone: "Corner" });
    await waitFor(() => ben.of("knock").length === 3, "Ben sees Gus knock");
    await gus.room.leave();
    await waitFor(() => ben.of("knockGone").find((g) => g.message === "Gus left."), "Gus's knock is withdrawn");

    // Everyone inside leaves: the corner opens by itself.
    await Promise.all([walk(ben, 12, 6), walk(cat, 13, 6)]);
    await waitFor(() => !eve.room.state.closed?.has("Corner"), "the empty corner is open again");
  });

  it("a follower ends next to the person after she walks away, and stops when they walk by themselves", async () => {
    const [ann, bob] = await Promise.all([enter(server.wsUrl, "Ann"), enter(server.wsUrl, "Bob")]);
    await walk(ann, 6, 6);
    bob.room.send("follow", { id: ann.room.sessionId });
    await waitFor(() => bob.of("following").find((f) => f.state === "on"), "Bob follows Ann");
    expect(bob.of("following")[0]).toEqual({ state: "on", with: { personId: expect.any(String), name: "Ann" }, message: "Following Ann." });
    await waitFor(() => apart(bob, ann.room.sessionId, bob.room.sessionId) === 1, "Bob walks up to Ann", 15_000);

    await walk(ann, 16, 9);
    await walk(ann, 26, 3); // she walks on before he caught up
    await waitFor(() => {
      const b = avatarsOf(bob.room).get(bob.room.sessionId);
      return b && !b.moving && apart(bob, ann.room.sessionId, bob.room.sessionId) === 1;
    }, "Bob stands next to Ann again", 20_000);

    bob.room.send("move", { dx: -1, dy: 0, seq: 1 });
    await waitFor(() => bob.of("following").find((f) => f.state === "off"), "Bob walked by himself: no longer following");
    expect(bob.of("following").at(-1)).toEqual({ state: "off", with: null, message: "You stopped following Ann." });
    bob.room.send("move", { dx: 0, dy: 0, seq: 2 });
    bob.room.send("follow", { id: bob.room.sessionId });
    await waitFor(() => bob.of("error").find((e) => e.type === "follow"), "following yourself is refused");
    expect(bob.of("error").find((e) => e.type === "follow")).toMatchObject({ code: "forbidden", field: "id" });
  });
});

describe("following someone up the stairs", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { FOYER_MEDIA: "off" }, timeoutMs: 120_000 }); // the built-in venue: main hall and roof terrace
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function identity(name: string): Promise<string> {
    const res = await fetch(`${server.url}/api/people`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, avatar: "teal" }) });
    return ((await res.json()) as { token: string }).token;
  }

  /** What a page does with a portal message: leave, join the target floor at its spawn. */
  async function takePortal(p: Person, token: string): Promise<Person> {
    const portal = await waitFor(() => p.of("portal")[0], `${p.name} walks into the portal`, 20_000);
    await p.room.leave();
    const next = await enter(server.wsUrl, p.name, { token, floor: portal.floor, ...(portal.spawn ? { spawn: portal.spawn } : {}) });
    if (portal.follow) next.room.send("follow", { personId: portal.follow.personId });
    return next;
  }

  it("the follower walks after her into the portal, onto the terrace, and on up to her there", async () => {
    const [annToken, bobToken] = await Promise.all([identity("Ann"), identity("Bob")]);
    const [ann, bob] = await Promise.all([enter(server.wsUrl, "Ann", { token: annToken }), enter(server.wsUrl, "Bob", { token: bobToken })]);
    await waitFor(() => bob.room.state.people.get(ann.room.sessionId), "Bob sees Ann on the list");
    bob.room.send("follow", { id: ann.room.sessionId });
    await waitFor(() => bob.of("following").find((f) => f.state === "on"), "Bob follows Ann");

    ann.room.send("walkTo", { tx: 31, ty: 24 }); // the stairs to the terrace
    const annUp = await takePortal(ann, annToken);
    const bobUp = await takePortal(bob, bobToken);
    expect(bob.of("portal")[0]).toMatchObject({ floor: "terrace", follow: { name: "Ann" } });
    expect(bobUp.room.state.floor).toBe("terrace");
    await waitFor(() => bobUp.of("following").find((f) => f.state === "on"), "Bob follows Ann on the terrace");

    await walk(annUp, 28, 10);
    await waitFor(() => {
      const b = avatarsOf(bobUp.room).get(bobUp.room.sessionId);
      return b && !b.moving && apart(bobUp, annUp.room.sessionId, bobUp.room.sessionId) === 1;
    }, "Bob stands next to Ann on the terrace", 20_000);
  });
});
