/**
 * Click-to-walk: the route from one tile to another around walls and furniture, as a
 * list of tile centres. A* over the walkable tiles (ngraph.path); diagonal steps are
 * allowed only when both neighbouring straight tiles are free, so a route never cuts
 * a wall corner that the step rule would refuse. Spots the walker may not enter now (a
 * closed table or coffee corner) are walked around, unless the route starts or ends in one.
 */
import createGraph, { type Graph } from "ngraph.graph";
import { aStar, type PathFinder } from "ngraph.path";
import { isBlocked, rectContainsTile, type TileRect } from "../map/model.ts";
import { tileCenter, type Grid, type Position } from "./step.ts";

interface TileData {
  tx: number;
  ty: number;
}

export class Pathfinder {
  readonly #grid: Grid;
  readonly #graph: Graph<TileData, number>;
  readonly #finder: PathFinder<TileData>;
  /** The areas the search in progress walks around (set for one `find`). */
  #avoid: readonly TileRect[] = [];

  constructor(grid: Grid) {
    this.#grid = grid;
    const g = createGraph<TileData, number>();
    const { width, height } = grid;
    for (let ty = 0; ty < height; ty++) {
      for (let tx = 0; tx < width; tx++) {
        if (isBlocked(grid, tx, ty)) continue;
        const id = ty * width + tx;
        g.addNode(id, { tx, ty });
        // Link to already-visited neighbours: left, up-left, up, up-right.
        for (const [dx, dy] of [[-1, 0], [-1, -1], [0, -1], [1, -1]] as const) {
          const nx = tx + dx;
          const ny = ty + dy;
          if (isBlocked(grid, nx, ny)) continue;
          if (dx !== 0 && dy !== 0 && (isBlocked(grid, tx + dx, ty) || isBlocked(grid, tx, ty + dy))) continue;
          g.addLink(id, ny * width + nx, dx !== 0 && dy !== 0 ? Math.SQRT2 : 1);
        }
      }
    }
    this.#graph = g;
    this.#finder = aStar<TileData, number>(g, {
      blocked: (node) => this.#avoid.some((r) => rectContainsTile(r, node.data.tx, node.data.ty)),
      distance: (_a, _b, link) => link.data,
      heuristic: (a, b) => {
        const dx = Math.abs(a.data.tx - b.data.tx);
        const dy = Math.abs(a.data.ty - b.data.ty);
        return Math.max(dx, dy) + (Math.SQRT2 - 1) * Math.min(dx, dy);
      },
    });
  }

  /**
   * Tile centres from the tile after `from` up to `to`, or null if `to` cannot be
   * reached (blocked, outside, or walled off). An empty list means already there.
   * `avoid`: areas the route goes around (closed spots); one holding `from` or `to` is
   * walked through (out of the spot you stand in, up to the edge of the one you head for).
   * If only a way through them leads there, that is the route (it stops at the edge).
   */
  find(from: { tx: number; ty: number }, to: { tx: number; ty: number }, avoid: readonly TileRect[] = []): Position[] | null {
    const around = avoid.filter((r) => !rectContainsTile(r, from.tx, from.ty) && !rectContainsTile(r, to.tx, to.ty));
    if (around.length > 0) {
      this.#avoid = around;
      try {
        const route = this.#route(from, to);
        if (route) return route;
      } finally {
        this.#avoid = [];
      }
    }
    return this.#route(from, to);
  }

  #route(from: { tx: number; ty: number }, to: { tx: number; ty: number }): Position[] | null {
    const w = this.#grid.width;
    if (isBlocked(this.#grid, to.tx, to.ty) || isBlocked(this.#grid, from.tx, from.ty)) return null;
    if (from.tx === to.tx && from.ty === to.ty) return [];
    const fromId = from.ty * w + from.tx;
    const toId = to.ty * w + to.tx;
    if (!this.#graph.hasNode(fromId) || !this.#graph.hasNode(toId)) return null;
    const nodes = this.#finder.find(fromId, toId);
    // No way there is an empty list or, with areas walked around, one that does not lead back to the start.
    if (nodes.length === 0 || nodes[0]!.id !== toId || nodes.at(-1)!.id !== fromId) return null;
    // ngraph.path returns the route from the end back to the start.
    return nodes
      .reverse()
      .slice(1)
      .map((n) => tileCenter(n.data.tx, n.data.ty));
  }
}
