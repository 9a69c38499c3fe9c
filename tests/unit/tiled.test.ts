import fs from "node:fs";
import { gzipSync, zlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { isBlocked, zonesOfKind } from "../../shared/map/model.ts";
import { FloorError, parseFloor } from "../../shared/map/parse.ts";
import {
  exportTiled,
  importTiled,
  TILED_LIMITS,
  type TiledGroupLayer,
  type TiledImportInput,
  type TiledObjectLayer,
  type TiledTileLayer,
} from "../../shared/map/tiled.ts";
import { FIXTURES, IN_MEMORY_ONLY, type FixtureName } from "../fixtures/tiled/fixtures.ts";
import { makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";

const dir = new URL("../fixtures/tiled/", import.meta.url);
const readJson = (rel: string) => JSON.parse(fs.readFileSync(new URL(rel, dir), "utf8")) as Record<string, unknown>;

/** A fixture as saved on disk (falls back to building it for the in-memory ones). */
function fixture(name: FixtureName): TiledImportInput {
  if (IN_MEMORY_ONLY.includes(name)) return FIXTURES[name]();
  const built = FIXTURES[name]();
  const tilesets: Record<string, unknown> = {};
  for (const source of Object.keys(built.tilesets ?? {})) tilesets[source] = readJson(source);
  return { map: readJson(`${name}.tmj`), tilesets };
}

function rejection(input: TiledImportInput): FloorError {
  try {
    importTiled(input);
  } catch (err) {
    expect(err).toBeInstanceOf(FloorError);
    return err as FloorError;
  }
  throw new Error("expected the map to be rejected");
}
const problemsOf = (input: TiledImportInput) => rejection(input).message;

const tileLayers = (layers: unknown[]): TiledTileLayer[] =>
  (layers as TiledTileLayer[]).flatMap((l) =>
    l.type === "tilelayer" ? [l] : (l as unknown as TiledGroupLayer).type === "group" ? tileLayers((l as unknown as TiledGroupLayer).layers) : [],
  );
const objectsOf = (layers: unknown[]): Record<string, unknown>[] =>
  (layers as TiledObjectLayer[]).flatMap((l) =>
    l.type === "objectgroup"
      ? (l.objects as unknown as Record<string, unknown>[])
      : (l as unknown as TiledGroupLayer).type === "group"
        ? objectsOf((l as unknown as TiledGroupLayer).layers)
        : [],
  );

const ACCEPTED: FixtureName[] = [
  "csv",
  "base64",
  "base64-zlib",
  "base64-gzip",
  "external-tileset",
  "two-tilesets",
  "groups",
  "objects-class",
  "objects-type",
  "properties",
];

describe("fixture files", () => {
  it("match the builders in fixtures.ts (regenerate with tests/fixtures/tiled/generate.ts)", () => {
    for (const name of Object.keys(FIXTURES) as FixtureName[]) {
      if (IN_MEMORY_ONLY.includes(name)) continue;
      const built = FIXTURES[name]();
      expect(readJson(`${name}.tmj`), name).toEqual(JSON.parse(JSON.stringify(built.map)));
      for (const [source, tsj] of Object.entries(built.tilesets ?? {})) expect(readJson(source)).toEqual(tsj);
    }
  });
});

describe("importing Tiled maps", () => {
  const csv = importTiled(fixture("csv"));

  it("reads CSV (array) layer data into the same floor parseFloor builds", () => {
    expect(csv.floor).toEqual(parseFloor(makeMap(ROOM_PLAN, ROOM_ZONES)));
    expect(isBlocked(csv.floor, 5, 3)).toBe(true);
    expect(isBlocked(csv.floor, 8, 2)).toBe(true);
    expect(isBlocked(csv.floor, 2, 2)).toBe(false);
    expect(csv.map).toMatchObject({ type: "map", version: "1.10", orientation: "orthogonal", infinite: false, width: 12, height: 8 });
  });

  it.each(["base64", "base64-zlib", "base64-gzip"] as const)("decodes %s layer data to plain arrays", (name) => {
    const { map, floor } = importTiled(fixture(name));
    expect(floor).toEqual(csv.floor);
    expect(map).toEqual(csv.map);
    for (const layer of tileLayers(map.layers)) {
      expect(Array.isArray(layer.data)).toBe(true);
      expect(layer).not.toHaveProperty("encoding");
      expect(layer).not.toHaveProperty("compression");
    }
  });

  it("keeps flip flags in the canonical data (the floor model drops them)", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    const flipped = (0x80000000 | 2) >>> 0;
    ((map.layers as { data: number[] }[])[1]!.data)[0] = flipped;
    const { map: out, floor } = importTiled({ map });
    expect(tileLayers(out.layers)[1]!.data[0]).toBe(flipped);
    expect(floor.layers[1]!.data[0]).toBe(2);
  });

  it("rejects zstd-compressed layers, naming the layer", () => {
    expect(problemsOf(fixture("base64-zstd"))).toMatch(/layer "floor": layer data is compressed with Zstandard \(zstd\)/);
  });

  it("rejects corrupt or unknown layer data", () => {
    const bad = (patch: Record<string, unknown>) => {
      const map = makeMap(ROOM_PLAN, ROOM_ZONES);
      Object.assign((map.layers as object[])[1]!, patch);
      return problemsOf({ map });
    };
    expect(bad({ data: "!!!", encoding: "base64" })).toMatch(/layer "walls": base64 data is not valid base64/);
    expect(bad({ data: btoa("not zlib at all"), encoding: "base64", compression: "zlib" })).toMatch(
      /layer "walls": base64 data is not valid zlib-compressed data/,
    );
    expect(bad({ data: "AAAA", encoding: "base64", compression: "lzma" })).toMatch(/unknown layer data compression "lzma"/);
    expect(bad({ data: "AAAA", encoding: "hex" })).toMatch(/unknown layer data encoding "hex"/);
    expect(bad({ data: [1, 2, 3], width: undefined, height: undefined })).toMatch(/layer "walls": has 3 tiles, expected 96 \(12×8\)/);
    expect(bad({ data: Array(96).fill(-1) })).toMatch(/layer "walls": tile 0 \(at 0, 0\) is -1, not a tile id/);
  });

  it("resolves an external .tsj tileset by its source, embedding it with its firstgid", () => {
    const { map, floor } = importTiled(fixture("external-tileset"));
    expect(floor).toEqual(csv.floor);
    expect(map.tilesets).toHaveLength(1);
    expect(map.tilesets[0]).toMatchObject({ firstgid: 1, name: "test", image: "../tiles/venue.png", tilecount: 4 });
    expect(map.tilesets[0]).not.toHaveProperty("source");
    expect(map.tilesets[0]).not.toHaveProperty("type");
    // The same file under an equivalent path spelling.
    const { map: m2 } = fixture("external-tileset");
    (m2 as { tilesets: { source: string }[] }).tilesets[0]!.source = "./tilesets/../tilesets/room.tsj";
    expect(importTiled({ map: m2, tilesets: fixture("external-tileset").tilesets }).floor).toEqual(csv.floor);
  });

  it("rejects a missing external tileset, naming it and the file to upload", () => {
    const { map } = fixture("external-tileset");
    expect(problemsOf({ map })).toMatch(
      /tileset "tilesets\/room.tsj": external tileset file "tilesets\/room.tsj" was not provided; upload room.tsj together with the map/,
    );
    (map as { tilesets: { source: string }[] }).tilesets[0]!.source = "room.tsx";
    expect(problemsOf({ map })).toMatch(/upload room.tsx together with the map.*XML \.tsx tileset/);
    expect(problemsOf({ map, tilesets: { "room.tsx": "<?xml version='1.0'?><tileset/>" } })).toMatch(/room.tsx is not JSON/);
  });

  it("keeps several tilesets, with collision from either", () => {
    const { map, floor } = importTiled(fixture("two-tilesets"));
    expect(map.tilesets.map((t) => [t.name, t.firstgid])).toEqual([["test", 1], ["furniture", 5]]);
    expect(floor.tilesets.map((t) => t.name)).toEqual(["test", "furniture"]);
    expect(isBlocked(floor, 3, 1)).toBe(true); // plant
    expect(isBlocked(floor, 3, 4)).toBe(false); // rug
    expect(map.tilesets[1]!.tiles![0]).toMatchObject({ id: 0, type: "plant" });
  });

  it("rejects tilesets whose tile ids overlap", () => {
    const { map } = fixture("two-tilesets");
    (map as { tilesets: { firstgid: number }[] }).tilesets[1]!.firstgid = 3;
    expect(problemsOf({ map })).toMatch(/tileset "furniture": tile ids 3…4 overlap tileset "test" \(1…4\)/);
  });

  it("keeps group layers as groups; the floor flattens them into paths", () => {
    const { map, floor } = importTiled(fixture("groups"));
    expect(map.layers.map((l) => [l.type, l.name])).toEqual([["tilelayer", "floor"], ["group", "building"], ["objectgroup", "zones"]]);
    const building = map.layers[1] as TiledGroupLayer;
    expect(building.layers.map((l) => [l.type, l.name, l.id])).toEqual([["group", "structure", 5], ["objectgroup", "quiet zones", 6]]);
    expect((building.layers[0] as TiledGroupLayer).opacity).toBe(0.5);
    expect(floor.layers.map((l) => l.name)).toEqual(["floor", "building/structure/walls"]);
    expect(isBlocked(floor, 5, 3)).toBe(true);
    expect(floor.zones.map((z) => z.name).sort()).toEqual(["Entrance", "Quiet", "Table 1"]);
    expect(map.nextlayerid).toBe(7);
  });

  it("canonical zones carry `class`, and `type` too, whichever the file used", () => {
    for (const name of ["objects-class", "objects-type"] as const) {
      const { map, floor } = importTiled(fixture(name));
      const [entrance, table] = objectsOf(map.layers);
      expect(entrance).toMatchObject({ class: "spawn", type: "spawn" });
      expect(table).toMatchObject({ class: "table", type: "table" });
      expect(zonesOfKind(floor, "table")[0]).toMatchObject({ name: "Table 1", seats: 4, topic: "Testing" });
    }
    // `class` wins when both are present and differ, as in Tiled and parseFloor.
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    ((map.layers as { objects: Record<string, unknown>[] }[])[2]!.objects[0]!).type = "portal";
    expect(objectsOf(importTiled({ map }).map.layers)[0]).toMatchObject({ class: "spawn", type: "spawn" });
  });

  it("keeps custom properties of every type on the map, layers, tiles and zones", () => {
    const { map, floor } = importTiled(fixture("properties"));
    const source = fixture("properties").map as { properties: unknown[] };
    expect(map.properties).toEqual(source.properties);
    expect(map.class).toBe("venue-floor");
    const walls = tileLayers(map.layers)[1]!;
    expect(walls.class).toBe("walls");
    expect(walls.properties).toEqual([
      { name: "above", type: "bool", value: false },
      { name: "note", type: "string", value: "outer walls" },
    ]);
    expect(map.tilesets[0]!.tiles![0]!.properties).toEqual([{ name: "collides", type: "bool", value: true }]);
    const nook = objectsOf(map.layers).find((o) => o.name === "Nook")!;
    expect(nook.properties).toEqual([{ name: "capacity", type: "int", value: 3 }]);
    expect(zonesOfKind(floor, "coffee-corner")[0]).toMatchObject({ name: "Nook", capacity: 3, overhear: false });
    expect(zonesOfKind(floor, "table")[0]).toMatchObject({ seats: 4, topic: "Testing", overhear: true });
  });

  it("converts old-style properties and lossless mismatches; rejects values that do not fit their type", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    const table = (map.layers as { objects: Record<string, unknown>[] }[])[2]!.objects[1]!;
    table.properties = { seats: "6", topic: "Old style" };
    table.propertytypes = { seats: "int", topic: "string" };
    const { map: out, floor } = importTiled({ map });
    expect(objectsOf(out.layers)[1]!.properties).toEqual([
      { name: "seats", type: "int", value: 6 },
      { name: "topic", type: "string", value: "Old style" },
    ]);
    expect(objectsOf(out.layers)[1]).not.toHaveProperty("propertytypes");
    expect(zonesOfKind(floor, "table")[0]!.seats).toBe(6);

    table.properties = [{ name: "seats", type: "int", value: "lots" }];
    delete table.propertytypes;
    expect(problemsOf({ map })).toMatch(/object 2 "Table 1" property "seats": is declared as int but its value is "lots"/);
  });

  it("still reports parseFloor's zone problems; a misspelt zone kind is refused, not dropped", () => {
    const map = makeMap(ROOM_PLAN, [...ROOM_ZONES, { id: 7, name: "Dance floor", class: "stgae", x: 2, y: 4, w: 2, h: 2 }]);
    expect(problemsOf({ map })).toMatch(/object 7 "Dance floor": unknown zone class "stgae"/);
  });

  it("drops an object of a class Foyer has no use for, with a warning", () => {
    const map = makeMap(ROOM_PLAN, [...ROOM_ZONES, { id: 7, name: "Dance floor", class: "disco", x: 2, y: 4, w: 2, h: 2 }]);
    const { map: out, warnings } = importTiled({ map });
    expect(objectsOf(out.layers).map((o) => o.id)).toEqual([1, 2]);
    expect(warnings).toEqual([{ where: "map", warning: 'dropped: 1 disco object (Foyer has no use for this class): "Dance floor"' }]);
  });

  it("rejects object templates, duplicate object ids, and numbers missing ids", () => {
    const withObjects = (edit: (objs: Record<string, unknown>[]) => void) => {
      const map = makeMap(ROOM_PLAN, ROOM_ZONES);
      edit((map.layers as { objects: Record<string, unknown>[] }[])[2]!.objects);
      return { map };
    };
    expect(problemsOf(withObjects((o) => (o[1]!.template = "../templates/table.tx")))).toMatch(
      /object 2 "Table 1": is an instance of object template "..\/templates\/table.tx"/,
    );
    expect(problemsOf(withObjects((o) => (o[1]!.id = 1)))).toMatch(/object 1 "Table 1": id 1 is already used by object 1 "Entrance"/);
    const { map } = importTiled(withObjects((o) => delete o[1]!.id));
    expect(objectsOf(map.layers).map((o) => o.id)).toEqual([1, 3]);
    expect(map.nextobjectid).toBe(4);
  });
});

