/**
 * Meeting people on the real server: colyseus.js clients with real identities stand
 * together, and each finds the other in "people I met" (/api/networking); contact cards
 * are exchanged only after the asked person accepts, and come out as vCard and CSV.
 * The encounter threshold is shortened with FOYER_ENCOUNTER_SECONDS.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NetworkingOverview } from "../../shared/protocol/networking.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { follow, avatarsOf } from "../support/avatars.ts";
import { hall, makeMap } from "../support/maps.ts";
import { SETUP_TOKEN, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { HostSession, strongPassword } from "../support/http.ts";

const HALL = hall(40, 10);
const MAP = makeMap(HALL, [{ name: "Entrance", class: "spawn", x: 2, y: 4, w: 1, h: 1 }]);

let server: RunningServer;
const rooms: Room<FloorStateView>[] = [];

beforeAll(async () => {
  server = await startServer({ map: MAP, env: { FOYER_MEDIA: "off", FOYER_ENCOUNTER_SECONDS: "3", FOYER_SETUP_TOKEN: SETUP_TOKEN } });
});
afterAll(async () => {
  for (const r of rooms) if (r.connection.isOpen) await r.leave().catch(() => {});
  await server?.stop();
});

interface Someone {
  name: string;
  id: string;
  token: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; text: string; type: string | null }>;
  overview(): Promise<NetworkingOverview>;
}

async function someone(name: string, headline: string): Promise<Someone> {
  const res = await fetch(`${server.url}/api/people`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, avatar: "teal", headline }) });
  const created = (await res.json()) as { person: { id: string }; token: string };
  const call: Someone["call"] = async (method, path, body) => {
    const r = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${created.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // vCard and CSV
    }
    return { status: r.status, body: parsed, text, type: r.headers.get("content-type") };
  };
  return {
    name,
    id: created.person.id,
    token: created.token,
    call,
    async overview() {
      const r = await call("GET", "/api/networking");
      expect(r.status).toBe(200);
      return r.body as NetworkingOverview;
    },
  };
}

async function enter(who: Someone): Promise<Room<FloorStateView>> {
  const client = new Client(server.wsUrl);
  client.auth.token = who.token;
  const room = follow(await client.joinOrCreate<FloorStateView>("floor", { name: who.name, avatar: "teal", viewport: { width: 60, height: 30 } }));
  rooms.push(room);
  await waitFor(() => avatarsOf(room).get(room.sessionId), `${who.name} sees themself`);
  return room;
}

/** Polls an async check until it gives a value. */
async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let ada: Someone;
let ben: Someone;
let cleo: Someone;

describe("people I met", () => {
  it("two people who stood together for the threshold see each other; someone across the hall sees nobody", async () => {
    [ada, ben, cleo] = await Promise.all([someone("Ada", "Climate data"), someone("Ben", "Sound design"), someone("Cleo", "Games")]);
    // Cleo arrives first and walks to the far end of the hall, out of earshot.
    const c = await enter(cleo);
    c.send("walkTo", { tx: 37, ty: 8 });
    await waitFor(() => (avatarsOf(c).get(c.sessionId)?.x ?? 0) > 36 * 32, "Cleo at the far end", 15_000);
    const a = await enter(ada);
    const b = await enter(ben);
    const told: string[] = [];
    a.onMessage("met", (m: { id: string }) => told.push(m.id));
    expect((await ada.overview()).met).toEqual([]);

    const adaMet = await until(async () => {
      const o = await ada.overview();
      return o.met.length > 0 ? o.met : undefined;
    }, "Ada's list has someone", 10_000);
    expect(adaMet.map((p) => [p.name, p.headline, p.contact])).toEqual([["Ben", "Sound design", "none"]]);
    expect((await ben.overview()).met.map((p) => p.name)).toEqual(["Ada"]);
    expect((await cleo.overview()).met).toEqual([]);
    await waitFor(() => (told.includes(b.sessionId) ? true : undefined), "Ada is told she met Ben");
  });

  it("asks for an identity", async () => {
    const res = await fetch(`${server.url}/api/networking`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/person/);
  });
});

