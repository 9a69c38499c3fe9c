import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { AVATARS, DIRECTIONS, TILE_SIZE } from "../../shared/constants.ts";
import { type PortalZone, type Zone, zonesOfKind } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import {
  type Tmj,
  type TmjTileLayer,
  type ZoneRect,
  checkReachability,
  collidingGids,
  walkableGrid,
  zoneTiles,
  zonesOf,
} from "../../assets/src/mapcheck.ts";

const assets = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "assets");
/** The default venue's floors by slug: what portals name as `target`. */
const FLOORS = { main: "default-venue.tmj", terrace: "terrace.tmj" } as const;
type Slug = keyof typeof FLOORS;
const SLUGS = Object.keys(FLOORS) as Slug[];

const readText = (slug: Slug): string => readFileSync(join(assets, "maps", FLOORS[slug]), "utf8");
const readMap = (slug: Slug): Tmj => JSON.parse(readText(slug)) as Tmj;
const pngSize = (path: string): { width: number; height: number } => {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height };
};
const rectOf = (z: Zone): [number, number, number, number] => [z.rect.x, z.rect.y, z.rect.width, z.rect.height];
const touches = (a: ZoneRect, b: ZoneRect): boolean =>
  a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;

describe("avatar spritesheets", () => {
  it.each(AVATARS)("%s.png is 3 frames × %i directions of TILE_SIZE", (id) => {
    const path = join(assets, "avatars", `${id}.png`);
    expect(existsSync(path)).toBe(true);
    expect(pngSize(path)).toEqual({ width: 3 * TILE_SIZE, height: DIRECTIONS.length * TILE_SIZE });
    expect(pngSize(path)).toEqual({ width: 96, height: 128 });
  });
});

describe.each(SLUGS)("the %s floor", (slug) => {
  it("is a fixed-size orthogonal Tiled map with one embedded tileset matching the PNG", () => {
    const raw = JSON.parse(readText(slug)) as Record<string, unknown> & Tmj;
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
    const map = readMap(slug);
    const ts = map.tilesets[0];
    if (!ts) throw new Error("no tileset");
    const tileLayers = map.layers.filter((l): l is TmjTileLayer => l.type === "tilelayer");
    expect(tileLayers.map((l) => l.name)).toEqual(expect.arrayContaining(["floor", "walls", "furniture"]));
    for (const l of tileLayers) {
      expect(l.data).toHaveLength(map.width * map.height);
      for (const gid of l.data) expect(gid === 0 || (gid >= ts.firstgid && gid < ts.firstgid + ts.tilecount)).toBe(true);
    }
  });

  it("parses with the floor parser the server uses", () => {
    const floor = parseFloor(JSON.parse(readText(slug)));
    expect(floor.blocked.some((b) => b === 1)).toBe(true);
    expect(zonesOfKind(floor, "spawn").length).toBeGreaterThanOrEqual(1);
    expect(zonesOfKind(floor, "portal")).toHaveLength(1);
  });

  it("has zones inside the map, on the tile grid, with unique ids and names, none overlapping", () => {
    const map = readMap(slug);
    const zones = zonesOf(map);
    expect(new Set(zones.map((z) => z.id)).size).toBe(zones.length);
    expect(new Set(zones.map((z) => z.name)).size).toBe(zones.length);
    for (const z of zones) {
      expect([z.x, z.y, z.w, z.h].every(Number.isInteger)).toBe(true);
      expect(z.x >= 0 && z.y >= 0 && z.x + z.w <= map.width && z.y + z.h <= map.height).toBe(true);
    }
    for (const a of zones)
      for (const b of zones) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap ? `${a.name} overlaps ${b.name}` : "").toBe("");
      }
    expect(zones.some((z) => z.cls === "coffee-corner" && z.props.overhear === true)).toBe(true);
    for (const t of zones.filter((z) => z.cls === "table")) {
      expect(typeof t.props.seats).toBe("number");
      expect(typeof t.props.topic).toBe("string");
    }
  });

  it.each(zonesOf(readMap(slug)).filter((z) => z.cls === "spawn").map((z) => z.name))(
    "lets someone who appears at spawn %s walk to every zone",
    (spawn) => {
      const report = checkReachability(readMap(slug), spawn);
      expect(report.unreachableZones).toEqual([]);
      expect(report.pockets).toEqual([]);
    },
  );
});

