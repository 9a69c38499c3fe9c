/**
 * The default venue floor plan: a conference foyer with a stage hall, a workshop room,
 * a corridor, a lounge, a café with a coffee bar and a quiet room. Built on a tile grid
 * from named tiles, then written as a Tiled 1.10 JSON map.
 *
 *   y 0-1   north wall (curtains behind the stage, windows in the workshop room)
 *   y 2-21  stage hall (x 1-30)            | workshop room (x 32-62)
 *   y 22-23 wall with doors
 *   y 24-27 corridor
 *   y 28-42 lounge (x 1-22) | foyer + entrance (x 24-39) | café + quiet room (x 41-62)
 *   y 43    south wall with the entrance in the middle
 *
 * A staircase in the corridor, on the axis of the entrance, climbs to the roof terrace
 * (terrace.ts): its upper steps are a `portal` zone, and people coming back down appear
 * on the "Bottom of the stairs" spawn at its foot.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import type { ZoneKind } from "../../shared/map/zoneKinds.ts";
import {
  type ReachReport,
  type Tmj,
  checkReachability,
  hasFreeBlock,
  walkableGrid,
  zonesOf,
} from "./mapcheck.ts";
import type { FloorName, RugName, SofaColour } from "./tiles.ts";
import type { TerraceRugName } from "./tiles-terrace.ts";
import type { Tileset } from "./tileset.ts";

export const MAP_WIDTH = 64;
export const MAP_HEIGHT = 44;

export type PropValue = string | number | boolean;

export interface Zone {
  name: string;
  cls: ZoneKind;
  x: number;
  y: number;
  w: number;
  h: number;
  props: Record<string, PropValue>;
}

type LayerName = "floor" | "walls" | "furniture" | "decor";

export class Plan {
  readonly floor: Array<string | null>;
  readonly wall: boolean[];
  readonly faceStyle = new Map<number, string>();
  readonly furniture: Array<string | null>;
  readonly decor: Array<string | null>;
  readonly walls: Array<string | null>;
  readonly zones: Zone[] = [];

  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    const n = w * h;
    this.floor = new Array<string | null>(n).fill(null);
    this.wall = new Array<boolean>(n).fill(false);
    this.furniture = new Array<string | null>(n).fill(null);
    this.decor = new Array<string | null>(n).fill(null);
    this.walls = new Array<string | null>(n).fill(null);
  }

  i(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) throw new Error(`(${x},${y}) is outside the map`);
    return y * this.w + x;
  }

  inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.w && y < this.h;
  }

  isWall(x: number, y: number): boolean {
    return this.inside(x, y) && this.wall[this.i(x, y)] === true;
  }

  fillFloor(x: number, y: number, w: number, h: number, name: string | ((x: number, y: number) => string)): void {
    for (let yy = y; yy < y + h; yy++)
      for (let xx = x; xx < x + w; xx++) this.floor[this.i(xx, yy)] = typeof name === "string" ? name : name(xx, yy);
  }

  setWall(x: number, y: number, w: number, h: number, on = true): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.wall[this.i(xx, yy)] = on;
  }

  /** Special face tile(s) at a wall position (only used if that wall cell ends up a face). */
  face(x: number, y: number, name: string): void {
    this.faceStyle.set(this.i(x, y), name);
  }

  put(layer: "furniture" | "decor", x: number, y: number, name: string): void {
    const i = this.i(x, y);
    if (this.wall[i]) throw new Error(`${name} at (${x},${y}) is inside a wall`);
    const arr = layer === "furniture" ? this.furniture : this.decor;
    if (arr[i] !== null) throw new Error(`${name} at (${x},${y}) overlaps ${arr[i]}`);
    arr[i] = name;
  }

  /** A multi-tile sprite `prefix.col.row` with its top-left at (x, y). */
  sprite(prefix: string, x: number, y: number, w: number, h: number): void {
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) this.put("furniture", x + c, y + r, `${prefix}.${c}.${r}`);
  }

  /** Two-tile tall thing standing on (x, y): base blocks, top is drawn above avatars. */
  tall(prefix: string, x: number, y: number): void {
    this.put("furniture", x, y, `${prefix}.0.1`);
    this.put("decor", x, y - 1, `${prefix}.0.0`);
  }

  rug(kind: RugName | TerraceRugName, x: number, y: number, w: number, h: number): void {
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        const v = yy === 0 ? "n" : yy === h - 1 ? "s" : "";
        const hz = xx === 0 ? "w" : xx === w - 1 ? "e" : "";
        this.floor[this.i(x + xx, y + yy)] = `${kind}_${v + hz || "c"}`;
      }
    }
  }

  zone(z: Zone): void {
    this.zones.push(z);
  }

  /** Floor tile `${prefix}_${part}` across a run of w tiles: l, c…, r. */
  run(x: number, y: number, w: number, prefix: string): void {
    for (let i = 0; i < w; i++) this.floor[this.i(x + i, y)] = `${prefix}_${i === 0 ? "l" : i === w - 1 ? "r" : "c"}`;
  }

  /** Resolve wall cells into caps (seen from above) and faces (seen from the front). */
  resolveWalls(): void {
    for (let y = 0; y < this.h; y++) {
      for (let x = 0; x < this.w; x++) {
        const i = this.i(x, y);
        if (!this.wall[i]) continue;
        this.floor[i] = null;
        const southIsWall = y + 1 >= this.h || this.isWall(x, y + 1);
        if (!southIsWall) {
          const style = this.faceStyle.get(i);
          if (style) this.walls[i] = style;
          else {
            const l = !this.isWall(x - 1, y);
            const r = !this.isWall(x + 1, y);
            this.walls[i] = l && r ? "face_lr" : l ? "face_l" : r ? "face_r" : "face";
          }
        } else {
          const isCap = (xx: number, yy: number): boolean =>
            this.isWall(xx, yy) && (yy + 1 >= this.h || this.isWall(xx, yy + 1));
          let mask = 0;
          if (this.isWall(x, y - 1)) mask |= 1;
          if (this.isWall(x + 1, y)) mask |= 2;
          if (y + 1 < this.h && isCap(x, y + 1)) mask |= 4;
          if (this.isWall(x - 1, y)) mask |= 8;
          this.walls[i] = `cap_${mask}`;
        }
      }
    }
    // soft shadows below wall faces
    for (let y = 1; y < this.h; y++) {
      for (let x = 0; x < this.w; x++) {
        const i = this.i(x, y);
        const above = this.walls[this.i(x, y - 1)];
        const f = this.floor[i];
        if (f && above && above.startsWith("face") && !f.includes("_")) this.floor[i] = `${f}_shadow`;
      }
    }
  }
}

