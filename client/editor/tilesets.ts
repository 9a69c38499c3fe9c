/**
 * The tileset images of the floor being edited and which square of which image draws a
 * tile id. Loaded when a floor is opened or imported; read by the map canvas and the
 * palette.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { tilesetImagePath } from "../../shared/map/images.ts";
import type { TiledMap } from "../../shared/map/tiled.ts";

export interface TilesetRef {
  firstGid: number;
  columns: number;
  tileCount: number;
  image: HTMLImageElement;
}

export async function loadTilesets(m: TiledMap): Promise<TilesetRef[]> {
  return Promise.all(
    // Image collections (one image per tile, used by tile objects) have no sheet to paint from.
    m.tilesets.filter((ts) => ts.image !== undefined).map(
      (ts) =>
        new Promise<TilesetRef>((resolve, reject) => {
          const image = new Image();
          image.onload = () =>
            resolve({
              firstGid: ts.firstgid,
              columns: ts.columns ?? Math.floor(image.width / TILE_SIZE),
              tileCount: ts.tilecount ?? Math.floor(image.width / TILE_SIZE) * Math.floor(image.height / TILE_SIZE),
              image,
            });
          image.onerror = () => reject(new Error(`tileset image ${ts.image} could not be loaded`));
          image.src = tilesetImagePath(ts.image ?? "");
        }),
    ),
  );
}

/** The image and source corner that draw `gid` (flip flags ignored), or null if no tileset has it. */
export function tileImage(tilesets: readonly TilesetRef[], gid: number): { image: HTMLImageElement; sx: number; sy: number } | null {
  const g = gid & 0x0fffffff;
  for (let i = tilesets.length - 1; i >= 0; i--) {
    const ts = tilesets[i]!;
    if (g >= ts.firstGid && g < ts.firstGid + ts.tileCount) {
      const idx = g - ts.firstGid;
      return { image: ts.image, sx: (idx % ts.columns) * TILE_SIZE, sy: Math.floor(idx / ts.columns) * TILE_SIZE };
    }
  }
  return null;
}
