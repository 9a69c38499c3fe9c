/**
 * Editing operations on a Tiled JSON floor, as the in-browser editor performs them:
 * paint or erase a tile, add / change / remove a zone. Each returns a new map object
 * (the old one is untouched), which makes undo and redo a list of snapshots. Pure.
 */
import { TILE_SIZE } from "../constants.ts";
import type { TiledLayer, TiledMap, TiledObject, TiledObjectLayer, TiledTileLayer } from "./tiled.ts";

export interface ZoneDraft {
  name: string;
  kind: string;
  /** Tile rectangle. */
  x: number;
  y: number;
  w: number;
  h: number;
  props: Record<string, string | number | boolean>;
}

const clone = <T>(v: T): T => structuredClone(v);

/** Tile layers in drawing order (groups flattened), with their path names. */
export function tileLayers(map: TiledMap): { path: string; layer: TiledTileLayer }[] {
  const out: { path: string; layer: TiledTileLayer }[] = [];
  const walk = (list: TiledLayer[], prefix: string) => {
    for (const l of list) {
      if (l.type === "group") walk(l.layers ?? [], `${prefix}${l.name}/`);
      else if (l.type === "tilelayer" && Array.isArray(l.data)) out.push({ path: prefix + l.name, layer: l });
    }
  };
  walk(map.layers, "");
  return out;
}

function findTileLayer(map: TiledMap, path: string): TiledTileLayer {
  const found = tileLayers(map).find((l) => l.path === path);
  if (!found) throw new Error(`no tile layer "${path}"`);
  return found.layer;
}

/** The object layer holding zones, created if missing. */
function findZoneLayer(map: TiledMap): TiledObjectLayer | undefined {
  const groups = map.layers.filter((l): l is TiledObjectLayer => l.type === "objectgroup");
  return groups.find((l) => l.name === "zones") ?? groups[0];
}

function zoneLayer(map: TiledMap): TiledObjectLayer {
  let layer = findZoneLayer(map);
  if (!layer) {
    const id = map.nextlayerid ?? map.layers.length + 1;
    layer = { id, name: "zones", type: "objectgroup", draworder: "topdown", objects: [], visible: true, opacity: 1, x: 0, y: 0 };
    map.nextlayerid = id + 1;
    map.layers.push(layer);
  }
  layer.objects ??= [];
  return layer;
}

/** Paint `gid` (0 = erase) on the given tiles of one layer. */
export function paintTiles(map: TiledMap, layerPath: string, tiles: { tx: number; ty: number }[], gid: number): TiledMap {
  const next = clone(map);
  const layer = findTileLayer(next, layerPath);
  for (const { tx, ty } of tiles) {
    if (tx < 0 || ty < 0 || tx >= next.width || ty >= next.height) continue;
    layer.data[ty * next.width + tx] = gid;
  }
  return next;
}

export function zonesOf(map: TiledMap): TiledObject[] {
  return (findZoneLayer(map)?.objects ?? []).filter((o) => (o.class ?? o.type ?? "") !== "");
}

export function draftOf(o: TiledObject): ZoneDraft {
  const props: Record<string, string | number | boolean> = {};
  for (const p of o.properties ?? [])
    if (typeof p.value === "string" || typeof p.value === "number" || typeof p.value === "boolean") props[p.name] = p.value;
  return {
    name: o.name,
    kind: o.class ?? o.type ?? "",
    x: Math.floor(o.x / TILE_SIZE),
    y: Math.floor(o.y / TILE_SIZE),
    w: Math.max(1, Math.round(o.width / TILE_SIZE)),
    h: Math.max(1, Math.round(o.height / TILE_SIZE)),
    props,
  };
}

