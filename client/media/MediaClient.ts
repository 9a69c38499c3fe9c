/**
 * The browser's side of Foyer's media: a mediasoup-client Device, one send and one
 * receive WebRTC transport, producers for mic / camera / screen, and the consumers the
 * server creates for whoever this person can hear. Signalling rides on the room
 * connection (shared/protocol/media.ts). Knows nothing about positions or volume:
 * the Mixer does that.
 */
import { Device, type types } from "mediasoup-client";
import type { MediaEvent, MediaMethod, MediaRequestData, MediaResponses, MediaSource } from "../../shared/protocol/media.ts";
import type { MediaResponse } from "../../shared/protocol/media.ts";
import type { Connection } from "../net/connection.ts";

export interface RemoteTrack {
  consumerId: string;
  peerId: string;
  kind: "audio" | "video";
  source: MediaSource;
  track: MediaStreamTrack;
  paused: boolean;
}

/** What a MediaClient tells its listeners (`on(event, listener)`), and when. */
export interface MediaClientEvents {
  /** A consumer for someone this person can hear or see is wired up (its media may still be paused). */
  trackAdded(t: RemoteTrack): void;
  /** A remote track is gone: the server closed its consumer, or media was reset. */
  trackRemoved(t: RemoteTrack): void;
  /** The server paused or resumed a remote track (`t.paused` says which). */
  trackPaused(t: RemoteTrack): void;
  /** Local producers changed (mic muted, camera on…). */
  localChanged(): void;
}

type MediaListener<E extends keyof MediaClientEvents> = (...args: Parameters<MediaClientEvents[E]>) => void;

