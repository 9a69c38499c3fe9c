// How floors are stored: tile layers as Tiled's zlib-compressed base64, read back as plain arrays.
import { describe, expect, it } from "vitest";
import { packTileData, unpackTileData } from "../../shared/map/packed.ts";
import { importTiled } from "../../shared/map/tiled.ts";
import { FIXTURES } from "../fixtures/tiled/fixtures.ts";

describe("stored tile layers", () => {
  const { map } = importTiled({ map: FIXTURES.groups().map });

  it("packs every tile layer (groups included) and reads back the very same map", () => {
    const before = structuredClone(map);
    const packed = packTileData(map);
    expect(map).toEqual(before); // the input is untouched
    const text = JSON.stringify(packed);
    expect(text).not.toMatch(/"data":\[/);
    expect(text).toMatch(/"compression":"zlib"/);
    expect(unpackTileData(packed)).toEqual(map);
  });

  it("a packed map is still a Tiled map the importer reads as the same floor", () => {
    expect(importTiled({ map: packTileData(map) }).floor).toEqual(importTiled({ map }).floor);
  });

  it("leaves alone what it does not pack: layers with their own encoding, non-maps, maps stored before packing", () => {
    const csv = { layers: [{ type: "tilelayer", encoding: "csv", data: [1, 2] }] };
    expect(packTileData(csv)).toEqual(csv);
    expect(packTileData(null)).toBeNull();
    expect(unpackTileData(map)).toEqual(map);
  });

  it("a conference-sized layer shrinks from megabytes of numbers to a few kilobytes of text", () => {
    const data = Array.from({ length: 100 * 88 * 8 }, (_, i) => (i % 7 === 0 ? 73 : 0));
    const packed = JSON.stringify(packTileData({ layers: [{ type: "tilelayer", data }] }));
    expect(packed.length).toBeLessThan(JSON.stringify(data).length / 20);
  });
});
