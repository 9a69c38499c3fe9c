/**
 * Numbers both sides must agree on. Changing one changes the wire behaviour or the
 * feel of walking, so each says what it is for. No I/O, no framework imports.
 */

/** Pixel size of one map tile; the default venue and every imported floor use it. */
export const TILE_SIZE = 32;

/** Server simulation rate. Movement is integrated on this fixed tick. */
export const TICK_HZ = 20;
export const TICK_MS = 1000 / TICK_HZ;

/** Walking speed in tiles per second (a brisk stroll in a crowded hall). */
export const WALK_SPEED_TILES = 4;
/** Same speed in pixels per tick, what the step rule uses. */
export const WALK_SPEED_PX_PER_TICK = (WALK_SPEED_TILES * TILE_SIZE) / TICK_HZ;

/**
 * Avatars collide as a small box around their feet, so they can pass through a
 * one-tile gap but never overlap a wall tile.
 */
export const AVATAR_HALF_WIDTH = 10;
export const AVATAR_HALF_HEIGHT = 8;

/** Display names: what a person can type and see. */
export const NAME_MIN_LENGTH = 1;
export const NAME_MAX_LENGTH = 32;

/** Avatar looks drawn by assets/src/generate.ts; the id is the spritesheet's file name. */
export const AVATARS = [
  "amber",
  "teal",
  "violet",
  "coral",
  "forest",
  "navy",
  "rose",
  "slate",
] as const;
export type AvatarId = (typeof AVATARS)[number];

export const DIRECTIONS = ["down", "left", "right", "up"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Interest management: the server sends a client only the avatars inside its viewport
 * plus this margin (tiles), so people appear before they walk on screen.
 */
export const INTEREST_MARGIN_TILES = 6;
/** Largest viewport a client may claim, in tiles; a bigger claim is clamped. */
export const MAX_VIEWPORT_TILES = { width: 64, height: 40 } as const;
/** Spatial grid cell used to find nearby avatars, in tiles. */
export const INTEREST_CELL_TILES = 8;

/** How long a dropped connection keeps its avatar on the floor. */
export const RECONNECT_GRACE_SECONDS = 20;

/** Floors larger than this are refused (tiles per side, and total tiles). */
export const MAX_MAP_SIDE = 512;
/** Cells × tile layers: a 200×200 map with 40 layers, a 100×88 conference map with 180. */
export const MAX_MAP_TILES = 200 * 200 * 40;

/** Message abuse limits per client. */
export const MAX_MESSAGE_BYTES = 2048;
/** Media signalling carries RTP capabilities and parameters, which are larger. */
export const MAX_MEDIA_MESSAGE_BYTES = 16 * 1024;
export const MAX_MESSAGES_PER_SECOND = 60;
/** After this many rejected messages within a minute the client is disconnected. */
export const MAX_REJECTS_PER_MINUTE = 30;
