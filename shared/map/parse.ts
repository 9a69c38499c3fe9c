/**
 * Turns a Tiled JSON map (.tmj) into a Floor, or rejects it with every problem found,
 * each naming the layer, tileset or object and what is wrong. Nothing a host uploads
 * reaches the database or a running room without passing through here.
 * Pure: no I/O; external tilesets must be resolved by the caller beforehand.
 */
import { z } from "zod";
import { MAX_MAP_SIDE, MAX_MAP_TILES, TILE_SIZE } from "../constants.ts";
import { asBool, base64ToBytes } from "./values.ts";
import type { Floor, FloorImageCollection, FloorTileLayer, FloorTileObject, FloorTileset, TileRect, Zone } from "./model.ts";
import { blockShape, type Shape } from "./shapes.ts";
import { ZONE_KINDS, zoneKind, type ZoneKind, type ZoneKindSpec } from "./zoneKinds.ts";

export interface FloorProblem {
  /** Where: `map`, `layer "walls"`, `tileset "venue"`, `object 12 "Coffee corner"`. */
  where: string;
  problem: string;
}

/**
 * Something in an imported map that Foyer accepted but could not use as authored (a
 * WorkAdventure website, a sound): saved anyway, and shown to the host.
 */
export interface FloorWarning {
  where: string;
  warning: string;
}

export class FloorError extends Error {
  readonly problems: FloorProblem[];
  constructor(problems: FloorProblem[]) {
    super(
      problems.length === 1
        ? `Invalid floor map: ${problems[0]!.where}: ${problems[0]!.problem}`
        : `Invalid floor map (${problems.length} problems): ` +
            problems.map((p) => `${p.where}: ${p.problem}`).join("; "),
    );
    this.name = "FloorError";
    this.problems = problems;
  }
}

/** Tiled stores flip/rotation flags in the top bits of a gid. */
const GID_FLAGS = 0xf0000000;

const propertySchema = z.object({
  name: z.string(),
  type: z.string().optional(),
  value: z.unknown(),
});

const tilesetSchema = z.object({
  firstgid: z.number().int().min(1),
  name: z.string().optional(),
  source: z.string().optional(),
  image: z.string().optional(),
  imagewidth: z.number().int().optional(),
  imageheight: z.number().int().optional(),
  tilewidth: z.number().int().optional(),
  tileheight: z.number().int().optional(),
  columns: z.number().int().optional(),
  tilecount: z.number().int().optional(),
  margin: z.number().int().optional(),
  spacing: z.number().int().optional(),
  tiles: z
    .array(
      z.object({
        id: z.number().int().min(0),
        properties: z.array(propertySchema).optional(),
        /** Image-collection tilesets: each tile's own image. */
        image: z.string().optional(),
        imagewidth: z.number().int().optional(),
        imageheight: z.number().int().optional(),
        /** Tiled's tile collision editor: shapes in the tile's own pixels. */
        objectgroup: z.object({ objects: z.array(z.unknown()).optional() }).loose().optional(),
      }).loose(),
    )
    .optional(),
}).loose();

const objectSchema = z.object({
  id: z.number().int(),
  name: z.string().optional(),
  class: z.string().optional(),
  type: z.string().optional(),
  x: z.number(),
  y: z.number(),
  width: z.number().optional(),
  height: z.number().optional(),
  point: z.boolean().optional(),
  ellipse: z.boolean().optional(),
  polygon: z.array(z.object({ x: z.number(), y: z.number() })).optional(),
  polyline: z.array(z.object({ x: z.number(), y: z.number() })).optional(),
  rotation: z.number().optional(),
  visible: z.boolean().optional(),
  gid: z.number().optional(),
  properties: z.array(propertySchema).optional(),
}).loose();

type RawLayer = {
  type: string;
  name?: string;
  data?: unknown;
  encoding?: string;
  compression?: string;
  width?: number;
  height?: number;
  visible?: boolean;
  opacity?: number;
  objects?: unknown[];
  layers?: RawLayer[];
  properties?: z.infer<typeof propertySchema>[];
  chunks?: unknown;
};

const layerSchema: z.ZodType<RawLayer> = z.lazy(() =>
  z.object({
    type: z.string(),
    name: z.string().optional(),
    data: z.unknown().optional(),
    encoding: z.string().optional(),
    compression: z.string().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    visible: z.boolean().optional(),
    opacity: z.number().optional(),
    objects: z.array(z.unknown()).optional(),
    layers: z.array(layerSchema).optional(),
    properties: z.array(propertySchema).optional(),
    chunks: z.unknown().optional(),
  }).loose(),
);

