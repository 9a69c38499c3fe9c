/**
 * Tiles added for the two-floor venue: the staircase on the main floor and everything on
 * the roof terrace (deck, lawn, glass railing, planters, parasols, string lights, fire pit,
 * picnic table). They are appended after the original tiles so existing ids never move.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { Canvas, type RGBA, hashString, hex, mix, rng, shade, withAlpha } from "./draw.ts";
import {
  PAL,
  SLICES,
  type Slice,
  done,
  leafCluster,
  mug,
  rugPiece,
  sliceSides,
  wallFace,
  withWallShadow,
} from "./tiles.ts";
import type { Tileset } from "./tileset.ts";

const T = TILE_SIZE;
const blank = (): Canvas => new Canvas(T, T);

const OUTLINE = hex("#2a2430");
const TEAK = hex("#c39468");
const OAK = hex("#d8b088");
const CEDAR = hex("#9c6a45");
const STEEL = hex("#c9ced6");
const CONCRETE = hex("#c9c4ba");

// ---------------------------------------------------------------- floors

/**
 * Outdoor decking: four long boards per tile with narrow gaps. Board ends (with their
 * screws) only occur in some variants, so boards run over several tiles.
 */
function deck(variant: 0 | 1 | 2): Canvas {
  const c = blank();
  const r = rng(900 + variant);
  const tones = [0.03, -0.04, 0.0, -0.02];
  const seams: Array<number | null> = variant === 0 ? [null, null, null, null] : variant === 1 ? [9, null, 23, null] : [null, 17, null, 4];
  for (let row = 0; row < 4; row++) {
    const y0 = row * 8;
    const tone = shade(TEAK, tones[row] ?? 0);
    c.rect(0, y0, T, 7, tone);
    for (let g = 0; g < 5; g++) {
      const gy = y0 + 2 + Math.floor(r() * 4);
      const gx = Math.floor(r() * T);
      const len = 5 + Math.floor(r() * 12);
      const col = r() < 0.6 ? shade(tone, -0.07) : shade(tone, 0.06);
      for (let i = 0; i < len; i++) c.put((gx + i) % T, gy, col);
    }
    c.hline(0, y0, T, shade(tone, 0.1));
    c.hline(0, y0 + 7, T, shade(TEAK, -0.3)); // gap between boards
    const s = seams[row];
    if (s != null) {
      c.vline(s, y0, 7, shade(TEAK, -0.3));
      for (const sx of [s - 2, s + 2]) {
        c.put(sx, y0 + 2, shade(tone, -0.3));
        c.put(sx, y0 + 5, shade(tone, -0.3));
      }
    }
  }
  return c;
}

const GRASS = hex("#6fae4a");

/** Lawn (artificial turf in a timber frame); the frame runs along the outer sides of the slice. */
function lawnPiece(under: Canvas, slice: Slice | "c2"): Canvas {
  const c = under.crop(0, 0, T, T);
  const sd = slice === "c2" ? { n: false, s: false, w: false, e: false } : sliceSides(slice);
  const r = rng(hashString(`lawn-${slice}`));
  for (let y = 0; y < T; y++) {
    for (let x = 0; x < T; x++) {
      const n = r();
      // soft clumps: a low-frequency wave plus a little per-pixel noise
      const wave = Math.sin((x + 3) * 0.7) * Math.cos((y + 5) * 0.55) * 0.05;
      let col = shade(GRASS, wave + (n - 0.5) * 0.06);
      if (n > 0.96) col = shade(GRASS, 0.14);
      c.put(x, y, col);
    }
  }
  // blades
  for (let i = 0; i < 22; i++) {
    const x = Math.floor(r() * T);
    const y = 2 + Math.floor(r() * (T - 2));
    const light = r() < 0.4;
    c.put(x, y, shade(GRASS, light ? 0.18 : -0.22));
    c.put(x + (r() < 0.5 ? -1 : 1), y - 1, shade(GRASS, light ? 0.1 : -0.12));
  }
  if (slice === "c2") {
    const petals: RGBA[] = [hex("#fbfaf6"), hex("#ffd166"), hex("#f28fb0")];
    for (let i = 0; i < 5; i++) {
      const x = 3 + Math.floor(r() * (T - 6));
      const y = 3 + Math.floor(r() * (T - 6));
      const p = petals[i % 3] ?? PAL.white;
      c.put(x - 1, y, p);
      c.put(x + 1, y, p);
      c.put(x, y - 1, p);
      c.put(x, y + 1, p);
      c.put(x, y, hex("#e0a93b"));
    }
  }
  // timber edging
  const edge = (x: number, y: number, w: number, h: number, horizontal: boolean): void => {
    c.rect(x, y, w, h, CEDAR);
    if (horizontal) {
      c.hline(x, y, w, shade(CEDAR, 0.3));
      c.hline(x, y + h - 1, w, shade(CEDAR, -0.35));
    } else {
      c.vline(x, y, h, shade(CEDAR, 0.3));
      c.vline(x + w - 1, y, h, shade(CEDAR, -0.35));
    }
  };
  if (sd.n) edge(0, 0, T, 4, true);
  if (sd.s) {
    edge(0, T - 4, T, 4, true);
    c.hline(0, T - 1, T, withAlpha(OUTLINE, 120));
  }
  if (sd.w) edge(0, 0, 4, T, false);
  if (sd.e) edge(T - 4, 0, 4, T, false);
  return c;
}

