/**
 * A host deletes a floor while people stand on it (issue #9), on the real server with real
 * colyseus.js clients and the built-in venue (Main hall, Roof terrace): the people on it are
 * sent to the venue's main floor, the way a portal sends them, told why, and arrive at its
 * spawn (someone whose connection dropped is sent on when they are back); nobody can join
 * the deleted floor any more. A floor that portals elsewhere lead to is
 * not deleted: the answer names those portals, and the floor carries on as before.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectContainsTile, zonesOfKind } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { tileOf } from "../../shared/movement/step.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { avatarsOf, joinFloor } from "../support/avatars.ts";
import { HostSession, record, strongPassword } from "../support/http.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { venueGuest } from "../support/venue.ts";

type FloorRoom = Room<FloorStateView>;
const ADMIN = "host@example.com";
const quiet = (r: FloorRoom) => ["roster", "rosterChanged", "blocks", "chats", "chatSettings", "profile"].forEach((t) => r.onMessage(t, () => {}));
let server: RunningServer;
let host: HostSession;
const open: FloorRoom[] = [];

beforeAll(async () => {
  server = await startServer({ env: { FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: ADMIN, FOYER_SETUP_TOKEN: SETUP_TOKEN } });
  host = new HostSession(server.url);
  await host.signup(ADMIN, strongPassword(), "Host", { setupToken: SETUP_TOKEN });
}, 60_000);
afterAll(async () => {
  for (const r of open) if (r.connection.isOpen) await r.leave().catch(() => {});
  await server?.stop();
});

async function mapOf(floor: string): Promise<unknown> {
  const reply = await host.get(`/api/venues/foyer/floors/${floor}`);
  expect(reply.status).toBe(200);
  return record(record(reply.json).floor).map;
}

/** Someone on `floor` who records the portal messages they get. */
async function standing(name: string, floor: string) {
  const g = await venueGuest(server, name, floor);
  open.push(g.room);
  const portals: ServerMessages["portal"][] = [];
  g.room.onMessage("portal", (m: ServerMessages["portal"]) => portals.push(m));
  for (const t of ["blocks", "chats"]) g.room.onMessage(t, () => {});
  return { ...g, portals };
}

describe("a host deletes a floor people stand on", () => {
  it("sends everyone on it to the main floor's spawn, told why, and nobody can join it any more", async () => {
    // A third floor, the Annex (drawn like the terrace; its stairs lead down to the main hall).
    const made = await host.post("/api/venues/foyer/floors", { slug: "annex", name: "Annex", map: await mapOf("terrace") });
    expect(made.status, made.text).toBe(201);
    const ada = await standing("Ada", "annex");
    const ben = await standing("Ben", "annex");
    const cem = await standing("Cem", "main"); // on another floor: not moved
    // Dan's connection drops (his avatar stays, greyed out); he comes back after the deletion.
    const dan = await standing("Dan", "annex");
    const danToken = dan.room.reconnectionToken;
    dan.room.connection.close();
    await waitFor(() => ada.room.state.people.get(dan.room.sessionId)?.connected === false, "Ada sees Dan away");

    const deleted = await host.request("DELETE", "/api/venues/foyer/floors/annex");
    expect(deleted.status, deleted.text).toBe(204);

    const told = { venue: "foyer", floor: "main", via: "", removed: { floorName: "Main hall" } };
    expect(await waitFor(() => ada.portals[0], "Ada sent on")).toEqual(told);
    expect(await waitFor(() => ben.portals[0], "Ben sent on")).toEqual(told);
    expect(cem.portals).toEqual([]);
    const danBack = await new Client(server.wsUrl).reconnect<FloorStateView>(danToken);
    open.push(danBack);
    const danTold: ServerMessages["portal"][] = [];
    danBack.onMessage("portal", (m: ServerMessages["portal"]) => danTold.push(m));
    quiet(danBack);
    expect(await waitFor(() => danTold[0], "Dan sent on when he is back")).toEqual(told);

    // The floor is gone: its map answers 404, the venue lists two floors, a join is refused in words.
    expect((await host.get("/api/venues/foyer/floors/annex")).status).toBe(404);
    const venue = record(record((await host.get("/api/venues/foyer")).json).venue);
    expect((venue.floors as { slug: string }[]).map((f) => f.slug)).toEqual(["main", "terrace"]);
    await expect(joinFloor(server.wsUrl, { name: "Dee", avatar: "teal", floor: "annex" }, 3000, undefined, quiet)).rejects.toThrow('floor "annex" was deleted by the host; join floor "main"');

    // They go where they were sent, as the page does: they appear at the main hall's spawn.
    const spawns = zonesOfKind(parseFloor(await mapOf("main")), "spawn");
    for (const g of [ada, ben]) {
      await g.room.leave();
      const there = await joinFloor(server.wsUrl, { name: g === ada ? "Ada" : "Ben", avatar: "teal", floor: "main" }, 10_000, g.token, quiet);
      open.push(there);
      const me = avatarsOf(there).get(there.sessionId)!;
      const t = tileOf(me);
      expect(spawns.some((s) => rectContainsTile(s.rect, t.tx, t.ty)), `${g === ada ? "Ada" : "Ben"} at tile ${t.tx},${t.ty}, in a spawn`).toBe(true);
      await waitFor(() => avatarsOf(cem.room).size >= 2, "Cem sees them arrive");
    }
    await waitFor(() => avatarsOf(cem.room).size === 3, "Cem sees Ada and Ben in the main hall");
  });
});

describe("a floor that portals lead to", () => {
  it("is not deleted: the answer names the portals, and the floor carries on", async () => {
    const eva = await standing("Eva", "terrace");
    const before = await host.get("/api/venues/foyer/floors/terrace");

    const refused = await host.request("DELETE", "/api/venues/foyer/floors/terrace");
    expect(refused.status).toBe(409);
    expect(record(refused.json).error).toBe('floor: floor "terrace" is the target of portal "Stairs to the terrace" on floor "main"; change or delete that portal first');

    // Nothing changed: same map and version, Eva stays and is not sent anywhere, a newcomer joins and sees her.
    const after = await host.get("/api/venues/foyer/floors/terrace");
    expect(after.status).toBe(200);
    expect(after.json).toEqual(before.json);
    const fay = await standing("Fay", "terrace");
    await waitFor(() => avatarsOf(fay.room).has(eva.room.sessionId), "Fay sees Eva on the terrace");
    const start = avatarsOf(eva.room).get(eva.room.sessionId)!.x;
    eva.room.send("move", { dx: 1, dy: 0, seq: 1 });
    await waitFor(() => avatarsOf(fay.room).get(eva.room.sessionId)!.x !== start, "Eva walks, seen by Fay");
    eva.room.send("move", { dx: 0, dy: 0, seq: 2 });
    expect(eva.portals).toEqual([]);
  });
});
