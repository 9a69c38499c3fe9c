/**
 * The venue tileset: floors, 3/4-view walls, furniture and decor, all drawn in code.
 * `buildTileset()` returns a Tileset whose tile order is stable (ids are used by the map).
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { Canvas, type RGBA, hashString, hex, mix, rng, shade, withAlpha } from "./draw.ts";
import { addTerraceTiles } from "./tiles-terrace.ts";
import { Tileset } from "./tileset.ts";

const T = TILE_SIZE;

export const PAL = {
  outline: hex("#2a2430"),
  oak: hex("#d8b088"),
  walnut: hex("#7a5238"),
  stage: hex("#6a4a3a"),
  carpetBlue: hex("#3d5987"),
  carpetTeal: hex("#3b7a76"),
  carpetSage: hex("#8ba585"),
  stone: hex("#dcd8cf"),
  cap: hex("#4b5064"),
  plaster: hex("#efe8dc"),
  slat: hex("#c79a6d"),
  base: hex("#5a4a40"),
  birch: hex("#ecd9b8"),
  steel: hex("#c9ced6"),
  white: hex("#fbfaf6"),
  ink: hex("#2d3142"),
  leaf: hex("#4f9a52"),
  leafDark: hex("#2f6b3d"),
  leafLight: hex("#8cc96b"),
  terracotta: hex("#c8694a"),
  coffee: hex("#6b3f26"),
  mustard: hex("#e0a93b"),
  teal: hex("#2f8f8a"),
  red: hex("#b3413f"),
  sky: hex("#9ad2ee"),
};

const blank = (): Canvas => new Canvas(T, T);

// ---------------------------------------------------------------- floors

/** Staggered planks, 4 rows of 8 px per tile; seams differ per row so it tiles seamlessly. */
export function planks(c: Canvas, base: RGBA, seed: number, seams: number[], contrast = 1): void {
  const r = rng(seed);
  const tones = [0.05, -0.04, 0.02, -0.07].map((v) => shade(base, v * contrast));
  for (let row = 0; row < 4; row++) {
    const tone = tones[row] ?? base;
    const y0 = row * 8;
    c.rect(0, y0, T, 8, tone);
    // grain: short streaks, wrapping horizontally
    for (let g = 0; g < 5; g++) {
      const gy = y0 + 1 + Math.floor(r() * 6);
      const gx = Math.floor(r() * T);
      const len = 4 + Math.floor(r() * 10);
      const col = r() < 0.5 ? shade(tone, -0.06 * contrast) : shade(tone, 0.05);
      for (let i = 0; i < len; i++) c.put((gx + i) % T, gy, col);
    }
    c.hline(0, y0, T, shade(tone, 0.08)); // top highlight
    c.hline(0, y0 + 7, T, shade(base, -0.22 * contrast)); // groove
    const s = seams[row] ?? 0;
    c.vline(s, y0, 7, shade(base, -0.2 * contrast));
    c.vline((s + 1) % T, y0 + 1, 6, shade(tone, 0.1));
  }
}

function parquet(seed: number): Canvas {
  const c = blank();
  planks(c, PAL.oak, seed, [0, 12, 24, 6]);
  return c;
}

function stageBoards(): Canvas {
  const c = blank();
  planks(c, PAL.stage, 77, [4, 20, 12, 28], 1.2);
  return c;
}

function carpet(base: RGBA, seed: number, pattern: "lattice" | "dots"): Canvas {
  const c = blank();
  const r = rng(seed);
  for (let y = 0; y < T; y++) {
    for (let x = 0; x < T; x++) {
      let col = shade(base, (r() - 0.5) * 0.08);
      if (pattern === "lattice" && ((x + y) % 16 === 0 || (x - y + 32) % 16 === 0)) col = shade(col, 0.1);
      if (pattern === "dots" && x % 8 === 3 && y % 8 === 3) col = shade(col, 0.18);
      if (pattern === "dots" && (x % 8 === 7 && y % 8 === 7)) col = shade(col, -0.1);
      c.put(x, y, col);
    }
  }
  return c;
}

function stoneTiles(): Canvas {
  const c = blank();
  const r = rng(99);
  const tones = [0.03, -0.02, -0.04, 0.01];
  for (let ty = 0; ty < 2; ty++) {
    for (let tx = 0; tx < 2; tx++) {
      const tone = shade(PAL.stone, tones[ty * 2 + tx] ?? 0);
      c.rect(tx * 16, ty * 16, 16, 16, tone);
      for (let i = 0; i < 10; i++) {
        c.put(tx * 16 + 1 + Math.floor(r() * 14), ty * 16 + 1 + Math.floor(r() * 14), shade(tone, r() < 0.5 ? -0.1 : 0.08));
      }
      c.hline(tx * 16, ty * 16, 15, shade(tone, 0.12));
      c.vline(tx * 16, ty * 16, 15, shade(tone, 0.08));
      c.hline(tx * 16, ty * 16 + 15, 16, shade(PAL.stone, -0.2));
      c.vline(tx * 16 + 15, ty * 16, 16, shade(PAL.stone, -0.2));
    }
  }
  return c;
}

/** Soft shadow cast on a floor by the wall face just north of it. */
export function withWallShadow(floor: Canvas): Canvas {
  const c = floor.crop(0, 0, T, T);
  const alphas = [110, 80, 56, 38, 24, 12];
  alphas.forEach((a, y) => c.hline(0, y, T, withAlpha(hex("#1d1a2a"), a)));
  return c;
}

// ---------------------------------------------------------------- rugs & mats

export type Slice = "nw" | "n" | "ne" | "w" | "c" | "e" | "sw" | "s" | "se";
export const SLICES: Slice[] = ["nw", "n", "ne", "w", "c", "e", "sw", "s", "se"];

export function sliceSides(s: Slice): { n: boolean; s: boolean; w: boolean; e: boolean } {
  return { n: s.startsWith("n"), s: s.startsWith("s"), w: s.endsWith("w"), e: s.endsWith("e") };
}

