/**
 * The floor's art on the editor canvas, in Tiled's drawing order: tile layers (tiles
 * larger than the map's stand on their cell's bottom edge, as Tiled draws them) and tile
 * objects (their own size, from their bottom-left corner, rotated and flipped as placed).
 * Group visibility and opacity apply to what is in the group. Drawing only; no state.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import type { TiledLayer, TiledMap, TiledObject } from "../../shared/map/tiled.ts";
import { tileImage, type TilesetRef } from "./tilesets.ts";

const FLIP_X = 0x80000000;
const FLIP_Y = 0x40000000;

function drawTileObject(ctx: CanvasRenderingContext2D, tilesets: readonly TilesetRef[], o: TiledObject): void {
  if (o.gid === undefined || o.visible === false) return;
  const t = tileImage(tilesets, o.gid);
  if (!t) return;
  const w = o.width || t.w;
  const h = o.height || t.h;
  ctx.save();
  ctx.translate(o.x, o.y);
  ctx.rotate(((o.rotation ?? 0) * Math.PI) / 180);
  // From the bottom-left corner; a flip mirrors within the object's own box.
  ctx.translate(o.gid & FLIP_X ? w : 0, o.gid & FLIP_Y ? 0 : -h);
  ctx.scale(o.gid & FLIP_X ? -1 : 1, o.gid & FLIP_Y ? -1 : 1);
  ctx.drawImage(t.image, t.sx, t.sy, t.w, t.h, 0, 0, w, h);
  ctx.restore();
}

/** Draw every visible tile layer and tile object of `m`, bottom to top. */
export function drawArt(ctx: CanvasRenderingContext2D, m: TiledMap, tilesets: readonly TilesetRef[]): void {
  const walk = (list: TiledLayer[], opacity: number) => {
    for (const layer of list) {
      if (layer.visible === false) continue;
      const alpha = opacity * (layer.opacity ?? 1);
      if (layer.type === "group") walk(layer.layers ?? [], alpha);
      else if (layer.type === "tilelayer" && Array.isArray(layer.data)) {
        // A dedicated collision layer is never drawn for attendees (shared/map/parse.ts).
        if (/^collisions?$/i.test(layer.name)) continue;
        ctx.globalAlpha = alpha;
        const data = layer.data;
        for (let i = 0; i < data.length; i++) {
          const gid = data[i]!;
          if (!gid) continue;
          const t = tileImage(tilesets, gid);
          if (t) ctx.drawImage(t.image, t.sx, t.sy, t.w, t.h, (i % m.width) * TILE_SIZE, (Math.floor(i / m.width) + 1) * TILE_SIZE - t.h, t.w, t.h);
        }
      } else if (layer.type === "objectgroup") {
        ctx.globalAlpha = alpha;
        for (const o of layer.objects ?? []) drawTileObject(ctx, tilesets, o);
      }
    }
  };
  walk(m.layers, 1);
  ctx.globalAlpha = 1;
}
