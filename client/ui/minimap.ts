/**
 * The minimap: the whole floor small, in a corner — walls, the private spots and stages
 * in their zone colours, signs, everyone this page sees as a dot and you as a yellow one,
 * and the part of the floor on screen. Shown and hidden with the Map button in the top bar
 * or the M key (remembered per browser); a click or tap on it walks you there. It draws a
 * few times a second, never inside the game's update step, and never covers the bars.
 */
import type { Floor } from "../../shared/map/model.ts";
import { zoneKind } from "../../shared/map/zoneKinds.ts";
import { TILE_SIZE } from "../../shared/constants.ts";
import { $ } from "./dom.ts";
import { el } from "./el.ts";
import { closeOnEscape, isTyping } from "./keys.ts";
import { WAYFINDING_STRINGS as S } from "./wayfindingStrings.ts";

export interface MinimapDeps {
  floor(): Floor;
  /** Everyone this page sees, in pixels (you too). */
  people(): Iterable<{ readonly id: string; readonly x: number; readonly y: number }>;
  myId(): string;
  me(): { x: number; y: number } | null;
  /** The part of the floor on screen, in pixels. */
  view(): { x: number; y: number; width: number; height: number };
  walkTo(worldX: number, worldY: number): void;
}

const STORAGE_KEY = "foyer.minimap";
const REDRAW_MS = 250;
/** Pixels of the minimap per tile, at most (a small floor is not blown up). */
const MAX_CELL = 5;

/** Zone kinds drawn on the minimap, as filled areas. */
const DRAWN_KINDS = new Set(["table", "coffee-corner", "stage", "silent", "portal", "sign"]);

export class Minimap {
  readonly root: HTMLElement;
  readonly toggle: HTMLButtonElement;
  readonly canvas: HTMLCanvasElement;
  readonly #deps: MinimapDeps;
  /** The floor drawn once (walls and zones), per floor object. */
  #base: { floor: Floor; image: HTMLCanvasElement } | null = null;
  #timer = 0;
  #others = -1;

  constructor(deps: MinimapDeps, startOpen = defaultOpen()) {
    this.#deps = deps;
    this.canvas = el("canvas", { class: "minimap-canvas" });
    this.canvas.setAttribute("role", "img");
    const hide = el("button", { class: "minimap-close", text: "×" });
    hide.type = "button";
    hide.setAttribute("aria-label", S.minimapHide);
    hide.addEventListener("click", () => this.open(false, true));
    this.root = el("section", { id: "minimap", class: "minimap hidden" }, el("h2", { id: "minimap-title", class: "sr-only", text: S.minimapTitle }), this.canvas, hide);
    this.root.setAttribute("aria-labelledby", "minimap-title");
    this.toggle = el("button", { id: "minimap-open", class: "hud-button", text: S.minimapButton });
    this.toggle.type = "button";
    this.toggle.title = S.minimapButtonTitle;
    this.toggle.setAttribute("aria-controls", "minimap");
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.setAttribute("aria-keyshortcuts", "M");
    this.toggle.addEventListener("click", () => this.open(!this.isOpen));
    this.canvas.addEventListener("click", (e) => this.#walk(e));
    window.addEventListener("keydown", (e) => {
      if (e.key !== "m" && e.key !== "M") return;
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || isTyping(e.target)) return;
      this.open(!this.isOpen);
    });
    closeOnEscape({ root: () => this.root, isOpen: () => this.isOpen, close: () => this.open(false), returnTo: () => this.toggle });
    document.body.append(this.root);
    $("hud").append(this.toggle);
    this.open(startOpen);
  }

  get isOpen(): boolean {
    return !this.root.classList.contains("hidden");
  }

  /** Show or hide it (the choice is remembered); hiding by its own button puts focus back on Map. */
  open(open: boolean, moveFocus = false): void {
    this.root.classList.toggle("hidden", !open);
    this.toggle.setAttribute("aria-expanded", String(open));
    try {
      localStorage.setItem(STORAGE_KEY, open ? "open" : "closed");
    } catch {
      // storage blocked: the choice lasts for this page only
    }
    window.clearInterval(this.#timer);
    if (!open) {
      if (moveFocus) this.toggle.focus();
      return;
    }
    this.draw();
    this.#timer = window.setInterval(() => this.draw(), REDRAW_MS);
  }

  /** Pixels of the minimap per tile for this floor. */
  #cell(floor: Floor): number {
    // Fits the width the stylesheet gives the box (client/ui/wayfinding.css), less its padding.
    const inner = this.root.clientWidth - 12;
    return Math.max(1, Math.min(MAX_CELL, (inner > 0 ? inner : 208) / floor.width));
  }

