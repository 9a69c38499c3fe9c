/**
 * One person as the floor sees them: where they stand and walk, what they see, which
 * table they sit at. Plain data shared by the floor's modules; nothing here knows about
 * sockets, Colyseus or media.
 */
import { Subscriber } from "../../shared/interest/feed.ts";
import type { LimitedZone } from "../../shared/map/capacity.ts";
import type { Position } from "../../shared/movement/step.ts";
import { newWalker, type Walker } from "../../shared/movement/walker.ts";

export const DEFAULT_VIEWPORT = { width: 30, height: 20 };

export interface FloorPerson {
  readonly id: string;
  readonly walker: Walker;
  /** Visible area in tiles (clamped), from which the interest view is computed. */
  viewport: { width: number; height: number };
  /** Which avatars this person's client sees and has yet to be told about. */
  readonly view: Subscriber;
  /** Last `move` seq applied, sent back in every `pos` message for the owner's prediction. */
  seq: number;
  /** False while away (an accidental disconnect, within the grace period). */
  connected: boolean;
  /** The table or coffee corner with a limit this person stands in (counted by Places). */
  spot: LimitedZone | undefined;
  /** When this person was last told a spot is full (so holding a key does not spam). */
  fullNoticeAt: number;
  /** When this person last had everyone they see sent again (`resync`). */
  resyncAt: number;
}

export function newPerson(id: string, at: Position, viewport = DEFAULT_VIEWPORT): FloorPerson {
  return {
    id,
    walker: newWalker(at.x, at.y),
    viewport,
    view: new Subscriber(),
    seq: 0,
    connected: true,
    spot: undefined,
    fullNoticeAt: -Infinity,
    resyncAt: -Infinity,
  };
}
