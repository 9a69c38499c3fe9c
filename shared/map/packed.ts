/**
 * Tile layer data as it is stored: Tiled's own "Base64 (zlib compressed)" layer format,
 * so a conference map's 700 000 cells are a few kilobytes of text instead of 2 MB of JSON
 * numbers for the database to parse, index and copy (twice: the floor and its version).
 * Everyone who reads a stored map gets plain arrays back (unpackTileData). A stored map
 * stays a valid Tiled file either way. Pure.
 */
import { unzlibSync, zlibSync } from "fflate";
import { base64ToBytes } from "./values.ts";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Each layer of `layers` (groups included) passed through `f`; a layer `f` leaves alone is kept as it is. */
function mapLayers(layers: unknown, f: (layer: Json) => Json): unknown {
  if (!Array.isArray(layers)) return layers;
  return layers.map((l: unknown) => {
    if (!isRecord(l)) return l;
    const next = f(l);
    return l.type === "group" ? { ...next, layers: mapLayers(l.layers, f) } : next;
  });
}

/** A copy of `map` whose tile layers' plain-array data is zlib-compressed base64 (the input is untouched). */
export function packTileData(map: unknown): unknown {
  if (!isRecord(map)) return map;
  return {
    ...map,
    layers: mapLayers(map.layers, (l) => {
      if (l.type !== "tilelayer" || !Array.isArray(l.data) || "encoding" in l || "compression" in l) return l;
      const cells = l.data as unknown[];
      const raw = new Uint8Array(cells.length * 4);
      const view = new DataView(raw.buffer);
      for (let i = 0; i < cells.length; i++) {
        const g = cells[i];
        if (typeof g !== "number" || !Number.isInteger(g) || g < 0 || g > 0xffffffff) return l; // not a tile id: leave as it is
        view.setUint32(i * 4, g, true);
      }
      return { ...l, data: bytesToBase64(zlibSync(raw, { level: 6 })), encoding: "base64", compression: "zlib" };
    }),
  };
}

/** `map` with every layer packTileData compressed back to plain arrays (other layers as they are). */
export function unpackTileData(map: unknown): unknown {
  if (!isRecord(map)) return map;
  return {
    ...map,
    layers: mapLayers(map.layers, (l) => {
      if (l.type !== "tilelayer" || typeof l.data !== "string" || l.encoding !== "base64" || l.compression !== "zlib") return l;
      const packed = base64ToBytes(l.data);
      if (!packed) return l;
      const raw = unzlibSync(packed);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const data = new Array<number>(raw.byteLength >>> 2);
      for (let i = 0; i < data.length; i++) data[i] = view.getUint32(i * 4, true);
      const { encoding: _e, compression: _c, ...rest } = l;
      return { ...rest, data };
    }),
  };
}
