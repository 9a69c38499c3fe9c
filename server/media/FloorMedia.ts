/**
 * Media for one floor: everyone's MediaPeer, the signalling handlers (one per method,
 * checked by the compiler against MediaResponses), and the subscription manager that
 * makes consumers follow the audibility model as people walk. Consumers are created
 * paused and resumed only after the client says its track is ready (consumerReady) AND
 * the listener should hear the speaker; they are paused, not closed, when the speaker
 * drifts out of earshot (so walking back is instant), and closed after IDLE_CLOSE_MS
 * paused or when either side leaves.
 *
 * The floor has one router per mediasoup worker. Each person's transports live on one of
 * them (the one with the fewest people when they arrive); a speaker's producer is piped
 * to a listener's router the first time someone there consumes it (pipeToRouter), so a
 * packed floor spreads its consumers over every core.
 */
import type { types } from "mediasoup";
import { subscriptions, type Participant } from "../../shared/audibility/model.ts";
import type { Floor } from "../../shared/map/model.ts";
import type {
  CheckedMediaRequest,
  MediaEvent,
  MediaMethod,
  MediaRequestData,
  MediaResponse,
  MediaResponses,
  MediaSource,
} from "../../shared/protocol/media.ts";
import type { FloorMediaPort } from "../floor/media.ts";
import type { Logger } from "../log.ts";
import { clientRtpCapabilities, clientRtpParameters } from "./clientData.ts";
import { MediaError, MediaPeer, type PeerConsumer, type PeerProducer, type PeerTransport } from "./MediaPeer.ts";
import type { FloorRouter, MediaService } from "./MediaService.ts";
import { turnCredentials } from "./turn.ts";

export { MediaError } from "./MediaPeer.ts";

const IDLE_CLOSE_MS = 30_000;
const NOBODY: ReadonlySet<string> = new Set();
/** Paused consumers kept per listener (for instant resumption); beyond this the longest-paused close. */
const MAX_PAUSED_PER_LISTENER = 24;
const MAX_TRANSPORTS_PER_PEER = 4;
/**
 * Voice activity: a microphone louder than this (dBov, mediasoup's AudioLevelObserver)
 * counts as speaking, and stays "speaking" this long after its last loud interval — a
 * little more than the encounter sampling interval, so a pause between words is not silence.
 */
const VOICE_THRESHOLD_DBOV = -55;
const VOICE_INTERVAL_MS = 500;
const VOICE_HOLD_MS = 2_500;

type MediaHandlers = { [M in MediaMethod]: (peer: MediaPeer, data: MediaRequestData<M>) => Promise<MediaResponses[M]> };

export class FloorMedia implements FloorMediaPort {
  readonly #service: MediaService;
  readonly #key: string;
  readonly #routers: FloorRouter[];
  readonly #log: Logger;
  /** Producers already piped to another router, by `${producerId}>${routerIndex}`. */
  readonly #pipes = new Map<string, Promise<void>>();
  readonly #peers = new Map<string, MediaPeer>();
  #subscribed = new Map<string, Set<string>>();
  #closed = false;
  /** Set by any signalling request or anyone arriving/leaving: transports, producers or readiness changed. */
  #dirty = true;
  #lastFullUpdate = 0;
  /** The update in progress: updates never overlap; one asked for meanwhile is folded into the next. */
  #updating: Promise<void> | null = null;
  #movedWhileUpdating = false;
  /** Sources a host holds paused, by peer id (issue #12): their producers stay paused until let go. */
  readonly #held = new Map<string, Set<MediaSource>>();
  /** One audio level observer per router (made on the first microphone there). */
  readonly #levels = new Map<number, Promise<types.AudioLevelObserver>>();
  /** When each peer's microphone was last loud (Date.now). */
  readonly #voiceAt = new Map<string, number>();

