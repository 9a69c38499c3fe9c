/**
 * Puts one floor together from what the server hands rooms (the room context): its
 * media routers, the LiveFloor with its modules (chat, moderation, encounters), and the
 * door that admits people at the venue's event. The room calls it once in onCreate and
 * keeps only what it returns; nothing here sees a socket.
 */
import type { LoadedFloor, RoomContext } from "../rooms/context.ts";
import type { Logger } from "../log.ts";
import { FloorMedia } from "../media/FloorMedia.ts";
import { Door } from "./door.ts";
import { recordMeetings } from "./encounters.ts";
import { LiveFloor } from "./LiveFloor.ts";
import type { Outbox } from "./outbox.ts";
import type { StatusBoard } from "./reactions.ts";
import type { SpotBoard } from "./knock.ts";

export interface FloorHooks {
  roomId: string;
  log: Logger;
  outbox: Outbox;
  /** Where statuses and closed spots show (the room's shared state). */
  board: StatusBoard & SpotBoard;
  /** Disconnect someone a host removed, without a reconnection spot. */
  dismiss(id: string, why: string): void;
}

export async function assembleFloor(context: RoomContext, loaded: LoadedFloor, hooks: FloorHooks): Promise<{ floor: LiveFloor; door: Door | null }> {
  const { venue, slug } = loaded;
  const { endEvent } = context;
  const media = context.media ? await FloorMedia.open(context.media, `${hooks.roomId}:${venue}/${slug}`, hooks.log) : null;
  const floor = new LiveFloor({
    venue,
    floor: slug,
    plan: loaded.floor,
    outbox: hooks.outbox,
    now: Date.now,
    media,
    log: hooks.log,
    floorName: loaded.name,
    chat: { store: context.chat, venue: context.venue, board: hooks.board, batch: true },
    moderation: { store: context.moderation, dismiss: hooks.dismiss, endEvent: endEvent ? (eventId: string) => endEvent(venue, eventId) : undefined },
    blocks: context.blocks,
    ...(context.encounters?.store.metAmong ? { mixer: { metAmong: context.encounters.store.metAmong } } : {}),
    spots: hooks.board,
  });
  if (!context.admission || !context.attendance) return { floor, door: null };
  const door = new Door({ venue, floor: slug, admission: context.admission, attendance: context.attendance, log: hooks.log });
  if (context.encounters) {
    floor.recordEncounters(
      recordMeetings({ ...context.encounters, venue, who: (s) => door.who(s), speaking: floor.media.voiceActivity, warn: (err) => hooks.log.warn({ err }, "could not record an encounter") }),
    );
  }
  return { floor, door };
}
