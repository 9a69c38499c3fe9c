/**
 * Moderation across the venue's floors (issue #12), on the real server with colyseus.js
 * clients, real identities and the built-in venue's two floors (Main hall and Roof
 * terrace): a blocked person's older messages stay out of history, a direct or event
 * message between a blocker and the person they blocked does not cross to the other floor,
 * and a host who came in by a host link — no host account — ends the event for everyone on
 * both floors from inside the venue, while an attendee's try is refused and audited — on
 * PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { databaseTargets, type DatabaseTarget } from "../support/postgres.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { venueGuest, type VenueGuest } from "../support/venue.ts";
import { Visitor } from "../support/visitor.ts";

const TIMEOUT = 120_000;
const OWNER = { email: "olga@example.com", password: "correct horse battery", displayName: "Olga Owner" };

type Guest = VenueGuest & { token: string; told: { type: string; message: unknown }[] };

for (const target of databaseTargets("foyer_moderation_venue")) describe(`moderation across floors on ${target.name}`, () => suite(target));

function suite(target: DatabaseTarget): void {
  let server: RunningServer;
  let owner: Visitor;
  let eventId = "";
  let hostToken = "";
  const open: Guest[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { ...(await target.env()), FOYER_MEDIA: "off", FOYER_SETUP_TOKEN: SETUP_TOKEN } });
    owner = new Visitor(server.url);
    expect((await owner.call("POST", "/api/auth/signup", { ...OWNER, setupToken: SETUP_TOKEN })).status).toBe(201);
    const made = await owner.call("POST", "/api/venues/foyer/events", {
      title: "Winter mixer",
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: "UTC",
      access: "open",
    });
    expect(made.status).toBe(201);
    eventId = (made.body.event as { id: string }).id;
    const guests = await owner.call("POST", `/api/events/${eventId}/guests`, { guests: [{ name: "Hugo", role: "host" }] });
    expect(guests.status).toBe(201);
    const link = (guests.body.guests as { link: string }[])[0]!.link;
    // Hugo opens his host link in a browser of his own: an identity, no account.
    const hugo = new Visitor(server.url);
    expect((await hugo.call("POST", "/api/people", { name: "Hugo", avatar: "navy" })).status).toBe(201);
    const accepted = await hugo.call("POST", "/api/invitations/accept", { token: new URL(link).searchParams.get("invite") });
    expect(accepted.body).toMatchObject({ role: "host" });
    hostToken = hugo.identity!;
    expect((await hugo.call("GET", "/api/auth/me")).status).toBe(401);
  }, TIMEOUT);

  afterAll(async () => {
    for (const g of open) if (g.room.connection.isOpen) await Promise.race([g.room.leave().catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
    await server?.stop();
    await target.cleanup?.();
  });

  async function guest(name: string, floor: string, token?: string): Promise<Guest> {
    const g = await venueGuest(server, name, floor, token);
    const told: Guest["told"] = [];
    for (const type of ["notice", "moderationDone", "blocks"]) g.room.onMessage(type, (message: unknown) => told.push({ type, message }));
    g.room.onMessage("error", (message: unknown) => told.push({ type: "error", message }));
    const withTold = Object.assign(g, { told });
    open.push(withTold);
    return withTold;
  }

  function told<T>(g: Guest, type: string): T[] {
    return g.told.filter((t) => t.type === type).map((t) => t.message as T);
  }

  async function block(who: Guest, whom: Guest, blocked = true): Promise<void> {
    const before = told(who, "blocks").length;
    who.room.send("block", { personId: whom.personId, blocked });
    await waitFor(() => told<ServerMessages["blocks"]>(who, "blocks").slice(before).some((b) => b.people.some((p) => p.personId === whom.personId) === blocked), "the block saved");
  }

  async function history(g: Guest, ask: { channel: "floor" | "event" | "direct"; with?: string }): Promise<string[]> {
    const before = g.history.length;
    g.room.send("chatHistory", ask);
    const page = await waitFor(() => g.history.slice(before).find((h) => h.channel === ask.channel), `${ask.channel} history`);
    return page.messages.map((m) => m.text);
  }

  describe("blocking, beyond the live line", () => {
    it("history on joining again leaves out what the people I blocked wrote before, and still shows everyone else", async () => {
      const ada = await guest("Ada", "main");
      const cy = await guest("Cy", "main");
      const dee = await guest("Dee", "terrace");
      cy.room.send("chatSend", { channel: "floor", text: "Cy: anyone for coffee?" });
      ada.room.send("chatSend", { channel: "floor", text: "Ada: me!" });
      cy.room.send("chatSend", { channel: "event", text: "Cy: follow me on the terrace" });
      dee.room.send("chatSend", { channel: "event", text: "Dee: talk starts at 3" });
      cy.room.send("chatSend", { channel: "direct", to: ada.personId, text: "Cy: hello Ada" });
      ada.room.send("chatSend", { channel: "direct", to: cy.personId, text: "Ada: hi Cy" });
      await waitFor(() => (ada.chat.some((m) => m.text === "Cy: hello Ada") && ada.chat.some((m) => m.text === "Ada: hi Cy") && ada.chat.filter((m) => m.channel === "event").length === 2) || undefined, "the messages out");
      await waitFor(async () => (await history(ada, { channel: "floor" })).length === 2 || undefined, "both floor messages stored");

      await block(ada, cy);
      // Ada comes back later: what Cy wrote is gone from every channel's history; her own words and Dee's stay.
      await ada.room.leave();
      const back = await guest("Ada", "main", ada.token);
      expect(await history(back, { channel: "floor" })).toEqual(["Ada: me!"]);
      // The order two people wrote in at once is the server's; what counts is who is there.
      expect(await history(back, { channel: "event" })).toEqual(["Dee: talk starts at 3"]);
      expect(await history(back, { channel: "direct", with: cy.personId })).toEqual(["Ada: hi Cy"]);
      // Others still see Cy's lines.
      expect((await history(dee, { channel: "event" })).sort()).toEqual(["Cy: follow me on the terrace", "Dee: talk starts at 3"]);
    }, TIMEOUT);

    it("a page of history is filled from older messages when the newest ones are all from someone I blocked", async () => {
      const eli = await guest("Eli", "terrace");
      const flo = await guest("Flo", "terrace");
      eli.room.send("chatSend", { channel: "direct", to: flo.personId, text: "Eli: the first word" });
      await waitFor(() => flo.chat.some((m) => m.text === "Eli: the first word"), "Eli's first word");
      // Flo floods Eli with more than a page (50) from four tabs, slowly enough for each tab's rate limit.
      const tabs = [flo, ...(await Promise.all([1, 2, 3].map(() => guest("Flo", "terrace", flo.token))))];
      for (let round = 0; round < 14; round++) {
        for (const [t, tab] of tabs.entries()) tab.room.send("chatSend", { channel: "direct", to: eli.personId, text: `Flo: ${round}.${t}` });
        await new Promise((r) => setTimeout(r, round < 4 ? 50 : 1050));
      }
      await waitFor(() => eli.chat.filter((m) => m.from.personId === flo.personId).length === 56 || undefined, "the flood", 20_000);
      expect(eli.errors).toEqual([]);
      await block(eli, flo);
      expect(await history(eli, { channel: "direct", with: flo.personId })).toEqual(["Eli: the first word"]);
    }, TIMEOUT);

    it("direct and event messages between a blocker and the person she blocked do not cross to the other floor", async () => {
      const fay = await guest("Fay", "main");
      const gus = await guest("Gus", "terrace");
      const hal = await guest("Hal", "terrace");
      await waitFor(() => [...gus.elsewhere.values()].some((e) => e.personId === fay.personId), "Fay in the venue's roster upstairs");
      await block(fay, gus);

      // Gus (blocked) writes to Fay downstairs: it never reaches her; Hal's next message does.
      gus.room.send("chatSend", { channel: "direct", to: fay.personId, text: "Gus: why did you block me?" });
      gus.room.send("chatSend", { channel: "event", text: "Gus: free drinks upstairs" });
      hal.room.send("chatSend", { channel: "direct", to: fay.personId, text: "Hal: see you at the talk" });
      await waitFor(() => fay.chat.find((m) => m.text === "Hal: see you at the talk"), "Hal's message downstairs");

      // Fay (the blocker) writes upstairs: her direct message to Gus is refused with a reason,
      // her event message reaches Hal and not Gus.
      fay.room.send("chatSend", { channel: "direct", to: gus.personId, text: "Fay: leave me alone" });
      const refused = await waitFor(() => fay.errors.find((e) => e.type === "chatSend"), "Fay's message refused");
      expect(refused).toEqual({ code: "forbidden", type: "chatSend", field: "to", message: "to: you blocked Gus; unblock them to send a message" });
      fay.room.send("chatSend", { channel: "event", text: "Fay: the talk moved to the Main hall" });
      fay.room.send("chatSend", { channel: "direct", to: hal.personId, text: "Fay: thanks Hal" });
      await waitFor(() => hal.chat.find((m) => m.text === "Fay: thanks Hal"), "Fay's direct message upstairs");
      // (The event channel checks its announcements-only switch first, so it may come second.)
      await waitFor(() => hal.chat.find((m) => m.text === "Fay: the talk moved to the Main hall"), "Fay's event message upstairs");
      // Gus's event message still reaches Hal; nothing of Fay's reaches Gus, nothing of his reaches Fay.
      await waitFor(() => hal.chat.find((m) => m.text === "Gus: free drinks upstairs"), "Gus's event message with Hal");
      expect(gus.chat.filter((m) => m.from.personId === fay.personId).map((m) => m.text)).toEqual([]);
      expect(fay.chat.filter((m) => m.from.personId === gus.personId).map((m) => m.text)).toEqual([]);

      // Unblocked, they reach each other again across the floors.
      await block(fay, gus, false);
      gus.room.send("chatSend", { channel: "direct", to: fay.personId, text: "Gus: sorry" });
      await waitFor(() => fay.chat.find((m) => m.text === "Gus: sorry"), "Gus's message after the unblock");
    }, TIMEOUT);
  });

  describe("ending the event from inside the venue", () => {
    it("a host by host link ends it for everyone on both floors; an attendee's try is refused and audited", async () => {
      const hugo = await guest("Hugo", "main", hostToken);
      await waitFor(() => hugo.room.state.people.get(hugo.room.sessionId)?.role === "host" || undefined, "Hugo's host role");
      const ivy = await guest("Ivy", "main");
      const jon = await guest("Jon", "terrace");
      const left = (g: Guest) => new Promise<number>((resolve) => g.room.onLeave((code) => resolve(code)));
      const ivyLeft = left(ivy);
      const jonLeft = left(jon);

      jon.room.send("moderate", { action: "endEvent", reason: "I am bored" });
      const refusal = await waitFor(() => told<ServerMessages["error"]>(jon, "error").find((e) => e.type === "moderate"), "Jon refused");
      expect(refusal).toEqual({ code: "forbidden", type: "moderate", message: "only hosts can end the event" });
      expect(told(ivy, "notice")).toEqual([]);

      hugo.room.send("moderate", { action: "endEvent" });
      expect(await waitFor(() => told<ServerMessages["moderationDone"]>(hugo, "moderationDone")[0], "Hugo's answer")).toEqual({
        action: "endEvent",
        message: "The event is ending for everyone on every floor.",
      });
      const ended = { kind: "ended", message: "The event has ended. Thank you for coming!" };
      for (const g of [ivy, jon, hugo]) expect(await waitFor(() => told(g, "notice")[0], `${g.room.sessionId} told`)).toEqual(ended);
      // Attendees on both floors are let go; the host stays on the floor.
      expect(await ivyLeft).toBe(4100);
      expect(await jonLeft).toBe(4100);
      expect(hugo.room.connection.isOpen).toBe(true);
      // It is over for the venue: the events API says so, and a rejoin is refused.
      const page = await owner.call("GET", `/api/events/${eventId}`);
      expect(page.body.event).toMatchObject({ phase: "ended" });
      await expect(venueGuest(server, "Ivy", "main", ivy.token)).rejects.toThrow(/access: the event has ended/);

      type Row = { actor: { name: string; role: string }; action: string; allowed: boolean; detail: string | null; reason: string | null; eventId: string | null };
      const log = await waitFor(async () => {
        const r = await owner.call("GET", "/api/venues/foyer/moderation");
        const rows = (r.body.actions as Row[]).filter((a) => a.action === "endEvent");
        return rows.length === 2 ? rows : undefined;
      }, "both tries in the audit log");
      expect(log.map((a) => [a.actor.name, a.actor.role, a.allowed, a.reason, a.eventId])).toEqual([
        ["Hugo", "host", true, null, eventId],
        ["Jon", "attendee", false, "I am bored", eventId],
      ]);
    }, TIMEOUT);
  });
}
