/**
 * Proximity media with the real mediasoup worker: Opus RTP from GStreamer bots, real
 * consumers, real packets. As people walk, what flows must be exactly what the
 * audibility model says they hear; bad signalling gets a clear error; nothing leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audibility, type Participant } from "../../shared/audibility/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { makeMap } from "../support/maps.ts";
import { MediaBot } from "../support/mediaBot.ts";
import { STATS_HEADERS, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { avatarsOf } from "../support/avatars.ts";

// A 34×12 hall with a coffee corner at tiles (10..13, 2..5).
const HALL = ["#".repeat(34), ...Array.from({ length: 10 }, () => "#" + ".".repeat(32) + "#"), "#".repeat(34)];
const MAP = makeMap(HALL, [
  { name: "Entrance", class: "spawn", x: 2, y: 6, w: 2, h: 2 },
  { name: "Corner", class: "coffee-corner", x: 10, y: 2, w: 4, h: 4, props: { capacity: 4 } },
]);
const FLOOR = parseFloor(MAP);

let server: RunningServer;
const bots: MediaBot[] = [];

beforeAll(async () => {
  server = await startServer({ map: MAP, env: { FOYER_MEDIA: "on", FOYER_TEST_HOOKS: "1", FOYER_MEDIA_WORKERS: "2" } });
});
afterAll(async () => {
  for (const b of bots) await b.close();
  await server?.stop();
});

async function bot(name: string): Promise<MediaBot> {
  const b = await MediaBot.join(server.wsUrl, name);
  bots.push(b);
  return b;
}

async function flowing(): Promise<Record<string, string[]>> {
  return (await fetch(`${server.url}/api/debug/floors/main/media`)).json() as Promise<Record<string, string[]>>;
}

interface Usage {
  transports: number;
  producers: number;
  consumers: number;
  pipeTransports: number;
  perWorker: { transports: number; consumers: number }[];
}
async function usage(): Promise<Usage> {
  return ((await (await fetch(`${server.url}/api/stats`, { headers: STATS_HEADERS })).json()) as { media: Usage }).media;
}

/** What the audibility model says each listener hears, from the positions the server reports. */
function expectedHearing(observer: MediaBot, speakers: Set<string>): Record<string, string[]> {
  const people: Participant[] = [];
  avatarsOf(observer.room).forEach((a, id) => people.push({ id, x: a.x, y: a.y, speaking: speakers.has(id) }));
  const out: Record<string, string[]> = {};
  for (const [id, heard] of audibility(people, FLOOR)) out[id] = heard.map((h) => h.speakerId).sort();
  return out;
}

