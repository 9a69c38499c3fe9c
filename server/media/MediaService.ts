/**
 * The media server: one mediasoup Worker per core (FOYER_MEDIA_WORKERS), each with one
 * WebRtcServer so all WebRTC traffic of a worker uses one UDP/TCP port, and a Router per
 * floor, spread round-robin over workers. A worker that dies is replaced; the floors
 * that lived on it get a fresh router and are told to set up media again.
 */
import os from "node:os";
import { EventEmitter } from "node:events";
import * as mediasoup from "mediasoup";
import type { types } from "mediasoup";
import { findWorkerBin } from "./workerBin.ts";

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
}

export function mediaConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MediaConfig {
  const workers = Number(env.FOYER_MEDIA_WORKERS ?? os.availableParallelism());
  const basePort = Number(env.FOYER_RTC_PORT ?? 0);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error("FOYER_MEDIA_WORKERS must be 1…64");
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65000) throw new Error("FOYER_RTC_PORT must be a port number");
  return {
    workers,
    listenIp: env.FOYER_RTC_LISTEN_IP ?? "127.0.0.1",
    announcedAddress: env.FOYER_RTC_ANNOUNCED_ADDRESS || undefined,
    basePort,
    allowPlainTransports: env.FOYER_TEST_HOOKS === "1",
  };
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
  /** A floor's router was replaced after its worker died. */
  routerReplaced: [floorKey: string, next: FloorRouter];
}

export class MediaService extends EventEmitter<MediaServiceEvents> {
  readonly config: MediaConfig;
  readonly #workerBin: string;
  readonly #slots: WorkerSlot[] = [];
  readonly #routers = new Map<string, { slot: WorkerSlot; floor: FloorRouter }>();
  #next = 0;
  #closed = false;

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
      console.error(`[media] worker ${worker.pid} died: ${err.message}; replacing it`);
      void this.#replace(slot);
    });
    return slot;
  }

  async #replace(dead: WorkerSlot): Promise<void> {
    if (this.#closed) return;
    const fresh = await this.#startWorker(dead.index);
    this.#slots[dead.index] = fresh;
    for (const [key, entry] of this.#routers) {
      if (entry.slot !== dead) continue;
      const floor = { router: await fresh.worker.createRouter({ mediaCodecs: MEDIA_CODECS }), webRtcServer: fresh.webRtcServer };
      this.#routers.set(key, { slot: fresh, floor });
      this.emit("routerReplaced", key, floor);
    }
  }

  /** The router for a floor, created on first use. */
  async routerFor(floorKey: string): Promise<FloorRouter> {
    const existing = this.#routers.get(floorKey);
    if (existing && !existing.floor.router.closed) return existing.floor;
    const slot = this.#slots[this.#next++ % this.#slots.length]!;
    const floor = { router: await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS }), webRtcServer: slot.webRtcServer };
    this.#routers.set(floorKey, { slot, floor });
    return floor;
  }

  releaseRouter(floorKey: string): void {
    const entry = this.#routers.get(floorKey);
    if (!entry) return;
    this.#routers.delete(floorKey);
    entry.floor.router.close();
  }

  /** Counts for /api/stats and leak checks. */
  async usage(): Promise<{ workers: number; workerPids: number[]; routers: number; transports: number; producers: number; consumers: number }> {
    let transports = 0;
    let producers = 0;
    let consumers = 0;
    for (const slot of this.#slots) {
      const dump = await slot.worker.dump();
      for (const routerId of dump.routerIds) {
        const entry = [...this.#routers.values()].find((r) => r.floor.router.id === routerId);
        if (!entry) continue;
        const rd = await entry.floor.router.dump();
        transports += rd.transportIds.length;
        producers += rd.mapProducerIdConsumerIds.length;
        consumers += rd.mapConsumerIdProducerId.length;
      }
    }
    return { workers: this.#slots.length, workerPids: this.workerPids, routers: this.#routers.size, transports, producers, consumers };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#slots) s.worker.close();
    this.#routers.clear();
  }
}