/** One 9-slice piece of a rug lying on `under`. The rug edge is inset 3 px from outer sides. */
export function rugPiece(under: Canvas, slice: Slice, base: RGBA, border: RGBA, accent: RGBA, seed: number): Canvas {
  const c = under.crop(0, 0, T, T);
  const sd = sliceSides(slice);
  const inset = 3;
  const x0 = sd.w ? inset : 0;
  const x1 = sd.e ? T - inset : T;
  const y0 = sd.n ? inset : 0;
  const y1 = sd.s ? T - inset : T;
  const r = rng(seed);
  // drop shadow on the floor
  if (sd.s) c.hline(x0 + 1, y1, x1 - x0, withAlpha(PAL.outline, 60));
  if (sd.e) c.vline(x1, y0 + 1, y1 - y0, withAlpha(PAL.outline, 60));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      // distance to the rug's outer edge (only on sides that have an edge in this piece)
      const dN = sd.n ? y - y0 : 99;
      const dS = sd.s ? y1 - 1 - y : 99;
      const dW = sd.w ? x - x0 : 99;
      const dE = sd.e ? x1 - 1 - x : 99;
      const d = Math.min(dN, dS, dW, dE);
      let col = shade(base, (r() - 0.5) * 0.07);
      if (d === 0) col = shade(base, -0.25);
      else if (d >= 2 && d <= 3) col = border;
      else if (d === 5) col = shade(border, -0.1);
      else if (d > 6) {
        // centre pattern: diamonds on a 16 px lattice
        const px = ((x % 16) + 16) % 16;
        const py = ((y % 16) + 16) % 16;
        const m = Math.abs(px - 8) + Math.abs(py - 8);
        if (m === 4) col = accent;
        else if (m === 0) col = border;
      }
      c.put(x, y, col);
    }
  }
  // fringe on the short (west/east) sides
  if (sd.w || sd.e) {
    const fx = sd.w ? 0 : T - inset;
    for (let y = y0 + 1; y < y1 - 1; y += 2) c.hline(fx, y, inset, shade(border, 0.3));
  }
  return c;
}

function matPiece(under: Canvas, slice: Slice): Canvas {
  const c = under.crop(0, 0, T, T);
  const sd = sliceSides(slice);
  const x0 = sd.w ? 3 : 0;
  const x1 = sd.e ? T - 3 : T;
  const y0 = sd.n ? 3 : 0;
  const y1 = T; // mats run to the threshold at the map edge
  const r = rng(hashString(`mat-${slice}`));
  const base = hex("#3b3d48");
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const dN = sd.n ? y - y0 : 99;
      const dW = sd.w ? x - x0 : 99;
      const dE = sd.e ? x1 - 1 - x : 99;
      const d = Math.min(dN, dW, dE);
      let col = shade(base, (r() - 0.5) * 0.16);
      if (d === 0) col = shade(base, -0.3);
      else if (d === 2 || d === 3) col = hex("#5fa7a0");
      else if (y % 4 === 1) col = shade(col, 0.08);
      c.put(x, y, col);
    }
  }
  if (sd.s) {
    // aluminium threshold
    c.rect(0, T - 4, T, 4, PAL.steel);
    c.hline(0, T - 4, T, shade(PAL.steel, 0.4));
    c.hline(0, T - 1, T, shade(PAL.steel, -0.35));
  }
  return c;
}

// ---------------------------------------------------------------- walls

/** Wall top seen from above. mask bits: 1 = N, 2 = E, 4 = S, 8 = W connect to more wall top. */
function wallCap(mask: number): Canvas {
  const c = blank();
  const r = rng(500 + mask);
  for (let y = 0; y < T; y++) for (let x = 0; x < T; x++) c.put(x, y, shade(PAL.cap, (r() - 0.5) * 0.05));
  const hi = shade(PAL.cap, 0.22);
  const dark = PAL.outline;
  if (!(mask & 1)) {
    c.hline(0, 0, T, dark);
    c.hline(0, 1, T, hi);
  }
  if (!(mask & 4)) {
    c.hline(0, T - 2, T, hi);
    c.hline(0, T - 1, T, dark);
  }
  if (!(mask & 8)) {
    c.vline(0, 0, T, dark);
    c.vline(1, mask & 1 ? 0 : 1, T - (mask & 1 ? 0 : 1) - (mask & 4 ? 0 : 1), hi);
  }
  if (!(mask & 2)) {
    c.vline(T - 1, 0, T, dark);
    c.vline(T - 2, mask & 1 ? 0 : 1, T - (mask & 1 ? 0 : 1) - (mask & 4 ? 0 : 1), shade(PAL.cap, 0.1));
  }
  return c;
}

/** Plain wall face: plaster above, oak slat wainscot below, dark skirting. */
export function wallFace(jamb: "none" | "left" | "right" = "none"): Canvas {
  const c = blank();
  for (let y = 0; y < 17; y++) c.hline(0, y, T, mix(PAL.plaster, shade(PAL.plaster, -0.06), y / 17));
  c.hline(0, 0, T, shade(PAL.plaster, -0.35));
  c.hline(0, 1, T, shade(PAL.plaster, -0.18));
  c.hline(0, 2, T, shade(PAL.plaster, -0.08));
  // rail
  c.hline(0, 17, T, shade(PAL.slat, 0.25));
  c.hline(0, 18, T, shade(PAL.slat, -0.2));
  for (let x = 0; x < T; x++) {
    const k = x % 4;
    const col = k === 0 ? shade(PAL.slat, -0.25) : k === 1 ? shade(PAL.slat, 0.12) : PAL.slat;
    c.vline(x, 19, 10, col);
  }
  c.rect(0, 29, T, 3, PAL.base);
  c.hline(0, 29, T, shade(PAL.base, 0.25));
  if (jamb === "left") {
    c.rect(0, 0, 3, T, shade(PAL.plaster, -0.25));
    c.vline(0, 0, T, PAL.outline);
  }
  if (jamb === "right") {
    c.rect(T - 3, 0, 3, T, shade(PAL.plaster, -0.25));
    c.vline(T - 1, 0, T, PAL.outline);
  }
  return c;
}

function windowFace(): Canvas {
  const c = wallFace();
  const frame = hex("#f6f6f3");
  const fdark = hex("#8e97a6");
  c.rect(3, 3, 26, 22, frame);
  c.frame(3, 3, 26, 22, fdark);
  // glass: sky gradient, distant trees
  for (let y = 5; y < 23; y++) c.hline(5, y, 22, mix(hex("#bfe6f7"), PAL.sky, (y - 5) / 18));
  const r = rng(31);
  for (let x = 5; x < 27; x++) {
    const h = 3 + Math.floor(r() * 3) + (x % 7 < 3 ? 2 : 0);
    c.vline(x, 23 - h, h, x % 5 === 0 ? hex("#4f8f5c") : hex("#5fa56a"));
  }
  // reflections
  c.line(8, 20, 14, 6, withAlpha(PAL.white, 150));
  c.line(10, 20, 16, 6, withAlpha(PAL.white, 90));
  c.line(20, 20, 23, 13, withAlpha(PAL.white, 110));
  // mullion
  c.vline(16, 4, 20, frame);
  c.vline(17, 4, 20, fdark);
  // sill
  c.rect(2, 24, 28, 3, PAL.white);
  c.hline(2, 26, 28, fdark);
  return c;
}

