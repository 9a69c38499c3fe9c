/**
 * Walkability checks on a Tiled JSON map as written by the generator: which tiles block,
 * flood fill from the spawn zone, and whether every zone can be reached on foot.
 * Pure functions on the parsed JSON so tests can run them on the committed map file.
 */

export interface TmjProperty {
  name: string;
  type: string;
  value: string | number | boolean;
}

export interface TmjObject {
  id: number;
  name: string;
  class?: string;
  type?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties?: TmjProperty[];
}

export interface TmjTileLayer {
  type: "tilelayer";
  name: string;
  width: number;
  height: number;
  data: number[];
}

export interface TmjObjectLayer {
  type: "objectgroup";
  name: string;
  objects: TmjObject[];
}

export interface TmjTileset {
  firstgid: number;
  name: string;
  image: string;
  imagewidth: number;
  imageheight: number;
  tilewidth: number;
  tileheight: number;
  columns: number;
  tilecount: number;
  tiles?: Array<{ id: number; properties?: TmjProperty[] }>;
}

export interface Tmj {
  width: number;
  height: number;
  tilewidth: number;
  tileheight: number;
  layers: Array<TmjTileLayer | TmjObjectLayer>;
  tilesets: TmjTileset[];
}

export interface ZoneRect {
  id: number;
  name: string;
  cls: string;
  /** tile coordinates */
  x: number;
  y: number;
  w: number;
  h: number;
  props: Record<string, string | number | boolean>;
}

export function zonesOf(map: Tmj): ZoneRect[] {
  const layer = map.layers.find((l): l is TmjObjectLayer => l.type === "objectgroup" && l.name === "zones");
  if (!layer) return [];
  return layer.objects.map((o) => ({
    id: o.id,
    name: o.name,
    cls: o.class ?? o.type ?? "",
    x: o.x / map.tilewidth,
    y: o.y / map.tileheight,
    w: o.width / map.tilewidth,
    h: o.height / map.tileheight,
    props: Object.fromEntries((o.properties ?? []).map((p) => [p.name, p.value])),
  }));
}

/** Set of gids whose tile has `collides: true`. */
export function collidingGids(map: Tmj): Set<number> {
  const out = new Set<number>();
  for (const ts of map.tilesets) {
    for (const t of ts.tiles ?? []) {
      if (t.properties?.some((p) => p.name === "collides" && p.value === true)) out.add(ts.firstgid + t.id);
    }
  }
  return out;
}

/** Walkable = has a floor tile and no colliding tile on any layer. Row-major booleans. */
export function walkableGrid(map: Tmj): boolean[] {
  const blocks = collidingGids(map);
  const layers = map.layers.filter((l): l is TmjTileLayer => l.type === "tilelayer");
  const floor = layers.find((l) => l.name === "floor");
  if (!floor) throw new Error("map has no floor layer");
  const n = map.width * map.height;
  const out: boolean[] = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if ((floor.data[i] ?? 0) === 0) continue;
    out[i] = !layers.some((l) => blocks.has(l.data[i] ?? 0));
  }
  return out;
}

/** 4-connected flood fill over walkable tiles from the given start tiles. */
export function floodFill(width: number, height: number, walkable: boolean[], starts: Array<[number, number]>): boolean[] {
  const seen: boolean[] = new Array<boolean>(width * height).fill(false);
  const stack: number[] = [];
  for (const [x, y] of starts) {
    const i = y * width + x;
    if (walkable[i] && !seen[i]) {
      seen[i] = true;
      stack.push(i);
    }
  }
  while (stack.length > 0) {
    const i = stack.pop() as number;
    const x = i % width;
    const y = (i - x) / width;
    const next: Array<[number, number]> = [
      [x + 1, y],
      [x - 1, y],
      [x, y + 1],
      [x, y - 1],
    ];
    for (const [nx, ny] of next) {
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const j = ny * width + nx;
      if (walkable[j] && !seen[j]) {
        seen[j] = true;
        stack.push(j);
      }
    }
  }
  return seen;
}

export function zoneTiles(z: ZoneRect): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let y = z.y; y < z.y + z.h; y++) for (let x = z.x; x < z.x + z.w; x++) out.push([x, y]);
  return out;
}

/** Largest-free-block test: is there a walkable w×h block fully inside the zone? */
export function hasFreeBlock(map: Tmj, walkable: boolean[], z: ZoneRect, w: number, h: number): boolean {
  for (let y = z.y; y + h <= z.y + z.h; y++) {
    for (let x = z.x; x + w <= z.x + z.w; x++) {
      let ok = true;
      for (let yy = y; yy < y + h && ok; yy++)
        for (let xx = x; xx < x + w && ok; xx++) ok = walkable[yy * map.width + xx] === true;
      if (ok) return true;
    }
  }
  return false;
}

export interface ReachReport {
  walkable: boolean[];
  reached: boolean[];
  /** zones with no reachable walkable tile */
  unreachableZones: string[];
  /** walkable tiles that the spawn cannot reach (isolated pockets) */
  pockets: Array<[number, number]>;
}

/**
 * Flood fill from every walkable spawn tile (or only from the spawn named `from`) and
 * report what cannot be reached.
 */
export function checkReachability(map: Tmj, from?: string): ReachReport {
  const zones = zonesOf(map);
  const spawns = zones.filter((z) => z.cls === "spawn" && (from === undefined || z.name === from));
  if (spawns.length === 0) throw new Error(from === undefined ? "map has no spawn zone" : `map has no spawn zone "${from}"`);
  const walkable = walkableGrid(map);
  const starts = spawns.flatMap(zoneTiles);
  const reached = floodFill(map.width, map.height, walkable, starts);
  const unreachableZones = zones
    .filter((z) => !zoneTiles(z).some(([x, y]) => reached[y * map.width + x] === true))
    .map((z) => `${z.cls} "${z.name}"`);
  const pockets: Array<[number, number]> = [];
  for (let i = 0; i < walkable.length; i++) {
    if (walkable[i] && !reached[i]) pockets.push([i % map.width, Math.floor(i / map.width)]);
  }
  return { walkable, reached, unreachableZones, pockets };
}
