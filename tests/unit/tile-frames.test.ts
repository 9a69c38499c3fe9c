/**
 * Tile objects are cut from their tileset image where Tiled put the tile: after the
 * tileset's margin and with its spacing between tiles (issue #9: a SkyOffice-style tileset
 * with 1-px gutters drew every chair shifted, a sliver of its neighbour showing).
 */
import { describe, expect, it } from "vitest";
import { tileFrame } from "../../shared/map/frames.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { makeMap } from "../support/maps.ts";

const PLAN = ["#####", "#...#", "#####"];

function withTileset(extra: Record<string, unknown>) {
  const map = makeMap(PLAN, [{ name: "Entrance", class: "spawn", x: 1, y: 1, w: 1, h: 1 }]);
  const furniture = { firstgid: 100, name: "furniture", image: "../tiles/furniture.png", tilewidth: 32, tileheight: 32, ...extra };
  return parseFloor({ ...map, tilesets: [...(map.tilesets as object[]), furniture] });
}

describe("tile frames", () => {
  it("without margin or spacing, tile n sits at column n % columns", () => {
    const floor = withTileset({ imagewidth: 128, imageheight: 64, columns: 4, tilecount: 8 });
    const ts = floor.tilesets.find((t) => t.name === "furniture")!;
    expect(tileFrame(ts, 100)).toEqual({ x: 0, y: 0, w: 32, h: 32 });
    expect(tileFrame(ts, 105)).toEqual({ x: 32, y: 32, w: 32, h: 32 });
  });

  it("margin and spacing move every tile as Tiled lays them out", () => {
    // 2 px border, 1 px between tiles: 4 columns = 2 + 4×32 + 3×1 + 2 = 135 px wide.
    const floor = withTileset({ imagewidth: 135, imageheight: 69, columns: 4, tilecount: 8, margin: 2, spacing: 1 });
    const ts = floor.tilesets.find((t) => t.name === "furniture")!;
    expect(ts).toMatchObject({ margin: 2, spacing: 1 });
    expect(tileFrame(ts, 100)).toEqual({ x: 2, y: 2, w: 32, h: 32 });
    expect(tileFrame(ts, 103)).toEqual({ x: 2 + 3 * 33, y: 2, w: 32, h: 32 });
    expect(tileFrame(ts, 105)).toEqual({ x: 2 + 33, y: 2 + 33, w: 32, h: 32 });
  });

  it("columns left out are counted from the image width with margin and spacing", () => {
    const floor = withTileset({ imagewidth: 135, imageheight: 69, tilecount: 8, margin: 2, spacing: 1 });
    expect(floor.tilesets.find((t) => t.name === "furniture")!.columns).toBe(4);
  });

  it("a gid outside the tileset has no frame", () => {
    const floor = withTileset({ imagewidth: 128, imageheight: 64, columns: 4, tilecount: 8 });
    const ts = floor.tilesets.find((t) => t.name === "furniture")!;
    expect(tileFrame(ts, 99)).toBeNull();
    expect(tileFrame(ts, 108)).toBeNull();
  });
});