function curtainFace(): Canvas {
  const c = blank();
  const base = hex("#7b2638");
  for (let x = 0; x < T; x++) {
    const k = x % 8;
    const t = Math.sin((k / 8) * Math.PI * 2);
    const col = shade(base, t * 0.18);
    c.vline(x, 0, T, col);
  }
  c.hline(0, 0, T, PAL.outline);
  c.rect(0, 1, T, 3, hex("#c89b3c"));
  c.hline(0, 3, T, hex("#8a6520"));
  c.rect(0, 29, T, 3, shade(base, -0.4));
  return c;
}

/** A 2-tile whiteboard with scribbles and sticky notes. */
function whiteboard(): Canvas {
  const c = new Canvas(2 * T, T);
  c.copy(wallFace(), 0, 0);
  c.copy(wallFace(), T, 0);
  c.rect(4, 3, 56, 19, PAL.steel);
  c.rect(5, 4, 54, 17, PAL.white);
  c.frame(4, 3, 56, 19, hex("#7f8796"));
  const pens: RGBA[] = [hex("#2f6fd0"), hex("#d04a3a"), hex("#2f9a5a")];
  const r = rng(7);
  for (let i = 0; i < 6; i++) {
    const y = 6 + i * 2 + (i > 2 ? 1 : 0);
    const x = 8 + (i > 2 ? 26 : 0);
    c.hline(x, y, 8 + Math.floor(r() * 12), pens[i % 3] ?? PAL.ink);
  }
  c.line(10, 18, 16, 14, pens[1] ?? PAL.ink);
  c.line(16, 14, 22, 17, pens[1] ?? PAL.ink);
  c.line(22, 17, 28, 12, pens[1] ?? PAL.ink);
  const notes: RGBA[] = [hex("#ffe066"), hex("#ff9ec7"), hex("#8fe3c4"), hex("#ffe066")];
  notes.forEach((n, i) => {
    c.rect(40 + (i % 2) * 8, 12 + Math.floor(i / 2) * 4, 6, 4, n);
  });
  c.rect(6, 22, 52, 2, shade(PAL.steel, -0.2));
  c.rect(14, 21, 5, 1, pens[0] ?? PAL.ink);
  c.rect(22, 21, 5, 1, pens[1] ?? PAL.ink);
  return c;
}

function artFace(kind: 1 | 2 | 3): Canvas {
  const c = wallFace();
  c.rect(7, 3, 18, 20, PAL.outline);
  c.rect(8, 4, 16, 18, PAL.white);
  if (kind === 1) {
    c.rect(9, 5, 14, 16, hex("#f4d8b4"));
    c.ellipse(11, 7, 10, 10, hex("#e8744f"));
    c.rect(9, 15, 14, 6, hex("#2f6f8f"));
    c.hline(9, 15, 14, hex("#5fa3c0"));
  } else if (kind === 2) {
    c.rect(9, 5, 14, 16, hex("#dfe9ef"));
    for (let i = 0; i < 7; i++) c.hline(16 - i, 10 + i, 1 + i * 2, hex("#3b5b7a"));
    for (let i = 0; i < 5; i++) c.hline(19 - i, 13 + i, 1 + i * 2, hex("#5e86a8"));
    c.rect(9, 17, 14, 4, hex("#6fa876"));
    c.ellipse(10, 6, 4, 4, hex("#f2c14e"));
  } else {
    c.rect(9, 5, 14, 16, hex("#272a3a"));
    c.rect(10, 7, 5, 5, hex("#e0a93b"));
    c.ellipse(15, 10, 7, 7, hex("#2f8f8a"));
    c.rect(11, 15, 10, 2, hex("#ef7b6b"));
    c.rect(11, 18, 6, 1, PAL.white);
  }
  c.hline(8, 22, 16, withAlpha(PAL.outline, 70));
  return c;
}

function clockFace(): Canvas {
  const c = wallFace();
  c.ellipse(8, 2, 16, 16, PAL.outline);
  c.ellipse(9, 3, 14, 14, PAL.white);
  for (const [x, y] of [
    [15, 4],
    [21, 10],
    [15, 15],
    [10, 10],
  ] as const)
    c.put(x, y, PAL.ink);
  c.vline(15, 6, 4, PAL.ink);
  c.line(16, 10, 19, 12, PAL.red);
  return c;
}

function infoScreenFace(): Canvas {
  const c = wallFace();
  c.rect(4, 3, 24, 16, hex("#1f2330"));
  c.rect(5, 4, 22, 14, hex("#24395e"));
  c.rect(6, 5, 12, 2, PAL.white);
  const cols: RGBA[] = [hex("#e0a93b"), hex("#4fc3b5"), hex("#ef7b6b"), hex("#a98be0")];
  for (let i = 0; i < 4; i++) {
    c.rect(6, 8 + i * 2 + 1, 2, 1, cols[i] ?? PAL.white);
    c.hline(9, 8 + i * 2 + 1, 8 + ((i * 5) % 9), shade(PAL.white, -0.2));
  }
  c.vline(15, 19, 2, PAL.steel);
  return c;
}

function quietSignFace(): Canvas {
  const c = wallFace();
  c.roundRect(8, 4, 16, 14, hex("#3b7a76"), 2);
  c.roundRect(9, 5, 14, 12, hex("#5fa7a0"), 2);
  // speaker with a slash: "quiet"
  c.rect(11, 9, 3, 4, PAL.white);
  c.line(14, 9, 17, 6, PAL.white);
  c.line(14, 12, 17, 15, PAL.white);
  c.vline(17, 6, 10, PAL.white);
  c.line(19, 7, 22, 15, hex("#ffd166"));
  return c;
}

/** Café back wall: chalk menu board (2 tiles). */
function menuBoard(): Canvas {
  const c = new Canvas(2 * T, T);
  c.copy(wallFace(), 0, 0);
  c.copy(wallFace(), T, 0);
  c.rect(3, 2, 58, 22, hex("#6b4a32"));
  c.rect(5, 4, 54, 18, hex("#2b3430"));
  const chalk = hex("#e9efe6");
  c.rect(8, 6, 18, 2, chalk);
  const r = rng(12);
  for (let i = 0; i < 4; i++) {
    const y = 10 + i * 3;
    c.hline(8, y, 10 + Math.floor(r() * 8), shade(chalk, -0.15));
    c.rect(24, y, 3, 1, hex("#ffd166"));
  }
  // cup doodle
  c.rect(38, 9, 10, 8, chalk);
  c.rect(39, 10, 8, 6, hex("#2b3430"));
  c.rect(48, 11, 2, 3, chalk);
  c.line(40, 7, 41, 5, chalk);
  c.line(44, 7, 45, 5, chalk);
  c.rect(36, 18, 14, 1, chalk);
  return c;
}

