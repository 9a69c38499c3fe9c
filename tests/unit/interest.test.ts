import { describe, expect, it } from "vitest";
import { INTEREST_MARGIN_TILES, TILE_SIZE } from "../../shared/constants.ts";
import { areaOfInterest, SpatialGrid } from "../../shared/interest/grid.ts";

describe("interest management grid", () => {
  it("finds exactly the avatars inside a client's area, however full the floor", () => {
    const grid = new SpatialGrid<number>();
    for (let i = 0; i < 2000; i++) grid.set(i, (i % 100) * 50, Math.floor(i / 100) * 50);
    const area = areaOfInterest(1000, 500, { width: 10, height: 6 });
    const found = grid.query(area);
    const halfW = (5 + INTEREST_MARGIN_TILES) * TILE_SIZE;
    for (let i = 0; i < 2000; i++) {
      const x = (i % 100) * 50;
      const y = Math.floor(i / 100) * 50;
      const inside = Math.abs(x - 1000) <= halfW && Math.abs(y - 500) <= (3 + INTEREST_MARGIN_TILES) * TILE_SIZE;
      expect(found.has(i)).toBe(inside);
    }
  });

  it("follows avatars as they move and forgets them when removed", () => {
    const grid = new SpatialGrid<string>();
    grid.set("a", 100, 100);
    const area = areaOfInterest(100, 100, { width: 4, height: 4 });
    expect(grid.query(area).has("a")).toBe(true);
    grid.set("a", 5000, 5000);
    expect(grid.query(area).has("a")).toBe(false);
    grid.set("a", 110, 100);
    expect(grid.query(area).has("a")).toBe(true);
    grid.delete("a");
    expect(grid.query(area).size).toBe(0);
    expect(grid.size).toBe(0);
  });
});
