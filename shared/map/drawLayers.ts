/**
 * Fewer layers to draw, the same picture (issue #9: a conference map with 88 tile layers).
 *
 * Phaser keeps a Tile object for every cell of every tile layer, empty or not: 100×88 tiles
 * × 88 layers is 774 000 objects to build before the floor shows, and 88 layers to cull each
 * frame. Real maps' layers are sparse (a layer of plants, one of chairs, one of wall tops),
 * so consecutive layers drawn alike (same side of the avatars, same opacity) are restacked:
 * the n-th tile from the bottom of each cell goes into the n-th drawn layer. A run of 60
 * layers where no cell holds more than 8 tiles becomes 8 layers. Within a cell the order is
 * kept; across cells it does not matter while every tile is one grid cell big, which is the
 * only case restacked (a tile that overhangs its cell keeps the map as authored).
 * Hidden layers are not drawn at all. Walking and collision use the Floor, not this.
 */
import { TILE_SIZE } from "../constants.ts";
import type { Floor } from "./model.ts";

/** A tile layer as the venue draws it. */
export interface DrawnLayer {
  name: string;
  above: boolean;
  opacity: number;
}

const GID_FLAGS = 0xf0000000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every tile layer's raw data (flip flags kept) by the name the Floor gives it ("group/layer"). */
function rawLayers(list: unknown, prefix: string, out: Map<string, unknown>): void {
  if (!Array.isArray(list)) return;
  for (const layer of list) {
    if (!isRecord(layer)) continue;
    const name = prefix + (typeof layer.name === "string" ? layer.name : "(unnamed)");
    if (layer.type === "group") rawLayers(layer.layers, `${name}/`, out);
    else if (layer.type === "tilelayer") out.set(name, layer.data);
  }
}

/**
 * The map to hand Phaser and the layers to create from it, restacked; null when restacking
 * would not help or cannot be done safely (encoded layer data, oversized tiles): then draw
 * the map as it is.
 */
export function restackLayers(mapJson: unknown, floor: Floor): { map: Record<string, unknown>; layers: DrawnLayer[] } | null {
  if (!isRecord(mapJson)) return null;
  const cells = floor.width * floor.height;
  const raw = new Map<string, unknown>();
  rawLayers(mapJson.layers, "", raw);
  const oversized = (gid: number): boolean => {
    const ts = floor.tilesets.find((t) => gid >= t.firstGid && gid < t.firstGid + t.tileCount);
    if (ts) return ts.tileWidth !== TILE_SIZE || ts.tileHeight !== TILE_SIZE;
    return true; // an image-collection tile: its own size
  };

  // Runs of consecutive visible layers drawn alike.
  const runs: { above: boolean; opacity: number; data: number[][] }[] = [];
  let drawnBefore = 0;
  for (const layer of floor.layers) {
    if (!layer.visible) continue;
    drawnBefore++;
    const data = raw.get(layer.name);
    if (!Array.isArray(data) || data.length !== cells) return null;
    const numbers: number[] = [];
    for (const g of data) {
      if (typeof g !== "number") return null;
      numbers.push(g);
    }
    const last = runs.at(-1);
    if (last && last.above === layer.above && last.opacity === layer.opacity) last.data.push(numbers);
    else runs.push({ above: layer.above, opacity: layer.opacity, data: [numbers] });
  }

  const knownSize = new Map<number, boolean>();
  const layers: DrawnLayer[] = [];
  const json: Record<string, unknown>[] = [];
  for (const run of runs) {
    const stacked: number[][] = [];
    const depth = new Uint16Array(cells);
    for (const data of run.data) {
      for (let i = 0; i < cells; i++) {
        const g = data[i]!;
        if (g === 0) continue;
        const clean = (g & ~GID_FLAGS) >>> 0;
        let big = knownSize.get(clean);
        if (big === undefined) knownSize.set(clean, (big = oversized(clean)));
        if (big) return null;
        const n = depth[i]!;
        depth[i] = n + 1;
        (stacked[n] ??= new Array<number>(cells).fill(0))[i] = g;
      }
    }
    for (const data of stacked) {
      const name = `drawn ${layers.length + 1}`;
      layers.push({ name, above: run.above, opacity: run.opacity });
      json.push({ id: layers.length, type: "tilelayer", name, width: floor.width, height: floor.height, x: 0, y: 0, visible: true, opacity: run.opacity, data });
    }
  }
  if (layers.length >= drawnBefore) return null;
  return { map: { ...mapJson, layers: json, nextlayerid: layers.length + 1 }, layers };
}
