/**
 * The HUD line saying which private spot you stand in and who hears you there. The
 * floor scene reports the spot when it changes; the line is written on the next
 * animation frame, never inside the game's update step.
 */
import { $, show } from "./dom.ts";
import { VENUE_STRINGS as V } from "./venueStrings.ts";

/** A table or coffee corner as the line names it. */
export interface Spot {
  /** The zone's name (what closing it and knocking at it name). */
  name: string;
  /** A table's topic, else the spot's name. */
  title: string;
  /** People just outside hear a faint version. */
  overhear: boolean;
}

export class SpotLine {
  #spot: Spot | null = null;
  #scheduled = false;

  /** You are now in `spot` (null: in no private spot). */
  set(spot: Spot | null): void {
    this.#spot = spot;
    if (this.#scheduled) return;
    this.#scheduled = true;
    requestAnimationFrame(() => {
      this.#scheduled = false;
      this.#render();
    });
  }

  #render(): void {
    const spot = this.#spot;
    $("spot").textContent = !spot ? "" : spot.overhear ? V.spot.overhear(spot.title) : V.spot.private(spot.title);
    show("spot", !!spot);
  }
}