// ---------------------------------------------------------------- stairs

const RUNNER = hex("#7b2638");

/**
 * Stairs rising to the north, two steps per tile: tread, nosing, riser (the risers face
 * the viewer). `part` picks the carpet runner's piece; `top` darkens the flight where it
 * disappears into the stairwell.
 */
function stairsUp(part: "l" | "c" | "r", top: boolean): Canvas {
  const c = blank();
  const r = rng(hashString(`stairs-${part}-${top}`));
  for (let step = 0; step < 2; step++) {
    const y0 = step * 16;
    const depth = top ? (step === 0 ? -0.22 : -0.1) : 0;
    const tread = shade(OAK, 0.04 + depth);
    const riser = shade(hex("#8a6446"), depth);
    c.rect(0, y0, T, 10, tread);
    for (let g = 0; g < 3; g++) c.hline(Math.floor(r() * 24), y0 + 2 + Math.floor(r() * 6), 6, shade(tread, -0.07));
    c.hline(0, y0, T, withAlpha(OUTLINE, 70)); // shadow of the step above
    c.hline(0, y0 + 9, T, shade(tread, 0.22)); // nosing
    c.rect(0, y0 + 10, T, 6, riser);
    c.hline(0, y0 + 10, T, shade(riser, -0.3));
    c.hline(0, y0 + 15, T, shade(riser, -0.45));
    // carpet runner, held by brass rods
    const rx0 = part === "l" ? 10 : 0;
    const rx1 = part === "r" ? T - 10 : T;
    const run = shade(RUNNER, depth);
    c.rect(rx0, y0 + 1, rx1 - rx0, 9, run);
    c.hline(rx0, y0 + 9, rx1 - rx0, shade(run, 0.25));
    c.rect(rx0, y0 + 10, rx1 - rx0, 6, shade(run, -0.25));
    if (part === "l") c.vline(rx0 + 2, y0 + 1, 15, hex("#d9b45a"));
    if (part === "r") c.vline(rx1 - 3, y0 + 1, 15, hex("#d9b45a"));
    c.hline(rx0, y0 + 10, rx1 - rx0, hex("#c89b3c"));
  }
  if (top) for (let y = 0; y < 6; y++) c.hline(0, y, T, withAlpha(hex("#1d1a2a"), 110 - y * 18));
  return c;
}

/** The stairwell opening in a wall face: the flight carries on up into the dark. */
function stairwellFace(part: "l" | "c" | "r"): Canvas {
  const c = blank();
  const dark = hex("#1d1a2a");
  for (let y = 0; y < T; y++) c.hline(0, y, T, mix(dark, hex("#4a3a40"), Math.max(0, (y - 8) / 24)));
  // two faint steps near the bottom
  for (let i = 0; i < 3; i++) {
    const y = 14 + i * 6;
    const t = 0.25 + i * 0.25;
    c.hline(0, y, T, mix(dark, shade(OAK, -0.2), t));
    const rx0 = part === "l" ? 10 : 0;
    const rx1 = part === "r" ? T - 10 : T;
    c.hline(rx0, y, rx1 - rx0, mix(dark, RUNNER, t));
  }
  // lintel
  c.rect(0, 0, T, 4, shade(PAL.plaster, -0.25));
  c.hline(0, 0, T, OUTLINE);
  c.hline(0, 4, T, withAlpha(OUTLINE, 160));
  if (part === "l") {
    c.rect(0, 0, 3, T, shade(PAL.plaster, -0.25));
    c.vline(3, 4, T - 4, withAlpha(OUTLINE, 160));
  }
  if (part === "r") {
    c.rect(T - 3, 0, 3, T, shade(PAL.plaster, -0.25));
    c.vline(T - 4, 4, T - 4, withAlpha(OUTLINE, 160));
  }
  return c;
}

