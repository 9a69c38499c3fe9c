/**
 * Where one tile of a tileset image is, in the image's pixels: Tiled's layout of `columns`
 * tiles a row, after `margin` pixels of border and with `spacing` pixels between tiles.
 * The tile layers get this from Phaser's own Tiled reader; tile objects (furniture drawn as
 * objects) cut their frame with this.
 */
import type { FloorTileset } from "./model.ts";

export function tileFrame(ts: FloorTileset, gid: number): { x: number; y: number; w: number; h: number } | null {
  const index = gid - ts.firstGid;
  if (index < 0 || index >= ts.tileCount) return null;
  const margin = ts.margin ?? 0;
  const spacing = ts.spacing ?? 0;
  return {
    x: margin + (index % ts.columns) * (ts.tileWidth + spacing),
    y: margin + Math.floor(index / ts.columns) * (ts.tileHeight + spacing),
    w: ts.tileWidth,
    h: ts.tileHeight,
  };
}