function shelfFace(): Canvas {
  const c = wallFace();
  const wood = hex("#8a5d3c");
  for (const y of [10, 21]) {
    c.rect(1, y, 30, 2, wood);
    c.hline(1, y, 30, shade(wood, 0.25));
    c.hline(1, y + 2, 30, withAlpha(PAL.outline, 70));
  }
  // cups and jars on the shelves
  const items: Array<[number, number, RGBA, number, number]> = [
    [3, 10, PAL.white, 4, 4],
    [8, 10, PAL.white, 4, 4],
    [14, 10, hex("#e07a5f"), 4, 5],
    [20, 10, hex("#3b7a76"), 4, 5],
    [26, 10, PAL.white, 4, 4],
    [3, 21, hex("#c9a36b"), 5, 7],
    [10, 21, hex("#5b3a29"), 5, 7],
    [17, 21, hex("#c9a36b"), 5, 7],
    [24, 21, PAL.leaf, 6, 6],
  ];
  for (const [x, y, col, w, h] of items) {
    c.rect(x, y - h, w, h, col);
    c.vline(x, y - h, h, shade(col, 0.2));
    c.vline(x + w - 1, y - h, h, shade(col, -0.25));
  }
  c.rect(24, 16, 6, 5, hex("#d07a4a"));
  return c;
}

/** Wall end beside the entrance with a sliding glass door parked in it. */
function entranceDoor(side: "left" | "right"): Canvas {
  const c = wallCap(side === "left" ? 8 : 2);
  const x = side === "left" ? 14 : 2;
  const steel = hex("#aeb6c2");
  c.rect(x, 2, 16, 28, steel);
  c.rect(x + 2, 4, 12, 24, hex("#a9dcf2"));
  c.line(x + 4, 24, x + 10, 6, withAlpha(PAL.white, 170));
  c.line(x + 7, 25, x + 12, 10, withAlpha(PAL.white, 110));
  c.frame(x, 2, 16, 28, hex("#6f7887"));
  c.rect(side === "left" ? x + 12 : x + 2, 14, 2, 5, hex("#4b5064"));
  return c;
}

// ---------------------------------------------------------------- furniture helpers

/** Outline a freshly drawn sprite and return it. */
export function done(c: Canvas): Canvas {
  c.outline(PAL.outline);
  return c;
}

type Facing = "down" | "up" | "left" | "right";

function chair(facing: Facing, fabric: RGBA): Canvas {
  const c = blank();
  const leg = hex("#3a3340");
  const top = shade(fabric, 0.18);
  const dark = shade(fabric, -0.25);
  c.ellipse(7, 24, 18, 6, withAlpha(PAL.outline, 50));
  if (facing === "down") {
    c.rect(10, 24, 2, 4, leg);
    c.rect(20, 24, 2, 4, leg);
    c.roundRect(9, 14, 14, 10, fabric, 2);
    c.hline(10, 15, 12, top);
    c.hline(9, 23, 14, dark);
    c.roundRect(9, 5, 14, 9, dark, 2);
    c.hline(10, 6, 12, shade(dark, 0.2));
  } else if (facing === "up") {
    c.rect(10, 24, 2, 4, leg);
    c.rect(20, 24, 2, 4, leg);
    c.roundRect(9, 9, 14, 9, top, 2);
    c.roundRect(9, 15, 14, 11, fabric, 2);
    c.hline(10, 16, 12, top);
    c.rect(11, 18, 10, 6, dark);
  } else {
    const back = facing === "right" ? 8 : 20;
    const seatX = facing === "right" ? 10 : 9;
    c.rect(seatX + 2, 22, 2, 6, leg);
    c.rect(seatX + 10, 22, 2, 6, leg);
    c.roundRect(seatX, 14, 13, 9, fabric, 2);
    c.hline(seatX + 1, 15, 11, top);
    c.hline(seatX, 22, 13, dark);
    c.roundRect(back, 5, 4, 18, dark, 1);
    c.vline(back + (facing === "right" ? 1 : 2), 6, 15, shade(dark, 0.25));
  }
  return done(c);
}

/** Sofa or armchair; length is along the seat (w for up/down, h for left/right). */
function sofa(wTiles: number, hTiles: number, facing: Facing, fabric: RGBA): Canvas {
  const W = wTiles * T;
  const H = hTiles * T;
  const c = new Canvas(W, H);
  const top = shade(fabric, 0.2);
  const dark = shade(fabric, -0.22);
  const darker = shade(fabric, -0.38);
  if (facing === "down" || facing === "up") {
    c.ellipse(3, H - 8, W - 6, 7, withAlpha(PAL.outline, 50));
    if (facing === "down") {
      c.roundRect(3, 3, W - 6, 13, dark, 3); // back
      c.hline(5, 4, W - 10, shade(dark, 0.2));
      c.rect(8, 14, W - 16, 12, fabric); // seat
      for (let x = 8; x < W - 8; x += 1) c.put(x, 14, top);
      for (let s = T; s < W - 8; s += T) c.vline(s, 14, 12, dark);
      c.rect(8, 24, W - 16, 4, dark); // seat front
    } else {
      c.rect(8, 5, W - 16, 10, fabric); // seat seen past the back
      c.hline(8, 5, W - 16, top);
      for (let s = T; s < W - 8; s += T) c.vline(s, 5, 9, dark);
      c.roundRect(3, 14, W - 6, 14, dark, 3); // back
      c.hline(5, 15, W - 10, shade(dark, 0.25));
      c.rect(5, 24, W - 10, 4, darker);
    }
    // armrests
    c.roundRect(3, 7, 6, 22, fabric, 2);
    c.roundRect(W - 9, 7, 6, 22, fabric, 2);
    c.vline(4, 8, 19, top);
    c.vline(W - 8, 8, 19, top);
    c.rect(3, 26, 6, 3, dark);
    c.rect(W - 9, 26, 6, 3, dark);
  } else {
    c.ellipse(4, H - 8, W - 8, 7, withAlpha(PAL.outline, 50));
    const backX = facing === "right" ? 3 : W - 14;
    const seatX = facing === "right" ? 13 : 7;
    c.rect(seatX, 6, 12, H - 12, fabric);
    c.vline(seatX + (facing === "right" ? 11 : 0), 6, H - 12, dark);
    for (let s = T; s < H - 6; s += T) c.hline(seatX, s, 12, dark);
    for (let s = 0; s < H; s += T) c.hline(seatX, s + 7, 12, top);
    c.roundRect(backX, 3, 11, H - 7, dark, 3);
    c.vline(backX + (facing === "right" ? 2 : 8), 5, H - 12, shade(dark, 0.25));
    // armrests at the ends
    c.roundRect(4, 2, W - 8, 7, fabric, 2);
    c.roundRect(4, H - 11, W - 8, 8, fabric, 2);
    c.hline(5, 3, W - 10, top);
    c.hline(5, H - 10, W - 10, top);
    c.hline(4, H - 4, W - 8, dark);
  }
  return done(c);
}