/**
 * Stone stairs in an opening in the roof deck, rising to the north (the risers face the
 * viewer): `row` 0 is the top of the flight, 2 the bottom, which disappears under the deck.
 */
function stairsDown(row: 0 | 1 | 2, part: "l" | "c" | "r"): Canvas {
  const c = blank();
  const r = rng(300 + row);
  const stone = hex("#c9c4ba");
  for (let step = 0; step < 2; step++) {
    const k = row * 2 + step; // 0 = top step
    const depth = -0.06 - k * 0.08;
    const tread = shade(stone, depth);
    const riser = shade(hex("#8e877d"), depth);
    const y0 = step * 16;
    c.rect(0, y0, T, 10, tread);
    for (let i = 0; i < 8; i++) c.put(Math.floor(r() * T), y0 + 2 + Math.floor(r() * 7), shade(tread, -0.08));
    c.hline(0, y0, T, withAlpha(OUTLINE, 60));
    c.hline(0, y0 + 8, T, shade(STEEL, depth)); // steel nosing
    c.hline(0, y0 + 9, T, shade(STEEL, depth + 0.2));
    c.rect(0, y0 + 10, T, 6, riser);
    c.hline(0, y0 + 10, T, shade(riser, -0.3));
  }
  if (row === 2) for (let y = 14; y < T; y++) c.hline(0, y, T, withAlpha(hex("#1d1a2a"), Math.min(235, (y - 13) * 14)));
  // the side walls of the opening, in shadow
  const wall = withAlpha(hex("#1d1a2a"), 150);
  if (part === "l") {
    c.rect(0, 0, 3, T, wall);
    c.vline(3, 0, T, withAlpha(hex("#1d1a2a"), 60));
  }
  if (part === "r") c.rect(T - 2, 0, 2, T, withAlpha(hex("#1d1a2a"), 90));
  return c;
}

/** Banister beside a flight: a handrail on white balusters; `end` adds the newel post. */
function banister(side: "l" | "r", end: "none" | "bottom" | "top"): Canvas {
  const c = blank();
  const x = side === "l" ? T - 12 : 4; // the rail hugs the stairs
  const rail = hex("#7a5238");
  const y0 = end === "top" ? 8 : 0;
  const y1 = end === "bottom" ? 24 : T;
  c.rect(x + (side === "l" ? -3 : 9), y0, 4, y1 - y0, withAlpha(OUTLINE, 45)); // shadow
  for (let y = y0 + 2; y < y1; y += 4) {
    c.rect(x + 2, y, 4, 2, PAL.white);
    c.hline(x + 2, y + 2, 4, hex("#b8b2a8"));
  }
  c.rect(x + 2, y0, 4, y1 - y0, rail);
  c.vline(x + 2, y0, y1 - y0, shade(rail, 0.35));
  c.vline(x + 5, y0, y1 - y0, shade(rail, -0.3));
  if (end !== "none") {
    const py = end === "bottom" ? 20 : 2;
    c.rect(x, py, 8, 10, PAL.white);
    c.vline(x, py, 10, hex("#d8d2c8"));
    c.vline(x + 7, py, 10, hex("#a8a29a"));
    c.rect(x - 1, py - 2, 10, 4, rail);
    c.hline(x - 1, py - 2, 10, shade(rail, 0.35));
  }
  return done(c);
}

// ---------------------------------------------------------------- the roof edge

/**
 * Glass balustrade on the roof edge: a concrete parapet on the outside, tinted glass
 * panels between steel posts, a steel handrail, and a soft shadow on the deck.
 */