// ------------------------------------------------------------------ furniture groups

/** A coffee corner in an 8×7 zone: rug, loveseat, two armchairs, coffee table, lamp and plant. */
function coffeeCorner(p: Plan, zx: number, zy: number, name: string, rug: RugName, sofa: SofaColour, extra: Record<string, PropValue>): void {
  p.rug(rug, zx + 1, zy + 1, 6, 5);
  p.sprite(`sofa_${sofa}_down`, zx + 3, zy + 1, 2, 1);
  p.put("furniture", zx + 1, zy + 3, `armchair_${sofa}_right`);
  p.put("furniture", zx + 6, zy + 3, `armchair_${sofa}_left`);
  p.sprite("coffeetable", zx + 3, zy + 3, 2, 1);
  p.tall("lamp", zx + 1, zy + 1);
  p.put("furniture", zx + 6, zy + 1, "plant_bush");
  p.zone({ name, cls: "coffee-corner", x: zx, y: zy, w: 8, h: 7, props: { capacity: 6, ...extra } });
}

/** A rectangular workshop table (3×2) centred in a 9×6 zone; `ends` adds a chair at each end. */
function rectTable(p: Plan, cx: number, zy: number, variant: "a" | "b", topic: string, ends: boolean): void {
  const tx = cx - 1;
  const ty = zy + 2;
  p.sprite(`table_${variant}`, tx, ty, 3, 2);
  for (let i = 0; i < 3; i++) {
    p.put("furniture", tx + i, ty - 1, "chair_down");
    p.put("furniture", tx + i, ty + 2, "chair_up");
  }
  let seats = 6;
  if (ends) {
    p.put("furniture", tx - 1, ty, "chair_right");
    p.put("furniture", tx + 3, ty, "chair_left");
    seats += 2;
  }
  p.zone({ name: topic, cls: "table", x: cx - 4, y: zy, w: 9, h: 6, props: { seats, topic } });
}

