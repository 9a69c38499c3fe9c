/**
 * Media benchmark helpers (tests/bench/media.ts): lighter-weight relatives of
 * tests/support/mediaBot.ts for running many audio bots on one small machine.
 *
 * - `BenchBot`: a colyseus.js attendee that signals media like the browser does, over
 *   plain RTP transports (server started with FOYER_TEST_HOOKS=1). It can send (produce,
 *   RTP fed by an `RtpFanout`) and/or receive (its consumers' RTP goes to a `UdpSink`).
 * - `RtpFanout`: ONE GStreamer encoding (sine tone → Opus 32 kb/s → RTP, one second of
 *   it, replayed in a loop at 50 packets/s) copied to every registered producer's
 *   transport with that producer's SSRC. 100 speakers cost one encoder instead of 100
 *   gst-launch processes, so the benchmark's own CPU does not crowd out the server's on a
 *   2-core machine.
 * - `UdpSink`: one UDP socket receiving the RTP of many listeners' receive transports
 *   (told apart by source port = the transport's port, then by SSRC = the consumer),
 *   timestamping each packet on the system-wide monotonic clock.
 * - /proc readers for CPU ticks, RSS and child processes (the mediasoup workers).
 */
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import { Client, type Room } from "colyseus.js";
import { MediaSignal, opusToneArgs } from "../support/mediaSignal.ts";
import type { MediaEvent, MediaMethod, MediaResponse } from "../../shared/protocol/media.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { avatarsOf, follow } from "../support/avatars.ts";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Milliseconds on CLOCK_MONOTONIC, comparable across processes on this machine. */
export const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs: number, everyMs = 20): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------- child processes

// ---------------------------------------------------------------- RTP in

export interface Packet {
  /** Speaker (peer id) whose consumer sent it, or `ssrc:N` if unknown yet. */
  peer: string;
  at: number;
  payloadBytes: number;
  /** The packet's last 4 bytes (big-endian): the send frame number of a stamping RtpFanout. */
  tail: number;
}

/** One UDP socket for many listeners' receive transports. */
export class UdpSink {
  readonly socket: dgram.Socket;
  readonly #byPort = new Map<number, BenchBot>();
  packets = 0;
  bytes = 0;

  private constructor(socket: dgram.Socket) {
    this.socket = socket;
    socket.on("message", (msg, rinfo) => {
      if (msg.length < 12) return;
      const pt = msg[1]! & 0x7f;
      if (pt >= 72 && pt <= 76) return; // RTCP (rtcp-mux)
      this.packets++;
      this.bytes += msg.length;
      this.#byPort.get(rinfo.port)?.onRtp(msg);
    });
  }

