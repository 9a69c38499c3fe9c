import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { AVATARS, DIRECTIONS, TILE_SIZE } from "../../shared/constants.ts";
import { type Tmj, type TmjTileLayer, checkReachability, collidingGids, zonesOf } from "../../assets/src/mapcheck.ts";

const assets = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "assets");
const mapPath = join(assets, "maps", "default-venue.tmj");
const readMap = (): Tmj => JSON.parse(readFileSync(mapPath, "utf8")) as Tmj;
const pngSize = (path: string): { width: number; height: number } => {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height };
};

describe("avatar spritesheets", () => {
  it.each(AVATARS)("%s.png is 3 frames × %i directions of TILE_SIZE", (id) => {
    const path = join(assets, "avatars", `${id}.png`);
    expect(existsSync(path)).toBe(true);
    expect(pngSize(path)).toEqual({ width: 3 * TILE_SIZE, height: DIRECTIONS.length * TILE_SIZE });
    expect(pngSize(path)).toEqual({ width: 96, height: 128 });
  });
});

describe("default venue map", () => {
  it("is a fixed-size orthogonal Tiled map with one embedded tileset matching the PNG", () => {
    const raw = JSON.parse(readFileSync(mapPath, "utf8")) as Record<string, unknown> & Tmj;
    expect(raw.type).toBe("map");
    expect(raw.orientation).toBe("orthogonal");
    expect(raw.infinite).toBe(false);
    expect(raw.tilewidth).toBe(TILE_SIZE);
    expect(raw.tileheight).toBe(TILE_SIZE);
    expect(raw.tilesets).toHaveLength(1);
    const ts = raw.tilesets[0];
    if (!ts) throw new Error("no tileset");
    expect(ts.firstgid).toBe(1);
    expect(ts.image).toBe("../tiles/venue.png");
    const size = pngSize(join(assets, "maps", ts.image));
    expect({ width: ts.imagewidth, height: ts.imageheight }).toEqual(size);
    expect(ts.columns * TILE_SIZE).toBe(size.width);
    expect(ts.tilecount).toBe(ts.columns * (size.height / TILE_SIZE));
    expect(collidingGids(raw).size).toBeGreaterThan(0);
  });

  it("has floor, walls and furniture layers whose gids all exist in the tileset", () => {
    const map = readMap();
    const ts = map.tilesets[0];
    if (!ts) throw new Error("no tileset");
    const tileLayers = map.layers.filter((l): l is TmjTileLayer => l.type === "tilelayer");
    expect(tileLayers.map((l) => l.name)).toEqual(expect.arrayContaining(["floor", "walls", "furniture"]));
    for (const l of tileLayers) {
      expect(l.data).toHaveLength(map.width * map.height);
      for (const gid of l.data) expect(gid === 0 || (gid >= ts.firstgid && gid < ts.firstgid + ts.tilecount)).toBe(true);
    }
  });

  it("has the required zones, inside the map and on the tile grid", () => {
    const map = readMap();
    const zones = zonesOf(map);
    const count = (cls: string): number => zones.filter((z) => z.cls === cls).length;
    expect(count("spawn")).toBe(1);
    expect(count("coffee-corner")).toBeGreaterThanOrEqual(3);
    expect(count("table")).toBeGreaterThanOrEqual(4);
    expect(count("stage")).toBe(1);
    expect(count("audience")).toBe(1);
    expect(count("silent")).toBeGreaterThanOrEqual(1);
    expect(new Set(zones.map((z) => z.id)).size).toBe(zones.length);
    for (const z of zones) {
      expect([z.x, z.y, z.w, z.h].every(Number.isInteger)).toBe(true);
      expect(z.x >= 0 && z.y >= 0 && z.x + z.w <= map.width && z.y + z.h <= map.height).toBe(true);
    }
    const stage = zones.find((z) => z.cls === "stage");
    expect(zones.some((z) => z.cls === "audience" && z.name === stage?.props.audience)).toBe(true);
    expect(zones.some((z) => z.cls === "coffee-corner" && z.props.overhear === true)).toBe(true);
    for (const t of zones.filter((z) => z.cls === "table")) {
      expect(typeof t.props.seats).toBe("number");
      expect(typeof t.props.topic).toBe("string");
    }
  });

  it("lets someone walk from the spawn to every zone", () => {
    const map = readMap();
    const report = checkReachability(map);
    expect(report.unreachableZones).toEqual([]);
    expect(report.pockets).toEqual([]);
  });
});
