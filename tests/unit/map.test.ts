import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { isBlocked, rectContainsTile, zonesOfKind } from "../../shared/map/model.ts";
import { FloorError, parseFloor } from "../../shared/map/parse.ts";
import { makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";

function problemsOf(input: unknown): string {
  try {
    parseFloor(input);
  } catch (err) {
    expect(err).toBeInstanceOf(FloorError);
    return (err as FloorError).message;
  }
  throw new Error("expected the map to be rejected");
}

describe("the default venue", () => {
  const load = () =>
    parseFloor(JSON.parse(fs.readFileSync(new URL("../../assets/maps/default-venue.tmj", import.meta.url), "utf8")));

  it("parses, with walls that block and an entrance to appear at", () => {
    const floor = load();
    expect(floor.width).toBeGreaterThan(30);
    expect(floor.blocked.some((b) => b === 1)).toBe(true);
    expect(zonesOfKind(floor, "spawn").length).toBeGreaterThanOrEqual(1);
  });

  it("has at least three coffee corners, four tables with seats, and a stage with its audience", () => {
    const floor = load();
    expect(zonesOfKind(floor, "coffee-corner").length).toBeGreaterThanOrEqual(3);
    const tables = zonesOfKind(floor, "table");
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const t of tables) expect(t.seats).toBeGreaterThanOrEqual(2);
    const [stage] = zonesOfKind(floor, "stage");
    expect(stage).toBeDefined();
    for (const name of stage!.audience) expect(floor.zones.find((z) => z.name === name)?.kind).toBe("audience");
  });
});

describe("parsing a floor", () => {
  it("reads size, collision from tile properties, and zones with their properties", () => {
    const floor = parseFloor(makeMap(ROOM_PLAN, ROOM_ZONES));
    expect(floor.width).toBe(12);
    expect(floor.height).toBe(8);
    expect(isBlocked(floor, 0, 0)).toBe(true); // outer wall
    expect(isBlocked(floor, 5, 3)).toBe(true); // dividing wall
    expect(isBlocked(floor, 8, 2)).toBe(true); // the table blocks
    expect(isBlocked(floor, 2, 2)).toBe(false);
    expect(isBlocked(floor, -1, 2)).toBe(true); // outside the map
    const table = zonesOfKind(floor, "table")[0]!;
    expect(table).toMatchObject({ name: "Table 1", seats: 4, topic: "Testing", rect: { x: 7, y: 1, width: 3, height: 3 } });
    expect(floor.zones.filter((z) => rectContainsTile(z.rect, 8, 1)).map((z) => z.name)).toEqual(["Table 1"]);
  });

  it("accepts `type` (Tiled before 1.9) as well as `class`", () => {
    const floor = parseFloor(makeMap(ROOM_PLAN, ROOM_ZONES, { useType: true }));
    expect(zonesOfKind(floor, "table")).toHaveLength(1);
  });

  it("reads uncompressed base64 layer data like CSV data", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    const layer = (map.layers as { data: number[]; encoding?: string }[])[1]!;
    const bytes = new Uint8Array(new Uint32Array(layer.data).buffer);
    (layer as unknown as { data: string }).data = Buffer.from(bytes).toString("base64");
    layer.encoding = "base64";
    const floor = parseFloor(map);
    expect(isBlocked(floor, 5, 3)).toBe(true);
    expect(isBlocked(floor, 2, 2)).toBe(false);
  });

  it("refuses base64 layer data that is not base64 with a problem, not a crash", () => {
    for (const data of ["A", "!!!!", "AAAA=A=="]) {
      const map = makeMap(ROOM_PLAN, ROOM_ZONES);
      const layer = (map.layers as { data: unknown; encoding?: string }[])[1]!;
      layer.data = data;
      layer.encoding = "base64";
      expect(problemsOf(map)).toMatch(/base64 data is not a whole number of 32-bit tile ids/);
    }
  });

  it("flattens group layers, keeping their names as paths", () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    const layers = map.layers as unknown[];
    map.layers = [layers[0], { type: "group", name: "building", layers: [layers[1]] }, layers[2]];
    const floor = parseFloor(map);
    expect(floor.layers.map((l) => l.name)).toEqual(["floor", "building/walls"]);
    expect(isBlocked(floor, 5, 3)).toBe(true);
  });
});

