/**
 * Foyer as one of several processes: with REDIS_URL, Colyseus' Redis presence and driver
 * share room listings, seat reservations and reconnection between processes, and a
 * floor's room lives on one of them. Whatever must reach live rooms — a published floor,
 * an event opened or ended — is published on the presence and applied by each process to
 * the rooms it hosts, never looked up in this process only. Without Redis the same path
 * runs on Colyseus' in-process presence.
 */
import { matchMaker, type Presence } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { z } from "zod";
import type { Logger } from "./log.ts";
import { VenueRoom } from "./rooms/VenueRoom.ts";

export function clusterParts(redisUrl: string | undefined): { presence?: Presence; driver?: RedisDriver } {
  if (!redisUrl) return {};
  return { presence: new RedisPresence(redisUrl), driver: new RedisDriver(redisUrl) };
}

const TOPIC = "foyer:live";
const liveNotice = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("floor"), venue: z.string(), floor: z.string() }),
  z.object({ kind: z.literal("events"), venue: z.string() }),
  /** A host deleted `floor`: its people go to `to` (named `toName`). */
  z.object({ kind: z.literal("floor-removed"), venue: z.string(), floor: z.string(), to: z.string(), toName: z.string() }),
]);
export type LiveNotice = z.infer<typeof liveNotice>;

/** The VenueRooms of a venue (or one floor of it) that this process hosts. */
export async function localRooms(venue: string, floor?: string): Promise<VenueRoom[]> {
  const listed = await matchMaker.query(floor === undefined ? { name: "floor", venue } : { name: "floor", venue, floor });
  return listed.flatMap((r) => {
    const room = matchMaker.getLocalRoomById(r.roomId);
    return room instanceof VenueRoom ? [room] : [];
  });
}

export class LiveRooms {
  readonly #presence: Presence;
  readonly #log: Logger;
  readonly #listener = (message: unknown) => void this.#apply(message);

  constructor(presence: Presence, log: Logger) {
    this.#presence = presence;
    this.#log = log;
  }

  async start(): Promise<void> {
    await this.#presence.subscribe(TOPIC, this.#listener);
  }

  async stop(): Promise<void> {
    await this.#presence.unsubscribe(TOPIC, this.#listener);
  }

  /** Every process applies it to the rooms it hosts. */
  publish(notice: LiveNotice): Promise<void> {
    return this.#presence.publish(TOPIC, notice);
  }

  async #apply(message: unknown): Promise<void> {
    const notice = liveNotice.safeParse(message);
    if (!notice.success) {
      this.#log.warn({ message }, "ignored a malformed live-room notice");
      return;
    }
    const n = notice.data;
    try {
      if (n.kind === "floor") for (const room of await localRooms(n.venue, n.floor)) await room.reloadFloor();
      else if (n.kind === "floor-removed") for (const room of await localRooms(n.venue, n.floor)) room.floorRemoved(n.to, n.toName);
      else for (const room of await localRooms(n.venue)) await room.eventsChanged();
    } catch (err) {
      this.#log.error({ err, notice: n }, "could not apply a live-room notice");
    }
  }
}
