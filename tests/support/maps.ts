/**
 * Small hand-built Tiled maps for tests. `makeMap` draws from an ASCII plan:
 *   '#' wall (colliding tile), '.' floor, 'T' table (colliding), 'c' chair (walkable)
 * and takes zones as tile rectangles, producing the JSON Tiled itself would write.
 */
import fs from "node:fs";
import type { Floor } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
export interface ZoneSpec {
  id?: number;
  name: string;
  class: string;
  x: number;
  y: number;
  w: number;
  h: number;
  props?: Record<string, string | number | boolean>;
}

const GID = { ".": 1, "#": 2, T: 3, c: 4 } as const;

/** The fields every Tiled map file starts with, for a `width`×`height` map of 32 px tiles. */
export function tiledHeader(width: number, height: number): Record<string, unknown> {
  return {
    type: "map",
    version: "1.10",
    tiledversion: "1.10.2",
    orientation: "orthogonal",
    renderorder: "right-down",
    infinite: false,
    width,
    height,
    tilewidth: 32,
    tileheight: 32,
  };
}

export function makeMap(plan: string[], zones: ZoneSpec[], opts: { useType?: boolean } = {}): Record<string, unknown> {
  const height = plan.length;
  const width = plan[0]!.length;
  const floor: number[] = [];
  const things: number[] = [];
  for (const row of plan) {
    if (row.length !== width) throw new Error("ragged plan");
    for (const ch of row) {
      floor.push(GID["."]);
      things.push(ch === "." ? 0 : GID[ch as keyof typeof GID] ?? 0);
    }
  }
  let nextId = 1;
  return {
    ...tiledHeader(width, height),
    nextlayerid: 4,
    nextobjectid: zones.length + 1,
    tilesets: [
      {
        firstgid: 1,
        name: "test",
        image: "../tiles/venue.png",
        imagewidth: 128,
        imageheight: 32,
        tilewidth: 32,
        tileheight: 32,
        columns: 4,
        tilecount: 4,
        margin: 0,
        spacing: 0,
        tiles: [
          { id: 1, properties: [{ name: "collides", type: "bool", value: true }] },
          { id: 2, properties: [{ name: "collides", type: "bool", value: true }] },
        ],
      },
    ],
    layers: [
      { id: 1, type: "tilelayer", name: "floor", width, height, data: floor, visible: true, opacity: 1, x: 0, y: 0 },
      { id: 2, type: "tilelayer", name: "walls", width, height, data: things, visible: true, opacity: 1, x: 0, y: 0 },
      {
        id: 3,
        type: "objectgroup",
        name: "zones",
        visible: true,
        opacity: 1,
        x: 0,
        y: 0,
        draworder: "topdown",
        objects: zones.map((z) => ({
          id: z.id ?? nextId++,
          name: z.name,
          [opts.useType ? "type" : "class"]: z.class,
          x: z.x * 32,
          y: z.y * 32,
          width: z.w * 32,
          height: z.h * 32,
          rotation: 0,
          visible: true,
          properties: Object.entries(z.props ?? {}).map(([name, value]) => ({
            name,
            type: typeof value === "number" ? "int" : typeof value === "boolean" ? "bool" : "string",
            value,
          })),
        })),
      },
    ],
  };
}

/** A 12×8 room with a wall splitting it, one gap at the bottom, and a table. */
export const ROOM_PLAN = [
  "############",
  "#....#.....#",
  "#....#..T..#",
  "#....#.....#",
  "#....#.....#",
  "#....#.....#",
  "#..........#",
  "############",
];

export const ROOM_ZONES: ZoneSpec[] = [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
  { name: "Table 1", class: "table", x: 7, y: 1, w: 3, h: 3, props: { seats: 4, topic: "Testing" } },
];

/** The default venue's main floor as the server parses it (read once per test file). */
let defaultFloor: Floor | undefined;
export function defaultVenueFloor(): Floor {
  defaultFloor ??= parseFloor(JSON.parse(fs.readFileSync(new URL("../../assets/maps/default-venue.tmj", import.meta.url), "utf8")));
  return defaultFloor;
}

/** A plain hall for test maps: `width` × `height` tiles, walls all round, open floor inside. */
export function hall(width: number, height: number): string[] {
  const wall = "#".repeat(width);
  const inside = `#${".".repeat(width - 2)}#`;
  return [wall, ...Array.from({ length: height - 2 }, () => inside), wall];
}