/** A round table (2×2) with six chairs in a 9×6 zone. */
function roundTable(p: Plan, cx: number, zy: number, topic: string): void {
  const tx = cx - 1;
  const ty = zy + 2;
  p.sprite("table_round", tx, ty, 2, 2);
  p.put("furniture", tx, ty - 1, "chair_down");
  p.put("furniture", tx + 1, ty - 1, "chair_down");
  p.put("furniture", tx, ty + 2, "chair_up");
  p.put("furniture", tx + 1, ty + 2, "chair_up");
  p.put("furniture", tx - 1, ty, "chair_right");
  p.put("furniture", tx + 2, ty, "chair_left");
  p.zone({ name: topic, cls: "table", x: cx - 4, y: zy, w: 9, h: 6, props: { seats: 6, topic } });
}

// ------------------------------------------------------------------ the staircase

export const STAIRS = { x: 30, y: 24, w: 4, h: 3 } as const;
export const MAIN_PORTAL = "Stairs to the terrace";
export const MAIN_ARRIVAL = "Bottom of the stairs";
export const TERRACE_PORTAL = "Stairs to the main floor";
export const TERRACE_ARRIVAL = "Top of the stairs";

/**
 * A 4-wide flight rising north into a stairwell in the corridor wall, with banisters either
 * side. The upper two rows of steps are the portal; the bottom step is a buffer so that
 * people arriving on the spawn below do not bounce straight back up.
 */
function staircase(p: Plan): void {
  const { x, y, w, h } = STAIRS;
  for (let i = 0; i < w; i++) p.face(x + i, y - 1, `face_stairwell_${i === 0 ? "l" : i === w - 1 ? "r" : "c"}`);
  p.run(x, y, w, "stairs_up_top");
  for (let r = 1; r < h; r++) p.run(x, y + r, w, "stairs_up");
  for (let r = 0; r < h; r++) {
    const end = r === h - 1 ? "bottom" : "none";
    p.put("furniture", x - 1, y + r, `banister_l_${end}`);
    p.put("furniture", x + w, y + r, `banister_r_${end}`);
  }
  p.zone({
    name: MAIN_PORTAL,
    cls: "portal",
    x,
    y,
    w,
    h: h - 1,
    props: { target: "terrace", targetSpawn: TERRACE_ARRIVAL },
  });
  p.zone({ name: MAIN_ARRIVAL, cls: "spawn", x: x - 1, y: y + h, w: w + 2, h: 2, props: {} });
}

// ------------------------------------------------------------------ the venue

export const AUDIENCE_NAME = "Main audience";

