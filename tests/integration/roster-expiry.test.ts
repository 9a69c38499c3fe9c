/**
 * Who's-here after a process dies, with the real engines: Debian's redis-server, a real
 * PostgreSQL, two Foyer processes sharing them. Ann and Cal are on the main hall, Bob on the
 * roof terrace, each floor on a different process; the process holding the main hall is
 * killed with SIGKILL (no goodbye), and Ann and Cal leave Bob's who's-here within the bound
 * (its heartbeat key expires, the other process notices and tells its floors) — while Bob,
 * alive on the survivor, stays in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEAD_WITHIN_MS } from "../../server/venueHub.ts";
import { freePort, startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { holding, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { seenElsewhere, venueGuest } from "../support/venue.ts";

const TIMEOUT = 120_000;
/** The bound, plus what a busy two-core machine adds (timers firing late, the notice's trip). */
const GONE_WITHIN_MS = DEAD_WITHIN_MS + 3000;

describe("who's-here when a process dies", () => {
  let redis: TestRedis;
  let pg: TestPostgres;
  const servers: RunningServer[] = [];
  const rooms: { leave(): Promise<unknown> }[] = [];

  async function process(): Promise<RunningServer> {
    const port = await freePort();
    const server = await startServer({
      env: { PORT: String(port), REDIS_URL: redis.url, DATABASE_URL: pg.url, FOYER_PUBLIC_ADDRESS: `127.0.0.1:${port}`, FOYER_MEDIA: "off" },
    });
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    [redis, pg] = await Promise.all([startRedis(), startPostgres({ database: "foyer_roster_expiry" })]);
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

  // Which process opens a room is Colyseus's choice (fewest rooms, from stats that can lag
  // under load): when the terrace lands beside the main hall the premise is not there, and
  // the test starts again with two new processes.
  it("the people of a process killed with SIGKILL leave the other process's who's-here within the bound; the living stay", { retry: 2, timeout: TIMEOUT }, async () => {
    const [a, b] = [await process(), await process()];
    const ann = await venueGuest(a, "Ann", "main");
    rooms.push(ann.room);
    const mainHolder = await holding(a, b, "main");
    const survivor = mainHolder === a ? b : a;
    const cal = await venueGuest(mainHolder, "Cal", "main");
    // Colyseus opens the terrace on the process with fewer rooms: the survivor — once each
    // process's room count has reached the presence (written a moment after a room opens).
    await new Promise((r) => setTimeout(r, 3000));
    const bob = await venueGuest(survivor, "Bob", "terrace");
    rooms.push(cal.room, bob.room);
    expect(await holding(a, b, "terrace")).toBe(survivor);
    await waitFor(() => seenElsewhere(bob, "Ann") && seenElsewhere(bob, "Cal"), "Ann and Cal in Bob's who's-here", 5000);
    await waitFor(() => seenElsewhere(ann, "Bob"), "Bob in Ann's who's-here", 5000);

    await mainHolder.stop("SIGKILL");
    const killed = Date.now();
    await waitFor(() => !seenElsewhere(bob, "Ann") && !seenElsewhere(bob, "Cal"), "Ann and Cal gone from Bob's who's-here", GONE_WITHIN_MS + 2000);
    const took = Date.now() - killed;
    expect(took).toBeLessThan(GONE_WITHIN_MS);
    // Not at once either: the survivor waited for the heartbeat to expire (it is not the dead floor saying goodbye).
    expect(took).toBeGreaterThan(1000);

    // Bob is still in the venue: someone arriving on the survivor sees him.
    const dee = await venueGuest(survivor, "Dee", "main");
    rooms.push(dee.room);
    await waitFor(() => seenElsewhere(dee, "Bob"), "Bob in Dee's who's-here", 5000);
    expect(seenElsewhere(dee, "Ann")).toBeUndefined();
    expect(seenElsewhere(dee, "Cal")).toBeUndefined();
  });
});
