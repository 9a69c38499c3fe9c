import { describe, expect, it } from "vitest";
import { TILE_SIZE, WALK_SPEED_PX_PER_TICK } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { fits, nearestFreeTile, step, tileCenter, tileOf } from "../../shared/movement/step.ts";
import { advance, follow, hold, newWalker } from "../../shared/movement/walker.ts";
import { hall, makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";

const floor = parseFloor(makeMap(ROOM_PLAN, ROOM_ZONES));

describe("walking with a held direction", () => {
  it("moves at walking speed, diagonals no faster than straight lines", () => {
    const start = tileCenter(2, 3);
    const right = step(floor, start, { dx: 1, dy: 0 });
    expect(right.x - start.x).toBeCloseTo(WALK_SPEED_PX_PER_TICK);
    const diag = step(floor, start, { dx: 1, dy: 1 });
    expect(Math.hypot(diag.x - start.x, diag.y - start.y)).toBeCloseTo(WALK_SPEED_PX_PER_TICK);
  });

  it("stops at a wall without entering it", () => {
    const w = newWalker(...Object.values(tileCenter(3, 3)) as [number, number]);
    hold(w, { dx: 1, dy: 0 });
    for (let i = 0; i < 40; i++) advance(w, floor);
    expect(tileOf(w).tx).toBe(4); // the wall is at x = 5
    expect(fits(floor, w.x, w.y)).toBe(true);
    expect(w.x + 10).toBeLessThanOrEqual(5 * TILE_SIZE + 0.01); // the avatar's box touches, never overlaps
  });

  it("slides along a wall when walking diagonally into it", () => {
    const w = newWalker(...Object.values(tileCenter(4, 3)) as [number, number]);
    hold(w, { dx: 1, dy: 1 });
    const y0 = w.y;
    for (let i = 0; i < 5; i++) advance(w, floor);
    expect(w.y).toBeGreaterThan(y0);
    expect(tileOf(w).tx).toBe(4);
  });

  it("never cuts through the corner where two wall tiles meet diagonally", () => {
    // Walls at (5,5) and the bottom-right is open at (5,6): walk up-right from (4,6).
    const w = newWalker(...Object.values(tileCenter(4, 6)) as [number, number]);
    hold(w, { dx: 1, dy: -1 });
    for (let i = 0; i < 60; i++) {
      advance(w, floor);
      expect(fits(floor, w.x, w.y)).toBe(true);
    }
    expect(tileOf(w).tx).not.toBe(5);
  });

  it("goes through the gap in the dividing wall", () => {
    const w = newWalker(...Object.values(tileCenter(2, 6)) as [number, number]);
    hold(w, { dx: 1, dy: 0 });
    for (let i = 0; i < 60; i++) advance(w, floor);
    expect(tileOf(w).tx).toBeGreaterThan(5);
  });
});

describe("click-to-walk", () => {
  const finder = new Pathfinder(floor);

  it("finds a route around the dividing wall through the gap", () => {
    const route = finder.find({ tx: 2, ty: 2 }, { tx: 7, ty: 4 })!;
    expect(route).not.toBeNull();
    expect(route.at(-1)).toEqual(tileCenter(7, 4));
    const tiles = route.map(tileOf);
    expect(tiles.some((t) => t.ty === 6)).toBe(true); // it must pass through the gap row
    for (const t of tiles) expect(floor.blocked[t.ty * floor.width + t.tx]).toBe(0);
  });

  it("routes around the table and never diagonally past a wall corner", () => {
    const route = finder.find({ tx: 7, ty: 1 }, { tx: 9, ty: 3 })!;
    const tiles = [{ tx: 7, ty: 1 }, ...route.map(tileOf)];
    for (let i = 1; i < tiles.length; i++) {
      const a = tiles[i - 1]!;
      const b = tiles[i]!;
      if (a.tx !== b.tx && a.ty !== b.ty) {
        expect(floor.blocked[a.ty * floor.width + b.tx]).toBe(0);
        expect(floor.blocked[b.ty * floor.width + a.tx]).toBe(0);
      }
    }
  });

  it("says no to a wall or a tile outside the map", () => {
    expect(finder.find({ tx: 2, ty: 2 }, { tx: 5, ty: 2 })).toBeNull();
    expect(finder.find({ tx: 2, ty: 2 }, { tx: 50, ty: 2 })).toBeNull();
  });

  it("a walker following the route arrives, without ever overlapping a wall", () => {
    const w = newWalker(...Object.values(tileCenter(2, 2)) as [number, number]);
    follow(w, finder.find({ tx: 2, ty: 2 }, { tx: 9, ty: 1 })!);
    for (let i = 0; i < 400 && w.route.length; i++) {
      advance(w, floor);
      expect(fits(floor, w.x, w.y)).toBe(true);
    }
    expect(tileOf(w)).toEqual({ tx: 9, ty: 1 });
    expect(w.route).toHaveLength(0);
  });

  it("a route is walked at the same speed as a held key", () => {
    const w = newWalker(...Object.values(tileCenter(6, 1)) as [number, number]);
    follow(w, finder.find({ tx: 6, ty: 1 }, { tx: 10, ty: 1 })!);
    for (let i = 0; i < 10; i++) advance(w, floor);
    expect(w.x - tileCenter(6, 1).x).toBeCloseTo(10 * WALK_SPEED_PX_PER_TICK, 5);
  });

  describe("around closed spots", () => {
    // A hall with a closed corner across the straight line from (2, 4) to (17, 4).
    const hallFloor = parseFloor(makeMap(hall(20, 10), [{ name: "Door", class: "spawn", x: 1, y: 1, w: 2, h: 2 }]));
    const hallFinder = new Pathfinder(hallFloor);
    const corner = { x: 8, y: 1, width: 4, height: 6 };
    const inCorner = (t: { tx: number; ty: number }) => t.tx >= 8 && t.tx <= 11 && t.ty >= 1 && t.ty <= 6;

    it("goes around a closed spot instead of through it", () => {
      expect(hallFinder.find({ tx: 2, ty: 4 }, { tx: 17, ty: 4 })!.map(tileOf).some(inCorner)).toBe(true);
      const route = hallFinder.find({ tx: 2, ty: 4 }, { tx: 17, ty: 4 }, [corner])!.map(tileOf);
      expect(route.at(-1)).toEqual({ tx: 17, ty: 4 });
      expect(route.filter(inCorner)).toEqual([]);
    });

    it("walks out of the closed spot you stand in, and up to the one you head for", () => {
      const out = hallFinder.find({ tx: 9, ty: 3 }, { tx: 17, ty: 3 }, [corner])!;
      expect(out.map(tileOf).at(-1)).toEqual({ tx: 17, ty: 3 });
      const into = hallFinder.find({ tx: 2, ty: 3 }, { tx: 9, ty: 3 }, [corner])!;
      expect(into.map(tileOf).at(-1)).toEqual({ tx: 9, ty: 3 });
    });

    it("when only a way through it leads there, that is the route (it stops at its edge)", () => {
      const wall = { x: 8, y: 1, width: 4, height: 8 }; // floor to ceiling
      const route = hallFinder.find({ tx: 2, ty: 4 }, { tx: 17, ty: 4 }, [wall])!;
      expect(route.map(tileOf).at(-1)).toEqual({ tx: 17, ty: 4 });
      expect(route.map(tileOf).some((t) => t.tx === 9)).toBe(true);
    });

    it("a walker following the route around arrives without setting foot in it", () => {
      const w = newWalker(...Object.values(tileCenter(2, 4)) as [number, number]);
      follow(w, hallFinder.find({ tx: 2, ty: 4 }, { tx: 17, ty: 4 }, [corner])!);
      for (let i = 0; i < 600 && w.route.length; i++) {
        advance(w, hallFloor);
        expect(inCorner(tileOf(w))).toBe(false);
      }
      expect(tileOf(w)).toEqual({ tx: 17, ty: 4 });
    });
  });

  it("a held direction cancels a route", () => {
    const w = newWalker(...Object.values(tileCenter(2, 2)) as [number, number]);
    follow(w, finder.find({ tx: 2, ty: 2 }, { tx: 9, ty: 1 })!);
    hold(w, { dx: 0, dy: 1 });
    expect(w.route).toHaveLength(0);
  });
});

describe("nearest free tile", () => {
  it("is the tile itself when free, otherwise the closest walkable one", () => {
    expect(nearestFreeTile(floor, 2, 2)).toEqual({ tx: 2, ty: 2 });
    const t = nearestFreeTile(floor, 5, 3)!;
    expect(Math.abs(t.tx - 5)).toBe(1);
  });
});

describe("a route taken up from off a tile's centre", () => {
  it("first goes back to the centre, so its slanted first leg cannot clip the corner of a spot the route went around", () => {
    // Held back at the edge of a full coffee corner (tiles 13–15 × 24–26), a little inside tile (16, 24).
    const w = newWalker(515.7, 796.3);
    const route = [tileCenter(15, 23), tileCenter(14, 23)];
    follow(w, route);
    expect(w.route[0]).toEqual(tileCenter(16, 24));
    expect(w.route.slice(1)).toEqual(route);
    // Every tile the walk passes through stays outside the corner.
    const grid = parseFloor(makeMap(hall(40, 40), [{ name: "Entrance", class: "spawn", x: 30, y: 30, w: 1, h: 1 }]));
    const corner = { x: 13, y: 24, width: 3, height: 3 };
    for (let i = 0; i < 40 && w.route.length > 0; i++) {
      advance(w, grid);
      const t = tileOf(w);
      expect(t.tx >= corner.x && t.tx < corner.x + corner.width && t.ty >= corner.y && t.ty < corner.y + corner.height, `(${t.tx}, ${t.ty}) inside the corner`).toBe(false);
    }
  });

  it("from the centre itself the route is kept as planned", () => {
    const c = tileCenter(4, 4);
    const w = newWalker(c.x, c.y);
    const route = [tileCenter(5, 5)];
    follow(w, route);
    expect(w.route).toEqual(route);
  });
});