export function buildPlan(): Plan {
  const p = new Plan(MAP_WIDTH, MAP_HEIGHT);
  const W = MAP_WIDTH;
  const H = MAP_HEIGHT;
  const parquet = (x: number, y: number): FloorName => ((x * 7 + y * 13) % 5 === 0 ? "parquet2" : "parquet");

  // floors by room
  p.fillFloor(1, 2, 30, 20, "carpetBlue"); // stage hall
  p.fillFloor(32, 2, 31, 20, "carpetTeal"); // workshop room
  p.fillFloor(1, 24, 62, 4, parquet); // corridor
  p.fillFloor(1, 28, 23, 15, parquet); // lounge
  p.fillFloor(24, 28, 16, 16, "stone"); // foyer
  p.fillFloor(40, 28, 23, 15, parquet); // café
  p.fillFloor(55, 35, 8, 8, "carpetSage"); // quiet room
  p.fillFloor(6, 2, 20, 6, "stage"); // stage platform

  // outer walls
  p.setWall(0, 0, W, 2);
  p.setWall(0, 0, 1, H);
  p.setWall(W - 1, 0, 1, H);
  p.setWall(0, H - 1, W, 1);
  // stage hall | workshop
  p.setWall(31, 0, 1, 23);
  // north rooms | corridor
  p.setWall(0, 22, W, 2);
  // corridor | lounge and café (the foyer stays open to the corridor)
  p.setWall(0, 28, 24, 2);
  p.setWall(40, 28, 24, 2);
  p.setWall(23, 28, 1, 15); // lounge | foyer
  p.setWall(40, 28, 1, 15); // foyer | café
  // quiet room
  p.setWall(54, 34, 10, 2);
  p.setWall(54, 34, 1, 9);

  // doors and openings
  const door = (x: number, y: number, w: number, h: number): void => {
    p.setWall(x, y, w, h, false);
    p.fillFloor(x, y, w, h, (xx, yy) => p.floor[p.i(xx, yy + h)] ?? p.floor[p.i(xx + 1, yy)] ?? "parquet");
  };
  door(2, 22, 2, 2); // stage hall, side door
  door(14, 22, 4, 2); // stage hall, main doors (on the centre aisle)
  door(35, 22, 2, 2); // workshop
  door(57, 22, 2, 2); // workshop
  door(10, 28, 3, 2); // lounge from the corridor
  door(23, 37, 1, 3); // lounge from the foyer
  door(43, 28, 3, 2); // café from the corridor
  door(40, 35, 1, 3); // café from the foyer
  door(54, 39, 1, 2); // quiet room door
  p.setWall(30, H - 1, 4, 1, false); // entrance
  p.fillFloor(30, H - 1, 4, 1, "stone");

  // ---- wall decorations (faces)
  for (let x = 1; x <= 30; x++) p.face(x, 1, x >= 5 && x <= 26 ? "face_curtain" : "face");
  p.face(2, 1, "face_clock");
  p.face(29, 1, "face_art3");
  for (let x = 32; x <= 62; x++) p.face(x, 1, (x - 32) % 3 === 1 ? "face" : "face_window");
  for (const x of [38, 50]) {
    p.face(x, 1, "face_whiteboard.0.0");
    p.face(x + 1, 1, "face_whiteboard.1.0");
  }
  // corridor wall (seen from the corridor)
  p.face(6, 23, "face_art1");
  p.face(10, 23, "face_info");
  p.face(21, 23, "face_art2");
  p.face(25, 23, "face_clock");
  p.face(28, 23, "face_sign_terrace");
  p.face(41, 23, "face_art1");
  p.face(47, 23, "face_art2");
  p.face(53, 23, "face_info");
  p.face(60, 23, "face_art3");
  // lounge wall
  p.face(3, 29, "face_art2");
  p.face(7, 29, "face_art3");
  p.face(15, 29, "face_clock");
  p.face(19, 29, "face_art1");
  // café back wall: menu boards and shelves behind the bar
  p.face(47, 29, "face_shelf");
  p.face(48, 29, "face_menu.0.0");
  p.face(49, 29, "face_menu.1.0");
  p.face(50, 29, "face_shelf");
  p.face(51, 29, "face_shelf");
  p.face(52, 29, "face_menu.0.0");
  p.face(53, 29, "face_menu.1.0");
  p.face(54, 29, "face_shelf");
  p.face(58, 29, "face_art1");
  p.face(61, 29, "face_clock");
  // quiet room
  p.face(58, 35, "face_quiet");
  p.face(61, 35, "face_art2");

  // ---- stage hall
  // platform: boards x 6-25, y 2-7, front edge on y 8 with steps, brass rails on the sides
  for (let y = 2; y <= 7; y++) {
    p.put("furniture", 5, y, y === 2 ? "stage_side_l_shadow" : "stage_side_l");
    p.put("furniture", 26, y, y === 2 ? "stage_side_r_shadow" : "stage_side_r");
  }
  p.fillFloor(5, 2, 1, 7, "stage");
  p.fillFloor(26, 2, 1, 7, "stage");
  p.fillFloor(6, 8, 20, 1, "stage");
  p.put("furniture", 5, 8, "stage_corner_l");
  p.put("furniture", 26, 8, "stage_corner_r");
  for (let x = 6; x <= 25; x++) p.put("furniture", x, 8, x === 8 || x === 23 ? "stage_steps" : "stage_edge");
  p.sprite("screen", 13, 2, 6, 2);
  p.put("furniture", 21, 5, "lectern");
  p.tall("plant_palm", 7, 3);
  p.tall("plant_palm", 24, 3);
  p.zone({ name: "Main stage", cls: "stage", x: 6, y: 2, w: 20, h: 6, props: { audience: AUDIENCE_NAME } });

  // audience: 5 rows of seats in two blocks with a centre aisle (x 14-17) and side aisles
  for (const y of [11, 13, 15, 17, 19]) {
    for (let x = 3; x <= 13; x++) p.put("furniture", x, y, "seat_up");
    for (let x = 18; x <= 28; x++) p.put("furniture", x, y, "seat_up");
  }
  p.zone({ name: AUDIENCE_NAME, cls: "audience", x: 2, y: 10, w: 28, h: 11, props: {} });
  p.tall("plant_tall", 2, 9);
  p.tall("plant_tall", 29, 9);
  p.tall("lamp", 2, 4);
  p.tall("lamp", 29, 4);
  p.put("furniture", 1, 2, "plant_bush");
  p.put("furniture", 30, 2, "plant_bush");
  p.put("furniture", 1, 21, "plant_bush");
  p.put("furniture", 30, 21, "plant_bush");
  p.put("furniture", 13, 21, "plant_snake");
  p.put("furniture", 18, 21, "plant_snake");

  // ---- workshop room: six tables in two rows of three
  rectTable(p, 37, 3, "a", "Open source maintainers", true);
  roundTable(p, 47, 3, "Hiring & careers");
  rectTable(p, 57, 3, "b", "Design systems", false);
  roundTable(p, 37, 12, "Climate tech");
  rectTable(p, 47, 12, "b", "Accessibility", true);
  rectTable(p, 57, 12, "a", "AI in practice", false);
  p.tall("plant_tall", 32, 3);
  p.tall("plant_palm", 62, 3);
  p.put("furniture", 42, 10, "plant_snake");
  p.put("furniture", 52, 10, "plant_snake");
  p.put("furniture", 32, 21, "plant_bush");
  p.put("furniture", 62, 21, "plant_bush");
  p.sprite("bench", 45, 21, 2, 1);
  p.sprite("bench", 48, 21, 2, 1);

  // ---- corridor
  p.put("furniture", 5, 24, "plant_bush");
  p.sprite("bench", 7, 24, 2, 1);
  p.put("furniture", 12, 24, "plant_snake");
  p.put("furniture", 20, 24, "plant_bush");
  p.sprite("bench", 26, 24, 2, 1);
  p.put("furniture", 38, 24, "plant_bush");
  p.sprite("bench", 50, 24, 2, 1);
  p.put("furniture", 55, 24, "plant_snake");
  p.put("furniture", 61, 24, "plant_bush");

  // ---- lounge: two coffee corners and a reading nook
  coffeeCorner(p, 1, 31, "Lounge corner", "rugTerracotta", "teal", {});
  coffeeCorner(p, 14, 31, "Fireside corner", "rugTeal", "mustard", {});
  p.sprite("sofa_sage_up", 3, 42, 2, 1);
  p.put("furniture", 2, 42, "plant_snake");
  p.put("furniture", 5, 42, "coffeetable_round");
  p.sprite("sofa_sage_up", 6, 42, 2, 1);
  p.tall("plant_palm", 22, 42);
  p.tall("plant_tall", 1, 42);
  p.tall("lamp", 16, 42);
  p.sprite("bench", 18, 42, 2, 1);
  p.put("furniture", 22, 30, "plant_bush");

  // ---- foyer and entrance
  p.rug("rugPlum", 28, 30, 8, 4);
  p.tall("signpost", 31, 36);
  // welcome desks either side of the foyer (badges, and coffee for early arrivals)
  p.put("furniture", 25, 34, "counter.0.0");
  p.put("furniture", 26, 34, "counter_till");
  p.put("furniture", 27, 34, "counter.2.0");
  p.put("furniture", 36, 34, "counter.0.0");
  p.put("furniture", 37, 34, "counter_cups");
  p.put("furniture", 38, 34, "counter.2.0");
  p.put("furniture", 24, 34, "plant_snake");
  p.put("furniture", 39, 34, "plant_snake");
  p.tall("plant_tall", 24, 42);
  p.tall("plant_tall", 39, 42);
  p.sprite("bench", 25, 42, 2, 1);
  p.sprite("bench", 37, 42, 2, 1);
  p.put("furniture", 24, 30, "plant_bush");
  p.put("furniture", 39, 30, "plant_bush");
  for (const [x, kind] of [
    [30, "w"],
    [31, ""],
    [32, ""],
    [33, "e"],
  ] as const) {
    p.floor[p.i(x, H - 2)] = `mat_n${kind}`;
    p.floor[p.i(x, H - 1)] = `mat_s${kind}`;
  }
  p.zone({ name: "Entrance", cls: "spawn", x: 28, y: 37, w: 8, h: 5, props: {} });

  // ---- café: coffee bar along the back wall, bistro tables, a coffee corner
  p.put("furniture", 47, 31, "counter.0.0");
  p.put("furniture", 48, 31, "counter_machine");
  p.put("furniture", 49, 31, "counter.1.0");
  p.put("furniture", 50, 31, "counter_cups");
  p.put("furniture", 51, 31, "counter_pastry");
  p.put("furniture", 52, 31, "counter.1.0");
  p.put("furniture", 53, 31, "counter_till");
  p.put("furniture", 54, 31, "counter.2.0");
  for (const x of [48, 50, 52]) p.put("furniture", x, 32, "chair_up");
  // bistro tables
  for (const [x, y] of [
    [58, 31],
    [58, 33],
  ] as const) {
    p.put("furniture", x, y, "coffeetable_round");
    p.put("furniture", x - 1, y, "chair_right");
    p.put("furniture", x + 1, y, "chair_left");
  }
  p.put("furniture", 62, 30, "plant_bush");
  p.put("furniture", 41, 30, "plant_snake");
  coffeeCorner(p, 42, 35, "Café corner", "rugTerracotta", "coral", { overhear: true });
  p.tall("plant_palm", 53, 42);
  p.tall("plant_tall", 41, 42);

  // ---- quiet room
  p.put("furniture", 56, 37, "armchair_sage_down");
  p.put("furniture", 57, 37, "coffeetable_round");
  p.put("furniture", 58, 37, "armchair_sage_down");
  p.put("furniture", 61, 37, "armchair_sage_down");
  p.tall("lamp", 62, 37);
  p.put("furniture", 62, 42, "plant_bush");
  p.tall("plant_tall", 55, 42);
  p.zone({ name: "Quiet room", cls: "silent", x: 55, y: 36, w: 8, h: 7, props: {} });

  // ---- the staircase up to the terrace, on the entrance axis against the corridor wall
  // (added last so the original zones keep their object ids)
  staircase(p);
  // The signpost in the foyer says where everything is (shown to people next to it, and in the list of places).
  p.zone({
    name: "Signpost",
    cls: "sign",
    x: 30,
    y: 35,
    w: 3,
    h: 2,
    props: {
      text: "Welcome to Foyer! Left: the lounge with two coffee corners. Right: the café and the quiet room. Through the corridor: the stage hall (left) and the workshop tables (right). Up the stairs: the roof terrace.",
    },
  });

  p.resolveWalls();
  p.walls[p.i(29, H - 1)] = "door_l";
  p.walls[p.i(34, H - 1)] = "door_r";
  return p;
}