  /** Draw it now (also called by the timer while shown). */
  draw(): void {
    const floor = this.#deps.floor();
    const cell = this.#cell(floor);
    const width = Math.round(floor.width * cell);
    const height = Math.round(floor.height * cell);
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
      this.#base = null;
    }
    if (this.#base?.floor !== floor) this.#base = { floor, image: drawBase(floor, this.canvas.width, this.canvas.height) };
    const g = this.canvas.getContext("2d");
    if (!g) return;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.drawImage(this.#base.image, 0, 0);
    const scale = (this.canvas.width / floor.width) / TILE_SIZE;
    g.setTransform(scale, 0, 0, scale, 0, 0);
    // The part of the floor on screen.
    const v = this.#deps.view();
    g.strokeStyle = "rgba(255,255,255,0.8)";
    g.lineWidth = 1.5 / scale;
    g.strokeRect(v.x, v.y, v.width, v.height);
    const myId = this.#deps.myId();
    let others = 0;
    const dot = (x: number, y: number, r: number, fill: string) => {
      g.beginPath();
      g.arc(x, y, r / scale, 0, Math.PI * 2);
      g.fillStyle = fill;
      g.fill();
      g.strokeStyle = "#1f2430";
      g.lineWidth = 1 / scale;
      g.stroke();
    };
    for (const p of this.#deps.people()) {
      if (p.id === myId) continue;
      others++;
      dot(p.x, p.y, 2.5 * dpr, "#ffffff");
    }
    const me = this.#deps.me();
    if (me) dot(me.x, me.y, 4 * dpr, "#ffd23f");
    if (others !== this.#others) {
      this.#others = others;
      this.canvas.setAttribute("aria-label", S.minimapLabel(others));
    }
    this.root.dataset.people = String(others);
  }

  /** A click on the map walks you to that spot of the floor. */
  #walk(e: MouseEvent): void {
    const floor = this.#deps.floor();
    const r = this.canvas.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const x = ((e.clientX - r.left) / r.width) * floor.width * TILE_SIZE;
    const y = ((e.clientY - r.top) / r.height) * floor.height * TILE_SIZE;
    this.#deps.walkTo(x, y);
  }
}

/** Open unless the person hid it, except on a phone, where it starts hidden. */
function defaultOpen(): boolean {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage blocked
  }
  if (stored !== null) return stored === "open";
  return !window.matchMedia("(max-width: 640px)").matches;
}

/** The floor's walls and zones, drawn once per floor at the canvas's size. */
function drawBase(floor: Floor, width: number, height: number): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  const g = c.getContext("2d");
  if (!g) return c;
  const cw = width / floor.width;
  const ch = height / floor.height;
  g.fillStyle = "#d9d2c1";
  g.fillRect(0, 0, width, height);
  g.fillStyle = "#3a3d4d";
  for (let ty = 0; ty < floor.height; ty++)
    for (let tx = 0; tx < floor.width; tx++) if (floor.blocked[ty * floor.width + tx] === 1) g.fillRect(Math.floor(tx * cw), Math.floor(ty * ch), Math.ceil(cw), Math.ceil(ch));
  for (const z of floor.zones) {
    if (!DRAWN_KINDS.has(z.kind)) continue;
    const colour = zoneKind(z.kind)?.colour ?? "#888888";
    const { x, y, width: w, height: h } = z.rect;
    g.globalAlpha = 0.35;
    g.fillStyle = colour;
    g.fillRect(x * cw, y * ch, w * cw, h * ch);
    g.globalAlpha = 1;
    g.strokeStyle = colour;
    g.lineWidth = Math.max(1, cw / 3);
    g.strokeRect(x * cw, y * ch, w * cw, h * ch);
  }
  return c;
}