describe("a broken floor is rejected with a message naming what and where", () => {
  const base = () => makeMap(ROOM_PLAN, ROOM_ZONES);

  it("not a map at all", () => {
    expect(problemsOf("hello")).toMatch(/map: is not a Tiled JSON map/);
    expect(problemsOf({ orientation: "orthogonal" })).toMatch(/map\.width/);
  });

  it("an infinite map", () => {
    expect(problemsOf({ ...base(), infinite: true })).toMatch(/infinite maps are not supported/);
  });

  it("an isometric map", () => {
    expect(problemsOf({ ...base(), orientation: "isometric" })).toMatch(/orientation "isometric" is not supported/);
  });

  it("an oversized map", () => {
    expect(problemsOf({ ...base(), width: 5000 })).toMatch(/size 5000×8 tiles is outside/);
  });

  it("a layer whose data does not match the map size", () => {
    const map = base();
    (map.layers as { data: number[] }[])[1]!.data = [1, 2, 3];
    delete (map.layers as { width?: number }[])[1]!.width;
    expect(problemsOf(map)).toMatch(/layer "walls": has 3 tiles, expected 96 \(12×8\)/);
  });

  it("a tile that belongs to no tileset", () => {
    const map = base();
    (map.layers as { data: number[] }[])[1]!.data[13] = 99;
    expect(problemsOf(map)).toMatch(/layer "walls": tile id 99 at \(1, 1\) belongs to no tileset/);
  });

  it("a missing external tileset", () => {
    const map = base();
    map.tilesets = [{ firstgid: 1, source: "venue.tsj" }];
    expect(problemsOf(map)).toMatch(/tileset "venue.tsj": external tileset "venue.tsj" was not provided/);
  });

  it("an unknown zone class", () => {
    const map = makeMap(ROOM_PLAN, [...ROOM_ZONES, { id: 7, name: "Dance floor", class: "disco", x: 2, y: 4, w: 2, h: 2 }]);
    expect(problemsOf(map)).toMatch(/object 7 "Dance floor": unknown zone class "disco"/);
  });

  it("a zone outside the map", () => {
    const map = makeMap(ROOM_PLAN, [...ROOM_ZONES, { id: 8, name: "Balcony", class: "coffee-corner", x: 10, y: 6, w: 4, h: 4 }]);
    expect(problemsOf(map)).toMatch(/object 8 "Balcony": lies outside the map/);
  });

  it("a stage linking a missing audience", () => {
    const map = makeMap(ROOM_PLAN, [
      ...ROOM_ZONES,
      { id: 9, name: "Main stage", class: "stage", x: 6, y: 5, w: 3, h: 1, props: { audience: "Hall" } },
    ]);
    expect(problemsOf(map)).toMatch(/object 9 "Main stage": stage links audience "Hall", which does not exist/);
  });

  it("a table without seats, or with nonsense seats", () => {
    const noSeats = makeMap(ROOM_PLAN, [ROOM_ZONES[0]!, { id: 5, name: "T", class: "table", x: 7, y: 1, w: 3, h: 3 }]);
    expect(problemsOf(noSeats)).toMatch(/object 5 "T": property "seats" is required/);
    const badSeats = makeMap(ROOM_PLAN, [ROOM_ZONES[0]!, { id: 5, name: "T", class: "table", x: 7, y: 1, w: 3, h: 3, props: { seats: -2 } }]);
    expect(problemsOf(badSeats)).toMatch(/property "seats" must be a whole number from 1 to 1000, got -2/);
  });

  it("no spawn zone", () => {
    expect(problemsOf(makeMap(ROOM_PLAN, [ROOM_ZONES[1]!]))).toMatch(/has no spawn zone/);
  });

  it("a spawn zone entirely on walls", () => {
    expect(problemsOf(makeMap(ROOM_PLAN, [{ id: 3, name: "Wall spawn", class: "spawn", x: 0, y: 0, w: 2, h: 1 }]))).toMatch(
      /object 3 "Wall spawn": spawn zone has no walkable tile/,
    );
  });

  it("two zones with the same name", () => {
    const map = makeMap(ROOM_PLAN, [...ROOM_ZONES, { id: 4, name: "Table 1", class: "silent", x: 1, y: 4, w: 1, h: 1 }]);
    expect(problemsOf(map)).toMatch(/object 4 "Table 1": zone name "Table 1" is already used/);
  });

  it("a portal without a target floor", () => {
    const map = makeMap(ROOM_PLAN, [...ROOM_ZONES, { id: 6, name: "Stairs", class: "portal", x: 1, y: 5, w: 1, h: 1 }]);
    expect(problemsOf(map)).toMatch(/object 6 "Stairs": property "target" is required/);
  });

  it("tiles of the wrong size", () => {
    expect(problemsOf({ ...base(), tilewidth: 16, tileheight: 16 })).toMatch(/tile size 16×16 is not supported/);
  });

  it("reports every problem at once", () => {
    const map = makeMap(ROOM_PLAN, [
      { id: 1, name: "A", class: "disco", x: 1, y: 1, w: 1, h: 1 },
      { id: 2, name: "B", class: "spawn", x: 20, y: 1, w: 1, h: 1 },
    ]);
    const err = (() => {
      try {
        parseFloor(map);
      } catch (e) {
        return e as FloorError;
      }
      throw new Error("not rejected");
    })();
    expect(err.problems.length).toBeGreaterThanOrEqual(3);
  });
});