function roofRail(kind: "s" | "w" | "e" | "sw" | "se"): Canvas {
  const c = blank();
  const glass = withAlpha(hex("#8fd0e8"), 150);
  const rail = STEEL;
  const post = shade(STEEL, -0.25);
  const cope = (x: number, y: number, w: number, h: number): void => {
    c.rect(x, y, w, h, CONCRETE);
    const r = rng(hashString(`cope-${kind}-${x}-${y}`));
    for (let i = 0; i < (w * h) / 8; i++) c.put(x + Math.floor(r() * w), y + Math.floor(r() * h), shade(CONCRETE, r() < 0.5 ? -0.07 : 0.05));
  };
  const south = kind === "s" || kind === "sw" || kind === "se";
  const west = kind === "w" || kind === "sw";
  const east = kind === "e" || kind === "se";
  if (west || east) {
    const h = south ? 22 : T;
    const ox = west ? 0 : T - 9;
    c.rect(west ? 9 : T - 13, 0, 4, h, withAlpha(OUTLINE, 40)); // shadow on the deck
    cope(ox, 0, 9, h);
    c.vline(west ? 8 : T - 9, 0, h, shade(CONCRETE, 0.3));
    c.vline(west ? 0 : T - 1, 0, h, shade(CONCRETE, -0.35));
    // glass seen edge-on, with the handrail on top of it
    const gx = west ? 5 : T - 8;
    c.rect(gx, 0, 3, h, glass);
    c.rect(gx, 0, 3, h, withAlpha(hex("#dff4fb"), 60));
    c.vline(gx + 1, 0, h, shade(rail, 0.35));
    c.vline(gx, 0, h, rail);
    c.vline(gx + 2, 0, h, shade(rail, -0.3));
    c.rect(gx - 1, 13, 5, 4, post);
  }
  if (south) {
    c.rect(0, 4, T, 4, withAlpha(OUTLINE, 40)); // shadow of the panel on the deck
    cope(0, 24, T, 8);
    c.hline(0, 24, T, shade(CONCRETE, 0.35));
    c.hline(0, T - 1, T, shade(CONCRETE, -0.35));
    const x0 = west ? 8 : 0;
    const x1 = east ? T - 8 : T;
    c.rect(x0, 9, x1 - x0, 15, glass);
    for (let y = 9; y < 24; y++) c.hline(x0, y, x1 - x0, withAlpha(PAL.white, 40 - (y - 9) * 2));
    c.line(x0 + 6, 22, x0 + 11, 11, withAlpha(PAL.white, 140));
    c.line(x0 + 9, 22, x0 + 13, 14, withAlpha(PAL.white, 80));
    c.rect(x0, 6, x1 - x0, 3, rail);
    c.hline(x0, 6, x1 - x0, shade(rail, 0.45));
    c.hline(x0, 9, x1 - x0, withAlpha(OUTLINE, 110));
    if (kind === "s") {
      c.rect(0, 9, 2, 15, post);
      c.rect(T - 2, 9, 2, 15, post);
    }
    if (west || east) {
      // corner post where the two runs meet
      const px = west ? 3 : T - 10;
      c.rect(px, 4, 7, 20, post);
      c.rect(px, 4, 7, 3, shade(rail, 0.3));
      c.vline(px, 4, 20, shade(post, 0.3));
    }
  }
  return c;
}

/** Terrace façade: brick with a wall lantern. */
function brickFace(lantern: boolean): Canvas {
  const c = blank();
  const brick = hex("#b8664a");
  const mortar = hex("#e4d6c4");
  c.rect(0, 0, T, T, mortar);
  const r = rng(lantern ? 71 : 72);
  for (let row = 0; row < 8; row++) {
    const y = row * 4;
    const off = row % 2 === 0 ? 0 : 5;
    for (let x = -off; x < T; x += 10) {
      const col = shade(brick, (r() - 0.5) * 0.18);
      c.rect(x, y, 9, 3, col);
      c.hline(x, y, 9, shade(col, 0.12));
    }
  }
  c.hline(0, 0, T, shade(brick, -0.45));
  c.rect(0, 29, T, 3, hex("#5a4a40"));
  if (lantern) {
    c.ellipse(6, 4, 20, 20, withAlpha(hex("#ffe9a8"), 55));
    c.rect(14, 8, 4, 2, OUTLINE);
    c.rect(12, 10, 8, 9, OUTLINE);
    c.rect(13, 11, 6, 7, hex("#ffe49a"));
    c.hline(13, 11, 6, PAL.white);
    c.rect(11, 19, 10, 2, OUTLINE);
  }
  return c;
}

/** Terrace façade: a vertical garden panel. */
function greenWallFace(seed: number): Canvas {
  const c = brickFace(false);
  c.rect(1, 1, 30, 27, hex("#3a5a3a"));
  leafCluster(c, 16, 9, 14, 7, seed, 22);
  leafCluster(c, 16, 20, 14, 7, seed + 1, 22);
  const r = rng(seed);
  const bloom: RGBA[] = [hex("#f28fb0"), hex("#ffd166"), PAL.white];
  for (let i = 0; i < 6; i++) c.put(3 + Math.floor(r() * 26), 3 + Math.floor(r() * 22), bloom[i % 3] ?? PAL.white);
  c.frame(0, 0, T, 29, hex("#5a4030"));
  return c;
}

