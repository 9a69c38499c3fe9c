/**
 * The benchmark floor: a large hall (160×160 tiles by default) with outer walls, a
 * regular grid of 2×2 pillars and some internal wall segments with wide gaps, and ONE
 * spawn zone covering almost all of it, so bots appear spread evenly over the floor.
 * Deterministic (seeded), so every run walks the same hall.
 */
import fs from "node:fs";
import path from "node:path";
import { rng } from "../../assets/src/rng.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { makeMap } from "../support/maps.ts";

export interface BenchFloor {
  map: Record<string, unknown>;
  plan: string[];
  width: number;
  height: number;
  /** True if tile (tx, ty) is floor (walkable). */
  free(tx: number, ty: number): boolean;
}

export function benchFloor(width = 160, height = 160, seed = 42): BenchFloor {
  const grid: string[][] = [];
  for (let y = 0; y < height; y++) {
    const row: string[] = [];
    for (let x = 0; x < width; x++) row.push(x === 0 || y === 0 || x === width - 1 || y === height - 1 ? "#" : ".");
    grid.push(row);
  }
  const set = (x: number, y: number) => {
    if (x > 0 && y > 0 && x < width - 1 && y < height - 1) grid[y]![x] = "#";
  };
  // Pillars: 2×2 every 12 tiles.
  for (let y = 8; y < height - 4; y += 12) for (let x = 8; x < width - 4; x += 12) for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) set(x + dx, y + dy);
  // Wall segments: 8–14 tiles long, horizontal or vertical, never closing a room.
  const rand = rng(seed);
  for (let i = 0; i < 40; i++) {
    const len = 8 + Math.floor(rand() * 7);
    const horizontal = rand() < 0.5;
    const x0 = 4 + Math.floor(rand() * (width - 8 - (horizontal ? len : 0)));
    const y0 = 4 + Math.floor(rand() * (height - 8 - (horizontal ? 0 : len)));
    for (let k = 0; k < len; k++) set(horizontal ? x0 + k : x0, horizontal ? y0 : y0 + k);
  }
  const plan = grid.map((r) => r.join(""));
  const map = makeMap(plan, [{ name: "Everywhere", class: "spawn", x: 2, y: 2, w: width - 4, h: height - 4 }]);
  return {
    map,
    plan,
    width,
    height,
    free: (tx, ty) => plan[ty]?.[tx] === ".",
  };
}

/** The default venue's main hall (64×44), as shipped; served alone, so the stairs lead nowhere and everyone stays. */
export function venueFloor(): BenchFloor {
  const map = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../assets/maps/default-venue.tmj"), "utf8")) as Record<string, unknown>;
  const floor = parseFloor(map);
  const plan: string[] = [];
  for (let y = 0; y < floor.height; y++) {
    let row = "";
    for (let x = 0; x < floor.width; x++) row += floor.blocked[y * floor.width + x] ? "#" : ".";
    plan.push(row);
  }
  return { map, plan, width: floor.width, height: floor.height, free: (tx, ty) => plan[ty]?.[tx] === "." };
}
