/**
 * Walking and looking around on a touch screen: a drag joystick (bottom left, above the
 * reaction bar, shown only on touch devices) that walks your avatar the way the arrow
 * keys do, and two fingers on the floor that pinch the map in and out. A tap on the
 * floor still walks you there (client/scenes/VenueScene.ts). Nothing here sends to the
 * server itself: the joystick sets the scene's intent, the pinch its zoom.
 */
import type { Intent } from "../../shared/movement/step.ts";
import { $ } from "./dom.ts";
import { el } from "./el.ts";
import { WAYFINDING_STRINGS as S } from "./wayfindingStrings.ts";

/** Of the knob's travel, the part around the centre that walks nowhere. */
const DEAD_ZONE = 0.3;

/**
 * Where a joystick pushed by (dx, dy) px with `radius` px of travel walks: each axis
 * counts once the push along it is past the dead zone, so a diagonal push walks
 * diagonally and a mostly sideways one walks straight. Pure.
 */
export function stickIntent(dx: number, dy: number, radius: number): Intent {
  const length = Math.hypot(dx, dy);
  if (radius <= 0 || length < DEAD_ZONE * radius) return { dx: 0, dy: 0 };
  // 22.5° either side of an axis is straight along it; between, diagonal.
  const angle = Math.atan2(dy, dx);
  const sector = Math.round(angle / (Math.PI / 4)); // -4…4, 0 = right, 2 = down
  const dirs: Intent[] = [
    { dx: -1, dy: 0 },
    { dx: -1, dy: -1 },
    { dx: 0, dy: -1 },
    { dx: 1, dy: -1 },
    { dx: 1, dy: 0 },
    { dx: 1, dy: 1 },
    { dx: 0, dy: 1 },
    { dx: -1, dy: 1 },
    { dx: -1, dy: 0 },
  ];
  return dirs[sector + 4]!;
}

/** Does this device take touch (a phone, a tablet, a touch laptop)? */
export function isTouchDevice(): boolean {
  return navigator.maxTouchPoints > 0 || window.matchMedia("(pointer: coarse)").matches;
}

export interface TouchDeps {
  setIntent(intent: Intent): void;
  zoom(): number;
  setZoom(zoom: number): void;
  /** A second finger came down: the touch is a pinch, not a tap. */
  pinchStarted(): void;
}

export class Joystick {
  readonly root: HTMLElement;
  readonly #knob: HTMLElement;
  readonly #deps: TouchDeps;
  #pointer: number | null = null;
  #intent: Intent = { dx: 0, dy: 0 };

  constructor(deps: TouchDeps) {
    this.#deps = deps;
    this.#knob = el("div", { class: "joystick-knob" });
    this.root = el("div", { id: "joystick", class: "joystick" }, this.#knob);
    // A touch control only; keyboard and screen-reader users walk with the keys and the Places list.
    this.root.setAttribute("aria-hidden", "true");
    this.root.title = S.joystickLabel;
    this.root.addEventListener("pointerdown", (e) => {
      if (this.#pointer !== null) return;
      this.#pointer = e.pointerId;
      this.root.setPointerCapture?.(e.pointerId);
      this.root.classList.add("active");
      this.#move(e);
      e.preventDefault();
    });
    this.root.addEventListener("pointermove", (e) => {
      if (e.pointerId === this.#pointer) this.#move(e);
    });
    const end = (e: PointerEvent) => {
      if (e.pointerId !== this.#pointer) return;
      this.#pointer = null;
      this.root.classList.remove("active");
      this.#knob.style.transform = "";
      this.#set({ dx: 0, dy: 0 });
    };
    this.root.addEventListener("pointerup", end);
    this.root.addEventListener("pointercancel", end);
    document.body.append(this.root);
  }

  /** Where the joystick points now. */
  get intent(): Intent {
    return this.#intent;
  }

  #move(e: PointerEvent): void {
    const r = this.root.getBoundingClientRect();
    const radius = r.width / 2;
    let dx = e.clientX - (r.left + radius);
    let dy = e.clientY - (r.top + radius);
    const length = Math.hypot(dx, dy);
    const travel = radius * 0.6;
    if (length > travel) {
      dx = (dx / length) * travel;
      dy = (dy / length) * travel;
    }
    this.#knob.style.transform = `translate(${dx}px, ${dy}px)`;
    this.#set(stickIntent(dx, dy, travel));
  }

  #set(intent: Intent): void {
    if (intent.dx === this.#intent.dx && intent.dy === this.#intent.dy) return;
    this.#intent = intent;
    this.root.dataset.dx = String(intent.dx);
    this.root.dataset.dy = String(intent.dy);
    this.#deps.setIntent(intent);
  }
}

/** Two fingers on the floor zoom the map: the zoom follows the distance between them. */
export function pinchToZoom(deps: TouchDeps): void {
  const game = $("game");
  let start: { distance: number; zoom: number } | null = null;
  const distance = (t: TouchList) => Math.hypot(t[0]!.clientX - t[1]!.clientX, t[0]!.clientY - t[1]!.clientY);
  game.addEventListener(
    "touchstart",
    (e) => {
      if (e.touches.length < 2) return;
      deps.pinchStarted();
      start = { distance: Math.max(1, distance(e.touches)), zoom: deps.zoom() };
    },
    { passive: true },
  );
  game.addEventListener(
    "touchmove",
    (e) => {
      if (!start || e.touches.length < 2) return;
      deps.setZoom(start.zoom * (distance(e.touches) / start.distance));
    },
    { passive: true },
  );
  const end = (e: TouchEvent) => {
    if (e.touches.length >= 2 || !start) return;
    start = null;
    // Settle on a quarter step, so the pixel art is drawn evenly.
    deps.setZoom(Math.round(deps.zoom() * 4) / 4);
  };
  game.addEventListener("touchend", end, { passive: true });
  game.addEventListener("touchcancel", end, { passive: true });
}
