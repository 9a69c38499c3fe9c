// Foyer scaled out, with the real engines: Debian's redis-server, a real PostgreSQL, two
// Foyer processes sharing them (REDIS_URL: Colyseus' Redis presence and driver), and
// colyseus.js clients that come in through different processes. They meet on the same
// floor and see each other move; a floor published through one process reaches an
// attendee whose room lives on the other; when the process holding the room dies, its
// people come back through the other one.
import { Client } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { avatarsOf, follow, joinFloor } from "../support/avatars.ts";
import { freePort, startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { holding, SETUP_TOKEN, STATS_HEADERS, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { seenElsewhere, venueGuest } from "../support/venue.ts";

const TIMEOUT = 120_000;
const HOST = { email: "ops@example.com", password: "correct horse battery", displayName: "Ops" };

interface ClusterStatsAnswer {
  cluster: {
    self: string;
    processes: { process: string; clients: number; rooms: number; floors: Record<string, { ticks: number }> }[];
    totals: { processes: number; clients: number; rooms: number; floors: number };
  };
}
async function clusterStats(s: RunningServer): Promise<ClusterStatsAnswer["cluster"]> {
  return ((await (await fetch(`${s.url}/api/stats`, { headers: STATS_HEADERS })).json()) as ClusterStatsAnswer).cluster;
}

describe("two Foyer processes behind Redis", () => {
  let redis: TestRedis;
  let pg: TestPostgres;
  const servers: RunningServer[] = [];
  const rooms: { leave(): Promise<unknown> }[] = [];

  async function process(): Promise<RunningServer> {
    const port = await freePort();
    const server = await startServer({
      env: {
        PORT: String(port),
        REDIS_URL: redis.url,
        DATABASE_URL: pg.url,
        FOYER_PUBLIC_ADDRESS: `127.0.0.1:${port}`,
        FOYER_MEDIA: "off",
        FOYER_ADMIN_EMAIL: HOST.email,
        FOYER_SETUP_TOKEN: SETUP_TOKEN,
      },
    });
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    [redis, pg] = await Promise.all([startRedis(), startPostgres({ database: "foyer_scale" })]);
  }, TIMEOUT);

  afterAll(async () => {
    // A room whose process died never answers a leave: give each a moment, then go on.
    const briefly = (p: Promise<unknown>) => Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
    await Promise.all(rooms.map((r) => briefly(r.leave())));
    await Promise.all(servers.map((s) => briefly(s.stop())));
    await Promise.all(servers.map((s) => s.stop("SIGKILL").catch(() => null)));
    await redis?.stop();
    await pg?.stop();
  }, 60_000);

  it("people coming in through different processes meet on one floor, see each other move, and see a floor published through either", async () => {
    const a = await process();
    const b = await process();

    const ada = await joinFloor(a.wsUrl, { name: "Ada", avatar: "teal" });
    const ben = await joinFloor(b.wsUrl, { name: "Ben", avatar: "navy" });
    rooms.push(ada, ben);
    expect(ben.roomId).toBe(ada.roomId);

    // Ben (through b) sees Ada (through a) walk.
    const start = await waitFor(() => avatarsOf(ben).get(ada.sessionId), "Ada in Ben's view");
    const x0 = start.x;
    ada.send("move", { dx: 1, dy: 0, seq: 1 });
    await waitFor(() => (avatarsOf(ben).get(ada.sessionId)?.x ?? x0) > x0 + 16, "Ada walking, seen by Ben", 5000);
    ada.send("move", { dx: 0, dy: 0, seq: 2 });

    // A host publishes through whichever process does not hold the room: everyone redraws.
    const holder = await holding(a, b);
    const other = holder === a ? b : a;
    const signup = await fetch(`${other.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...HOST, setupToken: SETUP_TOKEN }),
    });
    expect(signup.status).toBe(201);
    const cookie = signup.headers.getSetCookie()[0]!.split(";")[0]!;
    const current = (await (await fetch(`${other.url}/api/venues/foyer/floors/main`)).json()) as { floor: { version: number; map: unknown } };
    const version = ada.state.mapVersion;
    const published = performance.now();
    const save = await fetch(`${other.url}/api/venues/foyer/floors/main`, {
      method: "PUT",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ map: current.floor.map, expectedVersion: current.floor.version, note: "from the other process" }),
    });
    expect(save.status).toBe(200);
    await waitFor(() => ada.state.mapVersion > version && ben.state.mapVersion > version, "the new version on both attendees' floor", 2000);
    expect(performance.now() - published).toBeLessThan(1500); // the save itself plus publish → seen (≤ 500 ms)
  }, TIMEOUT);

  it("/api/stats through either process lists both processes, the floor they share and the totals", async () => {
    const [a, b] = servers;
    for (const s of [a!, b!]) {
      // Figures are written every 2 s: wait for a round that counts both attendees.
      const answer = await waitFor(async () => {
        const c = await clusterStats(s);
        return c.totals.processes === 2 && c.totals.clients >= 2 ? c : undefined;
      }, `both processes in ${s.url}'s stats`, 10_000);
      expect(answer.processes.map((p) => p.process)).toContain(answer.self);
      // One room for the floor, on one process; each attendee holds a seat on it.
      expect(answer.totals.rooms).toBe(1);
      expect(answer.totals.floors).toBe(1);
      expect(answer.processes.filter((p) => p.floors["foyer/main"]).length).toBe(1);
    }
  }, TIMEOUT);

  it("who's-here, the event channel, direct and group messages reach people on a floor the other process holds", async () => {
    const [a, b] = servers;
    const mainHolder = await holding(a!, b!);
    const other = mainHolder === a ? b! : a!;
    const eve = await venueGuest(mainHolder, "Eve", "main");
    const finn = await venueGuest(other, "Finn", "terrace");
    rooms.push(eve.room, finn.room);
    // Colyseus opens the terrace on the process with fewer rooms: the other one.
    expect(await holding(a!, b!, "terrace")).toBe(other);

    await waitFor(() => seenElsewhere(eve, "Finn")?.floor === "terrace", "Finn on the terrace in Eve's who's-here", 5000);
    await waitFor(() => seenElsewhere(finn, "Eve")?.floorName === "Main hall", "Eve in the Main hall in Finn's who's-here", 5000);
    finn.room.send("status", { status: "away" });
    await waitFor(() => seenElsewhere(eve, "Finn")?.status === "away", "Finn's status across processes", 5000);

    eve.room.send("chatSend", { channel: "event", text: "doors close at six" });
    await waitFor(() => finn.chat.find((m) => m.text === "doors close at six"), "the event channel upstairs, on the other process", 5000);
    finn.room.send("chatSend", { channel: "direct", to: eve.personId, text: "coming down" });
    await waitFor(() => eve.chat.find((m) => m.text === "coming down"), "Finn's direct message downstairs", 5000);
    eve.room.send("chatGroup", { add: [finn.personId] });
    const group = await waitFor(() => finn.groups[0], "Finn told about the group", 5000);
    eve.room.send("chatSend", { channel: "group", group: group.id, text: "table by the window" });
    await waitFor(() => finn.chat.find((m) => m.text === "table by the window"), "the group message on the other process", 5000);

    await finn.room.leave();
    await waitFor(() => !seenElsewhere(eve, "Finn"), "Finn gone from Eve's list", 5000);
  }, TIMEOUT);

  it("when the process holding the floor dies, its people come back through the other one", async () => {
    const [a, b] = servers;
    const cara = await joinFloor(b!.wsUrl, { name: "Cara", avatar: "rose" });
    rooms.push(cara);
    const holder = await holding(a!, b!);
    const survivor = holder === a ? b! : a!;
    const closed = new Promise<void>((resolve) => cara.onLeave(() => resolve()));
    await holder.stop("SIGKILL");
    await closed;

    // What a page does when its room is gone: join again, through the process that answers.
    const died = Date.now();
    let back: Awaited<ReturnType<typeof joinFloor>> | undefined;
    while (!back && Date.now() - died < 20_000) {
      back = await joinFloor(survivor.wsUrl, { name: "Cara", avatar: "rose" }, 5000).catch(async () => {
        await new Promise((r) => setTimeout(r, 500));
        return undefined;
      });
    }
    expect(back, "Cara could not come back within 20 s").toBeDefined();
    rooms.push(back!);
    expect(Date.now() - died).toBeLessThan(20_000);
    const dan = follow(await new Client(survivor.wsUrl).joinOrCreate<FloorStateView>("floor", { name: "Dan", avatar: "navy" }));
    rooms.push(dan);
    expect(dan.roomId).toBe(back!.roomId);
    await waitFor(() => avatarsOf(dan).get(back!.sessionId), "Dan sees Cara on the recreated floor", 5000);
    // The dead process drops out of the stats; the survivor counts everyone (its figures are
    // written every 2 s, so the first answer without the dead process may predate Cara and Dan).
    const after = await waitFor(async () => {
      const c = await clusterStats(survivor);
      return c.totals.processes === 1 && c.totals.clients >= 2 ? c : undefined;
    }, "the dead process gone from the stats, and the survivor counting Cara and Dan", 15_000);
    expect(after.processes[0]!.process).toBe(after.self);
  }, TIMEOUT);
});