describe("rejected before any heavy work, naming what and where", () => {
  it("an infinite map, with parseFloor's message", () => {
    expect(problemsOf(fixture("infinite"))).toMatch(/map: infinite maps are not supported; set a fixed map size/);
  });

  it("an isometric map", () => {
    expect(problemsOf(fixture("isometric"))).toMatch(/map: orientation "isometric" is not supported; only orthogonal maps/);
  });

  it("an oversized map (its data is never read)", () => {
    expect(problemsOf(fixture("oversized"))).toMatch(/map: size 600×600 tiles is outside 1…512 per side/);
  });

  it("too many tiles in total", () => {
    const map: Record<string, unknown> = { ...makeMap(ROOM_PLAN, ROOM_ZONES), width: 400, height: 400 };
    const walls = (map.layers as Record<string, unknown>[])[1]!;
    map.layers = [...(map.layers as unknown[]), ...Array.from({ length: 9 }, (_, i) => ({ ...walls, id: 10 + i, name: `decor ${i}` }))];
    expect(problemsOf({ map })).toMatch(
      /map: too many tiles \(160000 × 11 layers\); limit is 1600000: at 400×400 a map may have 10 tile layers, so merge 1 of them into others/,
    );
  });

  it("too many objects, naming the busiest layer", () => {
    expect(problemsOf(fixture("too-many-objects"))).toMatch(/map: has 2001 objects; limit is 2000 \(layer "zones" alone has 2001\)/);
  });

  it("too many tilesets", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    const ts = (map.tilesets as { firstgid: number }[])[0]!;
    map.tilesets = Array.from({ length: 65 }, (_, i) => ({ ...ts, firstgid: 1 + i * 4 }));
    expect(problemsOf({ map })).toMatch(/map: uses 65 tilesets; limit is 64: remove tilesets the map no longer uses/);
    map.tilesets = Array.from({ length: 64 }, (_, i) => ({ ...ts, name: `t${i}`, firstgid: 1 + i * 4 }));
    expect(importTiled({ map }).floor.tilesets).toHaveLength(64);
  });

  it("too many layers, or groups nested too deep", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    const layers = map.layers as Record<string, unknown>[];
    map.layers = [...layers, ...Array.from({ length: 126 }, (_, i) => ({ type: "objectgroup", name: `notes ${i}`, objects: [] }))];
    expect(problemsOf({ map })).toMatch(/map: has 129 layers \(group layers included\); limit is 128: merge 1 of them into others/);
    map.layers = [...layers, ...Array.from({ length: 125 }, (_, i) => ({ type: "objectgroup", name: `notes ${i}`, objects: [] }))];
    expect(importTiled({ map }).map.layers).toHaveLength(128);

    let nested: Record<string, unknown> = layers[2]!;
    for (let i = 0; i < 10; i++) nested = { type: "group", name: `g${i}`, layers: [nested] };
    map.layers = [layers[0], layers[1], nested];
    expect(problemsOf({ map })).toMatch(/layer "g9\/g8\/g7\/g6\/g5\/g4\/g3\/g2\/g1": group layers are nested more than 8 deep/);
  });

  it("decoded data longer than the map, without inflating all of it", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    const walls = (map.layers as Record<string, unknown>[])[1]!;
    const bomb = new Uint8Array(8 * 1024 * 1024); // 8 MB of zeros, ~8 KB compressed
    const packed = zlibSync(bomb, { level: 9 });
    walls.data = Buffer.from(packed).toString("base64");
    walls.encoding = "base64";
    walls.compression = "zlib";
    // 8 KB of compressed text is itself more than a 12×8 layer can need.
    expect(problemsOf({ map })).toMatch(/layer "walls": base64 data is \d+ characters, more than a 12×8 layer can need/);
    // A bomb small enough to get past that check is stopped while inflating.
    const small = gzipSync(new Uint8Array(96 * 4 + 100_000), { level: 9 });
    walls.data = Buffer.from(small).toString("base64");
    walls.compression = "gzip";
    const t0 = performance.now();
    expect(problemsOf({ map })).toMatch(/layer "walls": gzip data expands to more than 96 tiles \(12×8\)/);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it("tilesets too large, or lists that are not lists", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    (map.tilesets as Record<string, unknown>[])[0]!.tilecount = TILED_LIMITS.maxTilesetTiles + 1;
    expect(problemsOf({ map })).toMatch(/tileset "test": has 16385 tiles; limit is 16384/);
    expect(problemsOf({ map: { ...makeMap(ROOM_PLAN, ROOM_ZONES), layers: "nope" } })).toMatch(/map.layers: must be a list of layers/);
    expect(problemsOf({ map: "hello" })).toMatch(/map: is not a Tiled JSON map object/);
    expect(problemsOf({ map: { ...makeMap(ROOM_PLAN, ROOM_ZONES), type: "tileset" } })).toMatch(/map.type: is "tileset"; expected "map"/);
  });
});

