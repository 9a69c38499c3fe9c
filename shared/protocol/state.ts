/**
 * The shape of the replicated room state as the client reads it. The server declares
 * the same fields as @colyseus/schema classes (server/rooms/state.ts); this file keeps
 * the client free of server code and the two in step (a test checks they match).
 */

/** Everyone on the floor, for the "who's here" list. Shared with every client. */
export interface PersonView {
  id: string;
  name: string;
  avatar: string;
  /** False while the person's connection dropped and they may still come back. */
  connected: boolean;
  /** At the venue's event: host, moderator, speaker or attendee (shown in who's-here). */
  role: string;
  /** Their identity (Person id), what direct messages are addressed to. */
  personId: string;
  /** available, busy (do not disturb) or away. */
  status: string;
  /** Interest tags from their profile (an ArraySchema on the wire: iterate it). */
  interests: Iterable<string>;
}

/**
 * A walking avatar as the client mirrors it from `pos` messages
 * (shared/protocol/positions.ts); a client receives only those near its viewport.
 */
export interface AvatarView {
  id: string;
  /** Feet position in pixels. */
  x: number;
  y: number;
  /** Index into DIRECTIONS. */
  dir: number;
  moving: boolean;
  /** Your own avatar: the last `move` seq the server applied (for prediction). Others: 0. */
  seq: number;
}

export interface FloorStateView {
  floor: string;
  mapVersion: number;
  people: Map<string, PersonView>;
  /** People in each limited zone (table seats, coffee-corner capacity), by zone name. */
  occupancy: Map<string, number>;
  /** Closed tables and coffee corners, by zone name: "host" (only a host opens it) or "inside" (knock to come in). */
  closed: Map<string, string>;
}