const mapSchema = z.object({
  type: z.literal("map").optional(),
  orientation: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  tilewidth: z.number().int(),
  tileheight: z.number().int(),
  infinite: z.boolean().optional(),
  layers: z.array(layerSchema),
  tilesets: z.array(tilesetSchema),
  properties: z.array(propertySchema).optional(),
}).loose();

function propsOf(list: z.infer<typeof propertySchema>[] | undefined): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const p of list ?? []) m.set(p.name, p.value);
  return m;
}

function describeObject(o: { id: number; name?: string }): string {
  return o.name ? `object ${o.id} "${o.name}"` : `object ${o.id}`;
}

/** A Tiled object's outline, for collision. */
function shapeOf(o: z.infer<typeof objectSchema>): Shape {
  const kind = o.gid !== undefined ? "tile" : o.point ? "point" : o.ellipse ? "ellipse" : o.polygon ? "polygon" : o.polyline ? "polyline" : "rect";
  return { x: o.x, y: o.y, width: o.width ?? 0, height: o.height ?? 0, rotation: o.rotation ?? 0, kind, points: o.polygon ?? o.polyline };
}

/** Decode a layer's `data`: a plain array (Tiled's CSV format in JSON) or uncompressed base64. */
function decodeLayerData(layer: RawLayer, where: string, problems: FloorProblem[]): number[] | null {
  if (Array.isArray(layer.data)) {
    if (!layer.data.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0)) {
      problems.push({ where, problem: "data must contain only non-negative integer tile ids" });
      return null;
    }
    return layer.data as number[];
  }
  if (typeof layer.data === "string" && layer.encoding === "base64") {
    if (layer.compression) {
      problems.push({
        where,
        problem: `compressed layer data (${layer.compression}) is not supported here; save the map with "CSV" or uncompressed "Base64" layer format`,
      });
      return null;
    }
    const bytes = base64ToBytes(layer.data.trim());
    if (!bytes || bytes.length % 4 !== 0) {
      problems.push({ where, problem: "base64 data is not a whole number of 32-bit tile ids" });
      return null;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i += 4) out.push(view.getUint32(i, true));
    return out;
  }
  problems.push({ where, problem: "has no tile data (expected an array of tile ids or base64 data)" });
  return null;
}