/** Terrace façade: tall glass doors of the rooftop bar. */
function glassDoorFace(part: "l" | "r"): Canvas {
  const c = brickFace(false);
  const frame = hex("#3b3f4c");
  c.rect(0, 1, T, 28, frame);
  const gx = part === "l" ? 3 : 1;
  for (let y = 3; y < 28; y++) c.hline(gx, y, 28, mix(hex("#d7eef8"), hex("#7fb8d6"), (y - 3) / 25));
  c.line(gx + 4, 26, gx + 14, 5, withAlpha(PAL.white, 150));
  c.line(gx + 8, 26, gx + 18, 5, withAlpha(PAL.white, 80));
  c.rect(part === "l" ? T - 4 : 3, 14, 2, 6, STEEL);
  c.vline(part === "l" ? T - 1 : 0, 1, 28, shade(frame, -0.3));
  return c;
}

/** Small sign on a wall face: a sun over an arrow up the stairs ("to the terrace"). */
function terraceSignFace(): Canvas {
  const c = wallFace();
  c.roundRect(6, 3, 20, 16, hex("#2f8f8a"), 2);
  c.roundRect(7, 4, 18, 14, hex("#4fa69f"), 2);
  c.ellipse(10, 6, 7, 7, hex("#ffd166"));
  c.line(9, 15, 14, 15, PAL.white);
  c.line(14, 15, 14, 12, PAL.white);
  c.line(14, 12, 18, 12, PAL.white);
  c.line(18, 12, 18, 9, PAL.white);
  c.line(18, 9, 22, 9, PAL.white);
  c.line(20, 7, 22, 9, PAL.white);
  c.vline(15, 19, 3, hex("#5a4a40"));
  return c;
}

// ---------------------------------------------------------------- terrace furniture

/** A cedar planter box of w tiles with shrubs and flowers spilling over. */
function planter(wTiles: number, flowers: RGBA[], seed: number): Canvas {
  const W = wTiles * T;
  const c = new Canvas(W, T);
  c.ellipse(1, 24, W - 2, 8, withAlpha(OUTLINE, 55));
  c.rect(2, 14, W - 4, 15, CEDAR);
  for (let y = 17; y < 29; y += 4) c.hline(2, y, W - 4, shade(CEDAR, -0.2));
  c.vline(2, 14, 15, shade(CEDAR, 0.25));
  c.vline(W - 3, 14, 15, shade(CEDAR, -0.3));
  c.rect(1, 11, W - 2, 4, shade(CEDAR, 0.15));
  c.hline(1, 11, W - 2, shade(CEDAR, 0.4));
  c.rect(3, 12, W - 6, 2, hex("#4a3426"));
  for (let i = 0; i < wTiles; i++) leafCluster(c, 16 + i * T, 9, 13, 6, seed + i, 16);
  const r = rng(seed);
  for (let i = 0; i < 7 * wTiles; i++) {
    const x = 4 + Math.floor(r() * (W - 8));
    const y = 3 + Math.floor(r() * 10);
    const col = flowers[i % flowers.length] ?? PAL.white;
    c.rect(x, y, 2, 2, col);
    c.put(x, y, shade(col, 0.3));
  }
  return done(c);
}

/** Parasol canopy (3×2 tiles) seen from above, pole dropping to the table below. */
function parasol(a: RGBA, b: RGBA): Canvas {
  const W = 3 * T;
  const H = 2 * T;
  const c = new Canvas(W, H);
  const cx = W / 2;
  const cy = 27;
  const rx = 44;
  const ry = 24;
  c.rect(cx - 1, 40, 2, H - 40, hex("#e8e4da"));
  c.vline(cx, 40, H - 40, hex("#a8a29a"));
  for (let y = cy - ry; y <= cy + ry; y++) {
    for (let x = cx - rx; x <= cx + rx; x++) {
      const nx = (x + 0.5 - cx) / rx;
      const ny = (y + 0.5 - cy) / ry;
      const d = nx * nx + ny * ny;
      if (d > 1) continue;
      const ang = Math.atan2(ny, nx) + Math.PI;
      const seg = Math.floor((ang / (Math.PI * 2)) * 8) % 8;
      let col = seg % 2 === 0 ? a : b;
      // light from the top left, edge darker
      col = shade(col, 0.12 - (nx + ny) * 0.1 - (d > 0.85 ? 0.18 : 0));
      c.put(x, y, col);
    }
  }
  // scalloped valance
  for (let x = cx - rx + 4; x < cx + rx - 4; x += 6) {
    const nx = (x + 3 - cx) / rx;
    const y = Math.round(cy + ry * Math.sqrt(Math.max(0, 1 - nx * nx)));
    c.ellipse(x, y - 3, 6, 5, shade(Math.floor((x - cx + rx) / 6) % 2 === 0 ? a : b, -0.2));
  }
  c.ellipse(cx - 3, cy - 3, 6, 6, hex("#e8e4da"));
  c.put(cx - 1, cy - 2, PAL.white);
  return done(c);
}

