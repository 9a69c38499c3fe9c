/**
 * One person's media on a floor: the transports they opened, the producers they send and
 * the consumers they receive, all on their home router. It owns what exists; FloorMedia
 * decides what to create. close() closes everything (idempotent) and emits `closed`.
 * Never decides who hears whom, and never sends except through the `send` it was given.
 */
import { EventEmitter } from "node:events";
import type { types } from "mediasoup";
import type { MediaEvent, MediaSource } from "../../shared/protocol/media.ts";
import type { Logger } from "../log.ts";

/** A refused media request, with the field of the request's data at fault. */
export class MediaError extends Error {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.name = "MediaError";
    this.field = field;
  }
}

export type Direction = "send" | "recv";

export type PeerTransport =
  | { kind: "webrtc"; direction: Direction; transport: types.WebRtcTransport }
  | { kind: "plain"; direction: Direction; transport: types.PlainTransport };

export interface PeerProducer {
  readonly producer: types.Producer;
  readonly source: MediaSource;
  /** When it was paused (muted), or null while it sends. */
  pausedAt: number | null;
}

/**
 * A speaker who mutes stays "speaking" this long: listeners' consumers stay resumed (a
 * paused producer sends nothing, so it costs no bandwidth), and unmuting is heard at once
 * instead of after the browser's wait for a resumed stream. After it, they drop out of
 * the crowd's speaker cap like anyone silent.
 */
export const MUTED_WARM_MS = 30_000;

export interface PeerConsumer {
  readonly consumer: types.Consumer;
  /** Whose media this is. */
  readonly speakerId: string;
  readonly source: MediaSource;
  /** The client has wired the track up (consumerReady); plain RTP listeners are ready at once. */
  ready: boolean;
  /** When it was last paused (null while flowing), for retiring idle consumers. */
  pausedSince: number | null;
}

export interface MediaPeerEvents {
  /** Fires once, from close(): every transport (and with it every producer and consumer) is closed. */
  closed: [];
}

export class MediaPeer extends EventEmitter<MediaPeerEvents> {
  readonly id: string;
  /** Index of the floor router (= worker) this person's transports live on. */
  readonly home: number;
  readonly log: Logger;
  /** What this client can receive; consumers are created for it only once it is known. */
  rtpCapabilities: types.RtpCapabilities | null = null;
  readonly #send: (event: MediaEvent) => void;
  readonly #transports = new Map<string, PeerTransport>();
  readonly #producers = new Map<string, PeerProducer>();
  /** Keyed by producer id: at most one consumer per producer. */
  readonly #consumers = new Map<string, PeerConsumer>();
  /** Producer ids whose consumer is being created (so two updates do not create two). */
  readonly #creating = new Set<string>();
  #closed = false;

  constructor(id: string, home: number, send: (event: MediaEvent) => void, log: Logger) {
    super();
    this.id = id;
    this.home = home;
    this.#send = send;
    this.log = log;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Push an event to this person's client (nothing after close). */
  tell(event: MediaEvent): void {
    if (!this.#closed) this.#send(event);
  }

  // ------------------------------------------------------------ transports

  get transportCount(): number {
    return this.#transports.size;
  }

  addTransport(t: PeerTransport): void {
    const transport: types.Transport = t.transport;
    this.#transports.set(transport.id, t);
    transport.observer.once("close", () => this.#transports.delete(transport.id));
  }

  assertAndGetTransport(id: string): PeerTransport {
    const t = this.#transports.get(id);
    if (!t || t.transport.closed) throw new MediaError(`no transport ${id}`, "data.transportId");
    return t;
  }

  /** The open receiving transport, if the client made one. */
  recvTransport(): PeerTransport | undefined {
    for (const t of this.#transports.values()) if (t.direction === "recv" && !t.transport.closed) return t;
    return undefined;
  }

  // ------------------------------------------------------------ producers

  addProducer(producer: types.Producer, source: MediaSource): void {
    const entry: PeerProducer = { producer, source, pausedAt: producer.paused ? Date.now() : null };
    this.#producers.set(producer.id, entry);
    producer.observer.once("close", () => this.#producers.delete(producer.id));
    producer.observer.on("pause", () => (entry.pausedAt = Date.now()));
    producer.observer.on("resume", () => (entry.pausedAt = null));
  }

  assertAndGetProducer(id: string): PeerProducer {
    const p = this.#producers.get(id);
    if (!p) throw new MediaError(`no producer ${id}`, "data.producerId");
    return p;
  }

  producers(): IterableIterator<PeerProducer> {
    return this.#producers.values();
  }

  sends(source: MediaSource): boolean {
    for (const p of this.#producers.values()) if (p.source === source) return true;
    return false;
  }

  /** Sending media, or muted only moments ago (MUTED_WARM_MS)? Long-muted people are not "speaking". */
  isSpeaking(now = Date.now()): boolean {
    for (const { producer, pausedAt } of this.#producers.values()) {
      if (!producer.paused || (pausedAt !== null && now - pausedAt < MUTED_WARM_MS)) return true;
    }
    return false;
  }

  // ------------------------------------------------------------ consumers

  consumerOf(producerId: string): PeerConsumer | undefined {
    return this.#consumers.get(producerId);
  }

  assertAndGetConsumer(consumerId: string): PeerConsumer {
    for (const c of this.#consumers.values()) if (c.consumer.id === consumerId) return c;
    throw new MediaError(`no consumer ${consumerId}`, "data.consumerId");
  }

  consumers(): IterableIterator<[producerId: string, consumer: PeerConsumer]> {
    return this.#consumers.entries();
  }

  get consumerCount(): number {
    return this.#consumers.size;
  }

  /** Is a consumer of this producer there or on its way? */
  hasConsumerOf(producerId: string): boolean {
    return this.#consumers.has(producerId) || this.#creating.has(producerId);
  }

  beginConsuming(producerId: string): void {
    this.#creating.add(producerId);
  }

  endConsuming(producerId: string): void {
    this.#creating.delete(producerId);
  }

  /**
   * Keep a new consumer. When its producer closes, mediasoup closes it and the client is
   * told; when its transport closes, the client is tearing down anyway.
   */
  addConsumer(producerId: string, entry: PeerConsumer): void {
    this.#consumers.set(producerId, entry);
    entry.consumer.on("producerclose", () => this.dropConsumer(producerId, entry));
    entry.consumer.on("transportclose", () => this.#forget(producerId, entry));
  }

  /** Close a consumer, forget it, and tell the client: the one way a consumer goes. */
  dropConsumer(producerId: string, entry = this.#consumers.get(producerId)): void {
    if (!entry) return;
    entry.consumer.close();
    if (this.#forget(producerId, entry)) this.tell({ type: "consumerClosed", consumerId: entry.consumer.id });
  }

  /** Forget a consumer mediasoup already closed (true if it was still kept). */
  #forget(producerId: string, entry: PeerConsumer): boolean {
    if (this.#consumers.get(producerId) !== entry) return false;
    this.#consumers.delete(producerId);
    return true;
  }

  // ------------------------------------------------------------ lifecycle

  /** The media server restarted under this peer: drop everything and have the client set up again. */
  reset(reason: string): void {
    // What the client can receive is unchanged: a new router has the same codecs.
    this.#closeTransports();
    this.tell({ type: "reset", reason });
  }

  /** Close everything this peer owns (transports close their producers and consumers). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeTransports();
    this.emit("closed");
  }

  #closeTransports(): void {
    for (const t of [...this.#transports.values()]) t.transport.close();
    this.#transports.clear();
    this.#producers.clear();
    this.#consumers.clear();
    this.#creating.clear();
  }
}
