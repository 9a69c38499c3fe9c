/**
 * The media server: one mediasoup Worker per core (FOYER_MEDIA_WORKERS), each with one
 * WebRtcServer so all WebRTC traffic of a worker uses one UDP/TCP port. Every floor gets
 * one Router on each worker; FloorMedia spreads the floor's people over them and pipes a
 * speaker's producer to another router when someone there listens (pipeToRouter), so a
 * big floor uses every core. A worker that dies is replaced; the floors get a fresh
 * router on it and are told to set up media again.
 */
import { EventEmitter } from "node:events";
import * as mediasoup from "mediasoup";
import type { types } from "mediasoup";
import type { TurnConfig } from "./turn.ts";
import { childLog } from "../log.ts";
import { findWorkerBin } from "./workerBin.ts";

const log = childLog({ part: "media" });

export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2 },
  { kind: "video", mimeType: "video/VP8", clockRate: 90000, parameters: { "x-google-start-bitrate": 600 } },
];

export interface MediaConfig {
  workers: number;
  /** IP to listen on for WebRTC. */
  listenIp: string;
  /** Address put in ICE candidates (public IP or hostname behind NAT); defaults to listenIp. */
  announcedAddress: string | undefined;
  /** First WebRtcServer port; worker i uses basePort + i. 0 = any free port. */
  basePort: number;
  /** Allow PlainTransport (RTP bots for tests and load tests). Never on in production. */
  allowPlainTransports: boolean;
  /** A TURN relay offered to browsers (FOYER_TURN_URLS + FOYER_TURN_SECRET), or none. */
  turn?: TurnConfig | undefined;
  /** "relay" makes browsers use the TURN relay only (FOYER_ICE_TRANSPORT_POLICY). */
  iceTransportPolicy?: "all" | "relay";
}

interface WorkerSlot {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
}

export interface FloorRouter {
  router: types.Router;
  webRtcServer: types.WebRtcServer;
}

interface MediaServiceEvents {
  /**
   * Some of a floor's routers (by index = worker) were replaced after their workers died.
   * Workers that die together are reported together, once all of them are back.
   */
  routersReplaced: [floorKey: string, next: ReadonlyMap<number, FloorRouter>];
}

export class MediaService extends EventEmitter<MediaServiceEvents> {
  readonly config: MediaConfig;
  readonly #workerBin: string;
  readonly #slots: WorkerSlot[] = [];
  /** Each floor's routers, one per worker slot (same index). */
  readonly #floors = new Map<string, FloorRouter[]>();
  /** Pipe transports between routers (mediasoup keeps one pair per router pair open). */
  readonly #pipeTransports = new Map<types.Transport, number>();
  #closed = false;
  /** Replacements still starting, and the workers started since the floors were last told. */
  #replacing = 0;
  readonly #restarted: WorkerSlot[] = [];

  private constructor(config: MediaConfig, workerBin: string) {
    super();
    this.config = config;
    this.#workerBin = workerBin;
  }

  static async start(config: MediaConfig): Promise<MediaService> {
    const service = new MediaService(config, findWorkerBin());
    for (let i = 0; i < config.workers; i++) service.#slots.push(await service.#startWorker(i));
    return service;
  }

  get workerPids(): number[] {
    return this.#slots.map((s) => s.worker.pid);
  }

