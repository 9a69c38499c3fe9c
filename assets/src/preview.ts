/**
 * Debug preview of a map: composites every tile layer and outlines the zones.
 * Used by `npm run assets -- --preview out.png`; not part of the shipped assets.
 */
import { Canvas, type RGBA, hex, withAlpha } from "./draw.ts";
import { type Tmj, type TmjTileLayer, zonesOf } from "./mapcheck.ts";

const ZONE_COLOURS: Record<string, RGBA> = {
  spawn: hex("#ffffff"),
  "coffee-corner": hex("#ffb000"),
  table: hex("#00e0ff"),
  stage: hex("#ff3df2"),
  audience: hex("#b06bff"),
  silent: hex("#7dff7a"),
  portal: hex("#ff5a36"),
};

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
      const c = ZONE_COLOURS[z.cls] ?? hex("#ff0000");
      for (let k = 0; k < 2; k++) out.frame(z.x * tw + k, z.y * th + k, z.w * tw - 2 * k, z.h * th - 2 * k, withAlpha(c, 220));
    }
  }
  return out;
}
