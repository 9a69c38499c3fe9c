/**
 * Tiled import/export. `importTiled` takes whatever a map author saved from Tiled (.tmj,
 * CSV or base64 layer data, zlib/gzip compression, external .tsj tilesets, group layers,
 * `class` or the older `type`, old-style object properties) and turns it into Foyer's
 * canonical Tiled JSON: fixed size, orthogonal, tilesets embedded, layer data as plain
 * arrays, every property as `{ name, type, value }`. The canonical map is what gets stored
 * and what the client hands to Phaser; it is validated by parseFloor(), which builds the
 * Floor model. `exportTiled` writes the canonical map back out as files Tiled opens.
 *
 * Size limits are checked on the raw JSON before any data is decoded or decompressed,
 * and decompression stops as soon as the output is larger than the map could need.
 * Every problem is reported as a FloorError naming what and where.
 * Pure: no I/O; the caller reads the .tmj and .tsj files and passes their JSON in.
 */
import { Gunzip, Unzlib } from "fflate";
import { MAX_MAP_SIDE, MAX_MAP_TILES, TILE_SIZE } from "../constants.ts";
import type { Floor } from "./model.ts";
import { FloorError, parseFloor, type FloorProblem, type FloorWarning } from "./parse.ts";
import { adoptForeignConventions } from "./workadventure.ts";
import { base64ToBytes } from "./values.ts";

/** Limits on an imported map, checked before heavy work (decoding, decompressing, copying). */
export const TILED_LIMITS = {
  /** Tiles per side; also `MAX_MAP_TILES` for width × height × drawn tile layers. */
  maxSide: MAX_MAP_SIDE,
  maxTiles: MAX_MAP_TILES,
  /** Tilesets referenced by the map (embedded or external); real conference maps use ~35. */
  maxTilesets: 64,
  /** Every layer counts, group layers and their children included (conference maps: ~90). */
  maxLayers: 128,
  /** Group layers inside group layers. */
  maxGroupDepth: 8,
  /** Objects across all object layers (zones, annotations, placed tiles). */
  maxObjects: 2000,
  /** Tiles in one tileset (`tilecount`, and entries in its `tiles` list). */
  maxTilesetTiles: 16384,
  /** Custom properties on one map, layer, tileset, tile or object. */
  maxProperties: 64,
  /** Nesting of JSON values carried through untouched (class properties, wang sets…). */
  maxJsonDepth: 32,
} as const;

/** The JSON format version written by exportTiled and stamped on canonical maps. */
export const TILED_FORMAT_VERSION = "1.10";
const DEFAULT_TILED_VERSION = "1.10.2";
/** Largest gid without flip flags (Tiled keeps 4 flag bits at the top). */
const MAX_GID = 0x0fffffff;

// ---------------------------------------------------------------------------------------
// Canonical Tiled JSON. Fields Foyer does not interpret (offsetx, tintcolor, parallaxx,
// tile animations, wang sets, editorsettings…) are carried through unchanged at runtime
// but are not spelled out in these types.

export type TiledPropertyType = "string" | "int" | "float" | "bool" | "color" | "file" | "object" | "class";

export interface TiledProperty {
  name: string;
  type: TiledPropertyType;
  value: unknown;
  /** Name of the custom (class or enum) type, when the property uses one. */
  propertytype?: string;
}

interface TiledLayerBase {
  id: number;
  name: string;
  visible: boolean;
  opacity: number;
  x: 0;
  y: 0;
  class?: string;
  properties?: TiledProperty[];
}

export interface TiledTileLayer extends TiledLayerBase {
  type: "tilelayer";
  width: number;
  height: number;
  /** Global tile ids row by row, flip flags kept; 0 = empty. Always a plain array. */
  data: number[];
}

export interface TiledObject {
  id: number;
  name: string;
  /** Zone kind (Tiled ≥ 1.9). Objects with a kind carry the same value in `type`. */
  class?: string;
  /** Zone kind as older Tiled (and Tiled 1.10's default format) writes it. */
  type?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  visible: boolean;
  point?: boolean;
  ellipse?: boolean;
  polygon?: { x: number; y: number }[];
  polyline?: { x: number; y: number }[];
  gid?: number;
  properties?: TiledProperty[];
}

export interface TiledObjectLayer extends TiledLayerBase {
  type: "objectgroup";
  draworder: string;
  objects: TiledObject[];
}

export interface TiledGroupLayer extends TiledLayerBase {
  type: "group";
  layers: TiledLayer[];
}

export interface TiledImageLayer extends TiledLayerBase {
  type: "imagelayer";
  image: string;
}

export type TiledLayer = TiledTileLayer | TiledObjectLayer | TiledGroupLayer | TiledImageLayer;

export interface TiledTile {
  id: number;
  /** Image-collection tilesets: this tile's own image, relative to the map. */
  image?: string;
  class?: string;
  type?: string;
  properties?: TiledProperty[];
}

/** An embedded tileset (canonical maps never reference external files). */
export interface TiledTileset {
  firstgid: number;
  name: string;
  class?: string;
  image?: string;
  imagewidth?: number;
  imageheight?: number;
  tilewidth: number;
  tileheight: number;
  columns: number;
  tilecount: number;
  margin: number;
  spacing: number;
  tiles?: TiledTile[];
  properties?: TiledProperty[];
}