describe("exchanging contacts", () => {
  it("shares nothing until the asked person accepts; then both have each other's card, and a stranger sees nothing", async () => {
    // Only someone you met can be asked.
    const cold = await cleo.call("POST", "/api/networking/contacts", { personId: ada.id, email: "cleo@example.org" });
    expect(cold.status).toBe(404);

    const asked = await ada.call("POST", "/api/networking/contacts", { personId: ben.id, email: "ada@example.org", links: ["https://ada.example.org"] });
    expect(asked.status).toBe(201);
    const adaBefore = await ada.overview();
    expect(adaBefore.cards).toEqual([]);
    expect(adaBefore.met[0]!.contact).toBe("asked");
    const benBefore = await ben.overview();
    expect(benBefore.cards).toEqual([]); // Ada's email is not shown to Ben before he accepts
    expect(JSON.stringify(benBefore)).not.toContain("ada@example.org");
    expect(benBefore.incoming.map((r) => r.from.name)).toEqual(["Ada"]);
    const request = benBefore.incoming[0]!;

    // Nobody but Ben may answer.
    expect((await cleo.call("POST", `/api/networking/contacts/${request.id}/answer`, { accept: true })).status).toBe(404);
    expect((await ada.call("POST", `/api/networking/contacts/${request.id}/answer`, { accept: true })).status).toBe(404);

    const accepted = await ben.call("POST", `/api/networking/contacts/${request.id}/answer`, { accept: true, email: "ben@example.org" });
    expect(accepted.status).toBe(200);
    expect((await ada.overview()).cards).toEqual([
      expect.objectContaining({ name: "Ben", headline: "Sound design", email: "ben@example.org", links: [] }),
    ]);
    const benAfter = await ben.overview();
    expect(benAfter.cards).toEqual([expect.objectContaining({ name: "Ada", headline: "Climate data", email: "ada@example.org", links: ["https://ada.example.org"] })]);
    expect(benAfter.incoming).toEqual([]);
    expect(benAfter.met[0]!.contact).toBe("exchanged");
    const cleoSees = await cleo.overview();
    expect(cleoSees).toEqual({ met: [], cards: [], incoming: [] });

    // Answering twice is refused.
    expect((await ben.call("POST", `/api/networking/contacts/${request.id}/answer`, { accept: false })).status).toBe(409);
  });

  it("exports contacts as vCard and CSV", async () => {
    const vcf = await ben.call("GET", "/api/networking/contacts.vcf");
    expect(vcf.status).toBe(200);
    expect(vcf.type).toMatch(/^text\/vcard/);
    expect(vcf.text).toContain("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n");
    expect(vcf.text).toContain("EMAIL;TYPE=INTERNET:ada@example.org");
    expect(vcf.text).toContain("URL:https://ada.example.org");
    const csv = await ada.call("GET", "/api/networking/contacts.csv");
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.split("\r\n")[0]).toBe("name,headline,email,links,exchanged");
    expect(csv.text.split("\r\n")[1]).toMatch(/^Ben,Sound design,ben@example.org,,\d{4}-/);
    expect((await cleo.call("GET", "/api/networking/contacts.csv")).text).toBe("name,headline,email,links,exchanged\r\n");
  });

  it("refuses a bad email with the field named", async () => {
    const res = await ada.call("POST", "/api/networking/contacts", { personId: ben.id, email: "not an email" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/email/);
  });
});

describe("a host's view of an event", () => {
  it("shows how many people met, never who met whom; only to the event's host", async () => {
    for (const r of rooms.splice(0)) await r.leave().catch(() => {});
    const hana = new HostSession(server.url);
    await hana.signup("hana@example.org", strongPassword(), "Hana", { setupToken: SETUP_TOKEN });
    const made = await hana.post("/api/venues/foyer/events", {
      title: "Mixer night",
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: "UTC",
      access: "open",
    });
    expect(made.status).toBe(201);
    const eventId = (JSON.parse(made.text) as { event: { id: string } }).event.id;

    const [dan, eve] = await Promise.all([someone("Dan", "Robotics"), someone("Eve", "Poetry")]);
    await enter(dan);
    await enter(eve);
    await until(async () => ((await dan.overview()).met.length ? true : undefined), "Dan met Eve", 10_000);

    const stats = await hana.get(`/api/networking/events/${eventId}`);
    expect(stats.status).toBe(200);
    expect(JSON.parse(stats.text)).toEqual({ stats: { encounters: 1, peopleWhoMet: 2, medianMet: 1, mostMet: 1 } });
    expect(stats.text).not.toMatch(/Dan|Eve|personId/);

    // Another host, and an attendee, are refused.
    const other = new HostSession(server.url);
    await other.signup("olaf@example.org", strongPassword(), "Olaf");
    expect((await other.get(`/api/networking/events/${eventId}`)).status).toBe(403);
    expect((await dan.call("GET", `/api/networking/events/${eventId}`)).status).toBe(401);
  });
});
