/**
 * Restacking a many-layered map for drawing (shared/map/drawLayers.ts): the same tiles in
 * the same cells in the same order, on fewer layers — so a conference map's 88 layers do
 * not cost Phaser 88 × width × height tile objects before the floor shows.
 */
import { describe, expect, it } from "vitest";
import { restackLayers } from "../../shared/map/drawLayers.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { importTiled } from "../../shared/map/tiled.ts";
import { conferenceMap } from "../bench/editor.ts";
import { makeMap } from "../support/maps.ts";

const FLIP_H = 0x80000000;
const flipped = (g: number) => (g | FLIP_H) >>> 0;

/** A 6×4 map with the test tileset (gids 1–4, 32 px) and the given tile layers. */
function mapWith(layers: Record<string, unknown>[]): Record<string, unknown> {
  const base = makeMap(["######", "#....#", "#....#", "######"], [{ name: "Entrance", class: "spawn", x: 4, y: 2, w: 1, h: 1 }]);
  const zones = (base.layers as Record<string, unknown>[]).find((l) => l.type === "objectgroup")!;
  return { ...base, layers: [...layers, zones] };
}
const layer = (name: string, cells: Record<number, number>, extra: Record<string, unknown> = {}) => {
  const data = new Array<number>(24).fill(0);
  for (const [i, g] of Object.entries(cells)) data[Number(i)] = g;
  return { type: "tilelayer", name, width: 6, height: 4, x: 0, y: 0, visible: true, opacity: 1, data, ...extra };
};

/** Per cell, the stack of raw gids bottom to top, for one side of the avatars. */
function stacks(layers: { data: unknown }[]): number[][] {
  const out: number[][] = Array.from({ length: 24 }, () => []);
  for (const l of layers) (l.data as number[]).forEach((g, i) => g !== 0 && out[i]!.push(g));
  return out;
}

describe("restacking tile layers for drawing", () => {
  it("sparse layers fold into as many as the deepest cell needs, every tile kept in its order, flips too", () => {
    const map = mapWith([
      layer("floor", Object.fromEntries(Array.from({ length: 24 }, (_, i) => [i, 1]))),
      layer("plants", { 7: 4, 8: 4 }),
      { type: "group", name: "furniture", layers: [layer("chairs", { 9: flipped(4), 10: 4 }), layer("lamps", { 14: 4 })] },
      layer("rugs", { 7: 3 }),
    ]);
    const floor = parseFloor(map);
    const out = restackLayers(map, floor)!;
    expect(out).not.toBeNull();
    expect(out.layers.map((l) => l.above)).toEqual([false, false, false]); // deepest cell: floor + plant + rug
    const before = stacks((map.layers as Record<string, unknown>[]).flatMap((l) => (l.type === "group" ? (l.layers as Record<string, unknown>[]) : l.type === "tilelayer" ? [l] : [])) as { data: unknown }[]);
    expect(stacks(out.map.layers as { data: unknown }[])).toEqual(before);
    expect(stacks(out.map.layers as { data: unknown }[])[9]).toEqual([1, flipped(4)]);
  });

  it("layers above the avatars stay above, hidden layers are not drawn, and the picture order holds across the runs", () => {
    const map = mapWith([
      layer("floor", { 7: 1, 8: 1 }),
      layer("hidden", { 7: 2 }, { visible: false }),
      layer("under a", { 8: 3 }),
      layer("under b", { 9: 3 }),
      layer("roof", { 7: 4 }, { properties: [{ name: "above", type: "bool", value: true }] }),
      layer("roof 2", { 8: 4 }, { properties: [{ name: "above", type: "bool", value: true }] }),
    ]);
    const out = restackLayers(map, parseFloor(map))!;
    expect(out.layers.map((l) => l.above)).toEqual([false, false, true]);
    const drawn = out.map.layers as { data: number[] }[];
    expect(drawn.some((l) => l.data[7] === 2)).toBe(false);
    expect(drawn[2]!.data[7]).toBe(4);
    expect(drawn[2]!.data[8]).toBe(4);
  });

  it("a map that would not get fewer layers, encoded layer data, or a tile bigger than its cell is drawn as authored", () => {
    const plain = mapWith([layer("floor", { 7: 1 }), layer("walls", { 7: 2 })]);
    expect(restackLayers(plain, parseFloor(plain))).toBeNull();
    const big = mapWith([layer("floor", { 7: 1 }), layer("a", { 8: 101 }), layer("b", { 9: 101 })]);
    (big.tilesets as Record<string, unknown>[]).push({ firstgid: 101, name: "tall", image: "../tiles/venue.png", imagewidth: 32, imageheight: 64, tilewidth: 32, tileheight: 64, columns: 1, tilecount: 1 });
    expect(restackLayers(big, parseFloor(big))).toBeNull();
  });

  it("the benchmark's conference map (100×88, 88 layers) draws on far fewer layers", () => {
    const tileset = { name: "venue", image: "../tiles/venue.png", imagewidth: 256, imageheight: 320, tilewidth: 32, tileheight: 32, columns: 8, tilecount: 80, firstgid: 1 };
    const { map, floor } = importTiled({ map: conferenceMap(tileset) });
    const out = restackLayers(map, floor)!;
    expect(floor.layers.length).toBeGreaterThanOrEqual(79);
    expect(out.layers.length).toBeLessThan(floor.layers.length / 3);
  });
});