export function mug(c: Canvas, x: number, y: number, col: RGBA = PAL.white): void {
  c.ellipse(x, y, 5, 5, shade(col, -0.2));
  c.ellipse(x, y, 5, 4, col);
  c.rect(x + 1, y + 1, 3, 2, PAL.coffee);
  c.put(x + 5, y + 2, shade(col, -0.2));
}

function coffeeTable(wTiles: number): Canvas {
  const W = wTiles * T;
  const c = new Canvas(W, T);
  const wood = hex("#9a6a48");
  c.ellipse(4, 20, W - 8, 9, withAlpha(PAL.outline, 55));
  c.rect(7, 20, 3, 7, shade(wood, -0.35));
  c.rect(W - 10, 20, 3, 7, shade(wood, -0.35));
  c.roundRect(4, 8, W - 8, 13, wood, 3);
  c.hline(6, 9, W - 12, shade(wood, 0.25));
  c.rect(4, 19, W - 8, 3, shade(wood, -0.25));
  if (wTiles >= 2) {
    mug(c, 10, 11);
    mug(c, W - 17, 12, hex("#f2c14e"));
    c.rect(W / 2 - 7, 10, 10, 7, hex("#e8e4da"));
    c.rect(W / 2 - 6, 11, 8, 1, hex("#d06a4a"));
    c.rect(W / 2 - 6, 13, 6, 1, hex("#9aa3b0"));
    c.rect(W / 2 + 6, 9, 4, 5, hex("#e4e0d8"));
    c.ellipse(W / 2 + 5, 4, 6, 6, hex("#ef7b6b"));
    c.put(W / 2 + 7, 6, hex("#ffd166"));
  } else {
    mug(c, 9, 11);
    mug(c, 18, 12, hex("#8fd3c7"));
  }
  return done(c);
}

function laptop(c: Canvas, x: number, y: number, flip = false): void {
  c.rect(x, y, 12, 8, hex("#aab2bd"));
  c.rect(x + 1, y + 1, 10, 6, flip ? hex("#8a93a0") : hex("#2c3e5c"));
  if (!flip) c.rect(x + 2, y + 2, 5, 1, hex("#6fb6ff"));
  c.rect(x - 1, flip ? y - 4 : y + 8, 14, 4, hex("#c9ced6"));
  c.hline(x, flip ? y - 3 : y + 9, 12, hex("#9aa3ad"));
}

function paper(c: Canvas, x: number, y: number): void {
  c.rect(x, y, 8, 10, PAL.white);
  for (let i = 0; i < 3; i++) c.hline(x + 1, y + 2 + i * 2, 5, hex("#9db4d6"));
}

function workshopTable(variant: number): Canvas {
  const W = 3 * T;
  const H = 2 * T;
  const c = new Canvas(W, H);
  const topC = PAL.birch;
  c.ellipse(2, H - 14, W - 4, 12, withAlpha(PAL.outline, 50));
  const leg = hex("#3b3440");
  c.rect(8, 48, 3, 11, leg);
  c.rect(W - 11, 48, 3, 11, leg);
  c.roundRect(3, 8, W - 6, 42, topC, 3);
  c.hline(5, 9, W - 10, shade(topC, 0.4));
  c.rect(3, 46, W - 6, 5, shade(topC, -0.3));
  c.hline(3, 46, W - 6, shade(topC, -0.12));
  // a runner down the middle
  c.rect(6, 24, W - 12, 8, variant === 0 ? hex("#cfe3df") : hex("#f0d7c9"));
  if (variant === 0) {
    laptop(c, 14, 12);
    paper(c, 40, 12);
    mug(c, 58, 14);
    laptop(c, 62, 38, true);
    paper(c, 30, 34);
    c.rect(18, 36, 5, 5, hex("#ffe066"));
    c.rect(24, 37, 5, 5, hex("#ff9ec7"));
    mug(c, 80, 34, hex("#8fd3c7"));
    c.ellipse(44, 24, 8, 8, PAL.white);
    c.ellipse(45, 25, 6, 6, PAL.leaf);
  } else {
    paper(c, 12, 12);
    mug(c, 24, 14, hex("#f2c14e"));
    laptop(c, 52, 12);
    laptop(c, 18, 38, true);
    paper(c, 70, 34);
    mug(c, 50, 36);
    c.rect(38, 36, 5, 5, hex("#8fe3c4"));
    c.rect(80, 14, 5, 5, hex("#ffe066"));
    c.rect(38, 25, 14, 5, hex("#e07a5f"));
    c.rect(40, 26, 10, 1, PAL.white);
  }
  return done(c);
}

function roundTable(): Canvas {
  const S = 2 * T;
  const c = new Canvas(S, S);
  const topC = PAL.birch;
  c.ellipse(10, 46, 44, 12, withAlpha(PAL.outline, 55));
  c.rect(29, 44, 6, 12, hex("#3b3440"));
  c.rect(22, 55, 20, 3, hex("#3b3440"));
  c.ellipse(4, 10, 56, 40, shade(topC, -0.3));
  c.ellipse(4, 6, 56, 40, topC);
  c.ellipse(10, 9, 44, 30, shade(topC, 0.12));
  mug(c, 14, 20);
  mug(c, 44, 28, hex("#f2c14e"));
  paper(c, 30, 12);
  laptop(c, 16, 30, true);
  c.ellipse(27, 24, 9, 9, PAL.white);
  c.ellipse(28, 25, 7, 6, PAL.leaf);
  c.put(30, 26, PAL.leafLight);
  return done(c);
}

