/**
 * The floor with real people on it: the real server process, real colyseus.js clients
 * over WebSocket. Each test reads like something an attendee would notice.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { AvatarView, FloorStateView, PersonView } from "../../shared/protocol/state.ts";
import { makeMap } from "../support/maps.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { avatarsOf, follow, joinFloor } from "../support/avatars.ts";

// A long hall: a 2×2 entrance on the left, a pillar wall at x = 8 from y = 1 to 4.
const HALL = [
  "########################################",
  "#.......#..............................#",
  "#.......#..............................#",
  "#.......#..............................#",
  "#.......#..............................#",
  "#......................................#",
  "#......................................#",
  "#......................................#",
  "#......................................#",
  "########################################",
];
const MAP = makeMap(HALL, [
  { name: "Entrance", class: "spawn", x: 2, y: 5, w: 2, h: 2 },
  { name: "Solo table", class: "table", x: 30, y: 1, w: 3, h: 3, props: { seats: 1, topic: "One at a time" } },
]);

type FloorRoom = Room<FloorStateView>;

let server: RunningServer;
const open: FloorRoom[] = [];

beforeAll(async () => {
  server = await startServer({ map: MAP });
});
afterAll(async () => {
  for (const r of open) if (r.connection.isOpen) await r.leave().catch(() => {});
  await server?.stop();
});

async function join(name: string, viewport = { width: 1, height: 1 }): Promise<FloorRoom> {
  const room = await joinFloor(server.wsUrl, { name, avatar: "teal", viewport });
  open.push(room);
  return room;
}

function avatarOf(viewer: FloorRoom, who: FloorRoom): AvatarView | undefined {
  return avatarsOf(viewer).get(who.sessionId);
}

function errors(room: FloorRoom): ServerMessages["error"][] {
  const list: ServerMessages["error"][] = [];
  room.onMessage("error", (e: ServerMessages["error"]) => list.push(e));
  return list;
}

async function walk(room: FloorRoom, dx: -1 | 0 | 1, dy: -1 | 0 | 1, ms: number): Promise<void> {
  room.send("move", { dx, dy, seq: Date.now() % 2 ** 30 });
  await new Promise((r) => setTimeout(r, ms));
  room.send("move", { dx: 0, dy: 0, seq: (Date.now() % 2 ** 30) + 1 });
}

describe("walking the floor together", () => {
  it("three people join, everyone is on the who's-here list, and a move is seen by the others", async () => {
    const a = await join("Ada");
    const b = await join("Ben");
    const c = await join("Chidi");
    for (const r of [a, b, c]) {
      await waitFor(() => r.state.people.size >= 3, "three people on the list");
      const names = [...r.state.people.values()].map((p: PersonView) => p.name);
      expect(names).toEqual(expect.arrayContaining(["Ada", "Ben", "Chidi"]));
    }
    // Everyone spawned in the entrance, so everyone sees everyone.
    const start = await waitFor(() => avatarOf(b, a), "Ben sees Ada");
    const x0 = start.x;
    const y0 = start.y;
    await walk(a, 0, 1, 300);
    await waitFor(() => avatarOf(b, a)!.y > y0 && !avatarOf(b, a)!.moving, "Ben sees Ada move down and stop");
    await waitFor(() => avatarOf(c, a)!.y === avatarOf(b, a)!.y, "Chidi sees Ada where Ben does");
    expect(avatarOf(b, a)!.x).toBe(x0);
    expect(avatarOf(b, a)!.y - y0).toBeGreaterThan(TILE_SIZE / 2);
    for (const r of [a, b, c]) await r.leave();
  });

  it("a wall stops you: walking up into the pillar wall, you stop below it", async () => {
    const a = await join("Walker");
    const observer = await join("Observer");
    // Walk right past the pillar's column at x = 8 (tiles 1-4 blocked), then up.
    a.send("walkTo", { tx: 10, ty: 6 });
    await waitFor(() => {
      const v = avatarOf(observer, a);
      return v && Math.floor(v.x / TILE_SIZE) === 10 && Math.floor(v.y / TILE_SIZE) === 6 && !v.moving;
    }, "walker reaches (10, 6)", 8000);
    // Now walk left along row 4..1? Go up first: free column at x=10, then hold left into the pillar.
    await walk(a, 0, -1, 700);
    await new Promise((r) => setTimeout(r, 200));
    await walk(a, -1, 0, 1500);
    await new Promise((r) => setTimeout(r, 200));
    const v = avatarOf(a, a)!;
    expect(Math.floor(v.y / TILE_SIZE)).toBeLessThanOrEqual(4); // up in the pillar's rows
    expect(v.x - 10).toBeGreaterThanOrEqual(9 * TILE_SIZE - 0.5); // stopped at the pillar's right face
    await a.leave();
    await observer.leave();
  });

  it("a far-away person is not sent to you until they come near", async () => {
    const watcher = await join("Watcher", { width: 1, height: 1 });
    const roamer = await join("Roamer", { width: 1, height: 1 });
    await waitFor(() => avatarOf(watcher, roamer), "watcher sees roamer at the entrance");
    roamer.send("walkTo", { tx: 20, ty: 6 });
    await waitFor(() => !avatarOf(watcher, roamer), "roamer leaves the watcher's area", 12_000);
    await waitFor(() => {
      const v = avatarOf(roamer, roamer)!;
      return Math.floor(v.x / TILE_SIZE) === 20 && !v.moving;
    }, "roamer arrives at the far end", 12_000);
    // Still on the who's-here list, just not streamed while far away…
    expect(avatarOf(watcher, roamer)).toBeUndefined();
    expect(watcher.state.people.get(roamer.sessionId)?.name).toBe("Roamer");
    // …and the watcher can ask where they are (to walk over from the list).
    const located = new Promise<ServerMessages["located"]>((resolve) => watcher.onMessage("located", resolve));
    watcher.send("locate", { id: roamer.sessionId });
    expect(await located).toEqual({ id: roamer.sessionId, tx: 20, ty: 6 });
    const refusals = errors(watcher);
    watcher.send("locate", { id: "nobody-here" });
    watcher.send("locate", { id: 42 });
    await waitFor(() => refusals.length >= 2, "two refusals");
    expect(refusals[0]).toMatchObject({ code: "not_found", type: "locate", field: "id", message: 'id: nobody with id "nobody-here" is on this floor' });
    expect(refusals[1]).toMatchObject({ code: "invalid_message", type: "locate", field: "id" });
    roamer.send("walkTo", { tx: 4, ty: 6 });
    const back = await waitFor(() => avatarOf(watcher, roamer), "roamer comes back into view", 12_000);
    expect(back.x).toBeLessThan(20 * TILE_SIZE);
    await watcher.leave();
    await roamer.leave();
  });
});

describe("a client that starts listening late", () => {
  it("notices what it missed and gets everyone it sees again", async () => {
    const ann = await join("Ann", { width: 30, height: 20 });
    // Bea joins but only starts mirroring positions half a second later: colyseus.js
    // drops the `pos` messages with her own and Ann's arrival.
    const bea = await new Client(server.wsUrl).joinOrCreate<FloorStateView>("floor", { name: "Bea", avatar: "rose", viewport: { width: 30, height: 20 } });
    open.push(bea);
    bea.onMessage("*", () => {});
    await new Promise((r) => setTimeout(r, 500));
    follow(bea);
    expect(avatarsOf(bea).size).toBe(0);
    // Ann takes a step: Bea's copy gets an update for someone it never saw arrive, asks
    // for everything again, and then has both of them.
    await walk(ann, 1, 0, 200);
    await waitFor(() => avatarsOf(bea).get(ann.sessionId) && avatarsOf(bea).get(bea.sessionId), "Bea's copy recovered", 5000);
    await waitFor(() => {
      const seen = avatarsOf(bea).get(ann.sessionId)!;
      const own = avatarsOf(ann).get(ann.sessionId)!;
      return !own.moving && !seen.moving && seen.x === own.x && seen.y === own.y;
    }, "Bea sees Ann where Ann is", 5000);
  });
});

describe("seats", () => {
  it("a full table says so and cannot be entered; the seat count is on the floor state", async () => {
    const a = await join("Sitter");
    const b = await join("Latecomer");
    const got = errors(b);
    // Both walk toward the one-seat table; A goes first and takes the seat.
    a.send("walkTo", { tx: 31, ty: 2 });
    await waitFor(() => b.state.occupancy?.get("Solo table") === 1, "the table shows 1/1", 15_000);
    b.send("walkTo", { tx: 31, ty: 3 });
    await waitFor(() => got.find((e) => e.code === "zone_full"), "B is told the table is full", 15_000);
    expect(got.find((e) => e.code === "zone_full")!.message).toMatch(/Solo table is full \(1\/1 seats taken\)/);
    const v = avatarOf(b, b)!;
    const inside = Math.floor(v.x / TILE_SIZE) >= 30 && Math.floor(v.x / TILE_SIZE) <= 32 && Math.floor(v.y / TILE_SIZE) <= 3;
    expect(inside).toBe(false);
    expect(b.state.occupancy.get("Solo table")).toBe(1);
    // A leaves the table; now B may sit.
    a.send("walkTo", { tx: 31, ty: 7 });
    await waitFor(() => b.state.occupancy.get("Solo table") === 0, "the seat is free again", 10_000);
    b.send("walkTo", { tx: 31, ty: 2 });
    await waitFor(() => b.state.occupancy.get("Solo table") === 1 && Math.floor(avatarOf(b, b)!.y / TILE_SIZE) === 2, "B sits", 10_000);
    await a.leave();
    await b.leave();
  });
});

describe("a host publishes a new layout", () => {
  it("a table the host removed is gone from the seat counts too", async () => {
    const email = "host@example.com";
    const own = await startServer({ map: MAP, env: { FOYER_ADMIN_EMAIL: email, FOYER_SETUP_TOKEN: SETUP_TOKEN, FOYER_MEDIA: "off" } });
    try {
      const room = follow(await new Client(own.wsUrl).joinOrCreate<FloorStateView>("floor", { name: "Sam", avatar: "teal" }));
      open.push(room);
      await waitFor(() => room.state.occupancy?.get("Solo table") === 0, "the table's seat count");
      const signup = await fetch(`${own.url}/api/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "a long host password", displayName: "Host", setupToken: SETUP_TOKEN }),
      });
      expect(signup.status).toBe(201);
      const cookie = signup.headers.getSetCookie().find((c) => c.startsWith("foyer_session="))!.split(";")[0]!;
      const withoutTable = makeMap(HALL, [{ name: "Entrance", class: "spawn", x: 2, y: 5, w: 2, h: 2 }]);
      const put = await fetch(`${own.url}/api/venues/foyer/floors/main`, {
        method: "PUT",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ map: withoutTable, expectedVersion: 1 }),
      });
      expect(put.status).toBe(200);
      await waitFor(() => room.state.mapVersion === 2, "the new version on the floor");
      await waitFor(() => !room.state.occupancy.has("Solo table"), "the removed table's seat count gone", 2000);
      expect([...room.state.occupancy.keys()]).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});

describe("bad input", () => {
  it("malformed, unknown, oversized and flooding messages get a clear error while others carry on", async () => {
    const bad = await join("Mallory");
    const good = await join("Grace");
    const friend = await join("Frank");
    const got = errors(bad);
    const closed = new Promise<number>((resolve) => bad.onLeave((code) => resolve(code)));

    bad.send("move", { dx: 5, dy: 0, seq: 1 });
    bad.send("walkTo", { tx: "here" });
    bad.send("teleport", { x: 1 });
    bad.send("move", { dx: 0, dy: 0, seq: 1, junk: "x".repeat(10_000) });
    bad.send("walkTo", { tx: 0, ty: 0 }); // a wall tile
    await waitFor(() => got.length >= 5, "five errors");
    expect(got[0]).toMatchObject({ code: "invalid_message", type: "move", field: "dx" });
    expect(got[1]).toMatchObject({ code: "invalid_message", type: "walkTo", field: "tx" });
    expect(got[2]).toMatchObject({ code: "unknown_message", type: "teleport" });
    expect(got[3]).toMatchObject({ code: "message_too_large" });
    expect(got[4]).toMatchObject({ code: "unreachable", type: "walkTo" });

    // A flood: more than the allowed rate in one burst.
    for (let i = 0; i < 80; i++) bad.send("viewport", { width: 10, height: 10 });
    await waitFor(() => got.some((e) => e.code === "rate_limited"), "a rate-limit error");
    expect(got.find((e) => e.code === "rate_limited")!.message).toMatch(/too many messages/);

    // Meanwhile Grace walks and Frank sees her.
    const before = (await waitFor(() => avatarOf(friend, good), "Frank sees Grace")).y;
    await walk(good, 0, 1, 300);
    await waitFor(() => (avatarOf(friend, good)?.y ?? before) > before, "Frank sees Grace move");

    // Persistent abuse ends in a disconnect; the room stays up for everyone else.
    for (let i = 0; i < 40 && bad.connection.isOpen; i++) {
      bad.send("move", { dx: 9, dy: 9, seq: -1 });
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await closed).toBe(4008);
    await waitFor(() => !friend.state.people.has(bad.sessionId), "Mallory gone from the list");
    const y1 = avatarOf(friend, good)!.y;
    await walk(good, 0, -1, 200);
    await waitFor(() => avatarOf(friend, good)!.y < y1, "Frank still sees Grace move");
    const health = await fetch(`${server.url}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: "ok" });
    await good.leave();
    await friend.leave();
  });

  it("joining with a bad name or avatar is refused with the reason", async () => {
    const client = new Client(server.wsUrl);
    await expect(client.joinOrCreate("floor", { name: "", avatar: "teal" })).rejects.toThrow(/name: must not be empty/);
    await expect(client.joinOrCreate("floor", { name: "Zed", avatar: "dragon" })).rejects.toThrow(/avatar: must be one of/);
    await expect(client.joinOrCreate("floor", { name: "x".repeat(200), avatar: "teal" })).rejects.toThrow(/at most 32 characters/);
  });
});

describe("coming back after an accidental disconnect", () => {
  it("restores you on the same spot, and the others see you back", async () => {
    const a = await join("Rita");
    const b = await join("Sam");
    a.send("walkTo", { tx: 12, ty: 7 });
    const spot = await waitFor(() => {
      const v = avatarOf(a, a);
      return v && Math.floor(v.x / TILE_SIZE) === 12 && Math.floor(v.y / TILE_SIZE) === 7 && !v.moving ? { x: v.x, y: v.y } : null;
    }, "Rita arrives", 8000);
    const token = a.reconnectionToken;
    a.connection.close(); // like a tab closing: no "leave" message
    await waitFor(() => b.state.people.get(a.sessionId)?.connected === false, "Sam sees Rita as away");
    await new Promise((r) => setTimeout(r, 500));
    const again = follow(await new Client(server.wsUrl).reconnect<FloorStateView>(token));
    open.push(again);
    const me = await waitFor(() => avatarsOf(again).get(again.sessionId), "own avatar after reconnect");
    expect(again.sessionId).toBe(a.sessionId);
    expect({ x: me.x, y: me.y }).toEqual(spot);
    await waitFor(() => b.state.people.get(a.sessionId)?.connected === true, "Sam sees Rita back");
    expect(again.state.people.get(again.sessionId)?.name).toBe("Rita");
    await again.leave();
    await b.leave();
  });

  it("a person who leaves on purpose is gone at once", async () => {
    const a = await join("Tom");
    const b = await join("Uma");
    await waitFor(() => b.state.people.has(a.sessionId), "Uma sees Tom");
    await a.leave(true);
    await waitFor(() => !b.state.people.has(a.sessionId), "Tom gone");
    await b.leave();
  });
});

describe("the server process", () => {
  it("answers /healthz and serves the floor map", async () => {
    expect(await fetch(`${server.url}/healthz`).then((r) => r.json())).toMatchObject({ status: "ok", database: "pglite" });
    const floor = await fetch(`${server.url}/api/floors/main`).then((r) => r.json());
    expect(floor).toMatchObject({ slug: "main", version: 1 });
    expect((await fetch(`${server.url}/api/floors/NOPE!`)).status).toBe(400);
    // A repeated ?venue= is refused, naming the parameter, not silently replaced by the default.
    const twice = await fetch(`${server.url}/api/floors/main?venue=foyer&venue=other`);
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ field: "venue", error: expect.stringMatching(/^venue: /) });
    expect((await fetch(`${server.url}/api/floors/attic`)).status).toBe(404);
  });

  it("tells connected clients on SIGTERM and exits cleanly", async () => {
    const own = await startServer({ map: MAP });
    const room = await new Client(own.wsUrl).joinOrCreate<FloorStateView>("floor", { name: "Last", avatar: "navy" });
    const notices: ServerMessages["notice"][] = [];
    room.onMessage("notice", (n: ServerMessages["notice"]) => notices.push(n));
    const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
    const code = await own.stop("SIGTERM");
    await left;
    expect(notices[0]).toMatchObject({ kind: "shutdown" });
    expect(code).toBe(0);
    expect(own.output()).toMatch(/shutting down/);
  });
});
