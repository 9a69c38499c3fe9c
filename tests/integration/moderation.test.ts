/**
 * Hosts run the room (issue #12) on the real server, with colyseus.js clients and real
 * identities, on PGlite and on PostgreSQL: the stage refuses a non-speaker, an attendee's
 * moderation command is refused and audited as an attempt, a closed table refuses entry,
 * and a banned person's rejoin is refused with a message. The audit log is read back
 * through the host's API.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { hall, makeMap } from "../support/maps.ts";
import { databaseTargets } from "../support/postgres.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";

const TIMEOUT = 120_000;
const HOST = { email: "hana@example.com", password: "correct horse battery", displayName: "Hana Host" };

const HALL = hall(30, 10);
const MAP = makeMap(HALL, [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
  { name: "Stage", class: "stage", x: 18, y: 1, w: 8, h: 2, props: { audience: "Seats" } },
  { name: "Seats", class: "audience", x: 16, y: 4, w: 12, h: 4 },
  { name: "Workshop table", class: "table", x: 2, y: 5, w: 4, h: 3, props: { seats: 6 } },
]);


/** A person in the room, with everything the server told them. */
interface InRoom {
  room: Room<FloorStateView>;
  told: { type: string; message: unknown }[];
  errors(): ServerMessages["error"][];
}

async function enter(server: RunningServer, token: string | undefined, name: string): Promise<InRoom> {
  const client = new Client(server.wsUrl);
  if (token) client.auth.token = token;
  const room = await client.joinOrCreate<FloorStateView>("floor", { name, avatar: "teal" });
  const told: InRoom["told"] = [];
  room.onMessage("*", (type, message) => told.push({ type: String(type), message }));
  return {
    room,
    told,
    errors: () => told.flatMap((t) => (t.type === "error" ? [t.message as ServerMessages["error"]] : [])),
  };
}

async function locate(p: InRoom): Promise<{ tx: number; ty: number }> {
  const before = p.told.length;
  p.room.send("locate", { id: p.room.sessionId });
  const found = await waitFor(() => p.told.slice(before).find((t) => t.type === "located"), "located");
  return found.message as ServerMessages["located"];
}

/** Walk to a tile and wait until they arrive or stand still for a second (a loaded machine ticks late). */
async function walkTo(p: InRoom, tx: number, ty: number): Promise<{ tx: number; ty: number }> {
  p.room.send("walkTo", { tx, ty });
  let last = await locate(p);
  let still = 0;
  for (let i = 0; i < 120 && still < 4 && !(last.tx === tx && last.ty === ty); i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await locate(p);
    still = now.tx === last.tx && now.ty === last.ty ? still + 1 : 0;
    last = now;
  }
  return last;
}

const targets = databaseTargets("foyer_moderation");

