/**
 * Media for one floor: everyone's transports, producers and consumers, and the
 * subscription manager that makes consumers follow the audibility
 * model as people walk. Consumers are created paused and resumed only after the client
 * says its track is ready (consumerReady) AND the listener should hear the speaker;
 * they are paused, not closed, when the speaker drifts out of earshot (so walking back
 * is instant), and closed after IDLE_CLOSE_MS paused or when either side leaves.
 *
 * The floor has one router per mediasoup worker. Each person's transports live on one of
 * them (the one with the fewest people when they arrive); a speaker's producer is piped
 * to a listener's router the first time someone there consumes it (pipeToRouter), so a
 * packed floor spreads its consumers over every core.
 */
import type { types } from "mediasoup";
import { subscriptions, type Participant } from "../../shared/audibility/model.ts";
import type { Floor } from "../../shared/map/model.ts";
import {
  type CheckedMediaRequest,
  type MediaEvent,
  type MediaMethod,
  type MediaRequestData,
  type MediaResponse,
  type MediaSource,
} from "../../shared/protocol/media.ts";
import type { FloorRouter, MediaService } from "./MediaService.ts";

const IDLE_CLOSE_MS = 30_000;
const NOBODY: ReadonlySet<string> = new Set();
/** Paused consumers kept per listener (for instant resumption); beyond this the longest-paused close. */
const MAX_PAUSED_PER_LISTENER = 24;

export class MediaError extends Error {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.name = "MediaError";
    this.field = field;
  }
}

interface PeerConsumer {
  consumer: types.Consumer;
  peerId: string;
  source: MediaSource;
  ready: boolean;
  pausedSince: number | null;
}

interface Peer {
  readonly id: string;
  /** Index of the floor router (= worker) this person's transports live on. */
  readonly home: number;
  readonly send: (event: MediaEvent) => void;
  rtpCapabilities: types.RtpCapabilities | null;
  readonly transports: Map<string, types.WebRtcTransport | types.PlainTransport>;
  readonly producers: Map<string, { producer: types.Producer; source: MediaSource }>;
  /** Keyed by producer id. */
  readonly consumers: Map<string, PeerConsumer>;
  /** Producer ids whose consumer is being created (so two updates do not create two). */
  readonly creating: Set<string>;
}

export class FloorMedia {
  readonly #service: MediaService;
  readonly #key: string;
  readonly #routers: FloorRouter[];
  /** Producers already piped to another router, by `${producerId}>${routerIndex}`. */
  readonly #pipes = new Map<string, Promise<void>>();
  readonly #peers = new Map<string, Peer>();
  #subscribed = new Map<string, Set<string>>();
  #closed = false;
  /** Set by any signalling request or anyone arriving/leaving: transports, producers or readiness changed. */
  #dirty = true;
  #lastFullUpdate = 0;