/** Parse and validate a Tiled JSON map. Throws FloorError listing every problem. */
export function parseFloor(input: unknown): Floor {
  const problems: FloorProblem[] = [];
  const parsed = mapSchema.safeParse(input);
  if (!parsed.success) {
    throw new FloorError(
      parsed.error.issues.slice(0, 10).map((i) => ({
        where: i.path.length ? `map.${i.path.join(".")}` : "map",
        problem: i.path.length === 0 ? "is not a Tiled JSON map object" : i.message,
      })),
    );
  }
  const raw = parsed.data;

  if (raw.infinite) problems.push({ where: "map", problem: "infinite maps are not supported; set a fixed map size in Tiled (Map > Map Properties > Infinite off)" });
  if (raw.orientation !== "orthogonal")
    problems.push({ where: "map", problem: `orientation "${raw.orientation}" is not supported; only orthogonal maps` });
  if (raw.tilewidth !== TILE_SIZE || raw.tileheight !== TILE_SIZE)
    problems.push({ where: "map", problem: `tile size ${raw.tilewidth}×${raw.tileheight} is not supported; tiles must be ${TILE_SIZE}×${TILE_SIZE}` });
  if (raw.width < 1 || raw.height < 1 || raw.width > MAX_MAP_SIDE || raw.height > MAX_MAP_SIDE)
    problems.push({ where: "map", problem: `size ${raw.width}×${raw.height} tiles is outside 1…${MAX_MAP_SIDE} per side` });
  if (problems.length) throw new FloorError(problems);

  const width = raw.width;
  const height = raw.height;
  const cellCount = width * height;

  // Tilesets: every gid used must belong to one, and its image(s) must be known. Tiles
  // may be larger than the map's (Tiled draws them bottom-aligned), or each its own image.
  const tilesets: FloorTileset[] = [];
  const collections: FloorImageCollection[] = [];
  const collidingGids = new Set<number>();
  /** Collision shapes drawn in Tiled's tile collision editor, by gid, in the tile's pixels. */
  const tileShapes = new Map<number, Shape[]>();
  const tileSize = new Map<number, { width: number; height: number }>();
  const sortedTilesets = [...raw.tilesets].sort((a, b) => a.firstgid - b.firstgid);
  for (const ts of sortedTilesets) {
    const where = `tileset "${ts.name ?? ts.source ?? ts.firstgid}"`;
    if (ts.source !== undefined && ts.image === undefined) {
      problems.push({ where, problem: `external tileset "${ts.source}" was not provided; upload the .tsj file with the map or embed the tileset` });
      continue;
    }
    const name = ts.name ?? `tileset-${ts.firstgid}`;
    const tw = ts.tilewidth ?? 0;
    const th = ts.tileheight ?? 0;
    if (!ts.image) {
      const images = (ts.tiles ?? []).filter((t) => t.image);
      if (images.length === 0) {
        problems.push({ where, problem: "has no image and none of its tiles has one" });
        continue;
      }
      collections.push({
        firstGid: ts.firstgid,
        name,
        tiles: images.map((t) => ({ id: t.id, image: t.image!, width: t.imagewidth ?? tw, height: t.imageheight ?? th })),
      });
      for (const t of images) tileSize.set(ts.firstgid + t.id, { width: t.imagewidth ?? tw, height: t.imageheight ?? th });
    } else {
      if (tw < 1 || th < 1) {
        problems.push({ where, problem: `tile size ${tw}×${th} is not a size; tilewidth and tileheight must be at least 1` });
        continue;
      }
      const margin = ts.margin ?? 0;
      const spacing = ts.spacing ?? 0;
      const columns = ts.columns ?? Math.floor(((ts.imagewidth ?? 0) - 2 * margin + spacing) / (tw + spacing));
      const tileCount = ts.tilecount ?? columns * Math.floor((ts.imageheight ?? 0) / th);
      if (columns < 1 || tileCount < 1) {
        problems.push({ where, problem: "has no tiles (columns and tilecount must be at least 1)" });
        continue;
      }
      tilesets.push({
        firstGid: ts.firstgid,
        name,
        image: ts.image,
        imageWidth: ts.imagewidth ?? columns * tw,
        imageHeight: ts.imageheight ?? Math.ceil(tileCount / columns) * th,
        tileWidth: tw,
        tileHeight: th,
        columns,
        tileCount,
        ...(margin ? { margin } : {}),
        ...(spacing ? { spacing } : {}),
      });
    }
    for (const tile of ts.tiles ?? []) {
      const gid = ts.firstgid + tile.id;
      const props = propsOf(tile.properties);
      if (asBool(props.get("collides")) || asBool(props.get("collision"))) collidingGids.add(gid);
      const shapes = (tile.objectgroup?.objects ?? []).flatMap((o) => {
        const po = objectSchema.safeParse({ id: 0, ...(typeof o === "object" && o ? o : {}) });
        return po.success ? [shapeOf(po.data)] : [];
      });
      if (shapes.length) tileShapes.set(gid, shapes);
    }
  }
  if (raw.tilesets.length === 0) problems.push({ where: "map", problem: "has no tilesets" });

  // One lookup per tile, not a search of every tileset (conference maps: 35 tilesets × 700 000 cells).
  const maxGid = Math.max(0, ...tilesets.map((t) => t.firstGid + t.tileCount), ...collections.flatMap((c) => c.tiles.map((t) => c.firstGid + t.id + 1)));
  const known = new Uint8Array(Math.min(maxGid, 0x10000000));
  for (const t of tilesets) known.fill(1, t.firstGid, Math.min(known.length, t.firstGid + t.tileCount));
  for (const c of collections) for (const t of c.tiles) if (c.firstGid + t.id < known.length) known[c.firstGid + t.id] = 1;
  const gidKnown = (gid: number) => gid < known.length && known[gid] === 1;
  const sizeOfGid = (gid: number) => {
    const known = tileSize.get(gid);
    if (known) return known;
    const t = tilesets.find((t) => gid >= t.firstGid && gid < t.firstGid + t.tileCount);
    return t ? { width: t.tileWidth, height: t.tileHeight } : { width: TILE_SIZE, height: TILE_SIZE };
  };

  // Layers: flatten groups (names joined with "/"), keep tile layers, read zone objects.
  // A group's visibility, opacity, `above` and collision flags apply to everything in it.
  // WorkAdventure's convention: everything after the object layer "floorLayer" is above.
  const layers: FloorTileLayer[] = [];
  const tileObjects: FloorTileObject[] = [];
  const blocked = new Uint8Array(cellCount);
  const rawObjects: { obj: z.infer<typeof objectSchema>; layer: string; collision: boolean }[] = [];
  let pastFloorLayer = false;

  interface Inherited {
    visible: boolean;
    opacity: number;
    above: boolean;
    collision: boolean;
  }
  const visit = (list: RawLayer[], prefix: string, parent: Inherited) => {
    for (const layer of list) {
      const name = prefix + (layer.name ?? "(unnamed)");
      const where = `layer "${name}"`;
      const props = propsOf(layer.properties);
      const lname = (layer.name ?? "").toLowerCase();
      const own: Inherited = {
        visible: parent.visible && layer.visible !== false,
        opacity: parent.opacity * (layer.opacity ?? 1),
        above: parent.above || asBool(props.get("above")) || lname === "above" || lname === "decor",
        collision: parent.collision || asBool(props.get("collision")) || asBool(props.get("collides")),
      };
      if (layer.type === "group") {
        visit(layer.layers ?? [], `${name}/`, own);
      } else if (layer.type === "tilelayer") {
        if (layer.chunks !== undefined) {
          problems.push({ where, problem: "uses chunks (infinite map data); not supported" });
          continue;
        }
        if (layer.width !== undefined && layer.height !== undefined && (layer.width !== width || layer.height !== height)) {
          problems.push({ where, problem: `is ${layer.width}×${layer.height} tiles but the map is ${width}×${height}` });
          continue;
        }
        const data = decodeLayerData(layer, where, problems);
        if (!data) continue;
        if (data.length !== cellCount) {
          problems.push({ where, problem: `has ${data.length} tiles, expected ${cellCount} (${width}×${height})` });
          continue;
        }
        const clean = data.map((g) => (g & ~GID_FLAGS) >>> 0);
        const unknown = clean.findIndex((g) => g !== 0 && !gidKnown(g));
        if (unknown >= 0) {
          problems.push({
            where,
            problem: `tile id ${clean[unknown]} at (${unknown % width}, ${Math.floor(unknown / width)}) belongs to no tileset`,
          });
          continue;
        }
        // A layer named "collision" is a dedicated collision layer: it blocks and is never
        // drawn. A layer flagged `collision`/`collides` is art that also blocks: drawn as authored.
        const dedicated = lname === "collision" || lname === "collisions";
        const collision = own.collision || dedicated;
        for (let i = 0; i < cellCount; i++) {
          const g = clean[i]!;
          if (g === 0) continue;
          if (collision || collidingGids.has(g)) blocked[i] = 1;
        }
        if (!dedicated) {
          layers.push({ name, data: clean, visible: own.visible, opacity: own.opacity, above: own.above || pastFloorLayer, collision });
        }
      } else if (layer.type === "objectgroup") {
        if (layer.name === "floorLayer") pastFloorLayer = true;
        const collisionLayer = own.collision || /^collisions?$|oncollide$/i.test(layer.name ?? "");
        for (const o of layer.objects ?? []) {
          const po = objectSchema.safeParse(o);
          if (!po.success) {
            const id = typeof o === "object" && o && "id" in o ? String((o as { id: unknown }).id) : "?";
            problems.push({ where: `${where} object ${id}`, problem: po.error.issues[0]?.message ?? "malformed object" });
            continue;
          }
          const obj = po.data;
          const oprops = propsOf(obj.properties);
          const collides = collisionLayer || asBool(oprops.get("collides")) || asBool(oprops.get("collision"));
          rawObjects.push({ obj, layer: name, collision: collides });
          if (obj.gid === undefined) continue;
          const gid = (obj.gid & ~GID_FLAGS) >>> 0;
          const ow = describeObject(obj);
          if (!gidKnown(gid)) {
            problems.push({ where: ow, problem: `tile id ${gid} belongs to no tileset` });
            continue;
          }
          const size = sizeOfGid(gid);
          tileObjects.push({
            id: obj.id,
            layer: name,
            gid,
            x: obj.x,
            y: obj.y,
            width: obj.width || size.width,
            height: obj.height || size.height,
            rotation: obj.rotation ?? 0,
            flipX: (obj.gid & 0x80000000) !== 0,
            flipY: (obj.gid & 0x40000000) !== 0,
            above: own.above || pastFloorLayer,
            visible: own.visible && obj.visible !== false,
            opacity: own.opacity,
          });
        }
      } else if (layer.type === "imagelayer") {
        // Decorative background images are allowed and ignored by the model.
      } else {
        problems.push({ where, problem: `unknown layer type "${layer.type}"` });
      }
    }
  };
  visit(raw.layers, "", { visible: true, opacity: 1, above: false, collision: false });

  // Collision drawn as objects: shapes on collision layers or flagged themselves, and
  // tile objects whose tile collides (its own collision shapes if Tiled has them, else
  // its whole footprint). Zones never block.
  for (const { obj, collision } of rawObjects) {
    const kind = (obj.class || obj.type || "").trim();
    if (kind && zoneKind(kind)) continue;
    const gid = obj.gid === undefined ? 0 : (obj.gid & ~GID_FLAGS) >>> 0;
    const tileCollides = gid !== 0 && collidingGids.has(gid);
    if (!collision && !tileCollides) continue;
    const shape = shapeOf(obj);
    if (gid !== 0) {
      const size = sizeOfGid(gid);
      if (shape.width === 0) shape.width = size.width;
      if (shape.height === 0) shape.height = size.height;
      const own = tileShapes.get(gid);
      if (own && !collision && shape.rotation === 0 && !(obj.gid! & 0xe0000000)) {
        // Collision shapes of the tile, scaled to the object's size, from its top-left.
        const sx = shape.width / size.width;
        const sy = shape.height / size.height;
        for (const s of own)
          blockShape(
            {
              ...s,
              x: shape.x + s.x * sx,
              y: shape.y - shape.height + s.y * sy,
              width: s.width * sx,
              height: s.height * sy,
              points: s.points?.map((p) => ({ x: p.x * sx, y: p.y * sy })),
            },
            blocked,
            width,
            height,
            TILE_SIZE,
          );
        continue;
      }
    }
    blockShape(shape, blocked, width, height, TILE_SIZE);
  }
  if (layers.length === 0 && problems.length === 0) problems.push({ where: "map", problem: "has no tile layers" });

  // Zones.
  const zones: Zone[] = [];
  const names = new Map<string, number>();
  for (const { obj } of rawObjects) {
    const kind = (obj.class || obj.type || "").trim();
    const where = describeObject(obj);
    if (obj.gid !== undefined || kind === "") continue; // placed tiles / plain annotations are not zones
    const spec = zoneKind(kind);
    if (!spec) {
      problems.push({ where, problem: `unknown zone class "${kind}"; expected one of ${ZONE_KINDS.map((k) => k.name).join(", ")}` });
      continue;
    }
    if (obj.point || obj.ellipse || obj.polygon) {
      problems.push({ where, problem: "zones must be rectangles" });
      continue;
    }
    const w = obj.width ?? 0;
    const h = obj.height ?? 0;
    if (w <= 0 || h <= 0) {
      problems.push({ where, problem: "has no area (width and height must be positive)" });
      continue;
    }
    const rect: TileRect = {
      x: Math.floor(obj.x / TILE_SIZE),
      y: Math.floor(obj.y / TILE_SIZE),
      width: Math.ceil((obj.x + w) / TILE_SIZE) - Math.floor(obj.x / TILE_SIZE),
      height: Math.ceil((obj.y + h) / TILE_SIZE) - Math.floor(obj.y / TILE_SIZE),
    };
    if (obj.x < 0 || obj.y < 0 || rect.x + rect.width > width || rect.y + rect.height > height) {
      problems.push({
        where,
        problem: `lies outside the map (tiles ${rect.x},${rect.y} to ${rect.x + rect.width - 1},${rect.y + rect.height - 1}; map is ${width}×${height})`,
      });
      continue;
    }
    const name = (obj.name ?? "").trim() || `${kind} ${obj.id}`;
    if (names.has(name)) {
      problems.push({ where, problem: `zone name "${name}" is already used by object ${names.get(name)}` });
      continue;
    }
    names.set(name, obj.id);
    const values = readProperties(spec, propsOf(obj.properties), where, problems);
    const zone = values && buildZone(spec.name, obj.id, name, rect, values);
    if (zone) zones.push(zone);
  }

  // Cross-zone rules.
  for (const zone of zones) {
    if (zone.kind === "stage") {
      for (const a of zone.audience) {
        const target = zones.find((z) => z.name === a);
        if (!target) problems.push({ where: `object ${zone.id} "${zone.name}"`, problem: `stage links audience "${a}", which does not exist` });
        else if (target.kind !== "audience")
          problems.push({ where: `object ${zone.id} "${zone.name}"`, problem: `stage links "${a}", which is a ${target.kind}, not an audience zone` });
      }
    }
  }
  const spawns = zones.filter((z) => z.kind === "spawn");
  if (spawns.length === 0) problems.push({ where: "map", problem: 'has no spawn zone (add a rectangle with class "spawn" where people appear)' });
  for (const s of spawns) {
    let free = false;
    for (let y = s.rect.y; y < s.rect.y + s.rect.height && !free; y++)
      for (let x = s.rect.x; x < s.rect.x + s.rect.width && !free; x++) if (!blocked[y * width + x]) free = true;
    if (!free) problems.push({ where: `object ${s.id} "${s.name}"`, problem: "spawn zone has no walkable tile" });
  }
  if (cellCount * Math.max(1, layers.length) > MAX_MAP_TILES)
    problems.push({ where: "map", problem: `too many tiles (${cellCount} × ${layers.length} layers); limit is ${MAX_MAP_TILES}` });

  if (problems.length) throw new FloorError(problems);
  return { width, height, tileWidth: TILE_SIZE, tileHeight: TILE_SIZE, tilesets, collections, layers, objects: tileObjects, blocked, zones };
}

