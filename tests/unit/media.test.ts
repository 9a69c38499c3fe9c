/**
 * Media signalling and lifecycles: request data checked per method (pure), and
 * FloorMedia / MediaPeer on a real mediasoup worker in this process (plain RTP, no
 * browser, no room). What closes, closes once, and the client is told once.
 */
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFloor } from "../../shared/map/parse.ts";
import { checkMediaRequest, type CheckedMediaRequest, type MediaEvent, type MediaMethod } from "../../shared/protocol/media.ts";
import { clientRtpParameters } from "../../server/media/clientData.ts";
import { FloorMedia } from "../../server/media/FloorMedia.ts";
import { MediaPeer } from "../../server/media/MediaPeer.ts";
import { MediaService } from "../../server/media/MediaService.ts";
import { makeMap } from "../support/maps.ts";
import { waitFor } from "../support/server.ts";

const quiet = pino({ level: "silent" });
const HALL = parseFloor(makeMap(["########", "#......#", "#......#", "########"], [{ name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 }]));

describe("media requests are checked per method", () => {
  it("bad data is refused naming the field, before any mediasoup call", () => {
    const r = checkMediaRequest({ requestId: 3, method: "createTransport", data: { direction: "sideways" } });
    expect(r).toMatchObject({ ok: false, response: { requestId: 3, ok: false, field: "data.direction", error: expect.stringMatching(/^invalid createTransport: direction: /) } });
    expect(checkMediaRequest({ requestId: 4, method: "closeProducer", data: { producerId: "" } })).toMatchObject({ ok: false, response: { field: "data.producerId" } });
  });

  it("good data comes back typed by its method", () => {
    const r = checkMediaRequest({ requestId: 5, method: "setProducerPaused", data: { producerId: "p1", paused: true } });
    if (!r.ok) throw new Error(r.response.error);
    const request: CheckedMediaRequest = r.request;
    // The method narrows the data: no cast needed to read `paused`.
    expect(request.method === "setProducerPaused" ? request.data.paused : null).toBe(true);
    expect(checkMediaRequest({ requestId: 6, method: "getRouterRtpCapabilities", data: undefined }).ok).toBe(true);
  });

  it("RTP parameters missing what mediasoup needs are refused with the field, before mediasoup sees them", () => {
    expect(() => clientRtpParameters({ codecs: [{ mimeType: "audio/opus" }] })).toThrow(/^rtpParameters\.codecs\.0\.payloadType: /);
    expect(() => clientRtpParameters({ codecs: [{ mimeType: "audio/opus", payloadType: 100, clockRate: 48000 }], headerExtensions: [{ uri: "urn:made-up", id: 1 }] })).toThrow(
      /rtpParameters\.headerExtensions\.0\.uri/,
    );
    expect(clientRtpParameters({ codecs: [{ mimeType: "audio/opus", payloadType: 100, clockRate: 48000 }], encodings: [{ ssrc: 1, active: true }] }).encodings).toEqual([{ ssrc: 1, active: true }]);
  });
});

describe("media on a real worker", () => {
  let service: MediaService;
  beforeAll(async () => {
    service = await MediaService.start({ workers: 1, listenIp: "127.0.0.1", announcedAddress: undefined, basePort: 0, allowPlainTransports: true });
  });
  afterAll(() => service?.close());

  /** A person's media on `media`, with what they were told and a typed request helper. */
  function person(media: FloorMedia, id: string) {
    const events: MediaEvent[] = [];
    media.addPeer(id, (e) => events.push(e));
    let next = 1;
    const ask = async <M extends MediaMethod>(method: M, data: CheckedMediaRequest<M>["data"]) => {
      const r = await media.handle<M>(id, { requestId: next++, method, data } as CheckedMediaRequest<M>);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    };
    return { id, events, ask };
  }

  it("a listener near a speaker gets one consumer; when the speaker leaves it is closed and the listener told once", async () => {
    const media = await FloorMedia.open(service, "unit:speaker-leaves", quiet);
    const speaker = person(media, "speaker");
    const listener = person(media, "listener");
    const { rtpCapabilities } = await listener.ask("getRouterRtpCapabilities", {});
    await listener.ask("setRtpCapabilities", { rtpCapabilities });
    await listener.ask("createTransport", { direction: "recv", plain: true });
    const send = await speaker.ask("createTransport", { direction: "send", plain: true });
    await speaker.ask("produce", {
      transportId: send.id,
      kind: "audio",
      source: "mic",
      rtpParameters: { codecs: [{ mimeType: "audio/opus", payloadType: 101, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4242 }] },
    });
    const here = [
      { id: "speaker", x: 48, y: 48 },
      { id: "listener", x: 80, y: 48 },
    ];
    await media.update(here, HALL, true);
    expect(listener.events.filter((e) => e.type === "consumerAdded")).toHaveLength(1);
    expect(media.flowing().get("listener")).toEqual(new Set(["speaker"]));
    // Asked again at once (updates overlapping): nothing is created twice.
    await Promise.all([media.update(here, HALL, true), media.update(here, HALL, true)]);
    expect(listener.events.filter((e) => e.type === "consumerAdded")).toHaveLength(1);

    media.removePeer("speaker");
    media.removePeer("speaker"); // idempotent
    // The worker reports the producer's consumers closed a moment later.
    await waitFor(() => listener.events.some((e) => e.type === "consumerClosed"), "the listener told");
    await new Promise((r) => setTimeout(r, 100));
    expect(listener.events.filter((e) => e.type === "consumerClosed")).toHaveLength(1);
    expect(media.flowing().get("listener")).toEqual(new Set());
    expect(media.flowing().has("speaker")).toBe(false);
    media.close();
    media.close();
    expect(await service.usage()).toMatchObject({ transports: 0, producers: 0, consumers: 0 });
  });

  it("closing a MediaPeer closes its transports and producers, and says `closed` once", async () => {
    const router = (await service.routersFor("unit:peer-close"))[0]!.router;
    const events: MediaEvent[] = [];
    const peer = new MediaPeer("ann", 0, (e) => events.push(e), quiet);
    let closed = 0;
    peer.on("closed", () => closed++);
    const transport = await router.createPlainTransport({ listenInfo: { protocol: "udp", ip: "127.0.0.1" }, rtcpMux: true, comedia: true });
    peer.addTransport({ kind: "plain", direction: "send", transport });
    const producer = await transport.produce({ kind: "audio", rtpParameters: { codecs: [{ mimeType: "audio/opus", payloadType: 101, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 7 }] } });
    peer.addProducer(producer, "mic");
    expect(peer.isSpeaking()).toBe(true);
    peer.close();
    peer.close();
    expect(closed).toBe(1);
    expect(transport.closed).toBe(true);
    expect(producer.closed).toBe(true);
    expect([...peer.producers()]).toEqual([]);
    peer.tell({ type: "reset", reason: "too late" });
    expect(events).toEqual([]); // nothing is said after close
    expect(() => peer.assertAndGetTransport(transport.id)).toThrow(/no transport/);
    service.releaseRouters("unit:peer-close");
  });
});