  private constructor(service: MediaService, key: string, routers: FloorRouter[]) {
    this.#service = service;
    this.#key = key;
    this.#routers = routers;
    service.on("routerReplaced", this.#onRouterReplaced);
  }

  static async open(service: MediaService, floorKey: string): Promise<FloorMedia> {
    return new FloorMedia(service, floorKey, await service.routersFor(floorKey));
  }

  #onRouterReplaced = (key: string, index: number, next: FloorRouter): void => {
    if (key !== this.#key || this.#closed) return;
    // Everything on the dead worker's router is gone, and with it the pipes to and from
    // it: close what is left on the other routers too, and have everyone set up again.
    this.#routers[index] = next;
    this.#subscribed = new Map();
    this.#pipes.clear();
    for (const peer of this.#peers.values()) {
      for (const t of peer.transports.values()) t.close();
      peer.transports.clear();
      peer.producers.clear();
      peer.consumers.clear();
      peer.creating.clear();
      peer.send({ type: "reset", reason: "the media server restarted" });
    }
  };

  addPeer(id: string, send: (event: MediaEvent) => void): void {
    if (this.#peers.has(id)) this.removePeer(id);
    this.#dirty = true;
    // The router with the fewest people (ties: the lowest index).
    const load = this.#routers.map(() => 0);
    for (const p of this.#peers.values()) load[p.home]!++;
    const home = load.indexOf(Math.min(...load));
    this.#peers.set(id, { id, home, send, rtpCapabilities: null, transports: new Map(), producers: new Map(), consumers: new Map(), creating: new Set() });
  }

  /** Close everything the peer owns (idempotent). Its producers' consumers close with them. */
  removePeer(id: string): void {
    const peer = this.#peers.get(id);
    if (!peer) return;
    this.#dirty = true;
    this.#peers.delete(id);
    this.#subscribed.delete(id);
    for (const t of peer.transports.values()) t.close();
  }

  /** Speakers whose media this listener currently receives (for interest management). */
  subscribedTo(listenerId: string): ReadonlySet<string> {
    return this.#subscribed.get(listenerId) ?? NOBODY;
  }

  /** Is this person sending any unpaused media? (Muted people are not "speaking".) */
  isSpeaking(id: string): boolean {
    const peer = this.#peers.get(id);
    if (!peer) return false;
    for (const { producer } of peer.producers.values()) if (!producer.paused) return true;
    return false;
  }

  /** Handle one checked `media` request (checkMediaRequest); always resolves to a response for the client. */
  async handle(peerId: string, { requestId, method, data }: CheckedMediaRequest): Promise<MediaResponse> {
    const peer = this.#peers.get(peerId);
    if (!peer) return { requestId, ok: false, error: "you are not on this floor" };
    this.#dirty = true;
    try {
      const result = await this.#dispatch(peer, method, data);
      return { requestId, ok: true, data: result };
    } catch (err) {
      const field = err instanceof MediaError ? err.field : undefined;
      return { requestId, ok: false, error: `${method} failed: ${err instanceof Error ? err.message : String(err)}`, ...(field ? { field } : {}) };
    }
  }

  async #dispatch(peer: Peer, method: MediaMethod, data: unknown): Promise<unknown> {
    const home = this.#routers[peer.home]!;
    const router = home.router;
    switch (method) {
      case "getRouterRtpCapabilities":
        return { rtpCapabilities: router.rtpCapabilities };
      case "setRtpCapabilities": {
        const d = data as MediaRequestData<"setRtpCapabilities">;
        peer.rtpCapabilities = d.rtpCapabilities as types.RtpCapabilities;
        return {};
      }
      case "createTransport": {
        const d = data as MediaRequestData<"createTransport">;
        if (peer.transports.size >= 4) throw new MediaError("too many transports; close one first");
        if (d.plain) {
          if (!this.#service.config.allowPlainTransports) throw new MediaError("plain RTP transports are disabled on this server", "data.plain");
          const t = await router.createPlainTransport({
            listenInfo: { protocol: "udp", ip: "127.0.0.1" },
            rtcpMux: true,
            comedia: d.direction === "send",
            appData: { direction: d.direction },
          });
          peer.transports.set(t.id, t);
          return { id: t.id, ip: t.tuple.localAddress, port: t.tuple.localPort };
        }
        const t = await router.createWebRtcTransport({
          webRtcServer: home.webRtcServer,
          enableUdp: true,
          enableTcp: true,
          preferUdp: true,
          appData: { direction: d.direction },
        });
        peer.transports.set(t.id, t);
        return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
      }
      case "connectTransport": {
        const d = data as MediaRequestData<"connectTransport">;
        const t = this.#transport(peer, d.transportId);
        if (t.type === "plain") {
          if (!d.ip || !d.port) throw new MediaError("a plain transport needs ip and port", "data.ip");
          await (t as types.PlainTransport).connect({ ip: d.ip, port: d.port });
        } else {
          if (!d.dtlsParameters) throw new MediaError("dtlsParameters are required", "data.dtlsParameters");
          await (t as types.WebRtcTransport).connect({ dtlsParameters: d.dtlsParameters as types.DtlsParameters });
        }
        return {};
      }
      case "produce": {
        const d = data as MediaRequestData<"produce">;
        const t = this.#transport(peer, d.transportId);
        if ((t.appData as { direction?: string }).direction !== "send") throw new MediaError("that transport is for receiving", "data.transportId");
        for (const p of peer.producers.values())
          if (p.source === d.source) throw new MediaError(`you already send ${d.source}; close it first`, "data.source");
        if ((d.source === "mic") !== (d.kind === "audio")) throw new MediaError(`source ${d.source} cannot be ${d.kind}`, "data.kind");
        const producer = await t.produce({
          kind: d.kind,
          rtpParameters: d.rtpParameters as types.RtpParameters,
          appData: { source: d.source, peerId: peer.id },
        });
        peer.producers.set(producer.id, { producer, source: d.source });
        producer.observer.once("close", () => peer.producers.delete(producer.id));
        return { producerId: producer.id };
      }
      case "closeProducer": {
        const d = data as MediaRequestData<"closeProducer">;
        this.#producer(peer, d.producerId).producer.close();
        peer.producers.delete(d.producerId);
        return {};
      }
      case "setProducerPaused": {
        const d = data as MediaRequestData<"setProducerPaused">;
        const { producer } = this.#producer(peer, d.producerId);
        if (d.paused) await producer.pause();
        else await producer.resume();
        return {};
      }
      case "consumerReady": {
        const d = data as MediaRequestData<"consumerReady">;
        const entry = [...peer.consumers.values()].find((c) => c.consumer.id === d.consumerId);
        if (!entry) throw new MediaError(`no consumer ${d.consumerId}`, "data.consumerId");
        entry.ready = true;
        if (this.#subscribed.get(peer.id)?.has(entry.peerId)) await this.#setPaused(peer, entry, false);
        return {};
      }
    }
  }

  #transport(peer: Peer, id: string): types.WebRtcTransport | types.PlainTransport {
    const t = peer.transports.get(id);
    if (!t || t.closed) throw new MediaError(`no transport ${id}`, "data.transportId");
    return t;
  }

  #producer(peer: Peer, id: string): { producer: types.Producer; source: MediaSource } {
    const p = peer.producers.get(id);
    if (!p) throw new MediaError(`no producer ${id}`, "data.producerId");
    return p;
  }

  async #setPaused(listener: Peer, entry: PeerConsumer, paused: boolean): Promise<void> {
    if (entry.consumer.closed || entry.consumer.paused === paused) return;
    if (paused) await entry.consumer.pause();
    else await entry.consumer.resume();
    entry.pausedSince = paused ? Date.now() : null;
    listener.send({ type: "consumerPaused", consumerId: entry.consumer.id, paused });
  }

  /**
   * Bring consumers in line with the audibility model for the current positions.
   * Called a few times a second by the room, which says whether anyone moved since the
   * last call. A crowd standing still costs nothing: skipped when nobody moved and no
   * signalling (which is how sending starts, stops or is muted) or arrival happened —
   * except once a second, to retire idle consumers.
   */
  async update(people: readonly Participant[], floor: Pick<Floor, "zones">, moved: boolean): Promise<void> {
    if (this.#closed) return;
    const now0 = Date.now();
    if (!moved && !this.#dirty && now0 - this.#lastFullUpdate < 1000) return;
    this.#dirty = false;
    this.#lastFullUpdate = now0;
    const participants = people.map((p) => ({ ...p, speaking: this.isSpeaking(p.id) }));
    const next = subscriptions(participants, floor, this.#subscribed);
    this.#subscribed = next;
    const now = Date.now();
    const work: Promise<void>[] = [];
    for (const listener of this.#peers.values()) {
      const wanted = next.get(listener.id) ?? new Set<string>();
      const recv = [...listener.transports.values()].find(
        (t) => (t.appData as { direction?: string }).direction === "recv" && !t.closed,
      );
      // Existing consumers: resume, pause, or retire.
      for (const [producerId, entry] of listener.consumers) {
        if (entry.consumer.closed) {
          listener.consumers.delete(producerId);
          continue;
        }
        const want = wanted.has(entry.peerId);
        if (want && entry.ready && entry.consumer.paused) work.push(this.#setPaused(listener, entry, false));
        else if (!want && !entry.consumer.paused) work.push(this.#setPaused(listener, entry, true));
        else if (!want && entry.pausedSince !== null && now - entry.pausedSince > IDLE_CLOSE_MS) {
          entry.consumer.close();
          listener.consumers.delete(producerId);
          listener.send({ type: "consumerClosed", consumerId: entry.consumer.id });
        }
      }
      this.#limitPaused(listener);
      if (!recv || !listener.rtpCapabilities) continue;
      // New consumers for wanted speakers' producers.
      for (const speakerId of wanted) {
        const speaker = this.#peers.get(speakerId);
        if (!speaker) continue;
        for (const { producer, source } of speaker.producers.values()) {
          if (listener.consumers.has(producer.id) || listener.creating.has(producer.id) || producer.closed) continue;
          if (!this.#routers[speaker.home]!.router.canConsume({ producerId: producer.id, rtpCapabilities: listener.rtpCapabilities })) continue;
          work.push(this.#consume(listener, recv, speaker, producer, source));
        }
      }
    }
    await Promise.allSettled(work);
  }

  /** Close the longest-paused consumers beyond MAX_PAUSED_PER_LISTENER. */
  #limitPaused(listener: Peer): void {
    if (listener.consumers.size <= MAX_PAUSED_PER_LISTENER) return;
    const paused = [...listener.consumers]
      .filter(([, c]) => !c.consumer.closed && c.pausedSince !== null)
      .sort((a, b) => a[1].pausedSince! - b[1].pausedSince!);
    for (const [producerId, entry] of paused.slice(0, Math.max(0, paused.length - MAX_PAUSED_PER_LISTENER))) {
      entry.consumer.close();
      listener.consumers.delete(producerId);
      listener.send({ type: "consumerClosed", consumerId: entry.consumer.id });
    }
  }

  async #consume(
    listener: Peer,
    recv: types.WebRtcTransport | types.PlainTransport,
    speaker: Peer,
    producer: types.Producer,
    source: MediaSource,
  ): Promise<void> {
    const speakerId = speaker.id;
    listener.creating.add(producer.id);
    try {
      if (speaker.home !== listener.home) await this.#pipe(producer, speaker.home, listener.home);
      // Created paused: media flows only after the client confirms its track is ready.
      const consumer = await recv.consume({ producerId: producer.id, rtpCapabilities: listener.rtpCapabilities!, paused: true });
      const entry: PeerConsumer = { consumer, peerId: speakerId, source, ready: recv.type === "plain", pausedSince: null };
      listener.consumers.set(producer.id, entry);
      const closed = () => {
        if (listener.consumers.get(producer.id) === entry) listener.consumers.delete(producer.id);
        listener.send({ type: "consumerClosed", consumerId: consumer.id });
      };
      consumer.on("producerclose", closed);
      consumer.on("transportclose", () => listener.consumers.delete(producer.id));
      listener.send({
        type: "consumerAdded",
        consumerId: consumer.id,
        producerId: producer.id,
        peerId: speakerId,
        kind: consumer.kind,
        source,
        rtpParameters: consumer.rtpParameters,
        paused: true,
      });
      // Plain RTP listeners (bots) have no client-side track to prepare.
      if (entry.ready && this.#subscribed.get(listener.id)?.has(speakerId)) await this.#setPaused(listener, entry, false);
    } catch (err) {
      listener.consumers.get(producer.id)?.consumer.close();
      listener.consumers.delete(producer.id);
      console.warn(`[media ${this.#key}] could not consume ${producer.id} for ${listener.id}: ${String(err)}`);
    } finally {
      listener.creating.delete(producer.id);
    }
  }

  /** Make `producer` (on router `from`) consumable on router `to`, once per producer and router. */
  #pipe(producer: types.Producer, from: number, to: number): Promise<void> {
    const key = `${producer.id}>${to}`;
    let piped = this.#pipes.get(key);
    if (!piped) {
      piped = this.#routers[from]!.router.pipeToRouter({ producerId: producer.id, router: this.#routers[to]!.router }).then(() => undefined);
      this.#pipes.set(key, piped);
      // The pipe closes with the producer (mediasoup closes the pipe producer with it).
      producer.observer.once("close", () => this.#pipes.delete(key));
      piped.catch(() => this.#pipes.delete(key));
    }
    return piped;
  }

  /** What flows where, for tests and stats: listener → speaker ids with a resumed consumer. */
  flowing(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const peer of this.#peers.values()) {
      const s = new Set<string>();
      for (const c of peer.consumers.values()) if (!c.consumer.closed && !c.consumer.paused) s.add(c.peerId);
      out.set(peer.id, s);
    }
    return out;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#service.off("routerReplaced", this.#onRouterReplaced);
    for (const id of [...this.#peers.keys()]) this.removePeer(id);
    this.#service.releaseRouters(this.#key);
  }
}
