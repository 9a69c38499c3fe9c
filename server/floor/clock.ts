/**
 * The floor's fixed-step clock: how many TICK_MS steps are due for the time that passed,
 * so walking speed matches the client's prediction even when an interval fires late
 * (the missed steps run, at most MAX_CATCH_UP). Never reads the time: it is handed `now`.
 */
import { TICK_MS } from "../../shared/constants.ts";

const MAX_CATCH_UP = 5;

export class FixedStep {
  #last: number;
  #carry = 0;

  constructor(now: number) {
    this.#last = now;
  }

  /** Steps to run now that the interval fired (at least one). */
  due(now: number): number {
    this.#carry = Math.min(this.#carry + (now - this.#last), TICK_MS * MAX_CATCH_UP);
    this.#last = now;
    let steps = 0;
    while (this.#carry >= TICK_MS * 0.999) {
      this.#carry -= TICK_MS;
      steps++;
    }
    return Math.max(1, steps);
  }
}