/** Bistro table with the parasol's pole through the middle. */
function parasolTable(): Canvas {
  const c = blank();
  c.ellipse(4, 20, 24, 9, withAlpha(OUTLINE, 60));
  c.rect(14, 19, 4, 8, hex("#3b3440"));
  c.rect(10, 26, 12, 2, hex("#3b3440"));
  c.ellipse(3, 9, 26, 13, shade(PAL.white, -0.2));
  c.ellipse(3, 7, 26, 13, hex("#f4f1ea"));
  mug(c, 6, 10, hex("#e07a5f"));
  mug(c, 20, 12, hex("#8fd3c7"));
  c.rect(15, 0, 2, 14, hex("#e8e4da"));
  c.vline(16, 0, 14, hex("#a8a29a"));
  return done(c);
}

/** A warm string of festoon lights sagging across one tile (drawn above avatars). */
function stringLights(): Canvas {
  const c = blank();
  const wire = hex("#3a3340");
  const sag = (x: number): number => 3 + Math.round(8 * Math.sin(((x + 0.5) / T) * Math.PI));
  c.ellipse(6, 4, 20, 20, withAlpha(hex("#ffe08a"), 40));
  c.ellipse(10, 8, 12, 12, withAlpha(hex("#ffe08a"), 45));
  for (let x = 0; x < T; x++) {
    c.put(x, sag(x), wire);
    if (x > 0 && Math.abs(sag(x) - sag(x - 1)) > 1) c.put(x, sag(x) - 1, wire);
  }
  const bx = 16;
  const by = sag(bx) + 1;
  c.rect(bx - 1, by, 3, 2, wire);
  c.ellipse(bx - 3, by + 2, 7, 7, hex("#ffc94a"));
  c.ellipse(bx - 2, by + 2, 4, 4, hex("#ffe9a0"));
  c.put(bx - 1, by + 3, hex("#fffbe8"));
  return c;
}

/** Fire table: a low concrete bowl with flames (2×1). */
function firePit(): Canvas {
  const W = 2 * T;
  const c = new Canvas(W, T);
  c.ellipse(2, 4, W - 4, 26, withAlpha(hex("#ffb347"), 40));
  c.ellipse(6, 20, W - 12, 9, withAlpha(OUTLINE, 70));
  c.roundRect(6, 13, W - 12, 14, shade(CONCRETE, -0.15), 3);
  c.rect(7, 24, W - 14, 3, shade(CONCRETE, -0.4));
  c.ellipse(6, 8, W - 12, 12, CONCRETE);
  c.ellipse(10, 10, W - 20, 8, hex("#3b3440"));
  const flame = (x: number, h: number): void => {
    c.ellipse(x - 3, 14 - h, 7, h + 2, hex("#e8602c"));
    c.ellipse(x - 2, 15 - h + 2, 5, h - 1, hex("#ffb347"));
    c.ellipse(x - 1, 16 - h + 4, 3, h - 4, hex("#fff1b0"));
  };
  flame(22, 9);
  flame(32, 12);
  flame(42, 8);
  c.rect(12, 14, W - 24, 2, hex("#5a4a40"));
  return done(c);
}

/** Picnic table (3×2): slatted top with a few things on it. */
function picnicTable(): Canvas {
  const W = 3 * T;
  const H = 2 * T;
  const c = new Canvas(W, H);
  const wood = hex("#c08a5a");
  c.ellipse(4, 40, W - 8, 20, withAlpha(OUTLINE, 55));
  c.rect(10, 44, 4, 16, shade(wood, -0.45));
  c.rect(W - 14, 44, 4, 16, shade(wood, -0.45));
  c.rect(3, 6, W - 6, 40, wood);
  for (let x = 3; x < W - 3; x += 1) if ((x - 3) % 15 === 14) c.vline(x, 6, 40, shade(wood, -0.3));
  const r = rng(19);
  for (let i = 0; i < 30; i++) c.hline(4 + Math.floor(r() * (W - 14)), 7 + Math.floor(r() * 37), 5, shade(wood, r() < 0.5 ? -0.1 : 0.08));
  c.hline(3, 6, W - 6, shade(wood, 0.35));
  c.rect(3, 44, W - 6, 4, shade(wood, -0.3));
  mug(c, 12, 12);
  mug(c, 70, 30, hex("#f2c14e"));
  mug(c, 26, 32, hex("#8fd3c7"));
  // a bowl of fruit and a jug of water
  c.ellipse(40, 16, 16, 12, PAL.white);
  c.ellipse(42, 17, 5, 5, hex("#e8602c"));
  c.ellipse(47, 18, 5, 5, hex("#8cc96b"));
  c.ellipse(44, 21, 5, 4, hex("#ffd166"));
  c.rect(66, 10, 8, 11, withAlpha(hex("#cdeaf5"), 210));
  c.rect(67, 14, 6, 6, withAlpha(hex("#7fb8d6"), 200));
  c.rect(50, 32, 10, 7, hex("#e8e4da"));
  c.hline(51, 34, 7, hex("#9aa3b0"));
  return done(c);
}

