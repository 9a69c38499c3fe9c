/**
 * What a VenueRoom needs from the rest of the server, handed in once at start-up by
 * server/main.ts. Passing it through Colyseus room options would let a client's join
 * options override it, so it lives here instead.
 */
import type { Floor } from "../../shared/map/model.ts";
import type { Logger } from "../log.ts";
import type { MediaService } from "../media/MediaService.ts";
import type { AdmissionDeps } from "../floor/admission.ts";
import type { AttendanceLog } from "../floor/door.ts";
import type { EncounterStore } from "../floor/encounters.ts";
import type { ChatStore } from "../floor/chat.ts";
import type { VenueConnector } from "../floor/venue.ts";
import type { ModerationStore } from "../floor/moderation.ts";
import type { BlockStore } from "../floor/blocks.ts";

export interface LoadedFloor {
  venue: string;
  slug: string;
  name: string;
  version: number;
  floor: Floor;
}

export interface RoomContext {
  loadFloor(venue: string, floor: string): Promise<LoadedFloor | null>;
  /** The media server; every floor gets a router on it. */
  media?: MediaService;
  /** Tick timing sink for /api/stats and the sync benchmark, per venue and floor. */
  onTick?(venue: string, floor: string, ms: number): void;
  /** After each tick's `pos` messages: the most ticks anyone was shown an avatar out of date (level of detail). */
  onPositions?(venue: string, floor: string, worstStaleTicks: number): void;
  /** Who may come in (identities, the venue's events); without it everyone is a new guest. */
  admission?: AdmissionDeps;
  /** Where attendance at events is recorded. */
  attendance?: AttendanceLog;
  /** Where chat is kept (server/db/chat.ts); without it, in memory per floor. */
  chat?: ChatStore;
  /** The line to the venue's other floors, in every process (server/venueHub.ts): who is where, event channel, direct and group messages. */
  venue?: VenueConnector;
  /** Where "who I met" is recorded, and how long people must talk to count (none: not recorded). */
  encounters?: { store: EncounterStore; thresholdMs: number };
  /** Where moderation is audited and bans kept (server/db/moderation.ts); without it, in memory per floor. */
  moderation?: ModerationStore;
  /** A host in the room ends the venue's event now (the events store, then every live floor re-reads its events); without it, refused. */
  endEvent?(venue: string, eventId: string): Promise<void>;
  /** Where blocks are kept, by identity (server/db/blocks.ts); without it, in memory per floor. */
  blocks?: BlockStore;
  /** A seat reserved by matchmaking was taken (its socket arrived), for the per-client cap. */
  onSeatTaken?(sessionId: string): void;
  /** The logger each room makes its child from (default: server/log.ts's root logger). */
  log?: Logger;
  /** Test-only hooks in rooms (FOYER_TEST_HOOKS=1), e.g. a message whose handler throws. Never in production. */
  testHooks?: boolean;
}

let current: RoomContext | null = null;

export function setRoomContext(ctx: RoomContext): void {
  current = ctx;
}

export function roomContext(): RoomContext {
  if (!current) throw new Error("room context not set: call setRoomContext() before defining rooms");
  return current;
}