export function leafCluster(c: Canvas, cx: number, cy: number, rx: number, ry: number, seed: number, n: number): void {
  const r = rng(seed);
  const leaves: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    const a = r() * Math.PI * 2;
    const d = Math.sqrt(r());
    leaves.push([cx + Math.cos(a) * rx * d, cy + Math.sin(a) * ry * d, r()]);
  }
  leaves.sort((a, b) => a[1] - b[1]);
  for (const [x, y, t] of leaves) {
    const base = t < 0.33 ? PAL.leafDark : t < 0.75 ? PAL.leaf : shade(PAL.leaf, 0.15);
    c.ellipse(Math.round(x) - 4, Math.round(y) - 3, 8, 6, base);
    c.ellipse(Math.round(x) - 3, Math.round(y) - 3, 5, 3, shade(base, 0.25));
  }
}

export function pot(c: Canvas, x: number, y: number, w: number, h: number, col: RGBA): void {
  c.ellipse(x - 2, y + h - 4, w + 4, 7, withAlpha(PAL.outline, 60));
  c.rect(x, y, w, h, col);
  c.vline(x + 1, y + 1, h - 2, shade(col, 0.25));
  c.vline(x + w - 2, y + 1, h - 2, shade(col, -0.2));
  c.rect(x - 1, y - 1, w + 2, 3, shade(col, 0.1));
  c.hline(x - 1, y + 2, w + 2, shade(col, -0.3));
}

function tallPlant(seed: number, potCol: RGBA): Canvas {
  const c = new Canvas(T, 2 * T);
  c.line(16, 30, 16, 50, hex("#6b4b2a"));
  c.line(15, 34, 11, 26, hex("#6b4b2a"));
  leafCluster(c, 16, 26, 11, 17, seed, 34);
  leafCluster(c, 16, 42, 9, 6, seed + 1, 8);
  pot(c, 9, 47, 14, 12, potCol);
  return done(c);
}

function smallPlant(kind: "bush" | "snake"): Canvas {
  const c = blank();
  if (kind === "bush") {
    leafCluster(c, 16, 13, 10, 8, 41, 20);
    pot(c, 10, 19, 12, 9, PAL.white);
  } else {
    const greens = [PAL.leafDark, PAL.leaf, hex("#6fae4a")];
    for (let i = 0; i < 7; i++) {
      const x = 9 + i * 2;
      const h = 10 + ((i * 5) % 7);
      const g = greens[i % 3] ?? PAL.leaf;
      c.rect(x, 20 - h, 2, h, g);
      c.put(x, 20 - h, shade(g, 0.3));
      c.vline(x + 1, 21 - h, h - 2, hex("#d8d36a"));
    }
    pot(c, 9, 19, 14, 9, hex("#3b4f63"));
  }
  return done(c);
}

function counter(): Canvas {
  const W = 3 * T;
  const c = new Canvas(W, T);
  const topC = hex("#f1eee8");
  const front = hex("#3f5a56");
  c.rect(1, 10, W - 2, 21, front);
  for (let x = 4; x < W - 3; x += 4) c.vline(x, 14, 14, shade(front, -0.2));
  for (let x = 5; x < W - 3; x += 4) c.vline(x, 14, 14, shade(front, 0.12));
  c.rect(1, 28, W - 2, 3, shade(front, -0.45));
  c.rect(0, 6, W, 8, topC);
  c.hline(0, 6, W, PAL.white);
  c.hline(0, 13, W, shade(topC, -0.3));
  const r = rng(5);
  for (let i = 0; i < 10; i++) c.hline(Math.floor(r() * (W - 8)), 8 + Math.floor(r() * 4), 4, shade(topC, -0.1));
  // rounded, outlined ends
  for (const x of [0, W - 1]) {
    c.vline(x, 6, 25, PAL.outline);
  }
  c.hline(0, 30, W, PAL.outline);
  c.hline(0, 5, W, PAL.outline);
  return c;
}

function counterItem(base: Canvas, item: "machine" | "cups" | "pastry" | "till"): Canvas {
  const c = base.crop(0, 0, T, T);
  if (item === "machine") {
    c.rect(5, 0, 22, 10, hex("#b9c0c9"));
    c.rect(5, 0, 22, 3, hex("#dfe3e8"));
    c.rect(7, 4, 18, 3, hex("#2d3142"));
    c.put(9, 5, hex("#ff6b6b"));
    c.put(12, 5, hex("#6bff9a"));
    c.rect(9, 8, 3, 2, hex("#2d3142"));
    c.rect(20, 8, 3, 2, hex("#2d3142"));
    c.rect(9, 10, 3, 2, PAL.white);
    c.rect(20, 10, 3, 2, PAL.white);
    c.vline(5, 0, 10, hex("#8d96a2"));
    c.vline(26, 0, 10, hex("#8d96a2"));
  } else if (item === "cups") {
    for (let i = 0; i < 3; i++) {
      c.rect(4 + i * 5, 3, 4, 6, PAL.white);
      c.vline(7 + i * 5, 3, 6, hex("#cfcac0"));
    }
    for (let i = 0; i < 2; i++) c.rect(6 + i * 5, 0, 4, 4, PAL.white);
    mug(c, 20, 5, hex("#e07a5f"));
  } else if (item === "pastry") {
    c.rect(3, 0, 26, 11, withAlpha(hex("#cdeaf5"), 170));
    c.frame(3, 0, 26, 11, hex("#9fb6c2"));
    c.ellipse(5, 5, 7, 5, hex("#d99a4e"));
    c.ellipse(13, 5, 7, 5, hex("#c27a3a"));
    c.ellipse(21, 5, 6, 5, hex("#f0c070"));
    c.put(23, 6, hex("#7a3b20"));
  } else {
    c.rect(8, 1, 14, 9, hex("#2d3142"));
    c.rect(9, 2, 12, 5, hex("#4fc3b5"));
    c.rect(10, 3, 6, 1, PAL.white);
    c.rect(23, 5, 4, 5, hex("#ffd166"));
  }
  return c;
}

/** Front lip of the stage; `steps` replaces the lip by a short stair. */
function stageEdge(boards: Canvas, kind: "edge" | "steps"): Canvas {
  const c = boards.crop(0, 0, T, T);
  const face = hex("#2c2430");
  if (kind === "edge") {
    c.hline(0, 17, T, shade(PAL.stage, 0.35));
    c.rect(0, 18, T, 14, face);
    for (let x = 0; x < T; x += 8) c.vline(x, 19, 13, shade(face, 0.15));
    c.hline(0, 19, T, hex("#c89b3c"));
  } else {
    const stepC = shade(PAL.stage, 0.05);
    for (let i = 0; i < 3; i++) {
      const y = 14 + i * 6;
      c.rect(0, y, T, 3, shade(stepC, 0.15 - i * 0.05));
      c.rect(0, y + 3, T, 3, shade(face, 0.1 + i * 0.05));
    }
    c.hline(0, 14, T, hex("#c89b3c"));
  }
  return c;
}