function toObject(id: number, d: ZoneDraft): TiledObject {
  return {
    id,
    name: d.name,
    class: d.kind,
    type: d.kind,
    x: d.x * TILE_SIZE,
    y: d.y * TILE_SIZE,
    width: d.w * TILE_SIZE,
    height: d.h * TILE_SIZE,
    rotation: 0,
    visible: true,
    properties: Object.entries(d.props)
      .filter(([, v]) => v !== "" && v !== undefined)
      .map(([name, value]) => ({
        name,
        type: typeof value === "number" ? ("int" as const) : typeof value === "boolean" ? ("bool" as const) : ("string" as const),
        value,
      })),
  };
}

/** Add a zone; returns the new map and the zone's object id. */
export function addZone(map: TiledMap, d: ZoneDraft): { map: TiledMap; id: number } {
  const next = clone(map);
  const layer = zoneLayer(next);
  const used = Math.max(0, ...next.layers.flatMap((l) => (l.type === "objectgroup" ? l.objects.map((o) => o.id) : [])));
  const id = Math.max(next.nextobjectid ?? 1, used + 1);
  layer.objects!.push(toObject(id, d));
  next.nextobjectid = id + 1;
  return { map: next, id };
}

export function updateZone(map: TiledMap, id: number, d: ZoneDraft): TiledMap {
  const next = clone(map);
  const layer = zoneLayer(next);
  const i = layer.objects!.findIndex((o) => o.id === id);
  if (i < 0) throw new Error(`no zone ${id}`);
  layer.objects![i] = toObject(id, d);
  return next;
}

export function removeZone(map: TiledMap, id: number): TiledMap {
  const next = clone(map);
  const layer = zoneLayer(next);
  layer.objects = layer.objects!.filter((o) => o.id !== id);
  return next;
}

/**
 * An empty floor drawn with `like`'s tilesets: the same size, one floor layer filled with
 * the tile `like`'s first layer uses most, an empty "walls" layer to paint on, and a spawn
 * zone in the middle — a floor the validator accepts, with no portal leading anywhere.
 */
export function blankFloorLike(like: TiledMap): TiledMap {
  const first = tileLayers(like)[0]?.layer.data ?? [];
  const counts = new Map<number, number>();
  for (const g of first) if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
  const fill = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? like.tilesets[0]?.firstgid ?? 1;
  const { width, height } = like;
  const base = { visible: true, opacity: 1, x: 0 as const, y: 0 as const };
  const w = Math.min(4, width);
  const h = Math.min(3, height);
  return {
    ...clone(like),
    nextlayerid: 4,
    nextobjectid: 2,
    layers: [
      { ...base, id: 1, name: "floor", type: "tilelayer", width, height, data: new Array<number>(width * height).fill(fill) },
      { ...base, id: 2, name: "walls", type: "tilelayer", width, height, data: new Array<number>(width * height).fill(0) },
      { ...base, id: 3, name: "zones", type: "objectgroup", draworder: "topdown", objects: [toObject(1, { name: "Entrance", kind: "spawn", x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), w, h, props: {} })] },
    ],
  };
}

/** Snapshot history for undo / redo. */
export class History<T> {
  #past: T[] = [];
  #future: T[] = [];
  #present: T;
  constructor(initial: T, readonly limit = 200) {
    this.#present = initial;
  }
  get present(): T {
    return this.#present;
  }
  get canUndo(): boolean {
    return this.#past.length > 0;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }
  push(next: T): void {
    this.#past.push(this.#present);
    if (this.#past.length > this.limit) this.#past.shift();
    this.#present = next;
    this.#future = [];
  }
  undo(): T {
    const prev = this.#past.pop();
    if (prev !== undefined) {
      this.#future.push(this.#present);
      this.#present = prev;
    }
    return this.#present;
  }
  redo(): T {
    const next = this.#future.pop();
    if (next !== undefined) {
      this.#past.push(this.#present);
      this.#present = next;
    }
    return this.#present;
  }
  reset(value: T): void {
    this.#past = [];
    this.#future = [];
    this.#present = value;
  }
}
