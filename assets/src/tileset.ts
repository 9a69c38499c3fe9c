/**
 * A named tile registry: tiles are added in order (their index is the Tiled tile id),
 * multi-tile sprites are sliced into TILE_SIZE pieces named `prefix.col.row`.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { Canvas } from "./draw.ts";

export interface TileEntry {
  name: string;
  collides: boolean;
  canvas: Canvas;
}

export class Tileset {
  readonly tiles: TileEntry[] = [];
  private readonly index = new Map<string, number>();

  constructor(readonly columns: number) {}

  add(name: string, canvas: Canvas, collides = false): number {
    if (this.index.has(name)) throw new Error(`duplicate tile ${name}`);
    if (canvas.width !== TILE_SIZE || canvas.height !== TILE_SIZE) throw new Error(`tile ${name} is not ${TILE_SIZE}px`);
    const id = this.tiles.length;
    this.tiles.push({ name, collides, canvas });
    this.index.set(name, id);
    return id;
  }

  /** Slice a sprite of w×h tiles into pieces `prefix.col.row`, row by row. */
  addSprite(prefix: string, sprite: Canvas, collides: boolean | ((col: number, row: number) => boolean)): void {
    const w = sprite.width / TILE_SIZE;
    const h = sprite.height / TILE_SIZE;
    if (!Number.isInteger(w) || !Number.isInteger(h)) throw new Error(`sprite ${prefix} is not tile aligned`);
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        const piece = sprite.crop(col * TILE_SIZE, row * TILE_SIZE, TILE_SIZE, TILE_SIZE);
        const c = typeof collides === "function" ? collides(col, row) : collides;
        this.add(`${prefix}.${col}.${row}`, piece, c);
      }
    }
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  /** Tiled local tile id for a name. */
  id(name: string): number {
    const id = this.index.get(name);
    if (id === undefined) throw new Error(`unknown tile ${name}`);
    return id;
  }

  get rows(): number {
    return Math.ceil(this.tiles.length / this.columns);
  }

  get tilecount(): number {
    return this.columns * this.rows;
  }

  render(): Canvas {
    const out = new Canvas(this.columns * TILE_SIZE, this.rows * TILE_SIZE);
    this.tiles.forEach((t, i) => {
      out.copy(t.canvas, (i % this.columns) * TILE_SIZE, Math.floor(i / this.columns) * TILE_SIZE);
    });
    return out;
  }
}
