// Interests and intents (issue #13) on the real server process with real colyseus.js
// clients, on the embedded PGlite and on a real PostgreSQL server: a host gives the event
// its tags, a person edits their interests, intents and organisation in the venue and
// another sees them on the who's-here state and on the card; input that is too long or too
// much is refused with a message naming the field and nothing of it is saved; what was saved
// is still there when they come back (through the join form too).
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { databaseTargets } from "../support/postgres.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";

const TIMEOUT = 120_000;
const HOST = { email: "hana@example.com", password: "correct horse battery", displayName: "Hana Host" };

type Heard = { [K in keyof ServerMessages]?: ServerMessages[K][] };

/** A room whose messages of the given types are kept, in order. */
async function join(server: RunningServer, token: string, name: string): Promise<{ room: Room<FloorStateView>; heard: Heard }> {
  const client = new Client(server.wsUrl);
  client.auth.token = token;
  const room = await client.joinOrCreate<FloorStateView>("floor", { name, avatar: "teal" });
  const heard: Heard = {};
  for (const type of ["profileSaved", "profile", "error"] as const) {
    room.onMessage(type, (m: never) => ((heard[type] ??= []) as unknown[]).push(m));
  }
  room.onMessage("*", () => {});
  return { room, heard };
}

const interestsOf = (room: Room<FloorStateView>, id: string) => [...(room.state.people.get(id)?.interests ?? [])];

for (const target of databaseTargets("foyer_interests")) {
  describe(`interests and intents on ${target.name}`, () => {
    let server: RunningServer;
    const open: Room[] = [];

    beforeAll(async () => {
      server = await startServer({ env: { ...(await target.env()), FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN } });
    }, TIMEOUT);

    afterAll(async () => {
      for (const r of open) if (r.connection.isOpen) await r.leave().catch(() => {});
      await server?.stop();
      await target.cleanup?.();
    });

    it("a host's event tags are offered on the public event; a tag too long is refused naming it", async () => {
      const hana = new Visitor(server.url);
      expect((await hana.call("POST", "/api/auth/signup", { ...HOST, setupToken: SETUP_TOKEN })).status).toBe(201);
      const when = { startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), timeZone: "Europe/Berlin", access: "open" };
      const made = await hana.call("POST", "/api/venues/foyer/events", { title: "Climate night", ...when, tags: ["Climate", "AI", "climate"] });
      expect(made.status).toBe(201);
      const id = (made.body.event as { id: string }).id;
      const shown = await new Visitor(server.url).call("GET", "/api/venues/foyer/event");
      expect((shown.body.event as { tags: string[] }).tags).toEqual(["Climate", "AI"]);

      const bad = await hana.call("PATCH", `/api/events/${id}`, { tags: ["Policy", "x".repeat(41)] });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("tags.1");
      expect(bad.text).toContain("at most 40 characters");
      expect((await hana.call("PATCH", `/api/events/${id}`, { tags: ["Climate", "AI", "Policy"] })).status).toBe(200);
      const after = await new Visitor(server.url).call("GET", "/api/venues/foyer/event");
      expect((after.body.event as { tags: string[] }).tags).toEqual(["Climate", "AI", "Policy"]);
    }, TIMEOUT);

    it("Ada's interests, intents and organisation reach Ben's who's-here and his card of her; too much is refused and nothing saved", async () => {
      const ada = new Visitor(server.url);
      const ben = new Visitor(server.url);
      expect((await ada.call("POST", "/api/people", { name: "Ada", avatar: "teal" })).status).toBe(201);
      expect((await ben.call("POST", "/api/people", { name: "Ben", avatar: "coral" })).status).toBe(201);
      const a = await join(server, ada.identity!, "Ada");
      const b = await join(server, ben.identity!, "Ben");
      open.push(a.room, b.room);

      a.room.send("editProfile", { interests: ["Climate", "Heat pumps"], lookingFor: ["a co-founder"], offering: ["mentoring", "Rust"], affiliation: "Acme Energy", headline: "Builds heat pumps" });
      const saved = await waitFor(() => a.heard.profileSaved?.[0], "Ada's profile is saved");
      expect(saved).toEqual({ headline: "Builds heat pumps", interests: ["Climate", "Heat pumps"], lookingFor: ["a co-founder"], offering: ["mentoring", "Rust"], affiliation: "Acme Energy" });
      await waitFor(() => interestsOf(b.room, a.room.sessionId).length === 2, "Ben's who's-here lists Ada's interests");
      expect(interestsOf(b.room, a.room.sessionId)).toEqual(["Climate", "Heat pumps"]);

      b.room.send("profile", { id: a.room.sessionId });
      const card = await waitFor(() => b.heard.profile?.[0], "Ben gets Ada's card");
      expect(card).toMatchObject({ name: "Ada", headline: "Builds heat pumps", interests: ["Climate", "Heat pumps"], lookingFor: ["a co-founder"], offering: ["mentoring", "Rust"], affiliation: "Acme Energy" });

      // 21 interests, then an organisation name of 200 characters: each refused, naming the field.
      a.room.send("editProfile", { interests: Array.from({ length: 21 }, (_, i) => `tag ${i}`), lookingFor: [], offering: [], affiliation: null });
      const tooMany = await waitFor(() => a.heard.error?.[0], "Ada is told why");
      expect(tooMany).toMatchObject({ code: "invalid_message", type: "editProfile", field: "interests", message: "invalid editProfile: interests: has more than 20 interests" });
      a.room.send("editProfile", { interests: ["Climate"], lookingFor: [], offering: [], affiliation: "A".repeat(200) });
      const tooLong = await waitFor(() => a.heard.error?.[1], "Ada is told why again");
      expect(tooLong).toMatchObject({ type: "editProfile", field: "affiliation", message: "invalid editProfile: affiliation: the affiliation must be at most 80 characters" });

      b.room.send("profile", { id: a.room.sessionId });
      const again = await waitFor(() => b.heard.profile?.[1], "Ben gets Ada's card again");
      expect(again).toMatchObject({ interests: ["Climate", "Heat pumps"], affiliation: "Acme Energy" });
      expect(a.heard.profileSaved).toHaveLength(1);
      expect(interestsOf(b.room, a.room.sessionId)).toEqual(["Climate", "Heat pumps"]);
      expect(((await ada.call("GET", "/api/people/me")).body.person as { interests: string[] }).interests).toEqual(["Climate", "Heat pumps"]);

      // Ada comes back through the join form (which has no interests on it): they are kept.
      await a.room.leave();
      expect((await ada.call("POST", "/api/people", { name: "Ada", avatar: "teal" })).status).toBe(200);
      const back = await join(server, ada.identity!, "Ada");
      open.push(back.room);
      await waitFor(() => interestsOf(b.room, back.room.sessionId).length === 2, "Ben sees Ada's interests when she is back");
      expect((await ada.call("GET", "/api/people/me")).body.person).toMatchObject({ headline: "Builds heat pumps", lookingFor: ["a co-founder"], affiliation: "Acme Energy" });
    }, TIMEOUT);
  });
}
