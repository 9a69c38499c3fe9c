// Running an event, against the real server process with real colyseus.js clients — on
// the embedded PGlite and on a real PostgreSQL server — and a real SMTP server in this
// process (smtp-server) that receives the invitations: who may come in (invite-only,
// personal links, forged identities, the event's window), guest lists from CSV, roles in
// who's-here, attendance, and feedback that only hosts read.
import { Client, type Room } from "colyseus.js";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { databaseTargets } from "../support/postgres.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";

const TIMEOUT = 120_000;
const HOST = { email: "hana@example.com", password: "correct horse battery", displayName: "Hana Host" };


interface Mail {
  to: string;
  text: string;
}

function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (d: Buffer) => (raw += d.toString("utf8")));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(",");
        // Quoted-printable soft line breaks joined, so a link reads whole.
        mails.push({ to, text: raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=") });
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ port, mails, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

/** Polls an async check until it gives a value. */
async function until<T>(check: () => Promise<T | null>, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function join(server: RunningServer, token: string | undefined, name: string): Promise<Room<FloorStateView>> {
  const client = new Client(server.wsUrl);
  if (token) client.auth.token = token;
  return client.joinOrCreate<FloorStateView>("floor", { name, avatar: "teal" });
}

async function refusal(p: Promise<Room<FloorStateView>>): Promise<string> {
  try {
    const room = await p;
    await room.leave();
    return "admitted";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const targets = databaseTargets("foyer_events");

for (const target of targets) {
  describe(`an event on ${target.name}`, () => {
    let server: RunningServer;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    const host = () => new Visitor(server.url);
    let hana: Visitor;
    const open: Room[] = [];

    beforeAll(async () => {
      smtp = await startSmtp();
      const env = await target.env();
      server = await startServer({
        env: {
          ...env,
          FOYER_MEDIA: "off",
          FOYER_ADMIN_EMAIL: HOST.email,
          FOYER_SETUP_TOKEN: SETUP_TOKEN,
          FOYER_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        },
      });
      hana = host();
      const signup = await hana.call("POST", "/api/auth/signup", { ...HOST, setupToken: SETUP_TOKEN });
      expect(signup.status).toBe(201);
    }, TIMEOUT);

    afterAll(async () => {
      for (const r of open) await r.leave().catch(() => {});
      await server?.stop();
      await smtp?.close();
      await target.cleanup?.();
    });

    const inAnHour = () => ({ startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() });

    it("keeps strangers out of an invite-only event and lets a guest in by the personal link from the mail", async () => {
      const made = await hana.call("POST", "/api/venues/foyer/events", {
        title: "Winter mixer",
        welcome: "Welcome! Grab a coffee in the lounge.",
        ...inAnHour(),
        timeZone: "Europe/Berlin",
        access: "invite",
        agenda: [{ startsAt: new Date().toISOString(), title: "Mixer round", place: "Café" }],
      });
      expect(made.status).toBe(201);
      const event = made.body.event as { id: string; phase: string };
      expect(event.phase).toBe("open");

      // Anyone may read what is on (the page shows it before the join form).
      const shown = await new Visitor(server.url).call("GET", "/api/venues/foyer/event");
      expect(shown.body.event).toMatchObject({ title: "Winter mixer", access: "invite", phase: "open", welcome: "Welcome! Grab a coffee in the lounge." });

      const added = await hana.call("POST", `/api/events/${event.id}/guests`, {
        guests: [
          { name: "Ada", email: "ada@example.com", role: "speaker" },
          { name: "Ben", email: "ben@example.com" },
        ],
        sendEmail: true,
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ emailed: 2, mail: true });

      // A stranger: no identity at all, then with an identity of their own.
      expect(await refusal(join(server, undefined, "Stranger"))).toMatch(/access: this event is invite-only/);
      const stranger = new Visitor(server.url);
      expect((await stranger.call("POST", "/api/people", { name: "Stranger", avatar: "navy" })).status).toBe(201);
      expect(await refusal(join(server, stranger.identity, "Stranger"))).toMatch(/invite-only/);
      // A forged identity is refused, not treated as a newcomer.
      expect(await refusal(join(server, "x".repeat(43), "Forger"))).toMatch(/identity: .*expired or was not issued here/);

      // Ada's mail arrives with her personal link; she opens it and comes in as a speaker.
      const mail = await waitFor(() => smtp.mails.find((m) => m.to === "ada@example.com"), "Ada's invitation", 10_000);
      expect(mail.text).toContain("Winter mixer");
      const token = /invite=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
      expect(token).toBeDefined();
      const ada = new Visitor(server.url);
      await ada.call("POST", "/api/people", { name: "Ada", avatar: "teal", headline: "Compilers" });
      const accepted = await ada.call("POST", "/api/invitations/accept", { token });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ role: "speaker", name: "Ada" });
      // The link is hers now: someone else opening it is told so.
      expect((await stranger.call("POST", "/api/invitations/accept", { token })).status).toBe(409);

      const room = await join(server, ada.identity, "Ada");
      open.push(room);
      const inList = await waitFor(() => room.state.people?.get(room.sessionId), "Ada in who's-here");
      expect(inList).toMatchObject({ name: "Ada", role: "speaker" });

      // The host sees who came, from which link.
      const attendance = await until(async () => {
        const r = await hana.call("GET", `/api/events/${event.id}/attendance`);
        return (r.body.attendance as { name: string; via: string }[]).length > 0 ? r : null;
      }, "attendance");
      expect(attendance.body.attendance).toEqual([expect.objectContaining({ name: "Ada", via: "invitation: Ada", floor: "main" })]);

      // The host ends the event: Ada is told and let go; she rates it once; only hosts read it.
      const ended = new Promise<unknown>((resolve) => room.onMessage("notice", resolve));
      expect((await hana.call("PATCH", `/api/events/${event.id}`, { end: true })).status).toBe(200);
      expect(await ended).toMatchObject({ kind: "ended" });
      expect(await refusal(join(server, ada.identity, "Ada"))).toMatch(/access: the event has ended/);
      const rated = await ada.call("POST", `/api/events/${event.id}/feedback`, { rating: 4, comment: "Met three new people!", newPeople: 3 });
      expect(rated.status).toBe(201);
      expect((await ada.call("POST", `/api/events/${event.id}/feedback`, { rating: 5 })).status).toBe(409);
      expect((await stranger.call("POST", `/api/events/${event.id}/feedback`, { rating: 1 })).status).toBe(403);
      expect((await ada.call("GET", `/api/events/${event.id}/feedback`)).status).toBe(401);
      const results = await hana.call("GET", `/api/events/${event.id}/feedback`);
      expect(results.body).toMatchObject({ responses: 1, average: 4, distribution: [0, 0, 0, 1, 0], newPeopleAverage: 3 });
      expect(results.body.comments).toEqual([expect.objectContaining({ comment: "Met three new people!" })]);
    }, TIMEOUT);

    it("writes the sign-in mail in German when the page asking for it is German (Accept-Language)", async () => {
      const before = smtp.mails.length;
      const asked = await fetch(`${server.url}/api/auth/link`, {
        method: "POST",
        headers: { "content-type": "application/json", "accept-language": "de-DE,de;q=0.9,en;q=0.5" },
        body: JSON.stringify({ email: HOST.email }),
      });
      expect(asked.status).toBe(202);
      const mail = await waitFor(() => smtp.mails.slice(before).find((m) => m.to === HOST.email), "the German sign-in mail", 10_000);
      expect(mail.text).toContain("hier ist dein Link zur Anmeldung bei Foyer");
      expect(mail.text).not.toContain("here is your link");
    }, TIMEOUT);

    it("signs a host in with a one-time link from the mail, and tells a stranger nothing about which addresses exist", async () => {
      const before = smtp.mails.length;
      const unknown = await new Visitor(server.url).call("POST", "/api/auth/link", { email: "nobody@example.com" });
      const known = await new Visitor(server.url).call("POST", "/api/auth/link", { email: HOST.email.toUpperCase() });
      expect(unknown.status).toBe(202);
      expect(known.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      const mail = await waitFor(() => smtp.mails.slice(before).find((m) => m.to === HOST.email), "the sign-in mail", 10_000);
      expect(smtp.mails.slice(before).some((m) => m.to === "nobody@example.com")).toBe(false);
      const path = /\/api\/auth\/link\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
      expect(path).toBeDefined();
      const phone = new Visitor(server.url);
      const page = await phone.call("GET", path!);
      expect(page.status).toBe(200);
      expect(page.text).toContain("Sign in to Foyer");
      expect((await phone.call("GET", "/api/auth/me")).status).toBe(401); // opening the link alone signs nobody in
      const res = await fetch(server.url + path!, { method: "POST", redirect: "manual" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/host");
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("foyer_session="));
      expect(cookie).toBeDefined();
      const me = await fetch(server.url + "/api/auth/me", { headers: { cookie: cookie!.split(";")[0]! } });
      expect(((await me.json()) as { host: { email: string } }).host.email).toBe(HOST.email);
      const again = await fetch(server.url + path!, { method: "POST", redirect: "manual" });
      expect(again.status).toBe(400);
    }, TIMEOUT);

    it("reports every bad row of a guest list CSV by its line and stores none of it", async () => {
      const made = await hana.call("POST", "/api/venues/foyer/events", { title: "CSV test", ...inAnHour(), timeZone: "UTC", access: "invite" });
      const id = (made.body.event as { id: string }).id;
      const bad = await hana.call("POST", `/api/events/${id}/guests`, {
        csv: "name,email,role\nAda,ada@example.com,speaker\n,nobody@example.com,\nBen,not-an-email,\nCem,cem@example.com,chief\nDee,ada@example.com,\n",
      });
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual([
        { line: 3, field: "name", message: "must not be empty" },
        { line: 4, field: "email", message: "is not a valid email address" },
        { line: 5, field: "role", message: expect.stringMatching(/must be one of host, moderator, speaker, attendee/) },
        { line: 6, field: "email", message: "ada@example.com is already on line 2" },
      ]);
      expect((await hana.call("GET", `/api/events/${id}/guests`)).body.guests).toEqual([]);
      const good = await hana.call("POST", `/api/events/${id}/guests`, { csv: "Name,Email\nAda,ada@example.com\nBen,\n" });
      expect(good.status).toBe(201);
      expect((good.body.guests as { link: string }[]).map((g) => g.link)).toEqual([expect.stringMatching(/\/\?venue=foyer&invite=/), expect.stringMatching(/invite=/)]);
      expect((await hana.call("PATCH", `/api/events/${id}`, { end: true })).status).toBe(200);
    }, TIMEOUT);

    it("keeps the doors shut before the start until the host opens early, and lets nobody else change the event", async () => {
      const later = { startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString() };
      const made = await hana.call("POST", "/api/venues/foyer/events", { title: "Later", ...later, timeZone: "UTC", access: "open" });
      const id = (made.body.event as { id: string }).id;
      // Another event still governs? Only this one is upcoming; the earlier ones ended.
      expect(((await new Visitor(server.url).call("GET", "/api/venues/foyer/event")).body.event as { phase: string }).phase).toBe("upcoming");
      expect(await refusal(join(server, undefined, "Early bird"))).toMatch(/access: the event has not started yet/);

      const other = host();
      await other.call("POST", "/api/auth/signup", { email: "otto@example.com", password: "another long secret", displayName: "Otto" });
      const before = (await hana.call("GET", `/api/events/${id}`)).body.event;
      expect((await other.call("PATCH", `/api/events/${id}`, { open: true })).status).toBe(403);
      expect((await other.call("GET", `/api/events/${id}/guests`)).status).toBe(403);
      expect((await new Visitor(server.url).call("PATCH", `/api/events/${id}`, { open: true })).status).toBe(401);
      expect((await hana.call("GET", `/api/events/${id}`)).body.event).toEqual(before);

      expect((await hana.call("PATCH", `/api/events/${id}`, { open: true })).status).toBe(200);
      const room = await join(server, undefined, "Early bird");
      open.push(room);
      expect(room.sessionId).toBeTruthy();
      // Bad input is named and changes nothing.
      const refused = await hana.call("PATCH", `/api/events/${id}`, { endsAt: "tomorrow" });
      expect(refused).toMatchObject({ status: 400, body: { field: "endsAt" } });
    }, TIMEOUT);
  });
}
