/**
 * The tool buttons, the layer they paint on, and the undo history's controls: Undo /
 * Redo (buttons, Ctrl+Z, Ctrl+Y or Ctrl+Shift+Z), and the browser's warning before
 * leaving with unsaved changes.
 */
import { tileLayers } from "../../shared/map/edit.ts";
import type { TiledMap } from "../../shared/map/tiled.ts";
import { $ } from "../ui/dom.ts";
import type { EditorState, Tool } from "./store.ts";

const TOOLS: readonly Tool[] = ["paint", "erase", "zone", "select"];
const isTool = (v: string | undefined): v is Tool => TOOLS.some((t) => t === v);

/** Show the tool in hand as the checked button. */
export function syncTools(state: EditorState): void {
  for (const b of $("tools").querySelectorAll<HTMLButtonElement>("button")) b.setAttribute("aria-checked", String(b.dataset.tool === state.tool));
}

/** Offer the map's tile layers to paint on; paint on `prefer` if given, else the first. */
export function showLayers(state: EditorState, map: TiledMap, prefer?: string): void {
  const layers = tileLayers(map).map((l) => l.path);
  const select = $<HTMLSelectElement>("layer-select");
  select.replaceChildren(...layers.map((p) => new Option(p, p)));
  state.layer = prefer ?? layers[0] ?? "";
  select.value = state.layer;
}

export function bindTools(state: EditorState, hooks: { changed: () => void }): void {
  const layer = $<HTMLSelectElement>("layer-select");
  layer.addEventListener("change", () => (state.layer = layer.value));
  for (const b of $("tools").querySelectorAll<HTMLButtonElement>("button")) {
    b.addEventListener("click", () => {
      if (isTool(b.dataset.tool)) state.tool = b.dataset.tool;
      syncTools(state);
    });
  }
  $("undo").addEventListener("click", () => {
    if (!state.history) return;
    state.history.undo();
    hooks.changed();
  });
  $("redo").addEventListener("click", () => {
    if (!state.history) return;
    state.history.redo();
    hooks.changed();
  });
  window.addEventListener("keydown", (ev) => {
    if (!(ev.ctrlKey || ev.metaKey) || !state.history) return;
    if (ev.target instanceof HTMLInputElement) return;
    if (ev.key === "z" && !ev.shiftKey) state.history.undo();
    else if (ev.key === "y" || (ev.key === "z" && ev.shiftKey)) state.history.redo();
    else return;
    ev.preventDefault();
    hooks.changed();
  });
  window.addEventListener("beforeunload", (ev) => {
    if (state.history && state.history.present !== state.saved) ev.preventDefault();
  });
}