  async #startWorker(index: number): Promise<WorkerSlot> {
    const worker = await mediasoup.createWorker({ workerBin: this.#workerBin, logLevel: "warn" });
    const listen = {
      ip: this.config.listenIp,
      ...(this.config.announcedAddress ? { announcedAddress: this.config.announcedAddress } : {}),
      ...(this.config.basePort ? { port: this.config.basePort + index } : {}),
    };
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: [
        { protocol: "udp", ...listen },
        { protocol: "tcp", ...listen },
      ],
    });
    const slot: WorkerSlot = { index, worker, webRtcServer };
    worker.on("died", (err) => {
      log.error({ err, worker: worker.pid, slot: index }, "media worker died; replacing it");
      void this.#replace(slot);
    });
    return slot;
  }

  /** Never rejects: a failure is logged, and the floors keep the workers that are left. */
  async #replace(dead: WorkerSlot): Promise<void> {
    if (this.#closed) return;
    this.#replacing++;
    try {
      const fresh = await this.#startWorker(dead.index);
      this.#slots[dead.index] = fresh;
      this.#restarted.push(fresh);
      log.info({ worker: fresh.worker.pid, slot: dead.index }, "media worker replaced");
    } catch (err) {
      log.error({ err, slot: dead.index }, "could not replace the media worker; its floors have no media on it");
    } finally {
      this.#replacing--;
    }
    // Workers that died together: floors are told once all are back, so people set up
    // media once, not once per worker (a second reset would close what they just opened).
    if (this.#replacing > 0 || this.#closed) return;
    const restarted = this.#restarted.splice(0);
    if (restarted.length === 0) return;
    for (const [key, routers] of this.#floors) {
      const next = new Map<number, FloorRouter>();
      for (const slot of restarted) {
        try {
          next.set(slot.index, await this.#routerOn(slot));
        } catch (err) {
          log.error({ err, floor: key, slot: slot.index }, "could not give a floor a router on the new media worker");
        }
      }
      for (const [index, router] of next) routers[index] = router;
      try {
        if (next.size > 0) this.emit("routersReplaced", key, next);
      } catch (err) {
        // One floor's failure must not leave the others without media.
        log.error({ err, floor: key }, "a floor failed to take its new media routers");
      }
    }
  }

  async #routerOn(slot: WorkerSlot): Promise<FloorRouter> {
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    router.observer.on("newtransport", (t) => {
      if (t.type !== "pipe") return;
      this.#pipeTransports.set(t, slot.index);
      t.observer.once("close", () => this.#pipeTransports.delete(t));
    });
    return { router, webRtcServer: slot.webRtcServer };
  }

  /** A floor's routers, one per worker (same order as the workers), created on first use. */
  async routersFor(floorKey: string): Promise<FloorRouter[]> {
    const existing = this.#floors.get(floorKey);
    if (existing && existing.every((f) => !f.router.closed)) return existing;
    const routers = await Promise.all(this.#slots.map((slot) => this.#routerOn(slot)));
    this.#floors.set(floorKey, routers);
    return routers;
  }

  releaseRouters(floorKey: string): void {
    const routers = this.#floors.get(floorKey);
    if (!routers) return;
    this.#floors.delete(floorKey);
    for (const f of routers) f.router.close();
  }

  /**
   * Counts for /api/stats and leak checks, from the workers themselves. `transports`,
   * `producers` and `consumers` are people's (WebRTC / plain); pipes between a floor's
   * routers are counted apart (a pair of pipe transports stays open per pair of routers
   * that ever piped; pipe producers and consumers close with the producer they carry).
   */
  async usage(): Promise<{
    workers: number;
    workerPids: number[];
    routers: number;
    transports: number;
    producers: number;
    consumers: number;
    pipeTransports: number;
    perWorker: { transports: number; consumers: number }[];
  }> {
    let transports = 0;
    let producers = 0;
    let consumers = 0;
    let routers = 0;
    const pipeIds = new Set([...this.#pipeTransports.keys()].map((t) => t.id));
    const perWorker = this.#slots.map(() => ({ transports: 0, consumers: 0 }));
    type PipeDump = { producerIds: string[]; consumerIds: string[] };
    for (const floor of this.#floors.values()) {
      for (const [i, f] of floor.entries()) {
        if (f.router.closed) continue;
        routers++;
        const rd = await f.router.dump();
        const own = rd.transportIds.filter((id) => !pipeIds.has(id)).length;
        transports += own;
        producers += rd.mapProducerIdConsumerIds.length;
        consumers += rd.mapConsumerIdProducerId.length;
        perWorker[i]!.transports += own;
        perWorker[i]!.consumers += rd.mapConsumerIdProducerId.length;
      }
    }
    // Pipe producers/consumers live on the pipe transports; subtract them so only people's remain.
    for (const [t, i] of this.#pipeTransports) {
      if (t.closed) continue;
      const td = (await t.dump()) as PipeDump;
      producers -= td.producerIds.length;
      consumers -= td.consumerIds.length;
      perWorker[i]!.consumers -= td.consumerIds.length;
    }
    return {
      workers: this.#slots.length,
      workerPids: this.workerPids,
      routers,
      transports,
      producers,
      consumers,
      pipeTransports: this.#pipeTransports.size,
      perWorker,
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#slots) s.worker.close();
    this.#floors.clear();
  }
}
