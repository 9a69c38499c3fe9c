/**
 * Tiny pixel-art toolkit on top of pngjs: an RGBA canvas with source-over blending,
 * rectangles, ellipses, automatic outlines and a seeded PRNG. Everything here is
 * deterministic so `npm run assets` regenerates byte-identical PNGs.
 */
import { PNG } from "pngjs";

export type RGBA = readonly [number, number, number, number];

/** "#rrggbb" or "#rrggbbaa" to RGBA. */
export function hex(value: string): RGBA {
  const h = value.replace("#", "");
  const r = parseInt(h.slice(0, 2), 16);
  const g = parseInt(h.slice(2, 4), 16);
  const b = parseInt(h.slice(4, 6), 16);
  const a = h.length >= 8 ? parseInt(h.slice(6, 8), 16) : 255;
  return [r, g, b, a];
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

/** Lighten (amount > 0) or darken (amount < 0) a colour; amount in -1..1. */
export function shade(c: RGBA, amount: number): RGBA {
  if (amount >= 0) {
    return [
      clamp(c[0] + (255 - c[0]) * amount),
      clamp(c[1] + (255 - c[1]) * amount),
      clamp(c[2] + (255 - c[2]) * amount),
      c[3],
    ];
  }
  const f = 1 + amount;
  // Darken with a slight hue shift towards blue/purple, which reads better in pixel art.
  return [clamp(c[0] * f * 0.97), clamp(c[1] * f * 0.98), clamp(c[2] * f + 6 * -amount), c[3]];
}

export function mix(a: RGBA, b: RGBA, t: number): RGBA {
  return [
    clamp(a[0] + (b[0] - a[0]) * t),
    clamp(a[1] + (b[1] - a[1]) * t),
    clamp(a[2] + (b[2] - a[2]) * t),
    clamp(a[3] + (b[3] - a[3]) * t),
  ];
}

export function withAlpha(c: RGBA, alpha: number): RGBA {
  return [c[0], c[1], c[2], clamp(alpha)];
}

export { rng } from "./rng.ts";

/** Stable hash of a string, for deriving per-tile seeds. */
export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export class Canvas {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4);
  }

  inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  get(x: number, y: number): RGBA {
    if (!this.inside(x, y)) return [0, 0, 0, 0];
    const i = (y * this.width + x) * 4;
    return [this.data[i] ?? 0, this.data[i + 1] ?? 0, this.data[i + 2] ?? 0, this.data[i + 3] ?? 0];
  }

  /** Overwrite a pixel (no blending). */
  put(x: number, y: number, c: RGBA): void {
    if (!this.inside(x, y)) return;
    const i = (y * this.width + x) * 4;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
    this.data[i + 3] = c[3];
  }

  /** Source-over blend a pixel. */
  px(x: number, y: number, c: RGBA): void {
    x = Math.floor(x);
    y = Math.floor(y);
    if (!this.inside(x, y)) return;
    const sa = c[3] / 255;
    if (sa >= 1) {
      this.put(x, y, c);
      return;
    }
    if (sa <= 0) return;
    const d = this.get(x, y);
    const da = d[3] / 255;
    const oa = sa + da * (1 - sa);
    const ch = (s: number, dd: number): number => (s * sa + dd * da * (1 - sa)) / oa;
    this.put(x, y, [clamp(ch(c[0], d[0])), clamp(ch(c[1], d[1])), clamp(ch(c[2], d[2])), clamp(oa * 255)]);
  }

  rect(x: number, y: number, w: number, h: number, c: RGBA): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.px(xx, yy, c);
  }

  hline(x: number, y: number, w: number, c: RGBA): void {
    this.rect(x, y, w, 1, c);
  }

  vline(x: number, y: number, h: number, c: RGBA): void {
    this.rect(x, y, 1, h, c);
  }

  /** 1 px rectangle outline. */
  frame(x: number, y: number, w: number, h: number, c: RGBA): void {
    this.hline(x, y, w, c);
    this.hline(x, y + h - 1, w, c);
    this.vline(x, y + 1, h - 2, c);
    this.vline(x + w - 1, y + 1, h - 2, c);
  }

  /** Rectangle with the four corner pixels cut off (a softer box). */
  roundRect(x: number, y: number, w: number, h: number, c: RGBA, r = 1): void {
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        const dx = Math.min(xx, w - 1 - xx);
        const dy = Math.min(yy, h - 1 - yy);
        if (dx < r && dy < r && dx + dy < r) continue;
        this.px(x + xx, y + yy, c);
      }
    }
  }

  /** Filled ellipse inside the box (x, y, w, h). */
  ellipse(x: number, y: number, w: number, h: number, c: RGBA): void {
    const cx = x + w / 2;
    const cy = y + h / 2;
    const rx = w / 2;
    const ry = h / 2;
    for (let yy = y; yy < y + h; yy++) {
      for (let xx = x; xx < x + w; xx++) {
        const nx = (xx + 0.5 - cx) / rx;
        const ny = (yy + 0.5 - cy) / ry;
        if (nx * nx + ny * ny <= 1.0) this.px(xx, yy, c);
      }
    }
  }

  line(x0: number, y0: number, x1: number, y1: number, c: RGBA): void {
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    let x = x0;
    let y = y0;
    for (;;) {
      this.px(x, y, c);
      if (x === x1 && y === y1) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  /**
   * Draw a 1 px outline in `c` on every transparent pixel that touches an opaque one
   * (4-neighbourhood). Restricted to the box if given.
   */
  outline(c: RGBA, box?: { x: number; y: number; w: number; h: number }): void {
    const bx = box?.x ?? 0;
    const by = box?.y ?? 0;
    const bw = box?.w ?? this.width;
    const bh = box?.h ?? this.height;
    const solid = (x: number, y: number): boolean =>
      x >= bx && y >= by && x < bx + bw && y < by + bh && this.get(x, y)[3] > 128;
    const marks: Array<[number, number]> = [];
    for (let y = by; y < by + bh; y++) {
      for (let x = bx; x < bx + bw; x++) {
        if (this.get(x, y)[3] > 0) continue;
        if (solid(x - 1, y) || solid(x + 1, y) || solid(x, y - 1) || solid(x, y + 1)) marks.push([x, y]);
      }
    }
    for (const [x, y] of marks) this.put(x, y, c);
  }

  /** Copy (blend) another canvas region onto this one. */
  blit(src: Canvas, dx: number, dy: number, sx = 0, sy = 0, w = src.width, h = src.height): void {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) this.px(dx + x, dy + y, src.get(sx + x, sy + y));
  }

  /** Copy (overwrite) another canvas region onto this one. */
  copy(src: Canvas, dx: number, dy: number, sx = 0, sy = 0, w = src.width, h = src.height): void {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) this.put(dx + x, dy + y, src.get(sx + x, sy + y));
  }

  /** Slice out a sub canvas. */
  crop(sx: number, sy: number, w: number, h: number): Canvas {
    const c = new Canvas(w, h);
    c.copy(this, 0, 0, sx, sy, w, h);
    return c;
  }

  /** Nearest-neighbour upscale (for previews). */
  scaled(factor: number): Canvas {
    const c = new Canvas(this.width * factor, this.height * factor);
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++) c.put(x, y, this.get(Math.floor(x / factor), Math.floor(y / factor)));
    return c;
  }

  toPNG(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = Buffer.from(this.data);
    return PNG.sync.write(png, { colorType: 6 });
  }
}

