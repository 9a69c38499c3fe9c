/**
 * The interest view: each client receives only the avatars near its viewport (plus
 * whoever it hears), which keeps per-client bandwidth flat as the floor fills. Positions
 * are mirrored into the PositionFeed and a SpatialGrid; each person's visible set (and
 * each visible avatar's level of detail, shared/interest/detail.ts) is refreshed a
 * quarter of the floor per tick. Never moves anyone and never sends: the room
 * takes each person's `pos` message from here and puts it on the wire.
 */
import { DIRECTIONS, TILE_SIZE } from "../../shared/constants.ts";
import { PositionFeed } from "../../shared/interest/feed.ts";
import { areaOfInterest, inArea, SpatialGrid, type AreaOfInterest } from "../../shared/interest/grid.ts";
import type { FloorPerson } from "./person.ts";

/** Extra pixels beyond the area of interest before an avatar is dropped, so nothing flaps at the edge. */
const HYSTERESIS_PX = 2 * TILE_SIZE;
/** Each person's visible set is recomputed every this many ticks (staggered over the floor). */
export const VIEW_REFRESH_TICKS = 4;

export interface InterestSources {
  /** Someone on the floor, by id (for the hysteresis test on people already seen). */
  person(id: string): FloorPerson | undefined;
  /** Speakers this person hears (a stage across the hall): they must be visible too. */
  heard(id: string): Iterable<string>;
  /** Who is kept apart (one blocked the other: neither sees the other's avatar); null while nobody on the floor blocked anyone. */
  apart?(): ((a: string, b: string) => boolean) | null;
}

export class InterestView {
  readonly #feed = new PositionFeed();
  readonly #grid = new SpatialGrid<string>();
  readonly #sources: InterestSources;
  /** Scratch set reused by refresh (one per tick, not one per client). */
  readonly #near = new Set<string>();
  #ticks = 0;

  constructor(sources: InterestSources) {
    this.#sources = sources;
  }

  add(p: FloorPerson): void {
    const w = p.walker;
    this.#feed.add(p.id, Math.round(w.x), Math.round(w.y), DIRECTIONS.indexOf(w.dir), w.moving);
    this.#grid.set(p.id, w.x, w.y);
  }

  /** Take someone off the floor; everyone who saw them is told they are gone. */
  remove(p: FloorPerson, everyone: Iterable<FloorPerson>): void {
    const views = [];
    for (const other of everyone) if (other.id !== p.id) views.push(other.view);
    this.#feed.remove(p.id, views);
    this.#grid.delete(p.id);
  }

  /** Copy the walker's pose to what clients are sent, and (if it moved) its position to the grid. */
  moved(p: FloorPerson, position = true): void {
    const w = p.walker;
    this.#feed.set(p.id, Math.round(w.x), Math.round(w.y), DIRECTIONS.indexOf(w.dir), w.moving);
    if (position) this.#grid.set(p.id, w.x, w.y);
  }

  /** Send this person everything they see again (a reconnected client, or `resync`). */
  resend(p: FloorPerson): void {
    this.#feed.reset(p.view);
  }

  /** Ids of the avatars this person's client sees. */
  seen(p: FloorPerson): IterableIterator<string> {
    return this.#feed.seen(p.view);
  }

  /**
   * Once per tick: refresh a quarter of the connected people's views (each at 5 Hz); the
   * interest margin is several tiles wide, so nobody pops in on screen.
   */
  refreshSome(people: Iterable<FloorPerson>): void {
    const phase = this.#ticks++ % VIEW_REFRESH_TICKS;
    let i = 0;
    for (const p of people) if (p.connected && i++ % VIEW_REFRESH_TICKS === phase) this.refresh(p);
  }

  /**
   * Bring the set of avatars a person sees in line with who is around them, and give each
   * its level of detail (the nearest and those they hear every tick, the rest less often).
   */
  refresh(p: FloorPerson): void {
    this.#refreshVisible(p);
    this.#feed.plan(p.view, p.walker.x, p.walker.y, this.#sources.heard(p.id));
  }

  #refreshVisible(p: FloorPerson): void {
    const area = areaOfInterest(p.walker.x, p.walker.y, p.viewport);
    this.#near.clear();
    const near = this.#grid.query(area, this.#near);
    near.add(p.id); // you always see yourself
    for (const id of this.#sources.heard(p.id)) near.add(id);
    const apart = this.#sources.apart?.() ?? null;
    if (apart) for (const id of near) if (apart(p.id, id)) near.delete(id);
    for (const id of near) this.#feed.show(p.view, id);
    if (p.view.visible.size <= near.size && !apart) return;
    const keep: AreaOfInterest = {
      left: area.left - HYSTERESIS_PX,
      top: area.top - HYSTERESIS_PX,
      right: area.right + HYSTERESIS_PX,
      bottom: area.bottom + HYSTERESIS_PX,
    };
    for (const id of this.#feed.seen(p.view)) {
      if (near.has(id)) continue;
      const other = this.#sources.person(id);
      if (other && inArea(keep, other.walker.x, other.walker.y) && !apart?.(p.id, id)) continue;
      this.#feed.hide(p.view, id);
    }
  }

  /**
   * This tick's `pos` message for one person, or null if they have nothing new. The bytes
   * are valid only until the next call: send them at once.
   */
  message(p: FloorPerson): Uint8Array | null {
    return this.#feed.message(p.view, p.seq);
  }

  /** After every person's message of this tick was taken. */
  endTick(): void {
    this.#feed.endTick();
  }

  /** The most ticks someone was shown an avatar out of date since the previous call (level of detail). */
  takeWorstStale(): number {
    return this.#feed.takeWorstStale();
  }
}
