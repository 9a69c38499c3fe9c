/**
 * Signs from the map (zones of class `sign` with a `text`): standing in or next to one,
 * or clicking / tapping it, shows its words in a card, and the same words are said once
 * by a polite live region, so screen readers get them too (the Places list also reads
 * every sign). Closing the card keeps it closed until you walk away and come back.
 */
import type { SignZone, Zone } from "../../shared/map/model.ts";
import { TILE_SIZE } from "../../shared/constants.ts";
import { el } from "./el.ts";
import { closeOnEscape } from "./keys.ts";
import { WAYFINDING_STRINGS as S } from "./wayfindingStrings.ts";

/** Tiles around a sign's zone from which it is "near". */
export const SIGN_REACH = 1;
const CHECK_MS = 300;

/** The sign you stand in or next to at (x, y) pixels, the closest if several; undefined if none. */
export function signNear(zones: readonly Zone[], x: number, y: number, reach = SIGN_REACH): SignZone | undefined {
  const tx = Math.floor(x / TILE_SIZE);
  const ty = Math.floor(y / TILE_SIZE);
  let best: SignZone | undefined;
  let bestDistance = Infinity;
  for (const z of zones) {
    if (z.kind !== "sign") continue;
    const { x: zx, y: zy, width, height } = z.rect;
    const dx = tx < zx ? zx - tx : tx >= zx + width ? tx - (zx + width - 1) : 0;
    const dy = ty < zy ? zy - ty : ty >= zy + height ? ty - (zy + height - 1) : 0;
    const d = Math.max(dx, dy);
    if (d <= reach && d < bestDistance) {
      best = z;
      bestDistance = d;
    }
  }
  return best;
}

export interface SignDeps {
  zones(): readonly Zone[];
  me(): { x: number; y: number } | null;
}

export class SignCard {
  readonly root: HTMLElement;
  readonly #title = el("h2", { id: "sign-title" });
  readonly #text = el("p", { class: "sign-text" });
  /** Said once per showing, for screen readers (the card's own text is not a live region). */
  readonly #announcer = el("p", { id: "sign-announcer", class: "sr-only" });
  readonly #deps: SignDeps;
  #shown: { sign: SignZone; picked: boolean } | null = null;
  /** The sign you closed while next to it: not shown again until you have left it. */
  #dismissed: string | null = null;

  constructor(deps: SignDeps) {
    this.#deps = deps;
    const close = el("button", { class: "sign-close", text: "×" });
    close.type = "button";
    close.setAttribute("aria-label", S.signClose);
    close.addEventListener("click", () => this.close());
    this.root = el("section", { id: "sign-card", class: "sign-card hidden" }, el("p", { class: "sign-kicker", text: S.signHeading }), this.#title, this.#text, close);
    this.root.setAttribute("aria-labelledby", "sign-title");
    this.#announcer.setAttribute("role", "status");
    this.#announcer.setAttribute("aria-live", "polite");
    closeOnEscape({ root: () => this.root, isOpen: () => this.isOpen, close: () => this.close(), anywhere: true });
    document.body.append(this.root, this.#announcer);
    window.setInterval(() => this.check(), CHECK_MS);
  }

  get isOpen(): boolean {
    return this.#shown !== null;
  }

  /** The sign shown now (its zone name), for tests. */
  get shown(): string | null {
    return this.#shown?.sign.name ?? null;
  }

  /** A sign was clicked or tapped on the map: show it until closed. */
  pick(sign: SignZone): void {
    this.#dismissed = null;
    this.#show(sign, true);
  }

  close(): void {
    const near = this.#near();
    if (near && near.name === this.#shown?.sign.name) this.#dismissed = near.name;
    this.#hide();
  }

  /** Show or hide the sign you are next to (called a few times a second). */
  check(): void {
    const near = this.#near();
    if (this.#dismissed !== null && near?.name !== this.#dismissed) this.#dismissed = null;
    if (near && near.name !== this.#dismissed) {
      if (near.name !== this.#shown?.sign.name) this.#show(near, false);
      return;
    }
    // A clicked sign stays until it is closed; one you walked up to goes when you walk on.
    if (this.#shown && !this.#shown.picked) this.#hide();
  }

  #hide(): void {
    this.#shown = null;
    this.root.classList.add("hidden");
    this.#announcer.textContent = "";
  }

  #near(): SignZone | undefined {
    const me = this.#deps.me();
    return me ? signNear(this.#deps.zones(), me.x, me.y) : undefined;
  }

  #show(sign: SignZone, picked: boolean): void {
    const same = this.#shown?.sign.name === sign.name;
    this.#shown = { sign, picked };
    this.#title.textContent = sign.name;
    this.#text.textContent = sign.text;
    this.root.classList.remove("hidden");
    if (!same) this.#announcer.textContent = `${S.signHeading} — ${sign.name}: ${sign.text}`;
  }
}