// ------------------------------------------------------------------ Tiled JSON

function gidLayer(p: Plan, ts: Tileset, arr: Array<string | null>): number[] {
  return arr.map((name) => (name === null ? 0 : ts.id(name) + 1));
}

export interface VenueOutput {
  map: Tmj & Record<string, unknown>;
  json: string;
}

export function buildVenueMap(ts: Tileset, tilesetImage: { width: number; height: number }): VenueOutput {
  return planToTmj(buildPlan(), ts, tilesetImage);
}

/** Write a plan as a Tiled 1.10 JSON map using the venue tileset. */
export function planToTmj(p: Plan, ts: Tileset, tilesetImage: { width: number; height: number }): VenueOutput {
  const layerData: Array<[LayerName, Array<string | null>]> = [
    ["floor", p.floor],
    ["walls", p.walls],
    ["furniture", p.furniture],
    ["decor", p.decor],
  ];
  let layerId = 1;
  const layers: Array<Record<string, unknown>> = layerData.map(([name, arr]) => ({
    data: gidLayer(p, ts, arr),
    height: p.h,
    id: layerId++,
    name,
    opacity: 1,
    type: "tilelayer",
    visible: true,
    width: p.w,
    x: 0,
    y: 0,
  }));
  let objectId = 1;
  const propType = (v: PropValue): string => (typeof v === "boolean" ? "bool" : typeof v === "number" ? "int" : "string");
  layers.push({
    draworder: "topdown",
    id: layerId++,
    name: "zones",
    objects: p.zones.map((z) => {
      const props = Object.entries(z.props);
      return {
        class: z.cls,
        height: z.h * TILE_SIZE,
        id: objectId++,
        name: z.name,
        ...(props.length > 0
          ? { properties: props.map(([name, value]) => ({ name, type: propType(value), value })) }
          : {}),
        rotation: 0,
        type: z.cls,
        visible: true,
        width: z.w * TILE_SIZE,
        x: z.x * TILE_SIZE,
        y: z.y * TILE_SIZE,
      };
    }),
    opacity: 1,
    type: "objectgroup",
    visible: true,
    x: 0,
    y: 0,
  });

  const map = {
    compressionlevel: -1,
    height: p.h,
    infinite: false,
    layers,
    nextlayerid: layerId,
    nextobjectid: objectId,
    orientation: "orthogonal",
    renderorder: "right-down",
    tiledversion: "1.10.2",
    tileheight: TILE_SIZE,
    tilesets: [
      {
        columns: ts.columns,
        firstgid: 1,
        image: "../tiles/venue.png",
        imageheight: tilesetImage.height,
        imagewidth: tilesetImage.width,
        margin: 0,
        name: "venue",
        spacing: 0,
        tilecount: ts.tilecount,
        tileheight: TILE_SIZE,
        tiles: ts.tiles
          .map((t, id) => ({ t, id }))
          .filter(({ t }) => t.collides)
          .map(({ id }) => ({ id, properties: [{ name: "collides", type: "bool", value: true }] })),
        tilewidth: TILE_SIZE,
      },
    ],
    tilewidth: TILE_SIZE,
    type: "map",
    version: "1.10",
    width: p.w,
  } as unknown as Tmj & Record<string, unknown>;

  return { map, json: formatTmj(map) };
}

