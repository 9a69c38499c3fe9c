/**
 * When the screen-reader live region says who you hear: only when the set of people
 * changes (not their volume), at most once every few seconds, and emptied as soon as
 * you hear nobody, so a stale name never lingers. Pure logic with an injected clock;
 * client/ui/media.ts puts the text on the page.
 */

/** The calmest rate a new "you can hear …" is said at. */
export const ANNOUNCE_EVERY_MS = 5000;

export class HearingAnnouncer {
  readonly #say: (names: string[]) => string;
  readonly #everyMs: number;
  /** Who the last announcement named (sorted, joined); "" after clearing. */
  #said = "";
  #saidAt = -Infinity;
  #text = "";

  constructor(say: (names: string[]) => string, everyMs = ANNOUNCE_EVERY_MS) {
    this.#say = say;
    this.#everyMs = everyMs;
  }

  /** The live region's text now. */
  get text(): string {
    return this.#text;
  }

  /**
   * Who you hear at `now` (ms): the live region's new text, or null to leave it as it is.
   * Called as often as the caller likes; a change waiting for the quiet period is said
   * by the first call after it, if it still holds.
   */
  update(names: readonly string[], now: number): string | null {
    if (names.length === 0) {
      if (this.#text === "") return null;
      this.#text = "";
      this.#said = "";
      return "";
    }
    const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b));
    const key = sorted.join("\n");
    if (key === this.#said || now - this.#saidAt < this.#everyMs) return null;
    this.#said = key;
    this.#saidAt = now;
    this.#text = this.#say(sorted);
    return this.#text;
  }
}
