/**
 * Zoom and pan on the map canvas, so a 100×88 conference map is workable on a laptop:
 * the −/+/Fit buttons or Ctrl+wheel zoom (around the cursor), the middle mouse button or
 * Space+drag pans (the stage also scrolls). Only the canvas's displayed size changes; the
 * canvas keeps one pixel per map pixel, so tools read tiles the same at every zoom.
 */
import { $ } from "../ui/dom.ts";
import { editorStrings } from "./strings.ts";

const STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2, 3, 4];
let zoom = 1;
let spaceHeld = false;
let pan: { x: number; y: number; left: number; top: number } | null = null;

/** True while the hand is panning (Space held or a middle-button drag): tools leave the mouse alone. */
export function panning(): boolean {
  return spaceHeld || pan !== null;
}

/** Size the canvas on screen for the current zoom (after drawMap resized it). */
export function applyZoom(): void {
  const canvas = $<HTMLCanvasElement>("map");
  canvas.style.width = `${Math.round(canvas.width * zoom)}px`;
  canvas.style.height = `${Math.round(canvas.height * zoom)}px`;
  $("zoom-level").textContent = editorStrings.zoomLevel(zoom);
}

/** Zoom to `next`, keeping the map point under (clientX, clientY) — default the stage's centre — where it is. */
function zoomTo(next: number, clientX?: number, clientY?: number): void {
  const stage = $("stage");
  const r = stage.getBoundingClientRect();
  const cx = (clientX ?? r.left + r.width / 2) - r.left;
  const cy = (clientY ?? r.top + r.height / 2) - r.top;
  const mapX = (stage.scrollLeft + cx) / zoom;
  const mapY = (stage.scrollTop + cy) / zoom;
  zoom = Math.min(STEPS[STEPS.length - 1]!, Math.max(Math.min(STEPS[0]!, zoom), next));
  applyZoom();
  stage.scrollLeft = mapX * zoom - cx;
  stage.scrollTop = mapY * zoom - cy;
}

const stepped = (dir: 1 | -1) => (dir > 0 ? STEPS.find((s) => s > zoom + 1e-3) : [...STEPS].reverse().find((s) => s < zoom - 1e-3)) ?? zoom;

/** The whole map in view (never above 100 %). */
export function zoomToFit(): void {
  const stage = $("stage");
  const canvas = $<HTMLCanvasElement>("map");
  if (!canvas.width || !canvas.height) return;
  // Below the smallest step if that is what it takes: a 200×200 map still fits on a laptop.
  zoom = Math.max(0.1, Math.min(1, (stage.clientWidth - 4) / canvas.width, (stage.clientHeight - 4) / canvas.height));
  applyZoom();
}

export function bindZoom(): void {
  const stage = $("stage");
  $("zoom-in").addEventListener("click", () => zoomTo(stepped(1)));
  $("zoom-out").addEventListener("click", () => zoomTo(stepped(-1)));
  $("zoom-fit").addEventListener("click", () => zoomToFit());
  stage.addEventListener(
    "wheel",
    (ev) => {
      if (!(ev.ctrlKey || ev.metaKey)) return; // a plain wheel scrolls (pans)
      ev.preventDefault();
      zoomTo(stepped(ev.deltaY < 0 ? 1 : -1), ev.clientX, ev.clientY);
    },
    { passive: false },
  );
  window.addEventListener("keydown", (ev) => {
    if (ev.code !== "Space" || ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement || ev.target instanceof HTMLTextAreaElement) return;
    ev.preventDefault();
    spaceHeld = true;
    stage.classList.add("panning");
  });
  window.addEventListener("keyup", (ev) => {
    if (ev.code !== "Space") return;
    spaceHeld = false;
    if (!pan) stage.classList.remove("panning");
  });
  stage.addEventListener("mousedown", (ev) => {
    if (ev.button !== 1 && !(ev.button === 0 && spaceHeld)) return;
    ev.preventDefault();
    pan = { x: ev.clientX, y: ev.clientY, left: stage.scrollLeft, top: stage.scrollTop };
    stage.classList.add("panning");
  });
  window.addEventListener("mousemove", (ev) => {
    if (!pan) return;
    stage.scrollLeft = pan.left - (ev.clientX - pan.x);
    stage.scrollTop = pan.top - (ev.clientY - pan.y);
  });
  window.addEventListener("mouseup", () => {
    if (!pan) return;
    pan = null;
    if (!spaceHeld) stage.classList.remove("panning");
  });
}