export class MediaClient {
  readonly #conn: Connection;
  #device: Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  readonly #pending = new Map<number, { resolve: (d: unknown) => void; reject: (e: Error) => void }>();
  #nextRequest = 1;
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #consumers = new Map<string, { consumer: types.Consumer; remote: RemoteTrack }>();
  readonly #queue: MediaEvent[] = [];
  /**
   * Events are handled one at a time, in the order they came: a consumerClosed must not
   * overtake the consumerAdded it closes while that one still waits for consume().
   */
  #events: Promise<void> = Promise.resolve();
  #ready = false;
  readonly #listeners: { [E in keyof MediaClientEvents]: Set<MediaListener<E>> } = {
    trackAdded: new Set(),
    trackRemoved: new Set(),
    trackPaused: new Set(),
    localChanged: new Set(),
  };

  constructor(conn: Connection) {
    this.#conn = conn;
    conn.onServer("mediaResponse", (r) => this.#onResponse(r));
    conn.onServer("mediaEvent", (e) => this.#enqueue(e));
  }

  /** Call `listener` each time `event` happens; returns the function that stops it. */
  on<E extends keyof MediaClientEvents>(event: E, listener: MediaListener<E>): () => void {
    this.#listeners[event].add(listener);
    return () => void this.#listeners[event].delete(listener);
  }

  /** Tell every listener; one that throws is logged and does not stop the others or us. */
  #emit<E extends keyof MediaClientEvents>(event: E, ...args: Parameters<MediaClientEvents[E]>): void {
    for (const listener of [...this.#listeners[event]]) {
      try {
        listener(...args);
      } catch (err) {
        console.warn(`[media] a ${event} listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  async request<M extends MediaMethod>(method: M, data: MediaRequestData<M>): Promise<MediaResponses[M]> {
    const requestId = this.#nextRequest++;
    return new Promise<MediaResponses[M]>((resolve, reject) => {
      this.#pending.set(requestId, { resolve: resolve as (d: unknown) => void, reject });
      this.#conn.send("media", { requestId, method, data });
      window.setTimeout(() => {
        if (this.#pending.delete(requestId)) reject(new Error(`${method}: no answer from the server`));
      }, 10_000);
    });
  }

  #onResponse(r: MediaResponse): void {
    const p = this.#pending.get(r.requestId);
    if (!p) return;
    this.#pending.delete(r.requestId);
    if (r.ok) p.resolve(r.data);
    else p.reject(new Error(r.error));
  }

  /** Load the device and open both transports. Safe to call again after a reset. */
  async start(): Promise<void> {
    const { rtpCapabilities } = await this.request("getRouterRtpCapabilities", {});
    const device = new Device();
    await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
    this.#device = device;
    await this.request("setRtpCapabilities", { rtpCapabilities: device.recvRtpCapabilities });
    this.#send = await this.#openTransport("send");
    this.#recv = await this.#openTransport("recv");
    this.#ready = true;
    for (const e of this.#queue.splice(0)) this.#enqueue(e);
  }

  #enqueue(e: MediaEvent): void {
    this.#events = this.#events
      .then(() => this.#onEvent(e))
      .catch((err: unknown) => console.warn(`[media] ${e.type} failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  async #openTransport(direction: "send" | "recv"): Promise<types.Transport> {
    const info = await this.request("createTransport", { direction });
    if (!("iceParameters" in info)) throw new Error("createTransport: the server answered with a plain RTP transport");
    const options = {
      id: info.id,
      iceParameters: info.iceParameters,
      iceCandidates: info.iceCandidates,
      dtlsParameters: info.dtlsParameters,
      // The server's TURN relay, for networks that block the media ports.
      ...(info.iceServers ? { iceServers: info.iceServers } : {}),
      ...(info.iceTransportPolicy ? { iceTransportPolicy: info.iceTransportPolicy } : {}),
    };
    const t = direction === "send" ? this.#device!.createSendTransport(options) : this.#device!.createRecvTransport(options);
    t.on("connect", ({ dtlsParameters }, ok, fail) => {
      this.request("connectTransport", { transportId: t.id, dtlsParameters }).then(() => ok(), fail);
    });
    if (direction === "send") {
      t.on("produce", ({ kind, rtpParameters, appData }, ok, fail) => {
        this.request("produce", {
          transportId: t.id,
          kind,
          rtpParameters,
          source: (appData as { source: MediaSource }).source,
        }).then(({ producerId }) => ok({ id: producerId }), fail);
      });
    }
    return t;
  }

  /** Start sending a track as mic, camera or screen (replacing the track if already sending). */
  async publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    // A device unplugged (or "Stop sharing" in the browser's own bar) ends the track:
    // stop sending it, whichever track it was.
    const onEnded = () => {
      if (this.#producers.get(source)?.track === track) void this.unpublish(source);
    };
    const existing = this.#producers.get(source);
    if (existing && !existing.closed) {
      await existing.replaceTrack({ track });
      track.addEventListener("ended", onEnded);
      this.#emit("localChanged");
      return;
    }
    if (!this.#send) throw new Error("media is not connected yet");
    const producer = await this.#send.produce({
      track,
      appData: { source },
      ...(source === "mic" ? { codecOptions: { opusStereo: false, opusDtx: true } } : {}),
      stopTracks: false,
    });
    this.#producers.set(source, producer);
    track.addEventListener("ended", onEnded);
    this.#emit("localChanged");
  }

  async unpublish(source: MediaSource): Promise<void> {
    const p = this.#producers.get(source);
    if (!p) return;
    this.#producers.delete(source);
    p.close();
    p.track?.stop();
    await this.request("closeProducer", { producerId: p.id }).catch(() => {});
    this.#emit("localChanged");
  }

  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const p = this.#producers.get(source);
    if (!p) return;
    // Muting is heard at once: listeners are told through the room and the track is
    // silenced (or opened) here; the producer pause/resume on the server follows.
    if (source === "mic") this.#conn.send("speaking", { muted: paused });
    if (paused) p.pause();
    else p.resume();
    await this.request("setProducerPaused", { producerId: p.id, paused });
    this.#emit("localChanged");
  }

  local(source: MediaSource): { track: MediaStreamTrack | null; paused: boolean } | null {
    const p = this.#producers.get(source);
    return p ? { track: p.track, paused: p.paused } : null;
  }

  remoteTracks(): RemoteTrack[] {
    return [...this.#consumers.values()].map((c) => c.remote);
  }

  async #onEvent(e: MediaEvent): Promise<void> {
    if (e.type === "reset") {
      // The media server restarted: set up again and re-publish what we were sending,
      // without reloading the page.
      const keep = [...this.#producers].map(([source, p]) => ({ source, track: p.track, paused: p.paused }));
      this.#teardown();
      await this.start();
      for (const k of keep) {
        if (!k.track || k.track.readyState !== "live") continue;
        await this.publish(k.source, k.track);
        if (k.paused) await this.setPaused(k.source, true);
      }
      return;
    }
    if (!this.#ready) {
      this.#queue.push(e);
      return;
    }
    switch (e.type) {
      case "consumerAdded": {
        const consumer = await this.#recv!.consume({
          id: e.consumerId,
          producerId: e.producerId,
          kind: e.kind,
          rtpParameters: e.rtpParameters as types.RtpParameters,
        });
        const remote: RemoteTrack = {
          consumerId: e.consumerId,
          peerId: e.peerId,
          kind: e.kind,
          source: e.source,
          track: consumer.track,
          paused: e.paused,
        };
        this.#consumers.set(e.consumerId, { consumer, remote });
        this.#emit("trackAdded", remote);
        // Only now may the server let media flow: our track is wired up.
        await this.request("consumerReady", { consumerId: e.consumerId });
        return;
      }
      case "consumerPaused": {
        const c = this.#consumers.get(e.consumerId);
        if (!c) return;
        c.remote.paused = e.paused;
        this.#emit("trackPaused", c.remote);
        return;
      }
      case "consumerClosed": {
        const c = this.#consumers.get(e.consumerId);
        if (!c) return;
        this.#consumers.delete(e.consumerId);
        c.consumer.close();
        this.#emit("trackRemoved", c.remote);
        return;
      }
    }
  }

  #teardown(): void {
    this.#ready = false;
    for (const c of this.#consumers.values()) {
      c.consumer.close();
      this.#emit("trackRemoved", c.remote);
    }
    this.#consumers.clear();
    this.#producers.clear();
    this.#send?.close();
    this.#recv?.close();
    this.#send = this.#recv = null;
  }
}