export interface TiledMap {
  type: "map";
  version: string;
  tiledversion: string;
  class?: string;
  orientation: "orthogonal";
  renderorder: string;
  infinite: false;
  width: number;
  height: number;
  tilewidth: number;
  tileheight: number;
  nextlayerid: number;
  nextobjectid: number;
  layers: TiledLayer[];
  tilesets: TiledTileset[];
  properties?: TiledProperty[];
}

export interface TiledImportInput {
  /** The parsed .tmj (or .json) map. */
  map: unknown;
  /** Parsed .tsj files, keyed by the tileset `source` path exactly as written in the map. */
  tilesets?: Record<string, unknown>;
}

export interface TiledExportOptions {
  /**
   * Write each tileset to its own .tsj (next to the map) instead of embedding it.
   * Default false: embedded tilesets always open, with nothing else to keep together.
   */
  externalTilesets?: boolean;
}

// ---------------------------------------------------------------------------------------
// Small helpers.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const quote = (s: string) => JSON.stringify(s);

/** Copy a JSON value, dropping anything JSON cannot hold; null when nested too deeply. */
function cloneJson(v: unknown, depth = 0): unknown {
  if (depth > TILED_LIMITS.maxJsonDepth) throw new DepthError();
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x, depth + 1) ?? null);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "__proto__") continue; // would set the copy's prototype
      const c = cloneJson(x, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return undefined;
}
class DepthError extends Error {}

/** Copy the fields of `src` not in `known` (carried-through extras). */
function extras(src: Obj, known: ReadonlySet<string>, where: string, problems: FloorProblem[]): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(src)) {
    if (known.has(k) || k === "__proto__") continue;
    try {
      const c = cloneJson(v, 1);
      if (c !== undefined) out[k] = c;
    } catch (err) {
      if (!(err instanceof DepthError)) throw err;
      problems.push({ where, problem: `field "${k}" is nested more than ${TILED_LIMITS.maxJsonDepth} levels deep` });
    }
  }
  return out;
}

/** Resolve "." and ".." and backslashes in a relative path; leading ".." are kept. */
function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, "/").split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && parts.length && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(seg);
  }
  return (p.startsWith("/") ? "/" : "") + parts.join("/");
}

const isAbsoluteOrUrl = (p: string) => p.startsWith("/") || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(p);

/** An image path written relative to an external tileset, rewritten relative to the map. */
function rebaseImage(tilesetSource: string, image: string): string {
  if (isAbsoluteOrUrl(image)) return image;
  const slash = tilesetSource.replace(/\\/g, "/").lastIndexOf("/");
  if (slash < 0) return normalizePath(image);
  return normalizePath(tilesetSource.slice(0, slash + 1) + image);
}

function baseName(path: string): string {
  const file = path.replace(/\\/g, "/").split("/").pop() ?? path;
  return file.replace(/\.[^.]*$/, "") || file;
}

// ---------------------------------------------------------------------------------------
// Properties.

const PROPERTY_TYPES: readonly TiledPropertyType[] = ["string", "int", "float", "bool", "color", "file", "object", "class"];

/**
 * Properties as Tiled ≥ 1.2 writes them (`[{ name, type, value }]`), or the older object
 * form (`{ name: value }` with an optional `propertytypes` sibling). Values of a declared
 * type are coerced when that loses nothing ("4" for an int); a value that cannot be is a
 * problem.
 */
function normalizeProperties(
  owner: Obj,
  where: string,
  problems: FloorProblem[],
): TiledProperty[] | undefined {
  const raw = owner.properties;
  if (raw === undefined || raw === null) return undefined;
  let list: { name: unknown; type: unknown; value: unknown; propertytype?: unknown }[];
  if (Array.isArray(raw)) {
    list = raw.map((p) => (isObj(p) ? p : { name: undefined, type: undefined, value: undefined })) as typeof list;
  } else if (isObj(raw)) {
    const types = isObj(owner.propertytypes) ? owner.propertytypes : {};
    list = Object.entries(raw).map(([name, value]) => ({ name, value, type: Object.hasOwn(types, name) ? types[name] : undefined }));
  } else {
    problems.push({ where, problem: "properties must be a list of { name, type, value }" });
    return undefined;
  }
  if (list.length > TILED_LIMITS.maxProperties) {
    problems.push({ where, problem: `has ${list.length} custom properties; limit is ${TILED_LIMITS.maxProperties}` });
    return undefined;
  }
  const out: TiledProperty[] = [];
  for (const [i, p] of list.entries()) {
    if (typeof p.name !== "string" || p.name === "") {
      problems.push({ where, problem: `property ${i + 1} has no name` });
      continue;
    }
    const pw = `${where} property ${quote(p.name)}`;
    const type = p.type === undefined || p.type === "" ? inferType(p.value) : p.type;
    if (typeof type !== "string" || !(PROPERTY_TYPES as readonly string[]).includes(type)) {
      problems.push({ where: pw, problem: `unknown property type ${JSON.stringify(p.type)}; expected one of ${PROPERTY_TYPES.join(", ")}` });
      continue;
    }
    const value = coerce(type as TiledPropertyType, p.value);
    if (value === INVALID) {
      problems.push({ where: pw, problem: `is declared as ${type} but its value is ${JSON.stringify(p.value)}` });
      continue;
    }
    let copied: unknown;
    try {
      copied = cloneJson(value, 1);
    } catch (err) {
      if (!(err instanceof DepthError)) throw err;
      problems.push({ where: pw, problem: `is nested more than ${TILED_LIMITS.maxJsonDepth} levels deep` });
      continue;
    }
    const prop: TiledProperty = { name: p.name, type: type as TiledPropertyType, value: copied };
    if (typeof p.propertytype === "string" && p.propertytype !== "") prop.propertytype = p.propertytype;
    out.push(prop);
  }
  return out;
}