/** Picnic bench seat (walkable), 1 tile of a longer bench; `end` rounds off a side. */
function picnicBench(end: "l" | "c" | "r"): Canvas {
  const c = blank();
  const wood = hex("#c08a5a");
  const x0 = end === "l" ? 3 : 0;
  const x1 = end === "r" ? T - 3 : T;
  c.rect(x0, 22, x1 - x0, 4, withAlpha(OUTLINE, 45));
  c.rect(x0, 10, x1 - x0, 10, wood);
  c.hline(x0, 10, x1 - x0, shade(wood, 0.35));
  c.hline(x0, 14, x1 - x0, shade(wood, -0.2));
  c.rect(x0, 19, x1 - x0, 3, shade(wood, -0.35));
  if (end !== "c") c.rect(end === "l" ? 8 : T - 12, 22, 4, 6, shade(wood, -0.45));
  if (end === "c") c.rect(14, 22, 4, 6, shade(wood, -0.45));
  return done(c);
}

/**
 * Slatted wooden garden armchair with a cushion. Drawn facing right (back on the left) or
 * down (back at the top) and mirrored for left and up.
 */
function deckChair(facing: "down" | "up" | "left" | "right", cushion: RGBA): Canvas {
  const wood = hex("#b07a4c");
  const dark = shade(wood, -0.3);
  const light = shade(wood, 0.25);
  const side = facing === "left" || facing === "right";
  const c = blank();
  c.ellipse(3, 20, 26, 10, withAlpha(OUTLINE, 55));
  if (side) {
    // back: three slats rising on the left
    for (let i = 0; i < 3; i++) {
      c.rect(4 + i * 3, 5 + i, 2, 21 - 2 * i, i === 0 ? dark : wood);
      c.vline(4 + i * 3, 5 + i, 21 - 2 * i, light);
    }
    c.rect(12, 11, 14, 13, wood); // seat
    for (let y = 13; y < 24; y += 3) c.hline(12, y, 14, dark);
    c.roundRect(13, 11, 12, 11, cushion, 2);
    c.hline(14, 12, 10, shade(cushion, 0.25));
    c.hline(13, 21, 12, shade(cushion, -0.2));
    c.rect(6, 7, 22, 4, light); // arms
    c.hline(6, 10, 22, dark);
    c.rect(6, 23, 22, 4, wood);
    c.hline(6, 23, 22, light);
    c.rect(24, 26, 3, 3, dark);
    c.rect(7, 26, 3, 3, dark);
  } else {
    for (let i = 0; i < 4; i++) {
      c.rect(8 + i * 4, 3, 3, 10, i % 2 === 0 ? wood : shade(wood, -0.1));
      c.hline(8 + i * 4, 3, 3, light);
    }
    c.rect(7, 12, 18, 13, wood);
    for (let x = 9; x < 25; x += 4) c.vline(x, 13, 12, dark);
    c.roundRect(8, 12, 16, 11, cushion, 2);
    c.hline(9, 13, 14, shade(cushion, 0.25));
    c.hline(8, 22, 16, shade(cushion, -0.2));
    c.rect(3, 10, 4, 16, light);
    c.rect(T - 7, 10, 4, 16, light);
    c.vline(6, 10, 16, dark);
    c.vline(T - 4, 10, 16, dark);
    c.rect(7, 25, 18, 3, dark);
  }
  done(c);
  if (facing === "left" || facing === "up") {
    const m = blank();
    for (let y = 0; y < T; y++)
      for (let x = 0; x < T; x++) m.put(facing === "left" ? T - 1 - x : x, facing === "up" ? T - 1 - y : y, c.get(x, y));
    if (facing === "up") {
      // keep the shadow below the chair when flipped vertically
      const u = blank();
      u.ellipse(3, 20, 26, 10, withAlpha(OUTLINE, 55));
      for (let y = 0; y < T; y++) for (let x = 0; x < T; x++) if (m.get(x, y)[3] > 200) u.put(x, y, m.get(x, y));
      return u;
    }
    return m;
  }
  return c;
}

