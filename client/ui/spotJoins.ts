/**
 * When the screen-reader live region says "Ben joined your table": only for people who
 * step into the table or coffee corner you are already in (not the ones you find there
 * when you arrive), several arrivals said together, at most once every few seconds, and
 * someone who left again before it was said is not announced. Pure logic with an injected
 * clock; client/ui/wayfinding.ts feeds it positions and puts the text on the page.
 */

/** The calmest rate a "… joined your table" is said at. */
export const JOINS_EVERY_MS = 4000;

/** The private spot you stand in, as the announcement names it. */
export interface JoinedSpot {
  name: string;
  title: string;
  kind: "table" | "coffee-corner";
}

export class SpotJoinAnnouncer {
  readonly #say: (names: string[], spot: JoinedSpot) => string;
  readonly #everyMs: number;
  #spot: string | null = null;
  /** Who was in your spot at the last update (ids), you excluded. */
  #inside = new Set<string>();
  /** Arrived since the last announcement and still inside, in order of arrival. */
  #waiting: string[] = [];
  #saidAt = -Infinity;

  constructor(say: (names: string[], spot: JoinedSpot) => string, everyMs = JOINS_EVERY_MS) {
    this.#say = say;
    this.#everyMs = everyMs;
  }

  /**
   * `spot` is where you stand now (null: in no table or corner), `inside` the ids of the
   * others in it. Returns the text to announce, or null to say nothing now.
   */
  update(spot: JoinedSpot | null, inside: Iterable<string>, nameOf: (id: string) => string, now: number): string | null {
    const ids = new Set(inside);
    if (spot?.name !== this.#spot) {
      // You moved: whoever is there was there first, nobody "joined" you.
      this.#spot = spot?.name ?? null;
      this.#inside = spot ? ids : new Set();
      this.#waiting = [];
      return null;
    }
    if (!spot) return null;
    for (const id of ids) if (!this.#inside.has(id) && !this.#waiting.includes(id)) this.#waiting.push(id);
    this.#waiting = this.#waiting.filter((id) => ids.has(id));
    this.#inside = ids;
    if (this.#waiting.length === 0 || now - this.#saidAt < this.#everyMs) return null;
    const names = this.#waiting.map(nameOf);
    this.#waiting = [];
    this.#saidAt = now;
    return this.#say(names, spot);
  }
}