function inferType(v: unknown): TiledPropertyType {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (isObj(v)) return "class";
  return "string";
}

const INVALID = Symbol("invalid");

function coerce(type: TiledPropertyType, v: unknown): unknown {
  switch (type) {
    case "int":
    case "object": {
      const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
      return isInt(n) ? n : INVALID;
    }
    case "float": {
      const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
      return isNum(n) ? n : INVALID;
    }
    case "bool":
      if (typeof v === "boolean") return v;
      if (v === "true" || v === "false") return v === "true";
      return INVALID;
    case "string":
    case "color":
    case "file":
      if (typeof v === "string") return v;
      // Tiled writes enum-backed string properties as strings; numbers/bools written by
      // hand into a string property are kept as their text.
      if (typeof v === "number" || typeof v === "boolean") return String(v);
      return INVALID;
    case "class":
      return v === undefined ? {} : isObj(v) ? v : INVALID;
  }
}

function withProps<T extends object>(target: T, props: TiledProperty[] | undefined): T {
  if (props && props.length) (target as { properties?: TiledProperty[] }).properties = props;
  return target;
}

// ---------------------------------------------------------------------------------------
// Tile data.

/**
 * Inflate zlib or gzip data in small steps, giving up as soon as the output passes
 * `maxBytes`, so a tiny "zip bomb" cannot make us allocate or work for long.
 */