/** A zone's properties, each checked as its kind declares it (zoneKinds.ts). */
interface ZoneValues {
  int(key: string): number | undefined;
  bool(key: string): boolean;
  text(key: string): string | undefined;
  names(key: string): string[];
}

/** Read and check every property the kind declares; null (problems recorded) if any is wrong. */
function readProperties(spec: ZoneKindSpec, props: Map<string, unknown>, where: string, problems: FloorProblem[]): ZoneValues | null {
  const values = new Map<string, number | string | boolean | string[]>();
  let ok = true;
  const refuse = (problem: string) => {
    problems.push({ where, problem });
    ok = false;
  };
  for (const p of spec.properties) {
    const v = props.get(p.key);
    const blank = v === undefined || v === "" || (p.type === "names" && typeof v === "string" && v.trim() === "");
    if (blank) {
      if (p.required) refuse(`property "${p.key}" is required${p.meaning ? ` (${p.meaning})` : ""}`);
      continue;
    }
    switch (p.type) {
      case "bool":
        values.set(p.key, asBool(v));
        break;
      case "int": {
        const n = typeof v === "string" ? Number(v) : v;
        if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 1000) refuse(`property "${p.key}" must be a whole number from 1 to 1000, got ${JSON.stringify(v)}`);
        else values.set(p.key, n);
        break;
      }
      case "text":
      case "names":
        if (typeof v !== "string" || (p.maxLength !== undefined && v.length > p.maxLength))
          refuse(`property "${p.key}" must be text${p.maxLength !== undefined ? ` of at most ${p.maxLength} characters` : ""}`);
        else values.set(p.key, p.type === "names" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v);
        break;
    }
  }
  if (!ok) return null;
  return {
    int: (key) => {
      const v = values.get(key);
      return typeof v === "number" ? v : undefined;
    },
    bool: (key) => values.get(key) === true,
    text: (key) => {
      const v = values.get(key);
      return typeof v === "string" ? v : undefined;
    },
    names: (key) => {
      const v = values.get(key);
      return Array.isArray(v) ? v : [];
    },
  };
}

/** The typed zone; its required properties are known to be there (readProperties checked them). */
function buildZone(kind: ZoneKind, id: number, name: string, rect: TileRect, v: ZoneValues): Zone {
  switch (kind) {
    case "spawn":
    case "audience":
    case "silent":
      return { kind, id, name, rect };
    case "coffee-corner":
      return { kind, id, name, rect, capacity: v.int("capacity"), overhear: v.bool("overhear") };
    case "table":
      return { kind, id, name, rect, seats: v.int("seats")!, topic: v.text("topic"), overhear: v.bool("overhear") };
    case "stage":
      return { kind, id, name, rect, audience: v.names("audience") };
    case "portal":
      return { kind, id, name, rect, target: v.text("target")!, targetSpawn: v.text("targetSpawn") };
    case "sign":
      return { kind, id, name, rect, text: v.text("text")! };
  }
}