describe("proximity audio through mediasoup", () => {
  it("consumers follow the audibility model as people walk, and real RTP arrives only where it should", async () => {
    const a = await bot("Ada");
    const b = await bot("Ben");
    const c = await bot("Cleo");
    for (const x of [a, b, c]) await x.listen();
    await a.speak();

    // All three at the entrance: B and C hear A.
    await expect.poll(flowing, { timeout: 5000 }).toMatchObject({ [b.id]: [a.id], [c.id]: [a.id], [a.id]: [] });
    await expect.poll(() => c.packetsDuring(a.id, 500), { timeout: 5000 }).toBeGreaterThan(10);
    await expect.poll(() => b.packetsDuring(a.id, 500), { timeout: 5000 }).toBeGreaterThan(10);
    // The floor's people are spread over both media workers (Ada and Ben on different
    // ones), so Ada's voice reached one of them through a pipe between the routers.
    const spread = await usage();
    expect(spread.perWorker.map((w) => w.transports)).toEqual([3, 1]); // Ada (send + recv) and Cleo on one, Ben on the other
    expect(spread.pipeTransports).toBe(2);

    // C walks far away: C's consumer of A pauses and packets stop.
    await c.walkTo(30, 6);
    await expect.poll(flowing, { timeout: 3000 }).toMatchObject({ [b.id]: [a.id], [c.id]: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.packetsDuring(a.id, 500)).toBe(0);
    await expect.poll(() => b.packetsDuring(a.id, 500), { timeout: 5000 }).toBeGreaterThan(10);
    const observed = await flowing();
    const model = expectedHearing(a, new Set([a.id]));
    for (const id of [a.id, b.id, c.id]) expect(observed[id]).toEqual(model[id]);

    // C comes back: A is heard again.
    await c.walkTo(5, 6);
    await expect.poll(flowing, { timeout: 3000 }).toMatchObject({ [c.id]: [a.id] });
    await expect.poll(() => c.packetsDuring(a.id, 500), { timeout: 5000 }).toBeGreaterThan(10);

    // A and B step into the coffee corner; C stands just outside it: C hears nothing.
    await Promise.all([a.walkTo(11, 3), b.walkTo(12, 4), c.walkTo(9, 3)]);
    await expect.poll(flowing, { timeout: 3000 }).toMatchObject({ [b.id]: [a.id], [c.id]: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.packetsDuring(a.id, 500)).toBe(0);
    await expect.poll(() => b.packetsDuring(a.id, 500), { timeout: 5000 }).toBeGreaterThan(10);
    const inCorner = expectedHearing(a, new Set([a.id]));
    const now = await flowing();
    for (const id of [a.id, b.id, c.id]) expect(now[id]).toEqual(inCorner[id]);
  }, 60_000);

  it("bad signalling gets a clear error and changes nothing", async () => {
    const m = await bot("Mallory");
    const bad = async (method: string, data: unknown) => {
      const r = await m.request(method, data);
      expect(r.ok).toBe(false);
      return r.ok ? "" : r.error;
    };
    expect(await bad("connectTransport", { transportId: "nope", dtlsParameters: { fingerprints: [{ algorithm: "sha-256", value: "AA" }] } })).toMatch(/no transport nope/);
    expect(await bad("produce", { transportId: "nope", kind: "audio", source: "mic", rtpParameters: { codecs: [{}] } })).toMatch(/no transport nope/);
    expect(await bad("closeProducer", { producerId: "ghost" })).toMatch(/no producer ghost/);
    expect(await bad("consumerReady", { consumerId: "ghost" })).toMatch(/no consumer ghost/);
    // An unknown method never reaches the media layer: the room's guard answers.
    m.room.send("media", { requestId: 99, method: "teleport", data: {} });
    await waitFor(() => m.errors.find((e) => e.type === "media"), "an error for the unknown method");
    expect(m.errors.find((e) => e.type === "media")).toMatchObject({ code: "invalid_message", field: "method" });
    expect(await bad("createTransport", { direction: "sideways" })).toMatch(/invalid createTransport: direction/);
    const send = await m.ok<{ id: string }>("createTransport", { direction: "send", plain: true });
    const recv = await m.ok<{ id: string }>("createTransport", { direction: "recv", plain: true });
    expect(
      await bad("produce", {
        transportId: send.id,
        kind: "audio",
        source: "mic",
        rtpParameters: { codecs: [{ mimeType: "audio/nonsense", payloadType: 100, clockRate: 1 }], encodings: [{ ssrc: 1 }] },
      }),
    ).toMatch(/produce failed:/);
    expect(
      await bad("produce", { transportId: recv.id, kind: "audio", source: "mic", rtpParameters: { codecs: [{ mimeType: "audio/opus" }] } }),
    ).toMatch(/that transport is for receiving/);
    expect(await bad("produce", { transportId: send.id, kind: "video", source: "mic", rtpParameters: { codecs: [{}] } })).toMatch(/source mic cannot be video/);
    // Out of order: connecting a WebRTC-less plain receive transport without an address.
    expect(await bad("connectTransport", { transportId: recv.id })).toMatch(/needs ip and port/);
    // The room is still fine for everyone.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("bad media requests count like any refused message: kept up, they disconnect the sender", async () => {
    const m = await bot("Mort");
    const left = new Promise<number>((resolve) => m.room.onLeave((code) => resolve(code)));
    const answers: string[] = [];
    // More than 30 refused in a minute disconnects (the guard's limit for any message).
    for (let i = 0; i < 31; i++) {
      const r = await m.request("createTransport", { direction: "sideways" });
      if (!r.ok) answers.push(r.error);
    }
    expect(answers).toHaveLength(31);
    expect(answers[0]).toMatch(/invalid createTransport: direction/);
    expect(await left).toBe(4008);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("a media worker that dies is replaced, and people set up again without leaving the floor", async () => {
    const a = await bot("Wendy");
    const b = await bot("Xavi");
    await b.listen();
    await a.speak();
    await expect.poll(flowing, { timeout: 5000 }).toMatchObject({ [b.id]: [a.id] });
    const before = (await usage()) as unknown as { workerPids: number[] };
    for (const pid of before.workerPids) process.kill(pid, "SIGKILL");
    // Both are told to set up again; the room itself carries on.
    await waitFor(() => a.events.some((e) => e.type === "reset") && b.events.some((e) => e.type === "reset"), "reset events", 10_000);
    const after = (await usage()) as unknown as { workerPids: number[] };
    expect(after.workerPids.some((p) => before.workerPids.includes(p))).toBe(false);
    expect(a.room.connection.isOpen && b.room.connection.isOpen).toBe(true);
    await a.stopSpeaking();
    await b.listen();
    await a.speak();
    await expect.poll(flowing, { timeout: 5000 }).toMatchObject({ [b.id]: [a.id] });
    await expect.poll(() => b.packetsDuring(a.id, 500), { timeout: 5000 }).toBeGreaterThan(10);
  }, 60_000);

  it("after everyone leaves, transports, producers and consumers are back to zero", async () => {
    for (const b of bots.splice(0)) await b.close();
    await expect.poll(usage, { timeout: 5000 }).toMatchObject({ transports: 0, producers: 0, consumers: 0 });
  });
});
