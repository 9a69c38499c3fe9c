/**
 * Debug preview of a map: composites every tile layer and outlines the zones.
 * Used by `npm run assets -- --preview out.png`; not part of the shipped assets.
 */
import { UNKNOWN_ZONE_COLOUR, zoneKind } from "../../shared/map/zoneKinds.ts";
import { Canvas, hex, withAlpha } from "./draw.ts";
import { type Tmj, type TmjTileLayer, zonesOf } from "./mapcheck.ts";

export function renderPreview(map: Tmj, tileset: Canvas, withZones = true): Canvas {
  const tw = map.tilewidth;
  const th = map.tileheight;
  const out = new Canvas(map.width * tw, map.height * th);
  out.rect(0, 0, out.width, out.height, hex("#15131c"));
  const ts = map.tilesets[0];
  if (!ts) throw new Error("map has no tileset");
  for (const layer of map.layers) {
    if (layer.type !== "tilelayer") continue;
    const l: TmjTileLayer = layer;
    l.data.forEach((gid, i) => {
      if (gid === 0) return;
      const id = gid - ts.firstgid;
      const sx = (id % ts.columns) * tw;
      const sy = Math.floor(id / ts.columns) * th;
      out.blit(tileset, (i % map.width) * tw, Math.floor(i / map.width) * th, sx, sy, tw, th);
    });
  }
  if (withZones) {
    for (const z of zonesOf(map)) {
      const c = hex(zoneKind(z.cls)?.colour ?? UNKNOWN_ZONE_COLOUR);
      for (let k = 0; k < 2; k++) out.frame(z.x * tw + k, z.y * th + k, z.w * tw - 2 * k, z.h * th - 2 * k, withAlpha(c, 220));
    }
  }
  return out;
}
