/**
 * Seats and places: how full each table and coffee corner with a limit is, whether a step
 * may enter one (the shared full-table rule, `mayEnter`), and `place`, the one way to put
 * someone on a spot (spawning, a new floor plan, a host's move). Never talks to clients:
 * it answers, and the floor tells people.
 */
import { limitedZoneAt, mayEnter, occupancy, type EntryRules, type EntryVerdict, type LimitedZone } from "../../shared/map/capacity.ts";
import type { Floor } from "../../shared/map/model.ts";
import { fits, nearestFreeTile, tileCenter, tileOf, type Position } from "../../shared/movement/step.ts";
import type { FloorPerson } from "./person.ts";

export type StepVerdict = EntryVerdict;

export class Places {
  #plan: Floor;
  /** People in each limited table / corner, by zone name; every such zone has an entry. */
  #counts = new Map<string, number>();
  /** Called after `place` moved someone, so the interest view follows. */
  readonly #placed: (person: FloorPerson) => void;
  /** Who may step onto a stage, which spots a host closed (server/floor/stage.ts, moderation.ts). */
  readonly #rules: (person: FloorPerson) => EntryRules;

  constructor(plan: Floor, placed: (person: FloorPerson) => void, rules: (person: FloorPerson) => EntryRules = () => ({})) {
    this.#plan = plan;
    this.#placed = placed;
    this.#rules = rules;
    this.recount([]);
  }

  /** People in each limited table and coffee corner, by zone name (0 for an empty one). */
  get counts(): ReadonlyMap<string, number> {
    return this.#counts;
  }

  /** A new floor plan: count everyone again against its tables and corners. */
  replacePlan(plan: Floor, people: Iterable<FloorPerson>): void {
    this.#plan = plan;
    this.recount(people);
  }

  /** Count everyone from scratch; walking keeps the counts up to date afterwards. */
  recount(people: Iterable<FloorPerson>): void {
    const everyone = [...people];
    this.#counts = occupancy(this.#plan.zones, everyone.map((p) => p.walker));
    for (const p of everyone) p.spot = limitedZoneAt(this.#plan.zones, p.walker.x, p.walker.y);
  }

  /**
   * The person just stepped from `from` to where their walker is now. Allowed (and
   * counted) unless it enters a full or closed table or corner, or a stage they may not
   * stand on; then the caller puts them back.
   */
  step(person: FloorPerson, from: Position): StepVerdict {
    const [a, b] = [tileOf(from), tileOf(person.walker)];
    if (a.tx === b.tx && a.ty === b.ty) return { ok: true }; // zones are whole tiles: no edge crossed
    const to = limitedZoneAt(this.#plan.zones, person.walker.x, person.walker.y);
    const verdict = mayEnter(this.#plan.zones, this.#counts, from, person.walker, this.#rules(person));
    if (verdict.ok) this.#move(person, to);
    return verdict;
  }

  /**
   * Put someone at (x, y), or on the nearest free tile if they would not fit there,
   * standing still (a held key stays held). They are counted where they land, even at a
   * full table: placing is a decision made for them, walking in is not.
   */
  place(person: FloorPerson, x: number, y: number): Position {
    let at = { x, y };
    if (!fits(this.#plan, x, y)) {
      const here = tileOf(at);
      const free = nearestFreeTile(this.#plan, here.tx, here.ty);
      if (free) at = tileCenter(free.tx, free.ty);
    }
    const w = person.walker;
    w.x = at.x;
    w.y = at.y;
    w.route = [];
    w.moving = false;
    this.#move(person, limitedZoneAt(this.#plan.zones, at.x, at.y));
    this.#placed(person);
    return at;
  }

  /** The person left the floor: their seat is free. */
  leave(person: FloorPerson): void {
    this.#move(person, undefined);
  }

  #move(person: FloorPerson, to: LimitedZone | undefined): void {
    if (to?.id === person.spot?.id) return;
    const from = person.spot;
    if (from) this.#counts.set(from.name, Math.max(0, (this.#counts.get(from.name) ?? 1) - 1));
    if (to) this.#counts.set(to.name, (this.#counts.get(to.name) ?? 0) + 1);
    person.spot = to;
  }
}