/** What a floor must contain, beyond the rules every floor shares. */
export interface FloorRules {
  /** Used in error messages: "main floor", "terrace". */
  label: string;
  /** Exact counts (`n`) or minimums (`min`) per zone class. */
  counts: Partial<Record<Zone["cls"], { n?: number; min?: number }>>;
  /** At least one coffee corner with `overhear`. */
  overhearCorner?: boolean;
}

export const MAIN_RULES: FloorRules = {
  label: "main floor",
  counts: {
    spawn: { n: 2 },
    "coffee-corner": { min: 3 },
    table: { min: 4 },
    stage: { n: 1 },
    audience: { n: 1 },
    silent: { min: 1 },
    portal: { n: 1 },
  },
  overhearCorner: true,
};

/**
 * Throws with a precise message if a floor breaks a rule: zone counts, names, bounds, no
 * overlaps, stage/audience links, portal properties, room to stand in spawns and corners,
 * and that *every* spawn on its own reaches every zone and every walkable tile.
 */
export function validateFloor(map: Tmj, rules: FloorRules): ReachReport {
  const zones = zonesOf(map);
  const count = (cls: string): number => zones.filter((z) => z.cls === cls).length;
  const problems: string[] = [];
  for (const [cls, want] of Object.entries(rules.counts)) {
    if (want.n !== undefined && count(cls) !== want.n) problems.push(`expected ${want.n} ${cls} zone(s), got ${count(cls)}`);
    if (want.min !== undefined && count(cls) < want.min) problems.push(`need at least ${want.min} ${cls} zone(s), got ${count(cls)}`);
  }
  if (rules.overhearCorner && !zones.some((z) => z.cls === "coffee-corner" && z.props.overhear === true))
    problems.push("need a coffee corner with overhear");
  const names = new Set<string>();
  for (const z of zones) {
    if (names.has(z.name)) problems.push(`duplicate zone name ${z.name}`);
    names.add(z.name);
    if (z.x < 0 || z.y < 0 || z.x + z.w > map.width || z.y + z.h > map.height)
      problems.push(`zone ${z.name} lies outside the map`);
    if (![z.x, z.y, z.w, z.h].every(Number.isInteger)) problems.push(`zone ${z.name} is not tile aligned`);
  }
  for (let a = 0; a < zones.length; a++) {
    for (let b = a + 1; b < zones.length; b++) {
      const za = zones[a];
      const zb = zones[b];
      if (!za || !zb) continue;
      if (za.x < zb.x + zb.w && zb.x < za.x + za.w && za.y < zb.y + zb.h && zb.y < za.y + za.h)
        problems.push(`zones ${za.name} and ${zb.name} overlap`);
    }
  }
  for (const z of zones.filter((zz) => zz.cls === "stage")) {
    if (!zones.some((a) => a.cls === "audience" && a.name === z.props.audience))
      problems.push(`stage ${z.name} links missing audience ${String(z.props.audience)}`);
  }
  for (const z of zones.filter((zz) => zz.cls === "portal")) {
    if (typeof z.props.target !== "string" || z.props.target === "") problems.push(`portal ${z.name} has no target floor`);
    if (typeof z.props.targetSpawn !== "string" || z.props.targetSpawn === "")
      problems.push(`portal ${z.name} has no targetSpawn`);
  }
  const walkable = walkableGrid(map);
  for (const z of zones) {
    if (z.cls === "spawn" && !hasFreeBlock(map, walkable, z, 3, 2)) problems.push(`spawn ${z.name} lacks 3×2 free floor`);
    if (z.cls === "coffee-corner" && !hasFreeBlock(map, walkable, z, 3, 3))
      problems.push(`coffee corner ${z.name} lacks a 3×3 walkable area`);
    if (z.cls === "portal" && !hasFreeBlock(map, walkable, z, z.w, 1))
      problems.push(`portal ${z.name} needs a full walkable row to step onto`);
  }
  const spawns = zones.filter((z) => z.cls === "spawn");
  let report: ReachReport | null = null;
  for (const s of spawns) {
    const r = checkReachability(map, s.name);
    report ??= r;
    if (r.unreachableZones.length > 0) problems.push(`from spawn ${s.name}, unreachable zones: ${r.unreachableZones.join(", ")}`);
    if (r.pockets.length > 0)
      problems.push(
        `walkable tiles cut off from spawn ${s.name}: ${r.pockets.slice(0, 10).map(([x, y]) => `(${x},${y})`).join(" ")}`,
      );
  }
  if (problems.length > 0 || !report) throw new Error(`${rules.label} is invalid:\n  ${problems.join("\n  ") || "no spawn"}`);
  return report;
}