describe("the main floor", () => {
  it("keeps its rooms and zones where they were", () => {
    const floor = parseFloor(JSON.parse(readText("main")));
    expect(floor.width).toBe(64);
    expect(floor.height).toBe(44);
    const rect = (name: string) => {
      const z = floor.zones.find((zz) => zz.name === name);
      return z ? [z.kind, ...rectOf(z)] : null;
    };
    expect(rect("Entrance")).toEqual(["spawn", 28, 37, 8, 5]);
    expect(rect("Lounge corner")).toEqual(["coffee-corner", 1, 31, 8, 7]);
    expect(rect("Fireside corner")).toEqual(["coffee-corner", 14, 31, 8, 7]);
    expect(rect("Café corner")).toEqual(["coffee-corner", 42, 35, 8, 7]);
    expect(rect("Main stage")).toEqual(["stage", 6, 2, 20, 6]);
    expect(rect("Main audience")).toEqual(["audience", 2, 10, 28, 11]);
    expect(rect("Quiet room")).toEqual(["silent", 55, 36, 8, 7]);
    expect(zonesOfKind(floor, "table")).toHaveLength(6);
    for (const t of zonesOfKind(floor, "table")) expect(t.seats).toBeGreaterThanOrEqual(2);
    const [stage] = zonesOfKind(floor, "stage");
    expect(stage?.audience).toEqual(["Main audience"]);
    // The entrance stays the first spawn (the default for anyone not arriving by the stairs).
    expect(zonesOfKind(floor, "spawn").map((z) => z.name)).toEqual(["Entrance", "Bottom of the stairs"]);
  });

  it("has a staircase up to the terrace that the entrance can reach", () => {
    const map = readMap("main");
    const portal = zonesOf(map).find((z) => z.cls === "portal");
    expect(portal).toMatchObject({ name: "Stairs to the terrace", props: { target: "terrace", targetSpawn: "Top of the stairs" } });
    if (!portal) return;
    const fromEntrance = checkReachability(map, "Entrance");
    const walkable = walkableGrid(map);
    for (const [x, y] of zoneTiles(portal)) {
      expect(walkable[y * map.width + x]).toBe(true);
      expect(fromEntrance.reached[y * map.width + x]).toBe(true);
    }
  });
});

describe("the terrace", () => {
  it("is a roof terrace with corners, tables and the way back down", () => {
    const floor = parseFloor(JSON.parse(readText("terrace")));
    expect(floor.width).toBeGreaterThanOrEqual(30);
    expect(floor.height).toBeGreaterThanOrEqual(20);
    const corners = zonesOfKind(floor, "coffee-corner");
    expect(corners.length).toBeGreaterThanOrEqual(2);
    expect(corners.some((c) => c.overhear)).toBe(true);
    expect(corners.some((c) => !c.overhear)).toBe(true);
    const tables = zonesOfKind(floor, "table");
    expect(tables.length).toBeGreaterThanOrEqual(1);
    for (const t of tables) {
      expect(t.seats).toBeGreaterThanOrEqual(2);
      expect(t.topic).toBeTruthy();
    }
    expect(zonesOfKind(floor, "spawn").map((z) => z.name)).toEqual(["Top of the stairs"]);
    expect(zonesOfKind(floor, "portal")[0]).toMatchObject({
      name: "Stairs to the main floor",
      target: "main",
      targetSpawn: "Bottom of the stairs",
    });
  });

  it("uses the same tileset as the main floor, so both draw from one image", () => {
    const main = readMap("main").tilesets[0];
    const terrace = readMap("terrace").tilesets[0];
    expect(terrace).toEqual(main);
  });
});

describe("portals between the floors", () => {
  it.each(SLUGS)("the %s floor's portal leads to a spawn on its target floor, away from that floor's portal", (slug) => {
    const floor = parseFloor(JSON.parse(readText(slug)));
    for (const portal of zonesOfKind(floor, "portal") as PortalZone[]) {
      expect(SLUGS).toContain(portal.target);
      const target = readMap(portal.target as Slug);
      const zones = zonesOf(target);
      const spawn = zones.find((z) => z.cls === "spawn" && z.name === portal.targetSpawn);
      expect(spawn, `${portal.target} has spawn ${portal.targetSpawn}`).toBeDefined();
      if (!spawn) continue;
      // Arriving inside (or right beside) the way back would bounce people straight back.
      for (const back of zones.filter((z) => z.cls === "portal")) expect(touches(spawn, back)).toBe(false);
      // ...and from where they arrive they can walk back to the portal.
      const report = checkReachability(target, spawn.name);
      const back = zones.find((z) => z.cls === "portal");
      expect(back && zoneTiles(back).some(([x, y]) => report.reached[y * target.width + x])).toBe(true);
    }
  });

  it("pair up: each floor's stairs lead to the spawn at the foot of the other's", () => {
    const portalOf = (slug: Slug) => zonesOfKind(parseFloor(JSON.parse(readText(slug))), "portal")[0];
    const up = portalOf("main");
    const down = portalOf("terrace");
    expect(up?.target).toBe("terrace");
    expect(down?.target).toBe("main");
    const spawnNear = (slug: Slug, portal: PortalZone | undefined) => {
      const floor = parseFloor(JSON.parse(readText(slug)));
      return zonesOfKind(floor, "spawn").find((s) => portal && Math.abs(s.rect.y - portal.rect.y) <= 4 && Math.abs(s.rect.x - portal.rect.x) <= 4);
    };
    // The spawn each portal sends you to is the one next to the stairs on the other floor.
    expect(spawnNear("terrace", down)?.name).toBe(up?.targetSpawn);
    expect(spawnNear("main", up)?.name).toBe(down?.targetSpawn);
  });
});
