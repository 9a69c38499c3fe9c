/**
 * Which tiles a Tiled shape covers, for collision drawn as objects (rectangles, ellipses,
 * polygons, polylines, points and tile objects, rotated as placed). Walking is decided per
 * tile (Floor.blocked), so a shape blocks the tiles whose centre it covers, and a shape
 * smaller than a tile still blocks the tile under its centre. Pure geometry, no Tiled parsing.
 */

export interface Shape {
  /** Tiled's anchor: top-left for rectangles/ellipses/polygons, bottom-left for tile objects. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Degrees clockwise around (x, y). */
  rotation: number;
  kind: "rect" | "ellipse" | "polygon" | "polyline" | "point" | "tile";
  /** Polygon/polyline points relative to (x, y). */
  points?: readonly { x: number; y: number }[];
}

/** Mark every tile the shape covers in `blocked` (width × height tiles of `tile` px). */
export function blockShape(shape: Shape, blocked: Uint8Array, width: number, height: number, tile: number): void {
  const rad = (shape.rotation * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  // Local (unrotated) frame relative to the anchor.
  const toLocal = (px: number, py: number) => {
    const dx = px - shape.x;
    const dy = py - shape.y;
    return { x: dx * cos + dy * sin, y: -dx * sin + dy * cos };
  };
  const toWorld = (lx: number, ly: number) => ({ x: shape.x + lx * cos - ly * sin, y: shape.y + lx * sin + ly * cos });
  const mark = (px: number, py: number) => {
    const tx = Math.floor(px / tile);
    const ty = Math.floor(py / tile);
    if (tx >= 0 && ty >= 0 && tx < width && ty < height) blocked[ty * width + tx] = 1;
  };

  if (shape.kind === "point") return mark(shape.x, shape.y);
  if (shape.kind === "polyline") {
    const pts = (shape.points ?? []).map((p) => toWorld(p.x, p.y));
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!;
      const b = pts[i]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / (tile / 4)));
      for (let s = 0; s <= steps; s++) mark(a.x + ((b.x - a.x) * s) / steps, a.y + ((b.y - a.y) * s) / steps);
    }
    return;
  }

  // Local outline and an inside test.
  let local: { x: number; y: number }[];
  let inside: (lx: number, ly: number) => boolean;
  const top = shape.kind === "tile" ? -shape.height : 0;
  if (shape.kind === "polygon") {
    local = [...(shape.points ?? [])];
    inside = (lx, ly) => pointInPolygon(local, lx, ly);
  } else {
    local = [
      { x: 0, y: top },
      { x: shape.width, y: top },
      { x: shape.width, y: top + shape.height },
      { x: 0, y: top + shape.height },
    ];
    if (shape.kind === "ellipse") {
      const rx = shape.width / 2;
      const ry = shape.height / 2;
      inside = (lx, ly) => rx > 0 && ry > 0 && ((lx - rx) / rx) ** 2 + ((ly - top - ry) / ry) ** 2 <= 1;
    } else {
      inside = (lx, ly) => lx >= 0 && lx <= shape.width && ly >= top && ly <= top + shape.height;
    }
  }
  if (local.length === 0) return;
  const world = local.map((p) => toWorld(p.x, p.y));
  const minX = Math.min(...world.map((p) => p.x));
  const maxX = Math.max(...world.map((p) => p.x));
  const minY = Math.min(...world.map((p) => p.y));
  const maxY = Math.max(...world.map((p) => p.y));
  const tx0 = Math.max(0, Math.floor(minX / tile));
  const tx1 = Math.min(width - 1, Math.floor(maxX / tile));
  const ty0 = Math.max(0, Math.floor(minY / tile));
  const ty1 = Math.min(height - 1, Math.floor(maxY / tile));
  for (let ty = ty0; ty <= ty1; ty++)
    for (let tx = tx0; tx <= tx1; tx++) {
      const c = toLocal((tx + 0.5) * tile, (ty + 0.5) * tile);
      if (inside(c.x, c.y)) blocked[ty * width + tx] = 1;
    }
  // Smaller than a tile (a lamp post, a thin pillar): still blocks the tile under its centre.
  const cx = local.reduce((a, p) => a + p.x, 0) / local.length;
  const cy = local.reduce((a, p) => a + p.y, 0) / local.length;
  const centre = toWorld(cx, cy);
  mark(centre.x, centre.y);
}

function pointInPolygon(pts: readonly { x: number; y: number }[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const a = pts[i]!;
    const b = pts[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