for (const target of targets) {
  describe(`hosts run the room on ${target.name}`, () => {
    let server: RunningServer;
    let hana: Visitor;
    let hanaIn: InRoom;
    const open: InRoom[] = [];

    beforeAll(async () => {
      const env = await target.env();
      server = await startServer({ map: MAP, env: { ...env, FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN } });
      hana = new Visitor(server.url);
      expect((await hana.call("POST", "/api/auth/signup", { ...HOST, setupToken: SETUP_TOKEN })).status).toBe(201);
      // Her identity, linked to her account: the venue's host in the room.
      expect((await hana.call("POST", "/api/people", { name: "Hana", avatar: "navy" })).status).toBe(201);
      hanaIn = await enter(server, hana.identity, "Hana");
      open.push(hanaIn);
    }, TIMEOUT);

    afterAll(async () => {
      // A removed person's room is closed already: do not wait on it.
      for (const p of open) await Promise.race([p.room.leave().catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
      await server?.stop();
      await target.cleanup?.();
    });

    const attendee = async (name: string): Promise<{ visitor: Visitor; inRoom: InRoom }> => {
      const visitor = new Visitor(server.url);
      expect((await visitor.call("POST", "/api/people", { name, avatar: "teal" })).status).toBe(201);
      const inRoom = await enter(server, visitor.identity, name);
      open.push(inRoom);
      return { visitor, inRoom };
    };

    it("shows the host's role, and a non-speaker's step onto the stage is refused at its edge", async () => {
      await waitFor(() => hanaIn.room.state.people?.get(hanaIn.room.sessionId)?.role === "host" || undefined, "Hana's role");
      const { inRoom: ali } = await attendee("Ali");
      const stood = await walkTo(ali, 20, 1);
      expect(stood.tx < 18 || stood.ty > 2).toBe(true);
      expect(ali.errors()).toContainEqual({ code: "forbidden", type: "move", message: "Stage is for speakers; raise your hand to be brought up" });
      // The host may.
      const up = await walkTo(hanaIn, 21, 1);
      expect(up).toMatchObject({ tx: 21, ty: 1 });
      await walkTo(hanaIn, 3, 2);
    }, TIMEOUT);

    it("an attendee's moderation commands are refused and audited as attempts", async () => {
      const { inRoom: eve } = await attendee("Eve");
      eve.room.send("moderate", { action: "mute", id: hanaIn.room.sessionId, reason: "trying" });
      eve.room.send("moderate", { action: "muteAll" });
      await waitFor(() => eve.errors().filter((e) => e.type === "moderate").length === 2 || undefined, "two refusals");
      expect(eve.errors().filter((e) => e.type === "moderate").map((e) => [e.code, e.message])).toEqual([
        ["forbidden", "only hosts and moderators can mute"],
        ["forbidden", "only hosts and moderators can muteAll"],
      ]);
      expect(hanaIn.told.some((t) => t.type === "moderated")).toBe(false);
      type Row = { actor: { name: string }; action: string; allowed: boolean; target: { name: string } | null; reason: string | null };
      let log: Row[] = [];
      for (let i = 0; i < 50 && log.filter((a) => a.actor.name === "Eve").length < 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const r = await hana.call("GET", "/api/venues/foyer/moderation");
        expect(r.status).toBe(200);
        log = r.body.actions as Row[];
      }
      expect(log.filter((a) => a.actor.name === "Eve").map((a) => [a.action, a.allowed, a.target?.name ?? null, a.reason])).toEqual([
        ["muteAll", false, null, null],
        ["mute", false, "Hana", "trying"],
      ]);
      // Only the venue's host reads the log.
      expect((await new Visitor(server.url).call("GET", "/api/venues/foyer/moderation")).status).toBe(401);
    }, TIMEOUT);

    it("a closed table refuses entry; opened again, it lets people in", async () => {
      const { inRoom: tom } = await attendee("Tom");
      hanaIn.room.send("moderate", { action: "close", zone: "Workshop table", reason: "workshop prep" });
      await waitFor(() => hanaIn.told.find((t) => t.type === "moderationDone"), "closed");
      const stood = await walkTo(tom, 3, 6);
      expect(stood.ty).toBeLessThan(5);
      expect(tom.errors(), JSON.stringify({ stood, told: tom.told })).toContainEqual({ code: "forbidden", type: "move", message: "Workshop table is closed by a host" });
      hanaIn.room.send("moderate", { action: "open", zone: "Workshop table" });
      await waitFor(() => hanaIn.told.filter((t) => t.type === "moderationDone").length === 2 || undefined, "opened");
      expect(await walkTo(tom, 3, 6)).toMatchObject({ tx: 3, ty: 6 });
    }, TIMEOUT);

    it("a banned person is removed with a message and their rejoin is refused", async () => {
      const { visitor, inRoom: bob } = await attendee("Bob");
      const left = new Promise<number>((resolve) => bob.room.onLeave((code) => resolve(code)));
      hanaIn.room.send("moderate", { action: "ban", id: bob.room.sessionId, reason: "harassment" });
      expect(await left).toBe(4101);
      expect(bob.told.find((t) => t.type === "notice")?.message).toEqual({ kind: "kicked", message: "A host banned you from this venue (harassment)." });
      let refused = "admitted";
      try {
        const again = await enter(server, visitor.identity, "Bob");
        await again.room.leave();
      } catch (err) {
        refused = err instanceof Error ? err.message : String(err);
      }
      expect(refused).toMatch(/access: a host banned you/);
      const r = await hana.call("GET", "/api/venues/foyer/moderation");
      const actions = r.body.actions as { action: string; allowed: boolean; actor: { name: string; role: string }; target: { name: string } | null; reason: string | null; at: string }[];
      expect(actions[0]).toMatchObject({ action: "ban", allowed: true, actor: { name: "Hana", role: "host" }, target: { name: "Bob" }, reason: "harassment", detail: "venue" });
      expect(Date.parse(actions[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    }, TIMEOUT);
  });
}
