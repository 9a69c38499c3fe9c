/**
 * A Node-side attendee with real media: a colyseus.js client that signals like the
 * browser does, but sends Opus RTP from GStreamer over a plain RTP transport and
 * receives its consumers' RTP on a UDP socket it owns, counting packets per speaker.
 * Needs a server started with FOYER_TEST_HOOKS=1 (plain transports are off otherwise).
 */
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import type { Room } from "colyseus.js";
import { MediaSignal, opusToneArgs, vp8PictureArgs } from "./mediaSignal.ts";
import type { MediaEvent, MediaMethod, MediaResponse } from "../../shared/protocol/media.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { waitFor } from "./server.ts";
import { avatarsOf, joinFloor } from "./avatars.ts";

export class MediaBot {
  readonly room: Room<FloorStateView>;
  readonly name: string;
  readonly #signal: MediaSignal;
  readonly events: MediaEvent[] = [];
  /** `error` messages from the room's guard (e.g. a media request with an unknown method). */
  readonly errors: ServerMessages["error"][] = [];
  /** RTP packets received, by the speaker (peer id) whose consumer sent them. */
  readonly packets = new Map<string, number>();
  readonly #ssrcToPeer = new Map<number, string>();
  #socket: dgram.Socket | null = null;
  #gst: ChildProcess | null = null;
  #camera: ChildProcess | null = null;

  private constructor(room: Room<FloorStateView>, name: string) {
    this.room = room;
    this.name = name;
    this.#signal = new MediaSignal(room as Room<unknown>, name);
    room.onMessage("error", (e: ServerMessages["error"]) => this.errors.push(e));
    room.onMessage("mediaEvent", (e: MediaEvent) => {
      this.events.push(e);
      if (e.type === "consumerAdded") {
        const ssrc = (e.rtpParameters as { encodings?: { ssrc?: number }[] }).encodings?.[0]?.ssrc;
        if (ssrc !== undefined) this.#ssrcToPeer.set(ssrc, e.peerId);
      }
    });
  }

  /** `token`: come as this identity (a Visitor's), e.g. a host or someone whose blocks persist. */
  static async join(wsUrl: string, name: string, token?: string): Promise<MediaBot> {
    return new MediaBot(await joinFloor(wsUrl, { name, avatar: "slate", viewport: { width: 41, height: 23 } }, 10_000, token), name);
  }

  get id(): string {
    return this.room.sessionId;
  }

  /** Send a raw media request; resolves with the server's response (ok or not). */
  request(method: MediaMethod | string, data: unknown): Promise<MediaResponse> {
    return this.#signal.request(method, data);
  }

  ok<T = Record<string, unknown>>(method: MediaMethod, data: unknown): Promise<T> {
    return this.#signal.ok<T>(method, data);
  }

  /** Start speaking: a 440 Hz tone, Opus-encoded by GStreamer, into a plain transport. */
  async speak(): Promise<string> {
    const { ip, port, ssrc, producerId } = await this.#signal.producePlainOpus();
    this.#gst = spawn("gst-launch-1.0", opusToneArgs(ssrc, ip, port), { stdio: "ignore" });
    return producerId;
  }

  stopSpeaking(): void {
    this.#gst?.kill("SIGKILL");
    this.#gst = null;
  }

  /** Turn a camera on: a VP8 test picture from GStreamer into a plain transport (source "camera"). */
  async showCamera(): Promise<string> {
    const { ip, port, ssrc, producerId } = await this.#signal.producePlainVp8();
    this.#camera = spawn("gst-launch-1.0", vp8PictureArgs(ssrc, ip, port), { stdio: "ignore" });
    return producerId;
  }

  /** Start listening: a plain receive transport pointed at our own UDP socket. */
  async listen(): Promise<void> {
    this.#socket?.close();
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    socket.on("message", (msg) => {
      if (msg.length < 12 || (msg[1]! & 0x7f) >= 72 && (msg[1]! & 0x7f) <= 76) return; // RTCP
      const ssrc = msg.readUInt32BE(8);
      const peer = this.#ssrcToPeer.get(ssrc) ?? `ssrc:${ssrc}`;
      this.packets.set(peer, (this.packets.get(peer) ?? 0) + 1);
    });
    this.#socket = socket;
    const caps = await this.ok<{ rtpCapabilities: { codecs: unknown[]; headerExtensions: unknown[] } }>("getRouterRtpCapabilities", {});
    await this.ok("setRtpCapabilities", { rtpCapabilities: { codecs: caps.rtpCapabilities.codecs, headerExtensions: caps.rtpCapabilities.headerExtensions } });
    const t = await this.ok<{ id: string }>("createTransport", { direction: "recv", plain: true });
    await this.ok("connectTransport", { transportId: t.id, ip: "127.0.0.1", port: socket.address().port });
  }

  /** Packets from `speaker` received during the next `ms` milliseconds. */
  async packetsDuring(speaker: string, ms: number): Promise<number> {
    const before = this.packets.get(speaker) ?? 0;
    await new Promise((r) => setTimeout(r, ms));
    return (this.packets.get(speaker) ?? 0) - before;
  }

  /** Wait until `speaker`'s packets arrive (more than `atLeast` in a 300 ms window); throws after `timeoutMs`. */
  async receives(speaker: string, timeoutMs = 10_000, atLeast = 3): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await this.packetsDuring(speaker, 300)) <= atLeast) {
      if (Date.now() > until) throw new Error(`${this.name} receives nothing from ${speaker} after ${timeoutMs} ms`);
    }
  }

  /** Wait until `speaker`'s packets stop (none in a 250 ms window); resolves with how long that took, throws after `timeoutMs`. */
  async silenceFrom(speaker: string, timeoutMs = 5000): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < timeoutMs) if ((await this.packetsDuring(speaker, 250)) === 0) return Date.now() - start;
    throw new Error(`${this.name} still receives ${speaker} after ${timeoutMs} ms`);
  }

  /** Walk to a tile and wait until standing there. */
  async walkTo(tx: number, ty: number, timeoutMs = 15_000): Promise<void> {
    this.room.send("walkTo", { tx, ty });
    await waitFor(() => {
      const a = avatarsOf(this.room).get(this.id);
      return a && Math.floor(a.x / 32) === tx && Math.floor(a.y / 32) === ty && !a.moving;
    }, `${this.name} at (${tx}, ${ty})`, timeoutMs);
  }

  async close(): Promise<void> {
    this.#gst?.kill("SIGKILL");
    this.#camera?.kill("SIGKILL");
    // Idempotent: a test may close a bot (it leaves) before afterAll closes everyone.
    this.#socket?.close();
    this.#socket = null;
    if (this.room.connection.isOpen) await this.room.leave().catch(() => {});
  }
}