/**
 * Cross-floor check: every portal names a floor that exists and a spawn on it, and that
 * spawn does not lie in (or touch) a portal there, so nobody arrives and bounces straight on.
 */
export function validatePortals(floors: Record<string, Tmj>): void {
  const problems: string[] = [];
  for (const [slug, map] of Object.entries(floors)) {
    for (const portal of zonesOf(map).filter((z) => z.cls === "portal")) {
      const target = String(portal.props.target);
      const spawnName = String(portal.props.targetSpawn);
      const other = floors[target];
      if (!other) {
        problems.push(`${slug}: portal ${portal.name} leads to unknown floor "${target}"`);
        continue;
      }
      const zones = zonesOf(other);
      const spawn = zones.find((z) => z.cls === "spawn" && z.name === spawnName);
      if (!spawn) {
        problems.push(`${slug}: portal ${portal.name} names spawn "${spawnName}", which ${target} does not have`);
        continue;
      }
      for (const back of zones.filter((z) => z.cls === "portal")) {
        if (spawn.x <= back.x + back.w && back.x <= spawn.x + spawn.w && spawn.y <= back.y + back.h && back.y <= spawn.y + spawn.h)
          problems.push(`${target}: arrival spawn ${spawn.name} touches portal ${back.name}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`portals are invalid:\n  ${problems.join("\n  ")}`);
}

/** JSON as Tiled writes it (1-space indent), with tile data one map row per line. */
export function formatTmj(map: Tmj & Record<string, unknown>): string {
  const rows: string[] = [];
  const clone = JSON.parse(JSON.stringify(map)) as { layers: Array<{ data?: number[] | string }> };
  clone.layers.forEach((l) => {
    if (Array.isArray(l.data)) {
      const data = l.data;
      const lines: string[] = [];
      for (let y = 0; y < map.height; y++) lines.push(data.slice(y * map.width, (y + 1) * map.width).join(", "));
      rows.push(lines.join(",\n            "));
      l.data = `@@DATA${rows.length - 1}@@`;
    }
  });
  let text = JSON.stringify(clone, null, 1);
  rows.forEach((r, i) => {
    text = text.replace(`"@@DATA${i}@@"`, `[${r}]`);
  });
  return `${text}\n`;
}