/** Side of the stage with a brass rail, so it reads as a barrier. */
function stageSide(boards: Canvas, side: "left" | "right", corner: boolean): Canvas {
  const c = corner ? stageEdge(boards, "edge") : boards.crop(0, 0, T, T);
  const x = side === "left" ? 3 : T - 6;
  const brass = hex("#d2a64a");
  c.rect(side === "left" ? 0 : T - 2, 0, 2, corner ? 18 : T, hex("#2c2430"));
  c.rect(x, 0, 3, corner ? 16 : T, brass);
  c.vline(x, 0, corner ? 16 : T, shade(brass, 0.35));
  c.vline(x + 2, 0, corner ? 16 : T, shade(brass, -0.35));
  c.rect(x - 1, 12, 5, 3, shade(brass, -0.2));
  return c;
}

function lectern(): Canvas {
  const c = blank();
  const wood = hex("#8a5a3b");
  c.ellipse(6, 25, 20, 6, withAlpha(PAL.outline, 70));
  c.rect(9, 12, 14, 16, wood);
  c.vline(10, 13, 14, shade(wood, 0.2));
  c.vline(21, 13, 14, shade(wood, -0.25));
  c.rect(7, 26, 18, 3, shade(wood, -0.3));
  c.rect(7, 8, 18, 5, shade(wood, 0.25));
  c.hline(7, 8, 18, shade(wood, 0.45));
  c.ellipse(13, 16, 6, 6, hex("#e0a93b"));
  c.put(15, 18, PAL.white);
  // microphone
  c.line(20, 8, 22, 3, hex("#3b3440"));
  c.rect(21, 1, 3, 3, hex("#1f1b24"));
  return done(c);
}

function bigScreen(): Canvas {
  const W = 6 * T;
  const H = 2 * T;
  const c = new Canvas(W, H);
  const leg = hex("#3b3440");
  c.rect(30, 50, 4, 11, leg);
  c.rect(W - 34, 50, 4, 11, leg);
  c.rect(24, 59, 16, 3, leg);
  c.rect(W - 40, 59, 16, 3, leg);
  c.roundRect(3, 2, W - 6, 50, hex("#1d2030"), 2);
  // slide
  for (let y = 5; y < 48; y++) c.hline(6, y, W - 12, mix(hex("#25325e"), hex("#3c2a5e"), (y - 5) / 43));
  c.rect(14, 10, 62, 5, PAL.white); // title
  c.rect(14, 17, 40, 2, hex("#9fb0d8"));
  const bullets: RGBA[] = [hex("#e0a93b"), hex("#4fc3b5"), hex("#ef7b6b")];
  bullets.forEach((b, i) => {
    c.rect(16, 24 + i * 6, 3, 3, b);
    c.hline(22, 25 + i * 6, 30 + ((i * 13) % 20), hex("#d6dcf0"));
  });
  // bar chart
  const bars = [10, 16, 13, 22, 28, 34];
  bars.forEach((h, i) => {
    const col = bullets[i % 3] ?? PAL.white;
    c.rect(106 + i * 11, 44 - h, 8, h, col);
    c.hline(106 + i * 11, 44 - h, 8, shade(col, 0.35));
  });
  c.hline(102, 44, 70, hex("#9fb0d8"));
  // logo blob
  c.ellipse(160, 9, 12, 12, hex("#4fc3b5"));
  c.ellipse(163, 12, 6, 6, hex("#25325e"));
  c.hline(6, 5, W - 12, withAlpha(PAL.white, 50));
  return done(c);
}

function signpost(): Canvas {
  const c = new Canvas(T, 2 * T);
  const wood = hex("#7a5238");
  c.ellipse(8, 56, 16, 6, withAlpha(PAL.outline, 60));
  c.rect(14, 10, 4, 49, wood);
  c.vline(14, 10, 49, shade(wood, 0.25));
  c.rect(10, 56, 12, 3, shade(wood, -0.3));
  const board = (y: number, col: RGBA, right: boolean): void => {
    const x0 = right ? 9 : 4;
    c.rect(x0, y, 19, 7, col);
    c.hline(x0, y, 19, shade(col, 0.3));
    const tip = right ? x0 + 19 : x0 - 1;
    for (let i = 0; i < 4; i++) c.vline(right ? tip + i : tip - i, y + i, 7 - 2 * i, col);
    c.hline(x0 + 3, y + 3, 10, withAlpha(PAL.white, 200));
  };
  board(14, hex("#2f8f8a"), true);
  board(24, hex("#e0a93b"), false);
  board(34, hex("#c8694a"), true);
  c.ellipse(12, 6, 8, 6, hex("#7a5238"));
  return done(c);
}

function bench(): Canvas {
  const W = 2 * T;
  const c = new Canvas(W, T);
  const wood = hex("#b98255");
  c.ellipse(4, 22, W - 8, 7, withAlpha(PAL.outline, 50));
  c.rect(8, 20, 3, 8, hex("#3b3440"));
  c.rect(W - 11, 20, 3, 8, hex("#3b3440"));
  c.roundRect(4, 10, W - 8, 11, wood, 2);
  for (let y = 12; y < 20; y += 3) c.hline(5, y, W - 10, shade(wood, -0.2));
  c.hline(5, 10, W - 10, shade(wood, 0.3));
  c.rect(4, 19, W - 8, 3, shade(wood, -0.3));
  return done(c);
}

function floorLamp(): Canvas {
  const c = new Canvas(T, 2 * T);
  c.ellipse(8, 56, 16, 6, withAlpha(PAL.outline, 60));
  c.rect(11, 55, 10, 3, hex("#2d3142"));
  c.rect(15, 16, 2, 40, hex("#2d3142"));
  c.ellipse(3, 2, 26, 30, withAlpha(hex("#fff3c4"), 50));
  c.rect(9, 6, 14, 12, hex("#f3e3c0"));
  c.hline(9, 6, 14, PAL.white);
  c.vline(22, 6, 12, shade(hex("#f3e3c0"), -0.2));
  c.hline(8, 17, 16, shade(hex("#f3e3c0"), -0.3));
  c.outline(PAL.outline, { x: 0, y: 4, w: T, h: 60 });
  return c;
}