  private constructor(service: MediaService, key: string, routers: FloorRouter[], log: Logger) {
    this.#service = service;
    this.#key = key;
    this.#routers = routers;
    this.#log = log;
    service.on("routersReplaced", this.#onRoutersReplaced);
  }

  static async open(service: MediaService, floorKey: string, log: Logger): Promise<FloorMedia> {
    return new FloorMedia(service, floorKey, await service.routersFor(floorKey), log);
  }

  #onRoutersReplaced = (key: string, next: ReadonlyMap<number, FloorRouter>): void => {
    if (key !== this.#key || this.#closed) return;
    // Everything on a dead worker's router is gone, and with it the pipes to and from
    // it: close what is left on the other routers too, and have everyone set up again.
    for (const [index, router] of next) this.#routers[index] = router;
    this.#subscribed = new Map();
    this.#pipes.clear();
    this.#levels.clear();
    for (const peer of this.#peers.values()) peer.reset("the media server restarted");
  };

  addPeer(id: string, send: (event: MediaEvent) => void): void {
    this.#peers.get(id)?.close();
    this.#dirty = true;
    // The router with the fewest people (ties: the lowest index).
    const load = this.#routers.map(() => 0);
    for (const p of this.#peers.values()) if (p.id !== id) load[p.home]!++;
    const home = load.indexOf(Math.min(...load));
    const peer = new MediaPeer(id, home, send, this.#log.child({ person: id }));
    peer.once("closed", () => {
      if (this.#peers.get(id) !== peer) return;
      this.#peers.delete(id);
      this.#subscribed.delete(id);
      this.#dirty = true;
    });
    this.#peers.set(id, peer);
  }

  /** Close everything the peer owns (idempotent). Its producers' consumers close with them. */
  removePeer(id: string): void {
    this.#held.delete(id);
    this.#voiceAt.delete(id);
    this.#peers.get(id)?.close();
  }

  /**
   * A host muted (held) or let go of `peerId`'s `source`: held producers are paused now,
   * a new one starts paused, and the peer's own resume is refused until let go.
   */
  async forcePause(peerId: string, source: MediaSource, held: boolean): Promise<void> {
    // (camera and screen: paused like a muted microphone; their page stops the track too.)
    const sources = this.#held.get(peerId) ?? new Set<MediaSource>();
    if (held) sources.add(source);
    else sources.delete(source);
    if (sources.size > 0) this.#held.set(peerId, sources);
    else this.#held.delete(peerId);
    if (!held) return; // letting go does not unmute: the person does, when ready
    this.#dirty = true;
    const peer = this.#peers.get(peerId);
    for (const p of peer?.producers() ?? []) if (p.source === source && !p.producer.closed) await p.producer.pause();
  }

  /** Speakers whose media this listener currently receives (for interest management). */
  subscribedTo(listenerId: string): ReadonlySet<string> {
    return this.#subscribed.get(listenerId) ?? NOBODY;
  }

  /** Is this person sending any unpaused media? (Muted people are not "speaking".) */
  isSpeaking(id: string): boolean {
    return this.#peers.get(id)?.isSpeaking() ?? false;
  }

  /** Was this person's microphone loud (someone speaking, not just unmuted) moments ago? */
  voiceActive(id: string): boolean {
    return Date.now() - (this.#voiceAt.get(id) ?? -Infinity) <= VOICE_HOLD_MS;
  }

  /** Listen to a microphone's level (the observer lives on the producer's router; it drops closed producers itself). */
  #observeVoice(home: number, producer: types.Producer): void {
    let observer = this.#levels.get(home);
    if (!observer) {
      observer = this.#routers[home]!.router.createAudioLevelObserver({ maxEntries: 100, threshold: VOICE_THRESHOLD_DBOV, interval: VOICE_INTERVAL_MS });
      observer.then(
        (o) =>
          o.on("volumes", (volumes) => {
            const now = Date.now();
            for (const v of volumes) {
              const peerId: unknown = v.producer.appData.peerId;
              if (typeof peerId === "string") this.#voiceAt.set(peerId, now);
            }
          }),
        () => this.#levels.delete(home),
      );
      this.#levels.set(home, observer);
    }
    observer.then((o) => o.addProducer({ producerId: producer.id })).catch((err: unknown) => this.#log.warn({ err, producer: producer.id }, "could not observe a microphone's level"));
  }

  /** Handle one checked `media` request (checkMediaRequest); always resolves to a response for the client. */
  async handle<M extends MediaMethod>(peerId: string, request: CheckedMediaRequest<M>): Promise<MediaResponse<M>> {
    const { requestId, method } = request;
    const peer = this.#peers.get(peerId);
    if (!peer) return { requestId, ok: false, error: "you are not on this floor" };
    this.#dirty = true;
    try {
      const handler: MediaHandlers[M] = this.#handlers[request.method];
      return { requestId, ok: true, data: await handler(peer, request.data) };
    } catch (err) {
      const field = err instanceof MediaError ? err.field : undefined;
      return { requestId, ok: false, error: `${method} failed: ${err instanceof Error ? err.message : String(err)}`, ...(field ? { field } : {}) };
    }
  }

  readonly #handlers: MediaHandlers = {
    getRouterRtpCapabilities: async (peer) => ({ rtpCapabilities: this.#routers[peer.home]!.router.rtpCapabilities }),

    setRtpCapabilities: async (peer, d) => {
      peer.rtpCapabilities = clientRtpCapabilities(d.rtpCapabilities);
      return {};
    },

    createTransport: async (peer, d) => {
      if (peer.transportCount >= MAX_TRANSPORTS_PER_PEER) throw new MediaError("too many transports; close one first");
      const home = this.#routers[peer.home]!;
      if (d.plain) {
        if (!this.#service.config.allowPlainTransports) throw new MediaError("plain RTP transports are disabled on this server", "data.plain");
        const transport = await home.router.createPlainTransport({ listenInfo: { protocol: "udp", ip: "127.0.0.1" }, rtcpMux: true, comedia: d.direction === "send" });
        peer.addTransport({ kind: "plain", direction: d.direction, transport });
        return { id: transport.id, ip: transport.tuple.localAddress, port: transport.tuple.localPort };
      }
      const transport = await home.router.createWebRtcTransport({ webRtcServer: home.webRtcServer, enableUdp: true, enableTcp: true, preferUdp: true });
      peer.addTransport({ kind: "webrtc", direction: d.direction, transport });
      const { turn, iceTransportPolicy } = this.#service.config;
      return {
        id: transport.id,
        iceParameters: transport.iceParameters,
        iceCandidates: transport.iceCandidates,
        dtlsParameters: transport.dtlsParameters,
        ...(turn ? { iceServers: [turnCredentials(turn, peer.id)] } : {}),
        ...(iceTransportPolicy ? { iceTransportPolicy } : {}),
      };
    },

    connectTransport: async (peer, d) => {
      const t = peer.assertAndGetTransport(d.transportId);
      if (t.kind === "plain") {
        if (!d.ip || !d.port) throw new MediaError("a plain transport needs ip and port", "data.ip");
        await t.transport.connect({ ip: d.ip, port: d.port });
      } else {
        if (!d.dtlsParameters) throw new MediaError("dtlsParameters are required", "data.dtlsParameters");
        await t.transport.connect({ dtlsParameters: d.dtlsParameters });
      }
      return {};
    },

    produce: async (peer, d) => {
      const t = peer.assertAndGetTransport(d.transportId);
      if (t.direction !== "send") throw new MediaError("that transport is for receiving", "data.transportId");
      if (peer.sends(d.source)) throw new MediaError(`you already send ${d.source}; close it first`, "data.source");
      if ((d.source === "mic") !== (d.kind === "audio")) throw new MediaError(`source ${d.source} cannot be ${d.kind}`, "data.kind");
      const producer = await t.transport.produce({ kind: d.kind, rtpParameters: clientRtpParameters(d.rtpParameters), appData: { source: d.source, peerId: peer.id } });
      peer.addProducer(producer, d.source);
      if (d.kind === "audio") this.#observeVoice(peer.home, producer);
      if (this.#held.get(peer.id)?.has(d.source)) await producer.pause();
      return { producerId: producer.id };
    },

    closeProducer: async (peer, d) => {
      peer.assertAndGetProducer(d.producerId).producer.close();
      return {};
    },

    setProducerPaused: async (peer, d) => {
      const { producer, source } = peer.assertAndGetProducer(d.producerId);
      if (!d.paused && this.#held.get(peer.id)?.has(source)) throw new MediaError(source === "mic" ? "muted by a host: you can unmute when a host allows it" : `${source} stopped by a host: you can start it when a host allows it`, "data.paused");
      if (d.paused) await producer.pause();
      else await producer.resume();
      return {};
    },

    consumerReady: async (peer, d) => {
      const entry = peer.assertAndGetConsumer(d.consumerId);
      entry.ready = true;
      if (this.#subscribed.get(peer.id)?.has(entry.speakerId)) await this.#setPaused(peer, entry, false);
      return {};
    },
  };

  async #setPaused(listener: MediaPeer, entry: PeerConsumer, paused: boolean): Promise<void> {
    if (entry.consumer.closed || entry.consumer.paused === paused) return;
    if (paused) await entry.consumer.pause();
    else await entry.consumer.resume();
    entry.pausedSince = paused ? Date.now() : null;
    listener.tell({ type: "consumerPaused", consumerId: entry.consumer.id, paused });
  }

  /**
   * Bring consumers in line with the audibility model for the current positions.
   * Called a few times a second by the floor, which says whether anyone moved since the
   * last call. A crowd standing still costs nothing: skipped when nobody moved and no
   * signalling (which is how sending starts, stops or is muted) or arrival happened —
   * except once a second, to retire idle consumers. Never two at once: a call while one
   * runs returns at once and its `moved` carries over to the next.
   */
  update(people: readonly Participant[], floor: Pick<Floor, "zones">, moved: boolean, apart?: (listener: string, speaker: string) => boolean): Promise<void> {
    if (this.#updating) {
      this.#movedWhileUpdating ||= moved;
      return Promise.resolve();
    }
    const anyMoved = moved || this.#movedWhileUpdating;
    this.#movedWhileUpdating = false;
    const running = this.#update(people, floor, anyMoved, apart).finally(() => {
      if (this.#updating === running) this.#updating = null;
    });
    this.#updating = running;
    return running;
  }

  async #update(people: readonly Participant[], floor: Pick<Floor, "zones">, moved: boolean, apart?: (listener: string, speaker: string) => boolean): Promise<void> {
    if (this.#closed) return;
    const now = Date.now();
    if (!moved && !this.#dirty && now - this.#lastFullUpdate < 1000) return;
    this.#dirty = false;
    this.#lastFullUpdate = now;
    const participants = people.map((p) => ({ ...p, speaking: this.isSpeaking(p.id) }));
    const next = subscriptions(participants, floor, this.#subscribed);
    // Someone who blocked someone (or was blocked) gets no consumer of them: their media never arrives.
    if (apart) for (const [listener, speakers] of next) for (const s of speakers) if (apart(listener, s)) speakers.delete(s);
    this.#subscribed = next;
    const work: Promise<void>[] = [];
    for (const listener of this.#peers.values()) {
      const wanted = next.get(listener.id) ?? NOBODY;
      // Existing consumers: resume, pause, or retire.
      for (const [producerId, entry] of [...listener.consumers()]) {
        if (entry.consumer.closed) {
          listener.dropConsumer(producerId, entry);
          continue;
        }
        const want = wanted.has(entry.speakerId);
        if (want && entry.ready && entry.consumer.paused) work.push(this.#setPaused(listener, entry, false));
        else if (!want && !entry.consumer.paused) work.push(this.#setPaused(listener, entry, true));
        else if (!want && entry.pausedSince !== null && now - entry.pausedSince > IDLE_CLOSE_MS) listener.dropConsumer(producerId, entry);
      }
      this.#limitPaused(listener);
      const recv = listener.recvTransport();
      const caps = listener.rtpCapabilities;
      if (!recv || !caps) continue;
      // New consumers for wanted speakers' producers.
      for (const speakerId of wanted) {
        const speaker = this.#peers.get(speakerId);
        if (!speaker) continue;
        for (const sent of speaker.producers()) {
          const { producer } = sent;
          if (listener.hasConsumerOf(producer.id) || producer.closed) continue;
          if (!this.#routers[speaker.home]!.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) continue;
          work.push(this.#consume(listener, recv, caps, speaker, sent));
        }
      }
    }
    await Promise.allSettled(work);
  }

  /** Close the longest-paused consumers beyond MAX_PAUSED_PER_LISTENER. */
  #limitPaused(listener: MediaPeer): void {
    if (listener.consumerCount <= MAX_PAUSED_PER_LISTENER) return;
    const paused = [...listener.consumers()]
      .filter(([, c]) => !c.consumer.closed && c.pausedSince !== null)
      .sort((a, b) => a[1].pausedSince! - b[1].pausedSince!);
    for (const [producerId, entry] of paused.slice(0, Math.max(0, paused.length - MAX_PAUSED_PER_LISTENER))) listener.dropConsumer(producerId, entry);
  }

  async #consume(listener: MediaPeer, recv: PeerTransport, caps: types.RtpCapabilities, speaker: MediaPeer, { producer, source }: PeerProducer): Promise<void> {
    listener.beginConsuming(producer.id);
    try {
      if (speaker.home !== listener.home) await this.#pipe(producer, speaker.home, listener.home);
      // Created paused: media flows only after the client confirms its track is ready.
      const consumer = await recv.transport.consume({ producerId: producer.id, rtpCapabilities: caps, paused: true });
      if (listener.closed) {
        consumer.close();
        return;
      }
      // Plain RTP listeners (bots) have no client-side track to prepare.
      const entry: PeerConsumer = { consumer, speakerId: speaker.id, source, ready: recv.kind === "plain", pausedSince: null };
      listener.addConsumer(producer.id, entry);
      listener.tell({
        type: "consumerAdded",
        consumerId: consumer.id,
        producerId: producer.id,
        peerId: speaker.id,
        kind: consumer.kind,
        source,
        rtpParameters: consumer.rtpParameters,
        paused: true,
      });
      if (entry.ready && this.#subscribed.get(listener.id)?.has(speaker.id)) await this.#setPaused(listener, entry, false);
    } catch (err) {
      listener.dropConsumer(producer.id);
      listener.log.warn({ err, producer: producer.id, speaker: speaker.id }, "could not consume");
    } finally {
      listener.endConsuming(producer.id);
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
      for (const [, c] of peer.consumers()) if (!c.consumer.closed && !c.consumer.paused) s.add(c.speakerId);
      out.set(peer.id, s);
    }
    return out;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#service.off("routersReplaced", this.#onRoutersReplaced);
    for (const peer of [...this.#peers.values()]) peer.close();
    this.#service.releaseRouters(this.#key);
  }
}