  static async open(): Promise<UdpSink> {
    const socket = dgram.createSocket({ type: "udp4", recvBufferSize: 8 * 1024 * 1024 });
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return new UdpSink(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  register(transportPort: number, bot: BenchBot): void {
    this.#byPort.set(transportPort, bot);
  }
  unregister(transportPort: number): void {
    this.#byPort.delete(transportPort);
  }
  close(): void {
    this.socket.close();
  }
}

// ---------------------------------------------------------------- RTP out

interface FanoutTarget {
  ip: string;
  port: number;
  ssrc: number;
}

/**
 * One Opus encoding, re-sent to every producer with that producer's SSRC. GStreamer
 * encodes one second of the tone (50 packets of 20 ms); this process then replays that
 * second in a loop on its own 20 ms clock with continuous sequence numbers and
 * timestamps. A live GStreamer pipeline starved of CPU on a busy machine catches up in
 * bursts afterwards (up to 2× the nominal rate over a 10 s window was seen); the replay
 * never sends more than one packet per 20 ms — late ticks are skipped, not made up.
 *
 * `stamp`: the last 4 bytes of every copy's Opus payload are overwritten with its frame
 * number (mediasoup forwards payloads untouched; nobody decodes them), so a listener can
 * tell exactly which packet arrived and when it was sent (`sentAt`): delay and loss per
 * listener without relying on the SFU keeping sequence numbers.
 */
export class RtpFanout {
  readonly #socket: dgram.Socket;
  readonly #targets = new Set<FanoutTarget>();
  readonly #frames: Buffer[];
  /** Send time (monoMs) of recent frames, by frame number modulo the ring size. */
  readonly #sentAt = new Float64Array(1 << 14).fill(NaN);
  readonly #sentFrame = new Int32Array(1 << 14).fill(-1);
  /** Frame number of the last tick sent (-1 before the first). */
  frame = -1;
  #timer: NodeJS.Timeout | null = null;
  packetsIn = 0;
  packetsOut = 0;

  private constructor(socket: dgram.Socket, frames: Buffer[], stamp: boolean) {
    this.#socket = socket;
    this.#frames = frames;
    // The producers' transports send RTCP receiver reports back here; ignore them.
    socket.on("message", () => {});
    const started = monoMs();
    let sent = 0;
    this.#timer = setInterval(() => {
      const due = Math.floor((monoMs() - started) / 20);
      if (due <= sent - 1) return;
      // Behind by more than a frame (the process was busy): skip, don't burst.
      sent = due + 1;
      const frame = this.#frames[due % this.#frames.length]!;
      this.packetsIn++;
      this.frame = due;
      const slot = due & (this.#sentAt.length - 1);
      this.#sentFrame[slot] = due;
      this.#sentAt[slot] = monoMs();
      for (const t of this.#targets) {
        const copy = Buffer.from(frame);
        copy.writeUInt16BE(due & 0xffff, 2);
        copy.writeUInt32BE((due * 960) >>> 0, 4);
        copy.writeUInt32BE(t.ssrc, 8);
        if (stamp) copy.writeUInt32BE(due >>> 0, copy.length - 4);
        this.packetsOut++;
        socket.send(copy, t.port, t.ip);
      }
    }, 5);
  }

  static async start(opts: { stamp?: boolean } = {}): Promise<RtpFanout> {
    const socket = dgram.createSocket({ type: "udp4", sendBufferSize: 8 * 1024 * 1024 });
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const frames: Buffer[] = [];
    const onFrame = (msg: Buffer) => {
      if (msg.length >= 12 && (msg[1]! & 0x7f) === 101 && frames.length < 50) frames.push(Buffer.from(msg));
    };
    socket.on("message", onFrame);
    // SSRC 1: RtpFanout rewrites it per bot.
    const gst = spawn("gst-launch-1.0", opusToneArgs(1, "127.0.0.1", socket.address().port), { stdio: "ignore" });
    try {
      await until(() => frames.length >= 50, "one second of GStreamer Opus packets", 15_000);
    } finally {
      gst.kill("SIGKILL");
      socket.off("message", onFrame);
    }
    return new RtpFanout(socket, frames, opts.stamp ?? false);
  }

  /** When frame `n` was sent (monoMs), NaN if it was skipped or is too old to remember. */
  sentAt(n: number): number {
    const slot = n & (this.#sentAt.length - 1);
    return this.#sentFrame[slot] === n ? this.#sentAt[slot]! : NaN;
  }

  add(target: FanoutTarget): () => void {
    this.#targets.add(target);
    return () => this.#targets.delete(target);
  }

  get targets(): number {
    return this.#targets.size;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#socket.close();
  }
}

// ---------------------------------------------------------------- the bot

export interface JoinOptions {
  viewport?: { width: number; height: number };
  /** Called for every message of these extra types (e.g. the latency probe's tick stamps). */
  extraMessages?: Record<string, (m: unknown) => void>;
  /** Come as this identity (a Visitor's foyer_person token), e.g. a host. */
  token?: string;
}

/** Opus payloads of a digital-silence / DTX frame are 1–3 bytes; a tone is much larger. */
export const SILENT_PAYLOAD_BYTES = 10;

export class BenchBot {
  readonly room: Room<FloorStateView>;
  readonly name: string;
  readonly #signal: MediaSignal;
  readonly #ssrcToPeer = new Map<number, string>();
  readonly consumerOf = new Map<string, string>(); // consumerId → peer
  readonly packets = new Map<string, number>();
  /** `error` messages from the server (refused walkTo, guard rejections…). */
  readonly errors: unknown[] = [];
  /** Called for every RTP packet this bot receives. */
  onPacket: ((p: Packet) => void) | null = null;
  #sink: UdpSink | null = null;
  #recvPort = 0;
  #stopSending: (() => void) | null = null;
  #closed = false;

  private constructor(room: Room<FloorStateView>, name: string, opts: JoinOptions) {
    this.room = room;
    this.name = name;
    this.#signal = new MediaSignal(room as Room<unknown>, name, 10_000);
    room.onMessage("mediaEvent", (e: MediaEvent) => {
      if (e.type === "consumerAdded") {
        const ssrc = (e.rtpParameters as { encodings?: { ssrc?: number }[] }).encodings?.[0]?.ssrc;
        if (ssrc !== undefined) this.#ssrcToPeer.set(ssrc, e.peerId);
        this.consumerOf.set(e.consumerId, e.peerId);
      } else if (e.type === "consumerClosed") this.consumerOf.delete(e.consumerId);
    });
    room.onMessage("error", (e: unknown) => this.errors.push(e));
    for (const type of ["notice", "chat", "emote", "full"]) room.onMessage(type, () => {});
    // Everything else the floor tells an attendee (speaking, live, hands, moderated…): not needed here.
    room.onMessage("*", () => {});
    for (const [type, cb] of Object.entries(opts.extraMessages ?? {})) room.onMessage(type, cb);
  }

  static async join(wsUrl: string, name: string, opts: JoinOptions = {}): Promise<BenchBot> {
    const client = new Client(wsUrl);
    if (opts.token) client.auth.token = opts.token;
    const room = await client.joinOrCreate<FloorStateView>("floor", {
      name,
      avatar: "slate",
      viewport: opts.viewport ?? { width: 41, height: 23 },
    });
    follow(room);
    const bot = new BenchBot(room, name, opts);
    await until(() => avatarsOf(room).get(room.sessionId), `${name} on the floor`, 10_000);
    return bot;
  }

  get id(): string {
    return this.room.sessionId;
  }

  position(id = this.id): { x: number; y: number; moving: boolean } | undefined {
    const a = avatarsOf(this.room).get(id);
    return a ? { x: a.x, y: a.y, moving: a.moving } : undefined;
  }

  /** Send a raw media request; resolves with the server's response (ok or not). */
  request(method: MediaMethod | string, data: unknown): Promise<MediaResponse> {
    return this.#signal.request(method, data);
  }

  ok<T = Record<string, unknown>>(method: MediaMethod, data: unknown): Promise<T> {
    return this.#signal.ok<T>(method, data);
  }

  /** Produce a mic track whose RTP comes from `fanout`. */
  async speak(fanout: RtpFanout): Promise<string> {
    const { ip, port, ssrc, producerId } = await this.#signal.producePlainOpus();
    if (this.#closed) return producerId;
    this.#stopSending = fanout.add({ ip, port, ssrc });
    return producerId;
  }

  /** Receive: a plain receive transport whose RTP goes to `sink`. */
  async listen(sink: UdpSink): Promise<void> {
    const caps = await this.ok<{ rtpCapabilities: { codecs: unknown[]; headerExtensions: unknown[] } }>("getRouterRtpCapabilities", {});
    await this.ok("setRtpCapabilities", { rtpCapabilities: { codecs: caps.rtpCapabilities.codecs, headerExtensions: caps.rtpCapabilities.headerExtensions } });
    const t = await this.ok<{ id: string; port: number }>("createTransport", { direction: "recv", plain: true });
    this.#sink = sink;
    this.#recvPort = t.port;
    sink.register(t.port, this);
    await this.ok("connectTransport", { transportId: t.id, ip: "127.0.0.1", port: sink.port });
  }

  /** Called by the sink. */
  onRtp(msg: Buffer): void {
    const at = monoMs();
    const ssrc = msg.readUInt32BE(8);
    const peer = this.#ssrcToPeer.get(ssrc) ?? `ssrc:${ssrc}`;
    this.packets.set(peer, (this.packets.get(peer) ?? 0) + 1);
    if (this.onPacket) {
      // RTP header: 12 bytes + 4 per CSRC, + extension (4 + 4×len) if X is set.
      let header = 12 + (msg[0]! & 0x0f) * 4;
      if (msg[0]! & 0x10 && msg.length >= header + 4) header += 4 + msg.readUInt16BE(header + 2) * 4;
      this.onPacket({ peer, at, payloadBytes: msg.length - header, tail: msg.length >= header + 4 ? msg.readUInt32BE(msg.length - 4) : -1 });
    }
  }

  walkTo(tx: number, ty: number): void {
    this.room.send("walkTo", { tx, ty });
  }

  standingAt(tx: number, ty: number): boolean {
    const a = this.position();
    return !!a && Math.floor(a.x / 32) === tx && Math.floor(a.y / 32) === ty && !a.moving;
  }

  /**
   * Walk to a tile and wait until standing there. A route can end early (the server drops
   * a route whose next step is blocked); then walk again from where we stopped.
   */
  async walkToAndWait(tx: number, ty: number, timeoutMs = 20_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    this.walkTo(tx, ty);
    let stillSince = 0;
    for (;;) {
      if (this.standingAt(tx, ty)) return;
      if (Date.now() > end) {
        const p = this.position();
        throw new Error(`${this.name}: not at (${tx}, ${ty}) but at ${p ? `(${(p.x / 32).toFixed(1)}, ${(p.y / 32).toFixed(1)})` : "?"}; errors ${JSON.stringify(this.errors.slice(-2))}`);
      }
      const moving = this.position()?.moving ?? false;
      if (moving) stillSince = 0;
      else if (!stillSince) stillSince = Date.now();
      else if (Date.now() - stillSince > 1000) {
        this.restarts++;
        this.walkTo(tx, ty);
        stillSince = 0;
      }
      await sleep(25);
    }
  }
  /** How often walkToAndWait had to send walkTo again after the avatar stopped short. */
  restarts = 0;

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopSending?.();
    if (this.#sink && this.#recvPort) this.#sink.unregister(this.#recvPort);
    this.#signal.cancelAll("closed");
    if (this.room.connection.isOpen) await this.room.leave(true).catch(() => {});
  }
}

/** Run `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      try {
        out[i] = { status: "fulfilled", value: await fn(items[i]!, i) };
      } catch (reason) {
        out[i] = { status: "rejected", reason };
      }
    }
  });
  await Promise.all(runners);
  return out;
}

// ---------------------------------------------------------------- /proc

export const CLK_TCK = 100;

/** utime + stime of a process in seconds, or NaN if it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state); utime is field 14, stime 15.
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Direct children of `pid` whose command name is `comm` (e.g. mediasoup-worker). */
export function childPids(pid: number, comm?: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid && (comm === undefined || name.startsWith(comm.slice(0, 15)))) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU used by a set of processes over a window, as % of one core each and in total. */
export class CpuWindow {
  readonly #start: Map<number, number>;
  readonly #t0 = monoMs();
  constructor(readonly pids: Record<string, number>) {
    this.#start = new Map(Object.values(pids).map((p) => [p, cpuSeconds(p)]));
  }
  /** % of one core per named process over the window so far. */
  read(): { seconds: number; pct: Record<string, number> } {
    const seconds = (monoMs() - this.#t0) / 1000;
    const pct: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) pct[name] = ((cpuSeconds(pid) - this.#start.get(pid)!) / seconds) * 100;
    return { seconds, pct };
  }
}

/** Machine busy fraction over a window (all cores), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Machine-wide UDP datagrams dropped because a socket's receive buffer was full. */
export function udpRcvbufErrors(): number {
  const lines = fs.readFileSync("/proc/net/snmp", "utf8").split("\n").filter((l) => l.startsWith("Udp:"));
  const keys = lines[0]?.split(/\s+/) ?? [];
  const vals = lines[1]?.split(/\s+/) ?? [];
  return Number(vals[keys.indexOf("RcvbufErrors")] ?? NaN);
}
