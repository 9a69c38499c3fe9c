/**
 * Interest management: which avatars a client should receive. Avatars are bucketed in
 * square cells; a client's area of interest (its viewport plus a margin, centred on its
 * own avatar) touches only a few cells, so finding its neighbours costs the same on an
 * empty floor and a full one. This is what keeps per-client bandwidth flat.
 */
import { INTEREST_CELL_TILES, INTEREST_MARGIN_TILES, TILE_SIZE } from "../constants.ts";

export interface AreaOfInterest {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Pixel rectangle a client with this viewport (tiles) standing at (x, y) should see. */
export function areaOfInterest(x: number, y: number, viewport: { width: number; height: number }): AreaOfInterest {
  const halfW = (viewport.width / 2 + INTEREST_MARGIN_TILES) * TILE_SIZE;
  const halfH = (viewport.height / 2 + INTEREST_MARGIN_TILES) * TILE_SIZE;
  return { left: x - halfW, top: y - halfH, right: x + halfW, bottom: y + halfH };
}

export function inArea(a: AreaOfInterest, x: number, y: number): boolean {
  return x >= a.left && x <= a.right && y >= a.top && y <= a.bottom;
}

export class SpatialGrid<Id> {
  readonly #cellPx: number;
  readonly #cells = new Map<number, Set<Id>>();
  readonly #where = new Map<Id, { cell: number; x: number; y: number }>();

  constructor(cellTiles = INTEREST_CELL_TILES) {
    this.#cellPx = cellTiles * TILE_SIZE;
  }

  #key(cx: number, cy: number): number {
    // Cells are non-negative on a valid floor; 65536 columns is far above MAX_MAP_SIDE.
    return cy * 65536 + cx;
  }

  #cellOf(x: number, y: number): number {
    return this.#key(Math.max(0, Math.floor(x / this.#cellPx)), Math.max(0, Math.floor(y / this.#cellPx)));
  }

  get size(): number {
    return this.#where.size;
  }

  /** Insert or move an entry. Cheap when it stays in its cell. */
  set(id: Id, x: number, y: number): void {
    const cell = this.#cellOf(x, y);
    const prev = this.#where.get(id);
    if (prev) {
      prev.x = x;
      prev.y = y;
      if (prev.cell === cell) return;
      this.#cells.get(prev.cell)?.delete(id);
      prev.cell = cell;
    } else {
      this.#where.set(id, { cell, x, y });
    }
    let set = this.#cells.get(cell);
    if (!set) this.#cells.set(cell, (set = new Set()));
    set.add(id);
  }

  delete(id: Id): void {
    const prev = this.#where.get(id);
    if (!prev) return;
    this.#cells.get(prev.cell)?.delete(id);
    this.#where.delete(id);
  }

  /** Every entry inside the area (exact test, not just the touched cells). */
  query(area: AreaOfInterest, out: Set<Id> = new Set()): Set<Id> {
    const c0 = Math.max(0, Math.floor(area.left / this.#cellPx));
    const c1 = Math.max(0, Math.floor(area.right / this.#cellPx));
    const r0 = Math.max(0, Math.floor(area.top / this.#cellPx));
    const r1 = Math.max(0, Math.floor(area.bottom / this.#cellPx));
    for (let cy = r0; cy <= r1; cy++) {
      for (let cx = c0; cx <= c1; cx++) {
        const set = this.#cells.get(this.#key(cx, cy));
        if (!set) continue;
        for (const id of set) {
          const w = this.#where.get(id)!;
          if (inArea(area, w.x, w.y)) out.add(id);
        }
      }
    }
    return out;
  }
}
