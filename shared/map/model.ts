/**
 * The floor model every other part of Foyer reads: size, drawable layers, which tiles
 * block walking, and the zones a host placed. Built from Tiled JSON by parseFloor();
 * plain data only, so it can be sent, cloned and tested without a framework.
 */

import type { ZoneKind } from "./zoneKinds.ts";

export type { ZoneKind };

/** A rectangle in tiles: x/y of the top-left tile, width/height in tiles. */
export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface ZoneBase {
  /** Tiled object id, unique within the floor. */
  id: number;
  /** Host-given name, unique within the floor ("Coffee corner by the window"). */
  name: string;
  /** Area in tiles (Tiled rectangles are snapped outward to whole tiles). */
  rect: TileRect;
}

export interface SpawnZone extends ZoneBase {
  kind: "spawn";
}
export interface CoffeeCornerZone extends ZoneBase {
  kind: "coffee-corner";
  /** Most people allowed inside at once; undefined = no limit. */
  capacity?: number;
  /** Outsiders close by hear a faint version of the conversation. */
  overhear: boolean;
}
export interface TableZone extends ZoneBase {
  kind: "table";
  seats: number;
  topic?: string;
  overhear: boolean;
}
export interface StageZone extends ZoneBase {
  kind: "stage";
  /** Names of the audience zones this stage is heard and seen in. */
  audience: string[];
}
export interface AudienceZone extends ZoneBase {
  kind: "audience";
}
export interface SilentZone extends ZoneBase {
  kind: "silent";
}
/** A signpost: its text is shown to people standing in or next to the zone, or who click it. */
export interface SignZone extends ZoneBase {
  kind: "sign";
  text: string;
}
export interface PortalZone extends ZoneBase {
  kind: "portal";
  /** Slug of the floor this portal leads to. */
  target: string;
  /** Name of the spawn zone on the target floor; undefined = its first spawn. */
  targetSpawn?: string;
}

export type Zone =
  | SpawnZone
  | CoffeeCornerZone
  | TableZone
  | StageZone
  | AudienceZone
  | SilentZone
  | SignZone
  | PortalZone;

export interface FloorTileset {
  firstGid: number;
  name: string;
  /** Image path as written in the map, relative to the map file. */
  image: string;
  imageWidth: number;
  imageHeight: number;
  tileWidth: number;
  tileHeight: number;
  columns: number;
  tileCount: number;
  /** Pixels around the tiles and between them in the image (Tiled's margin and spacing; 0 when absent). */
  margin?: number;
  spacing?: number;
}

/**
 * An image-collection tileset: every tile is its own image, of its own size (chairs,
 * desks, trees). Used by tile objects, rarely by tile layers.
 */
export interface FloorImageCollection {
  firstGid: number;
  name: string;
  tiles: { id: number; image: string; width: number; height: number }[];
}

/**
 * A tile placed as an object (Tiled "insert tile"): drawn at its own size, flipped and
 * rotated as the author placed it, depth-sorted with avatars by its bottom edge unless
 * its layer is above them. x/y is the bottom-left corner in pixels, as Tiled writes it;
 * rotation is in degrees clockwise around that corner.
 */
export interface FloorTileObject {
  id: number;
  /** Path of the object layer ("furniture", "building/chairs"). */
  layer: string;
  /** Global tile id, flip flags removed. */
  gid: number;
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  flipX: boolean;
  flipY: boolean;
  above: boolean;
  visible: boolean;
  opacity: number;
}

export interface FloorTileLayer {
  name: string;
  /** Global tile ids row by row, flip flags removed; 0 = empty. */
  data: number[];
  visible: boolean;
  opacity: number;
  /**
   * Drawn above avatars: Tiled layer property `above: true` (on the layer or a group it is
   * in), a layer named "above"/"decor", or any layer after WorkAdventure's "floorLayer".
   */
  above: boolean;
  /** Its tiles block walking (layer property `collision`/`collides`, own or inherited). */
  collision: boolean;
}

export interface Floor {
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  /** Tilesets cut from one image; their tiles may be larger than the map's. */
  tilesets: FloorTileset[];
  collections: FloorImageCollection[];
  layers: FloorTileLayer[];
  /** Tile objects, in drawing order. */
  objects: FloorTileObject[];
  /** width*height cells, 1 = blocks walking. Row-major: index = y * width + x. */
  blocked: Uint8Array;
  zones: Zone[];
}

export function isBlocked(floor: Pick<Floor, "width" | "height" | "blocked">, tx: number, ty: number): boolean {
  if (tx < 0 || ty < 0 || tx >= floor.width || ty >= floor.height) return true;
  return floor.blocked[ty * floor.width + tx] === 1;
}

export function zonesOfKind<K extends ZoneKind>(floor: Pick<Floor, "zones">, kind: K): Extract<Zone, { kind: K }>[] {
  return floor.zones.filter((z): z is Extract<Zone, { kind: K }> => z.kind === kind);
}

export function rectContainsTile(rect: TileRect, tx: number, ty: number): boolean {
  return tx >= rect.x && ty >= rect.y && tx < rect.x + rect.width && ty < rect.y + rect.height;
}

/** Tiles (8-neighbourhood) from a tile to the nearest tile of a rectangle; 0 inside. */
export function tilesToRect(rect: TileRect, tx: number, ty: number): number {
  const dx = Math.max(rect.x - tx, 0, tx - (rect.x + rect.width - 1));
  const dy = Math.max(rect.y - ty, 0, ty - (rect.y + rect.height - 1));
  return Math.max(dx, dy);
}