// ---------------------------------------------------------------- the sheet

export const FLOORS = ["parquet", "parquet2", "carpetBlue", "carpetTeal", "carpetSage", "stone", "stage"] as const;
export type FloorName = (typeof FLOORS)[number];

export const RUGS = {
  rugTerracotta: { base: hex("#c0654a"), border: hex("#f1dcc0"), accent: hex("#e8a36a"), under: "parquet" },
  rugTeal: { base: hex("#2f6f78"), border: hex("#e8c468"), accent: hex("#5fa7a0"), under: "parquet" },
  rugPlum: { base: hex("#6a4a7a"), border: hex("#f0d9e8"), accent: hex("#a680b8"), under: "stone" },
} as const;
export type RugName = keyof typeof RUGS;

export const SOFA_COLOURS = {
  teal: hex("#2f7f86"),
  mustard: hex("#d99a32"),
  coral: hex("#d26b5a"),
  sage: hex("#6f9a74"),
} as const;
export type SofaColour = keyof typeof SOFA_COLOURS;

export function buildTileset(): Tileset {
  const ts = new Tileset(8);
  const floors: Record<FloorName, Canvas> = {
    parquet: parquet(11),
    parquet2: parquet(12),
    carpetBlue: carpet(PAL.carpetBlue, 21, "lattice"),
    carpetTeal: carpet(PAL.carpetTeal, 22, "dots"),
    carpetSage: carpet(PAL.carpetSage, 23, "dots"),
    stone: stoneTiles(),
    stage: stageBoards(),
  };
  for (const f of FLOORS) ts.add(f, floors[f]);
  for (const f of FLOORS) ts.add(`${f}_shadow`, withWallShadow(floors[f]));

  // walls
  for (let m = 0; m < 16; m++) ts.add(`cap_${m}`, wallCap(m), true);
  ts.add("door_l", entranceDoor("left"), true);
  ts.add("door_r", entranceDoor("right"), true);
  ts.add("face", wallFace(), true);
  ts.add("face_l", wallFace("left"), true);
  ts.add("face_r", wallFace("right"), true);
  ts.add("face_lr", (() => {
    const c = wallFace("left");
    c.blit(wallFace("right").crop(T - 3, 0, 3, T), T - 3, 0);
    return c;
  })(), true);
  ts.add("face_window", windowFace(), true);
  ts.add("face_curtain", curtainFace(), true);
  ts.add("face_art1", artFace(1), true);
  ts.add("face_art2", artFace(2), true);
  ts.add("face_art3", artFace(3), true);
  ts.add("face_clock", clockFace(), true);
  ts.add("face_info", infoScreenFace(), true);
  ts.add("face_quiet", quietSignFace(), true);
  ts.add("face_shelf", shelfFace(), true);
  ts.addSprite("face_whiteboard", whiteboard(), true);
  ts.addSprite("face_menu", menuBoard(), true);

  // stage
  ts.add("stage_edge", stageEdge(floors.stage, "edge"), true);
  ts.add("stage_steps", stageEdge(floors.stage, "steps"), false);
  ts.add("stage_side_l", stageSide(floors.stage, "left", false), true);
  ts.add("stage_side_r", stageSide(floors.stage, "right", false), true);
  ts.add("stage_corner_l", stageSide(floors.stage, "left", true), true);
  ts.add("stage_corner_r", stageSide(floors.stage, "right", true), true);
  ts.add("stage_side_l_shadow", stageSide(withWallShadow(floors.stage), "left", false), true);
  ts.add("stage_side_r_shadow", stageSide(withWallShadow(floors.stage), "right", false), true);
  ts.add("lectern", lectern(), true);
  ts.addSprite("screen", bigScreen(), true);

  // rugs and the entrance mat (opaque floor tiles)
  for (const [name, rug] of Object.entries(RUGS)) {
    for (const s of SLICES) {
      ts.add(`${name}_${s}`, rugPiece(floors[rug.under], s, rug.base, rug.border, rug.accent, hashString(`${name}${s}`)));
    }
  }
  for (const s of ["nw", "n", "ne", "sw", "s", "se"] as const) ts.add(`mat_${s}`, matPiece(floors.stone, s));

  // seating (walkable)
  const chairFabric = hex("#3e4a5e");
  const theatre = hex("#a8323e");
  for (const f of ["down", "left", "right", "up"] as const) ts.add(`chair_${f}`, chair(f, chairFabric));
  ts.add("seat_up", chair("up", theatre));

  // lounge furniture (blocks walking)
  for (const [name, col] of Object.entries(SOFA_COLOURS)) {
    ts.addSprite(`sofa_${name}_down`, sofa(2, 1, "down", col), true);
    ts.addSprite(`sofa_${name}_up`, sofa(2, 1, "up", col), true);
    ts.addSprite(`sofa_${name}_right`, sofa(1, 2, "right", col), true);
    ts.addSprite(`sofa_${name}_left`, sofa(1, 2, "left", col), true);
    for (const f of ["down", "up", "right", "left"] as const) ts.add(`armchair_${name}_${f}`, sofa(1, 1, f, col), true);
  }
  ts.addSprite("coffeetable", coffeeTable(2), true);
  ts.add("coffeetable_round", coffeeTable(1), true);

  // workshop
  ts.addSprite("table_a", workshopTable(0), true);
  ts.addSprite("table_b", workshopTable(1), true);
  ts.addSprite("table_round", roundTable(), true);

  // café counter
  const ctr = counter();
  ts.addSprite("counter", ctr, true);
  const mid = ctr.crop(T, 0, T, T);
  for (const item of ["machine", "cups", "pastry", "till"] as const) ts.add(`counter_${item}`, counterItem(mid, item), true);

  // plants and decor; tall things are two tiles: the bottom blocks, the top is drawn above avatars
  const tallPieces = (col: number, row: number): boolean => row === 1 && col === 0;
  ts.addSprite("plant_tall", tallPlant(61, PAL.white), tallPieces);
  ts.addSprite("plant_palm", tallPlant(88, hex("#c8694a")), tallPieces);
  ts.add("plant_bush", smallPlant("bush"), true);
  ts.add("plant_snake", smallPlant("snake"), true);
  ts.addSprite("signpost", signpost(), tallPieces);
  ts.addSprite("lamp", floorLamp(), tallPieces);
  ts.addSprite("bench", bench(), true);

  // appended for the two-floor venue (keep last: existing tile ids must not move)
  addTerraceTiles(ts);
  return ts;
}