// ---------------------------------------------------------------- registry

export const TERRACE_FLOORS = ["deck", "deck2", "deck3"] as const;
export type TerraceFloorName = (typeof TERRACE_FLOORS)[number];

export const TERRACE_RUGS = {
  rugSand: { base: hex("#e6d3a8"), border: hex("#2f8f8a"), accent: hex("#e07a5f") },
  rugSky: { base: hex("#4f7fa8"), border: hex("#f1dcc0"), accent: hex("#9ad2ee") },
} as const;
export type TerraceRugName = keyof typeof TERRACE_RUGS;

/** Append the staircase and terrace tiles. Call once, after every original tile. */
export function addTerraceTiles(ts: Tileset): void {
  const decks = { deck: deck(0), deck2: deck(1), deck3: deck(2) };
  for (const f of TERRACE_FLOORS) ts.add(f, decks[f]);
  for (const f of TERRACE_FLOORS) ts.add(`${f}_shadow`, withWallShadow(decks[f]));
  for (const s of SLICES) ts.add(`lawn_${s}`, lawnPiece(decks.deck, s));
  ts.add("lawn_c2", lawnPiece(decks.deck, "c2"));
  for (const [name, rug] of Object.entries(TERRACE_RUGS)) {
    for (const s of SLICES) ts.add(`${name}_${s}`, rugPiece(decks.deck, s, rug.base, rug.border, rug.accent, hashString(`${name}${s}`)));
  }

  // stairs (walkable), stairwell faces (walls), banisters (block)
  for (const part of ["l", "c", "r"] as const) ts.add(`stairs_up_${part}`, stairsUp(part, false));
  for (const part of ["l", "c", "r"] as const) ts.add(`stairs_up_top_${part}`, stairsUp(part, true));
  for (const part of ["l", "c", "r"] as const) ts.add(`face_stairwell_${part}`, stairwellFace(part), true);
  for (const row of [0, 1, 2] as const)
    for (const part of ["l", "c", "r"] as const) ts.add(`stairs_down_${row}_${part}`, stairsDown(row, part));
  for (const side of ["l", "r"] as const)
    for (const end of ["none", "bottom", "top"] as const) ts.add(`banister_${side}_${end}`, banister(side, end), true);
  ts.add("face_sign_terrace", terraceSignFace(), true);

  // roof edge and façade
  for (const k of ["s", "w", "e", "sw", "se"] as const) ts.add(`roofrail_${k}`, roofRail(k), true);
  ts.add("face_brick", brickFace(false), true);
  ts.add("face_brick_lantern", brickFace(true), true);
  ts.add("face_green1", greenWallFace(401), true);
  ts.add("face_green2", greenWallFace(431), true);
  ts.add("face_glassdoor_l", glassDoorFace("l"), true);
  ts.add("face_glassdoor_r", glassDoorFace("r"), true);

  // furniture
  ts.addSprite("planter_lavender", planter(2, [hex("#9b7fd1"), hex("#b9a2e6"), hex("#7a62b0")], 510), true);
  ts.addSprite("planter_flowers", planter(2, [hex("#f28fb0"), hex("#ffd166"), PAL.white, hex("#e8602c")], 530), true);
  ts.add("planter_small", planter(1, [hex("#ffd166"), PAL.white], 550), true);
  ts.addSprite("parasol_coral", parasol(hex("#e07a5f"), hex("#f6efe4")), false);
  ts.addSprite("parasol_teal", parasol(hex("#2f8f8a"), hex("#f6efe4")), false);
  ts.add("parasol_table", parasolTable(), true);
  ts.add("lights", stringLights());
  ts.addSprite("firepit", firePit(), true);
  ts.addSprite("picnic_table", picnicTable(), true);
  for (const end of ["l", "c", "r"] as const) ts.add(`picnic_bench_${end}`, picnicBench(end));
  const cushions: Record<string, RGBA> = { sand: hex("#e9dcc0"), teal: hex("#4fa69f") };
  for (const [name, col] of Object.entries(cushions))
    for (const f of ["down", "up", "left", "right"] as const) ts.add(`deckchair_${name}_${f}`, deckChair(f, col), true);
}
