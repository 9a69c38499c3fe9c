/**
 * The request/response half of media signalling for Node-side bots (tests and
 * benchmarks): sends `media` requests over a room and matches `mediaResponse` answers,
 * as client/media/MediaClient.ts does in the browser.
 */
import type { Room } from "colyseus.js";
import type { MediaMethod, MediaResponse } from "../../shared/protocol/media.ts";

/** gst-launch-1.0 arguments: `pipeline` (ending in an RTP payloader) sent as SSRC `ssrc` to `ip`:`port`. */
function rtpSenderArgs(pipeline: string, ssrc: number, ip: string, port: number): string[] {
  return ["-q", ...pipeline.split(" "), `ssrc=${ssrc}`, "!", "udpsink", `host=${ip}`, `port=${port}`, "sync=false"];
}

/** gst-launch-1.0 arguments: a 440 Hz tone as Opus RTP (payload type 101, SSRC `ssrc`) to `ip`:`port`. */
export function opusToneArgs(ssrc: number, ip: string, port: number): string[] {
  const tone = "audiotestsrc is-live=true wave=sine freq=440 volume=0.3 ! audioconvert ! audioresample ! audio/x-raw,rate=48000,channels=2 ! opusenc bitrate=32000 ! rtpopuspay pt=101";
  return rtpSenderArgs(tone, ssrc, ip, port);
}

/** gst-launch-1.0 arguments: a small moving test picture as VP8 RTP (payload type 102, SSRC `ssrc`) to `ip`:`port`. */
export function vp8PictureArgs(ssrc: number, ip: string, port: number): string[] {
  const picture = "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=180,framerate=15/1 ! vp8enc deadline=1 target-bitrate=200000 keyframe-max-dist=15 ! rtpvp8pay pt=102";
  return rtpSenderArgs(picture, ssrc, ip, port);
}

export class MediaSignal {
  readonly #room: Room<unknown>;
  readonly #name: string;
  readonly #timeoutMs: number;
  #nextId = 1;
  readonly #pending = new Map<number, (r: MediaResponse) => void>();

  constructor(room: Room<unknown>, name: string, timeoutMs = 5000) {
    this.#room = room;
    this.#name = name;
    this.#timeoutMs = timeoutMs;
    room.onMessage("mediaResponse", (r: MediaResponse) => {
      this.#pending.get(r.requestId)?.(r);
      this.#pending.delete(r.requestId);
    });
  }

  /** Send a raw media request; resolves with the server's response (ok or not). */
  request(method: MediaMethod | string, data: unknown): Promise<MediaResponse> {
    const requestId = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, resolve);
      this.#room.send("media", { requestId, method, data });
      setTimeout(() => {
        if (this.#pending.delete(requestId)) reject(new Error(`${this.#name}: no answer to ${method}`));
      }, this.#timeoutMs);
    });
  }

  /** Answer every outstanding request with a failure (the bot is leaving). */
  cancelAll(reason: string): void {
    for (const [requestId, resolve] of this.#pending) resolve({ requestId, ok: false, error: reason });
    this.#pending.clear();
  }

  /**
   * Start sending a microphone as a plain-RTP bot: a send transport and an Opus producer
   * with a fresh SSRC. The caller points an RTP source (GStreamer) at the transport.
   */
  async producePlainOpus(): Promise<{ ip: string; port: number; ssrc: number; producerId: string }> {
    const t = await this.ok<{ id: string; ip: string; port: number }>("createTransport", { direction: "send", plain: true });
    const ssrc = 10_000_000 + Math.floor(Math.random() * 1_000_000_000);
    const { producerId } = await this.ok<{ producerId: string }>("produce", {
      transportId: t.id,
      kind: "audio",
      source: "mic",
      rtpParameters: {
        codecs: [{ mimeType: "audio/opus", payloadType: 101, clockRate: 48000, channels: 2, parameters: { "sprop-stereo": 1 } }],
        encodings: [{ ssrc }],
      },
    });
    return { ip: t.ip, port: t.port, ssrc, producerId };
  }

  /** Start sending a camera as a plain-RTP bot: a send transport and a VP8 producer (source "camera"). */
  async producePlainVp8(): Promise<{ ip: string; port: number; ssrc: number; producerId: string }> {
    const t = await this.ok<{ id: string; ip: string; port: number }>("createTransport", { direction: "send", plain: true });
    const ssrc = 10_000_000 + Math.floor(Math.random() * 1_000_000_000);
    const { producerId } = await this.ok<{ producerId: string }>("produce", {
      transportId: t.id,
      kind: "video",
      source: "camera",
      rtpParameters: { codecs: [{ mimeType: "video/VP8", payloadType: 102, clockRate: 90000 }], encodings: [{ ssrc }] },
    });
    return { ip: t.ip, port: t.port, ssrc, producerId };
  }

  /** A request that must succeed; its data. */
  async ok<T = Record<string, unknown>>(method: MediaMethod, data: unknown): Promise<T> {
    const r = await this.request(method, data);
    if (!r.ok) throw new Error(`${this.#name}: ${method} refused: ${r.error}`);
    return r.data as T;
  }
}