describe("export and round trip", () => {
  const venue = () => ({ map: JSON.parse(fs.readFileSync(new URL("../../assets/maps/default-venue.tmj", import.meta.url), "utf8")) });
  const inputs: [string, () => TiledImportInput][] = [
    ...ACCEPTED.map((n) => [n, () => fixture(n)] as [string, () => TiledImportInput]),
    ["default venue", venue],
  ];

  it.each(inputs)("%s: import ∘ export ∘ import = import (embedded and external tilesets)", (_name, input) => {
    const first = importTiled(input());
    const exported = exportTiled(first.map);
    expect(exported.tilesets).toEqual({});
    const again = importTiled({ map: JSON.parse(JSON.stringify(exported.map)) });
    expect(again.map).toEqual(first.map);
    expect(again.floor).toEqual(first.floor);

    const ext = JSON.parse(JSON.stringify(exportTiled(first.map, { externalTilesets: true })));
    expect(Object.keys(ext.tilesets)).toHaveLength(first.map.tilesets.length);
    const viaFiles = importTiled({ map: ext.map, tilesets: ext.tilesets });
    expect(viaFiles.map).toEqual(first.map);
    expect(viaFiles.floor).toEqual(first.floor);

    // The canonical form is a fixed point.
    expect(importTiled({ map: first.map }).map).toEqual(first.map);
  });

  it("writes what Tiled needs to open the file", () => {
    const { map } = importTiled(fixture("groups"));
    const out = exportTiled(map).map as Record<string, unknown>;
    expect(out).toMatchObject({
      type: "map",
      version: "1.10",
      tiledversion: "1.10.2",
      orientation: "orthogonal",
      renderorder: "right-down",
      infinite: false,
      tilewidth: 32,
      tileheight: 32,
    });
    expect(out.nextlayerid).toBe(7);
    expect(out.nextobjectid).toBe(4);
    for (const layer of tileLayers(out.layers as unknown[])) {
      expect(layer.data).toHaveLength(96);
      expect(layer).toMatchObject({ visible: true, x: 0, y: 0 });
      expect(typeof layer.opacity).toBe("number");
    }
    // next ids never fall at or below an id in use, even if the map claims otherwise.
    const stale = exportTiled({ ...map, nextlayerid: 1, nextobjectid: 1 }).map as Record<string, number>;
    expect(stale.nextlayerid).toBe(7);
    expect(stale.nextobjectid).toBe(4);
  });

  it("writes external tilesets as .tsj files next to the map", () => {
    const { map } = importTiled(fixture("two-tilesets"));
    const { map: out, tilesets } = exportTiled(map, { externalTilesets: true }) as {
      map: { tilesets: unknown[] };
      tilesets: Record<string, Record<string, unknown>>;
    };
    expect(out.tilesets).toEqual([{ firstgid: 1, source: "test.tsj" }, { firstgid: 5, source: "furniture.tsj" }]);
    expect(tilesets["furniture.tsj"]).toMatchObject({ type: "tileset", version: "1.10", name: "furniture", image: "../tiles/furniture.png" });
    expect(tilesets["furniture.tsj"]).not.toHaveProperty("firstgid");
  });

  it("does not change its input", () => {
    const input = fixture("base64-zlib");
    const before = JSON.stringify(input.map);
    const { map } = importTiled(input);
    expect(JSON.stringify(input.map)).toBe(before);
    const canonical = JSON.stringify(map);
    exportTiled(map, { externalTilesets: true });
    expect(JSON.stringify(map)).toBe(canonical);
  });
});
