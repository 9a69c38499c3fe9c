/**
 * The tileset images of the floor being edited and which part of which image draws a
 * tile id: a square of a tileset sheet (tiles may be larger than the map's), or an
 * image-collection tile's own image. Loaded when a floor is opened or imported; read by
 * the map canvas and the palette.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { tilesetImagePath } from "../../shared/map/images.ts";
import type { TiledMap } from "../../shared/map/tiled.ts";

export interface TilesetRef {
  firstGid: number;
  name: string;
  columns: number;
  tileCount: number;
  tileWidth: number;
  tileHeight: number;
  /** The sheet every tile is cut from; null for an image collection. */
  image: HTMLImageElement | null;
  /** Image collections: each tile's own image, by tile id within the tileset. */
  tiles: Map<number, HTMLImageElement>;
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`tileset image ${src} could not be loaded`));
    image.src = tilesetImagePath(src);
  });
}

export async function loadTilesets(m: TiledMap): Promise<TilesetRef[]> {
  return Promise.all(
    m.tilesets.map(async (ts): Promise<TilesetRef> => {
      const tileWidth = ts.tilewidth || TILE_SIZE;
      const tileHeight = ts.tileheight || TILE_SIZE;
      const base = { firstGid: ts.firstgid, name: ts.name, tileWidth, tileHeight };
      if (ts.image !== undefined) {
        const image = await loadImage(ts.image);
        const columns = ts.columns || Math.floor(image.width / tileWidth);
        return { ...base, columns, tileCount: ts.tilecount || columns * Math.floor(image.height / tileHeight), image, tiles: new Map() };
      }
      const tiles = new Map<number, HTMLImageElement>();
      await Promise.all((ts.tiles ?? []).map(async (t) => t.image !== undefined && tiles.set(t.id, await loadImage(t.image))));
      return { ...base, columns: 0, tileCount: Math.max(ts.tilecount, ...[...tiles.keys()].map((id) => id + 1)), image: null, tiles };
    }),
  );
}

/** What draws one tile: an image and the rectangle of it (flip flags ignored). */
export interface TileSource {
  image: HTMLImageElement;
  sx: number;
  sy: number;
  w: number;
  h: number;
}

/** The image and source rectangle that draw `gid`, or null if no tileset has it. */
export function tileImage(tilesets: readonly TilesetRef[], gid: number): TileSource | null {
  const g = gid & 0x0fffffff;
  for (let i = tilesets.length - 1; i >= 0; i--) {
    const ts = tilesets[i]!;
    if (g < ts.firstGid || g >= ts.firstGid + ts.tileCount) continue;
    const idx = g - ts.firstGid;
    if (!ts.image) {
      const image = ts.tiles.get(idx);
      return image ? { image, sx: 0, sy: 0, w: image.width, h: image.height } : null;
    }
    return { image: ts.image, sx: (idx % ts.columns) * ts.tileWidth, sy: Math.floor(idx / ts.columns) * ts.tileHeight, w: ts.tileWidth, h: ts.tileHeight };
  }
  return null;
}