function inflateBounded(bytes: Uint8Array, kind: "zlib" | "gzip", maxBytes: number): Uint8Array | "too-big" | "invalid" {
  const parts: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const onData = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > maxBytes) over = true;
    else parts.push(chunk);
  };
  const stream = kind === "zlib" ? new Unzlib(onData) : new Gunzip(onData);
  const STEP = 8192; // deflate expands at most ~1032×, so ≤ ~8.5 MB past the limit per step
  try {
    if (bytes.length === 0) stream.push(bytes, true);
    for (let i = 0; i < bytes.length && !over; i += STEP)
      stream.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  } catch {
    return over ? "too-big" : "invalid";
  }
  if (over) return "too-big";
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A tile layer's data as a plain array of exactly `cells` gids, or null (problem recorded). */
function decodeTileData(layer: Obj, cells: number, width: number, height: number, where: string, problems: FloorProblem[]): number[] | null {
  const data = layer.data;
  const encoding = layer.encoding ?? "csv";
  const compression = layer.compression ?? "";
  const wrongCount = (n: number) =>
    problems.push({ where, problem: `has ${n} tiles, expected ${cells} (${width}×${height})` });

  if (Array.isArray(data)) {
    if (data.length !== cells) {
      wrongCount(data.length);
      return null;
    }
    for (let i = 0; i < cells; i++) {
      const g = data[i];
      if (!isInt(g) || g < 0 || g > 0xffffffff) {
        problems.push({ where, problem: `tile ${i} (at ${i % width}, ${Math.floor(i / width)}) is ${JSON.stringify(g)}, not a tile id` });
        return null;
      }
    }
    return (data as number[]).slice();
  }

  if (typeof data !== "string") {
    problems.push({ where, problem: "has no tile data (expected an array of tile ids or base64 data)" });
    return null;
  }
  if (encoding === "csv") {
    // Tiled JSON never stores CSV as text, but a hand-edited file might.
    const items = data.split(",");
    if (items.length !== cells) {
      wrongCount(data.trim() === "" ? 0 : items.length);
      return null;
    }
    return decodeTileData({ data: items.map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : s.trim())) }, cells, width, height, where, problems);
  }
  if (encoding !== "base64") {
    problems.push({ where, problem: `unknown layer data encoding ${JSON.stringify(encoding)}; expected "csv" or "base64"` });
    return null;
  }
  if (compression === "zstd") {
    problems.push({
      where,
      problem:
        'layer data is compressed with Zstandard (zstd), which Foyer cannot read; in Tiled choose Map > Map Properties > Tile Layer Format "CSV", "Base64 (uncompressed)", "Base64 (zlib compressed)" or "Base64 (gzip compressed)" and save again',
    });
    return null;
  }
  if (compression !== "" && compression !== "zlib" && compression !== "gzip") {
    problems.push({ where, problem: `unknown layer data compression ${JSON.stringify(compression)}; expected none, "zlib" or "gzip"` });
    return null;
  }
  const rawBytes = cells * 4;
  // Refuse oversized text before decoding it: uncompressed base64 is exactly 4/3 of the
  // bytes; compressed data of tile ids is far smaller, but allow for stored blocks.
  const maxEncodedBytes = compression === "" ? rawBytes : Math.ceil(rawBytes * 1.01) + 1024;
  const maxChars = Math.ceil(maxEncodedBytes / 3) * 4 + 64;
  if (data.length > maxChars) {
    problems.push({ where, problem: `base64 data is ${data.length} characters, more than a ${width}×${height} layer can need (${maxChars})` });
    return null;
  }
  let bytes = base64ToBytes(data);
  if (!bytes) {
    problems.push({ where, problem: "base64 data is not valid base64" });
    return null;
  }
  if (compression !== "") {
    const inflated = inflateBounded(bytes, compression as "zlib" | "gzip", rawBytes);
    if (inflated === "too-big") {
      problems.push({ where, problem: `${compression} data expands to more than ${cells} tiles (${width}×${height})` });
      return null;
    }
    if (inflated === "invalid") {
      problems.push({ where, problem: `base64 data is not valid ${compression}-compressed data` });
      return null;
    }
    bytes = inflated;
  }
  if (bytes.length % 4 !== 0) {
    problems.push({ where, problem: "decoded data is not a whole number of 32-bit tile ids" });
    return null;
  }
  if (bytes.length !== rawBytes) {
    wrongCount(bytes.length / 4);
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(cells);
  for (let i = 0; i < cells; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

// ---------------------------------------------------------------------------------------
// Import.

const MAP_FIELDS = new Set([
  "type", "version", "tiledversion", "class", "orientation", "renderorder", "infinite", "width", "height",
  "tilewidth", "tileheight", "nextlayerid", "nextobjectid", "layers", "tilesets", "properties", "propertytypes",
  "compressionlevel",
]);
const LAYER_FIELDS = new Set([
  "id", "name", "type", "visible", "opacity", "x", "y", "class", "properties", "propertytypes",
  "data", "encoding", "compression", "chunks", "startx", "starty", "width", "height", "objects", "draworder", "layers",
]);
const OBJECT_FIELDS = new Set([
  "id", "name", "class", "type", "x", "y", "width", "height", "rotation", "visible", "properties", "propertytypes",
]);
const TILESET_FIELDS = new Set([
  "firstgid", "source", "name", "class", "image", "imagewidth", "imageheight", "tilewidth", "tileheight",
  "columns", "tilecount", "margin", "spacing", "tiles", "properties", "propertytypes", "type", "version", "tiledversion",
]);
const TILE_FIELDS = new Set(["id", "class", "type", "properties", "propertytypes"]);

function layerWhere(path: string) {
  return `layer ${quote(path)}`;
}

/** A layer only there to block (named "collision"): blocks, never drawn, so not counted as drawn. */
function isDedicatedCollisionLayer(layer: Obj): boolean {
  return typeof layer.name === "string" && /^collisions?$/i.test(layer.name);
}

interface Census {
  layers: number;
  objects: number;
  drawnTileLayers: number;
  busiest: { name: string; objects: number } | null;
  tooDeep: string | null;
}

/** Count layers and objects without touching their contents (the pre-work limits). */
function census(list: unknown[], prefix: string, depth: number, c: Census, problems: FloorProblem[]): void {
  for (const [i, layer] of list.entries()) {
    if (!isObj(layer)) {
      problems.push({ where: `${prefix ? layerWhere(prefix.slice(0, -1)) : "map"} layer ${i + 1}`, problem: "is not a layer object" });
      continue;
    }
    c.layers++;
    const name = prefix + (typeof layer.name === "string" ? layer.name : "(unnamed)");
    if (layer.type === "group") {
      if (depth >= TILED_LIMITS.maxGroupDepth) {
        c.tooDeep ??= name;
        continue;
      }
      if (Array.isArray(layer.layers)) census(layer.layers, `${name}/`, depth + 1, c, problems);
    } else if (layer.type === "objectgroup" && Array.isArray(layer.objects)) {
      c.objects += layer.objects.length;
      if (!c.busiest || layer.objects.length > c.busiest.objects) c.busiest = { name, objects: layer.objects.length };
    } else if (layer.type === "tilelayer" && !isDedicatedCollisionLayer(layer)) {
      c.drawnTileLayers++;
    }
  }
}

interface ImportState {
  width: number;
  height: number;
  cells: number;
  problems: FloorProblem[];
  layerIds: Set<number>;
  objectIds: Map<number, string>;
  /** Layers/objects without a usable id, numbered once all ids are known. */
  needLayerId: { id: number }[];
  needObjectId: { id: number }[];
}

/**
 * Normalize a Tiled JSON map (and the external tilesets it references) into Foyer's
 * canonical form and validate it. Throws FloorError listing every problem found.
 */
export function importTiled(input: TiledImportInput): { map: TiledMap; floor: Floor; warnings: FloorWarning[] } {
  const raw = input.map;
  const problems: FloorProblem[] = [];
  const fail = () => {
    throw new FloorError(problems);
  };
  if (!isObj(raw)) {
    problems.push({ where: "map", problem: "is not a Tiled JSON map object" });
    fail();
  }
  const map = raw as Obj;

  // 1. The header: what kind of map this is, and how big.
  if (map.type !== undefined && map.type !== "map")
    problems.push({ where: "map.type", problem: `is ${JSON.stringify(map.type)}; expected "map" (is this a tileset or world file?)` });
  for (const key of ["width", "height", "tilewidth", "tileheight"] as const)
    if (!isInt(map[key])) problems.push({ where: `map.${key}`, problem: "must be a whole number" });
  if (typeof map.orientation !== "string") problems.push({ where: "map.orientation", problem: "must be text" });
  if (!Array.isArray(map.layers)) problems.push({ where: "map.layers", problem: "must be a list of layers" });
  if (!Array.isArray(map.tilesets)) problems.push({ where: "map.tilesets", problem: "must be a list of tilesets" });
  if (problems.length) fail();

  const width = map.width as number;
  const height = map.height as number;
  // Same checks and wording as parseFloor, made here because nothing below is safe to run
  // on an infinite, non-orthogonal or huge map.
  if (map.infinite === true)
    problems.push({ where: "map", problem: "infinite maps are not supported; set a fixed map size in Tiled (Map > Map Properties > Infinite off)" });
  if (map.orientation !== "orthogonal")
    problems.push({ where: "map", problem: `orientation "${String(map.orientation)}" is not supported; only orthogonal maps` });
  if (map.tilewidth !== TILE_SIZE || map.tileheight !== TILE_SIZE)
    problems.push({ where: "map", problem: `tile size ${String(map.tilewidth)}×${String(map.tileheight)} is not supported; tiles must be ${TILE_SIZE}×${TILE_SIZE}` });
  if (width < 1 || height < 1 || width > MAX_MAP_SIDE || height > MAX_MAP_SIDE)
    problems.push({ where: "map", problem: `size ${width}×${height} tiles is outside 1…${MAX_MAP_SIDE} per side` });
  if (problems.length) fail();
  const cells = width * height;

  // 2. Counts, before reading any layer data or tileset.
  const layersIn = map.layers as unknown[];
  const tilesetsIn = map.tilesets as unknown[];
  const c: Census = { layers: 0, objects: 0, drawnTileLayers: 0, busiest: null, tooDeep: null };
  census(layersIn, "", 0, c, problems);
  if (c.tooDeep !== null)
    problems.push({ where: layerWhere(c.tooDeep), problem: `group layers are nested more than ${TILED_LIMITS.maxGroupDepth} deep` });
  if (c.layers > TILED_LIMITS.maxLayers)
    problems.push({
      where: "map",
      problem: `has ${c.layers} layers (group layers included); limit is ${TILED_LIMITS.maxLayers}: merge ${c.layers - TILED_LIMITS.maxLayers} of them into others (in Tiled: select layers that do not overlap, then Layer > Merge Layer Down), or delete empty ones`,
    });
  if (tilesetsIn.length > TILED_LIMITS.maxTilesets)
    problems.push({
      where: "map",
      problem: `uses ${tilesetsIn.length} tilesets; limit is ${TILED_LIMITS.maxTilesets}: remove tilesets the map no longer uses (in Tiled: Map > Remove Unused Tilesets), or combine ${tilesetsIn.length - TILED_LIMITS.maxTilesets + 1} small ones into one image`,
    });
  if (c.objects > TILED_LIMITS.maxObjects)
    problems.push({
      where: "map",
      problem: `has ${c.objects} objects; limit is ${TILED_LIMITS.maxObjects} (layer ${quote(c.busiest!.name)} alone has ${c.busiest!.objects})`,
    });
  if (cells * Math.max(1, c.drawnTileLayers) > MAX_MAP_TILES)
    problems.push({
      where: "map",
      problem: `too many tiles (${cells} × ${c.drawnTileLayers} layers); limit is ${MAX_MAP_TILES}: at ${width}×${height} a map may have ${Math.floor(MAX_MAP_TILES / cells)} tile layers, so merge ${c.drawnTileLayers - Math.floor(MAX_MAP_TILES / cells)} of them into others (in Tiled: Layer > Merge Layer Down on layers that do not overlap)`,
    });
  if (problems.length) fail();

  // 3. Tilesets: embed external ones, normalize all.
  const tilesets: TiledTileset[] = [];
  for (const [i, ts] of tilesetsIn.entries()) {
    const t = importTileset(ts, i, input.tilesets ?? {}, problems);
    if (t) tilesets.push(t);
  }
  const byGid = [...tilesets].sort((a, b) => a.firstgid - b.firstgid);
  for (let i = 1; i < byGid.length; i++) {
    const prev = byGid[i - 1]!;
    const cur = byGid[i]!;
    if (cur.firstgid < prev.firstgid + prev.tilecount)
      problems.push({
        where: `tileset ${quote(cur.name)}`,
        problem: `tile ids ${cur.firstgid}…${cur.firstgid + cur.tilecount - 1} overlap tileset ${quote(prev.name)} (${prev.firstgid}…${prev.firstgid + prev.tilecount - 1}); fix the firstgid values`,
      });
  }

  // 4. Layers.
  const st: ImportState = {
    width,
    height,
    cells,
    problems,
    layerIds: new Set(),
    objectIds: new Map(),
    needLayerId: [],
    needObjectId: [],
  };
  const layers = importLayers(layersIn, "", st);

  const mapProps = normalizeProperties(map, "map", problems);
  const mapExtras = extras(map, MAP_FIELDS, "map", problems);
  if (problems.length) fail();

  // Ids: keep the author's, number the missing ones after the largest, and never let
  // next*id fall below what is used (Tiled would hand out duplicates).
  let nextLayerId = isInt(map.nextlayerid) ? map.nextlayerid : 1;
  for (const id of st.layerIds) if (id >= nextLayerId) nextLayerId = id + 1;
  for (const l of st.needLayerId) l.id = nextLayerId++;
  let nextObjectId = isInt(map.nextobjectid) ? map.nextobjectid : 1;
  for (const id of st.objectIds.keys()) if (id >= nextObjectId) nextObjectId = id + 1;
  for (const o of st.needObjectId) o.id = nextObjectId++;

  const out: TiledMap = {
    ...mapExtras,
    type: "map",
    version: TILED_FORMAT_VERSION,
    tiledversion: typeof map.tiledversion === "string" ? map.tiledversion : DEFAULT_TILED_VERSION,
    orientation: "orthogonal",
    renderorder: typeof map.renderorder === "string" ? map.renderorder : "right-down",
    infinite: false,
    width,
    height,
    tilewidth: TILE_SIZE,
    tileheight: TILE_SIZE,
    nextlayerid: nextLayerId,
    nextobjectid: nextObjectId,
    layers,
    tilesets,
  };
  if (typeof map.class === "string" && map.class !== "") out.class = map.class;
  withProps(out, mapProps);

  const warnings = adoptForeignConventions(out);
  const floor = parseFloor(out);
  return { map: out, floor, warnings };
}

function importTileset(
  ts: unknown,
  index: number,
  files: Record<string, unknown>,
  problems: FloorProblem[],
): TiledTileset | null {
  if (!isObj(ts)) {
    problems.push({ where: `tileset ${index + 1}`, problem: "is not a tileset object" });
    return null;
  }
  const firstgid = ts.firstgid;
  const label = typeof ts.name === "string" && ts.name ? ts.name : typeof ts.source === "string" ? ts.source : String(firstgid ?? index + 1);
  let where = `tileset ${quote(label)}`;
  if (!isInt(firstgid) || firstgid < 1 || firstgid > MAX_GID) {
    problems.push({ where, problem: `firstgid must be a whole number from 1 to ${MAX_GID}, got ${JSON.stringify(firstgid)}` });
    return null;
  }

  let src: Obj = ts;
  let source: string | null = null;
  if (ts.source !== undefined) {
    if (typeof ts.source !== "string" || ts.source === "") {
      problems.push({ where, problem: "source must be the path of a .tsj file" });
      return null;
    }
    source = ts.source;
    const file = baseName(source) + (source.match(/\.[^./\\]*$/)?.[0] ?? "");
    let found: unknown = Object.hasOwn(files, source) ? files[source] : undefined;
    if (found === undefined) {
      const want = normalizePath(source);
      for (const [k, v] of Object.entries(files)) if (normalizePath(k) === want) found = v;
    }
    if (found === undefined) {
      const tsx = /\.tsx$/i.test(source)
        ? ` (it is an XML .tsx tileset: in Tiled open it and use File > Export As… JSON, or embed it in the map)`
        : "";
      problems.push({
        where,
        problem: `external tileset file ${quote(source)} was not provided; upload ${file} together with the map, or embed the tileset in Tiled${tsx}`,
      });
      return null;
    }
    if (typeof found === "string") {
      try {
        found = JSON.parse(found);
      } catch {
        problems.push({ where, problem: `${file} is not JSON (XML .tsx tilesets are not supported; export the tileset as .tsj)` });
        return null;
      }
    }
    if (!isObj(found) || (found.type !== undefined && found.type !== "tileset")) {
      problems.push({ where, problem: `${file} is not a Tiled JSON tileset` });
      return null;
    }
    if (found.source !== undefined) {
      problems.push({ where, problem: `${file} refers to another tileset file; it must contain the tileset itself` });
      return null;
    }
    src = found;
    if (typeof src.name === "string" && src.name) where = `tileset ${quote(src.name)}`;
  }

  for (const key of ["tilewidth", "tileheight", "columns", "tilecount", "margin", "spacing", "imagewidth", "imageheight"] as const) {
    if (src[key] !== undefined && (!isInt(src[key]) || (src[key] as number) < 0)) {
      problems.push({ where, problem: `${key} must be a whole number ≥ 0, got ${JSON.stringify(src[key])}` });
      return null;
    }
  }
  const tw = (src.tilewidth as number | undefined) ?? 0;
  const th = (src.tileheight as number | undefined) ?? 0;
  const image = typeof src.image === "string" ? (source ? rebaseImage(source, src.image) : src.image) : undefined;
  const columns = (src.columns as number | undefined) ?? (tw > 0 ? Math.floor(((src.imagewidth as number | undefined) ?? 0) / tw) : 0);
  const tilecount =
    (src.tilecount as number | undefined) ?? (th > 0 ? columns * Math.floor(((src.imageheight as number | undefined) ?? 0) / th) : 0);
  if (tilecount > TILED_LIMITS.maxTilesetTiles) {
    problems.push({ where, problem: `has ${tilecount} tiles; limit is ${TILED_LIMITS.maxTilesetTiles}` });
    return null;
  }
  if (firstgid + tilecount - 1 > MAX_GID) {
    problems.push({ where, problem: `tile ids ${firstgid}…${firstgid + tilecount - 1} exceed the largest tile id ${MAX_GID}` });
    return null;
  }

  let tiles: TiledTile[] | undefined;
  if (src.tiles !== undefined) {
    if (!Array.isArray(src.tiles)) {
      problems.push({ where, problem: "tiles must be a list (this is the Tiled 1.0–1.1 format; open and save the file with a newer Tiled)" });
      return null;
    }
    if (src.tiles.length > TILED_LIMITS.maxTilesetTiles) {
      problems.push({ where, problem: `lists ${src.tiles.length} tiles; limit is ${TILED_LIMITS.maxTilesetTiles}` });
      return null;
    }
    tiles = [];
    for (const tile of src.tiles) {
      if (!isObj(tile) || !isInt(tile.id) || tile.id < 0) {
        problems.push({ where, problem: `tile entry ${JSON.stringify(isObj(tile) ? tile.id : tile)} has no valid id` });
        continue;
      }
      const tWhere = `${where} tile ${tile.id}`;
      if (image !== undefined && tile.id >= tilecount) {
        problems.push({ where: tWhere, problem: `is outside the tileset (ids 0…${tilecount - 1})` });
        continue;
      }
      const t: TiledTile = { ...extras(tile, TILE_FIELDS, tWhere, problems), id: tile.id };
      if (typeof tile.image === "string") t.image = source ? rebaseImage(source, tile.image) : tile.image;
      if (typeof tile.class === "string" && tile.class) t.class = tile.class;
      if (typeof tile.type === "string" && tile.type) t.type = tile.type;
      tiles.push(withProps(t, normalizeProperties(tile, tWhere, problems)));
    }
  }

  const name = typeof src.name === "string" && src.name ? src.name : source ? baseName(source) : `tileset-${firstgid}`;
  const out: TiledTileset = {
    ...extras(src, TILESET_FIELDS, where, problems),
    firstgid,
    name,
    tilewidth: tw,
    tileheight: th,
    columns,
    tilecount,
    margin: (src.margin as number | undefined) ?? 0,
    spacing: (src.spacing as number | undefined) ?? 0,
  };
  if (typeof src.class === "string" && src.class) out.class = src.class;
  if (image !== undefined) {
    out.image = image;
    out.imagewidth = (src.imagewidth as number | undefined) ?? columns * tw;
    out.imageheight = (src.imageheight as number | undefined) ?? Math.ceil(tilecount / Math.max(1, columns)) * th;
  }
  if (tiles) out.tiles = tiles;
  return withProps(out, normalizeProperties(src, where, problems));
}

function layerBase(layer: Obj, name: string, where: string, st: ImportState): TiledLayerBase {
  const base: TiledLayerBase = {
    ...extras(layer, LAYER_FIELDS, where, st.problems),
    id: 0,
    name,
    visible: layer.visible !== false,
    opacity: isNum(layer.opacity) ? Math.min(1, Math.max(0, layer.opacity)) : 1,
    x: 0,
    y: 0,
  };
  if (typeof layer.class === "string" && layer.class) base.class = layer.class;
  return withProps(base, normalizeProperties(layer, where, st.problems));
}

/** Keep the author's layer id when it is usable and unique; otherwise number it later. */
function registerLayer<T extends TiledLayer>(built: T, raw: Obj, st: ImportState): T {
  if (isInt(raw.id) && raw.id > 0 && !st.layerIds.has(raw.id)) {
    built.id = raw.id;
    st.layerIds.add(raw.id);
  } else {
    st.needLayerId.push(built);
  }
  return built;
}

function importLayers(list: unknown[], prefix: string, st: ImportState): TiledLayer[] {
  const out: TiledLayer[] = [];
  const push = (built: TiledLayer, raw: Obj) => out.push(registerLayer(built, raw, st));
  for (const layer of list as Obj[]) {
    const name = typeof layer.name === "string" ? layer.name : "";
    const path = prefix + (name || "(unnamed)");
    const where = layerWhere(path);
    switch (layer.type) {
      case "tilelayer": {
        if (layer.chunks !== undefined) {
          st.problems.push({ where, problem: "uses chunks (infinite map data); not supported" });
          continue;
        }
        if (
          (layer.width !== undefined && layer.width !== st.width) ||
          (layer.height !== undefined && layer.height !== st.height)
        ) {
          st.problems.push({ where, problem: `is ${String(layer.width)}×${String(layer.height)} tiles but the map is ${st.width}×${st.height}` });
          continue;
        }
        const data = decodeTileData(layer, st.cells, st.width, st.height, where, st.problems);
        if (!data) continue;
        push({ ...layerBase(layer, name, where, st), type: "tilelayer", width: st.width, height: st.height, data }, layer);
        break;
      }
      case "objectgroup": {
        if (layer.objects !== undefined && !Array.isArray(layer.objects)) {
          st.problems.push({ where, problem: "objects must be a list" });
          continue;
        }
        const objects: TiledObject[] = [];
        for (const o of (layer.objects as unknown[] | undefined) ?? []) {
          const obj = importObject(o, where, st);
          if (obj) objects.push(obj);
        }
        push(
          { ...layerBase(layer, name, where, st), type: "objectgroup", draworder: layer.draworder === "index" ? "index" : "topdown", objects },
          layer,
        );
        break;
      }
      case "group": {
        // Register the group before its children so ids are numbered top-down.
        const group: TiledGroupLayer = registerLayer({ ...layerBase(layer, name, where, st), type: "group", layers: [] }, layer, st);
        out.push(group);
        if (Array.isArray(layer.layers)) group.layers = importLayers(layer.layers, `${path}/`, st);
        break;
      }
      case "imagelayer": {
        push({ ...layerBase(layer, name, where, st), type: "imagelayer", image: typeof layer.image === "string" ? layer.image : "" }, layer);
        break;
      }
      default:
        st.problems.push({ where, problem: `unknown layer type ${JSON.stringify(layer.type)}` });
    }
  }
  return out;
}

function importObject(o: unknown, layerWhereStr: string, st: ImportState): TiledObject | null {
  if (!isObj(o)) {
    st.problems.push({ where: `${layerWhereStr} object`, problem: "is not an object" });
    return null;
  }
  const name = typeof o.name === "string" ? o.name : "";
  const hasId = isInt(o.id) && o.id > 0;
  const where = hasId ? (name ? `object ${o.id} ${quote(name)}` : `object ${o.id}`) : `${layerWhereStr} object ${quote(name)}`;
  if (o.template !== undefined) {
    st.problems.push({
      where,
      problem: `is an instance of object template ${quote(String(o.template))}, which Foyer cannot read; in Tiled select it and use "Detach" (Object > Template > Detach)`,
    });
    return null;
  }
  for (const key of ["x", "y"] as const)
    if (!isNum(o[key])) {
      st.problems.push({ where, problem: `${key} must be a number, got ${JSON.stringify(o[key])}` });
      return null;
    }
  for (const key of ["width", "height", "rotation"] as const)
    if (o[key] !== undefined && !isNum(o[key])) {
      st.problems.push({ where, problem: `${key} must be a number, got ${JSON.stringify(o[key])}` });
      return null;
    }
  for (const key of ["class", "type"] as const)
    if (o[key] !== undefined && typeof o[key] !== "string") {
      st.problems.push({ where, problem: `${key} must be text, got ${JSON.stringify(o[key])}` });
      return null;
    }

  const obj: TiledObject = {
    ...extras(o, OBJECT_FIELDS, where, st.problems),
    id: 0,
    name,
    x: o.x as number,
    y: o.y as number,
    width: (o.width as number | undefined) ?? 0,
    height: (o.height as number | undefined) ?? 0,
    rotation: (o.rotation as number | undefined) ?? 0,
    visible: o.visible !== false,
  };
  if (hasId) {
    const id = o.id as number;
    const prior = st.objectIds.get(id);
    if (prior !== undefined) {
      st.problems.push({ where, problem: `id ${id} is already used by ${prior}` });
      return null;
    }
    st.objectIds.set(id, where);
    obj.id = id;
  } else {
    st.needObjectId.push(obj);
  }
  // Zone kind: Tiled ≥ 1.9 writes `class`, older versions (and 1.10 by default) `type`.
  // Canonical objects carry both, equal, so every Tiled version and Phaser read it.
  const kind = ((o.class as string | undefined) || (o.type as string | undefined) || "").trim();
  if (kind) {
    obj.class = kind;
    obj.type = kind;
  }
  return withProps(obj, normalizeProperties(o, where, st.problems));
}

// ---------------------------------------------------------------------------------------
// Export.

/**
 * Files that open in Tiled: the map (.tmj) with layer data as plain arrays and, by
 * default, tilesets embedded; with `externalTilesets`, one .tsj per tileset next to the
 * map, keyed by file name in `tilesets`.
 */
export function exportTiled(map: TiledMap, options: TiledExportOptions = {}): { map: object; tilesets: Record<string, object> } {
  const copy = cloneJson(map) as TiledMap;
  let maxLayerId = 0;
  let maxObjectId = 0;
  const walk = (layers: TiledLayer[]) => {
    for (const l of layers) {
      maxLayerId = Math.max(maxLayerId, l.id);
      if (l.type === "group") walk(l.layers);
      else if (l.type === "objectgroup") for (const o of l.objects) maxObjectId = Math.max(maxObjectId, o.id);
    }
  };
  walk(copy.layers);

  const out: Obj = {
    ...copy,
    type: "map",
    version: TILED_FORMAT_VERSION,
    tiledversion: copy.tiledversion || DEFAULT_TILED_VERSION,
    orientation: "orthogonal",
    renderorder: copy.renderorder || "right-down",
    infinite: false,
    compressionlevel: -1,
    nextlayerid: Math.max(copy.nextlayerid || 1, maxLayerId + 1),
    nextobjectid: Math.max(copy.nextobjectid || 1, maxObjectId + 1),
  };

  const files: Record<string, object> = {};
  if (options.externalTilesets) {
    const used = new Set<string>();
    out.tilesets = copy.tilesets.map((ts) => {
      const stem = ts.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "") || `tileset-${ts.firstgid}`;
      let file = `${stem}.tsj`;
      for (let n = 2; used.has(file.toLowerCase()); n++) file = `${stem}-${n}.tsj`;
      used.add(file.toLowerCase());
      const { firstgid, ...rest } = ts;
      files[file] = { ...rest, type: "tileset", version: TILED_FORMAT_VERSION, tiledversion: out.tiledversion };
      return { firstgid, source: file };
    });
  }
  return { map: out, tilesets: files };
}
