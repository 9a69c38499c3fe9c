/**
 * The tile palette: one tab per tileset of the floor (a selector above the sheet), the
 * chosen tileset drawn as it is, the tile paint puts down outlined. Clicking a tile picks
 * it and takes up the paint tool. Image collections are listed too (their tiles are
 * drawn in a row) since maps place them as objects.
 */
import { $ } from "../ui/dom.ts";
import type { EditorState } from "./store.ts";
import { editorStrings } from "./strings.ts";
import type { TilesetRef } from "./tilesets.ts";

/** Index into state.tilesets of the tab shown. */
let shown = 0;

/** The tab holding the tile paint puts down, else the one shown. */
function tabFor(state: EditorState): number {
  const i = state.tilesets.findIndex((ts) => state.gid >= ts.firstGid && state.gid < ts.firstGid + ts.tileCount);
  return i >= 0 ? i : Math.min(shown, Math.max(0, state.tilesets.length - 1));
}

/** Cells of an image collection: its tiles side by side, each in a box of the largest tile's size. */
function collectionLayout(ts: TilesetRef): { ids: number[]; cellW: number; cellH: number; columns: number } {
  const ids = [...ts.tiles.keys()].sort((a, b) => a - b);
  const cellW = Math.max(32, ...[...ts.tiles.values()].map((i) => i.width));
  const cellH = Math.max(32, ...[...ts.tiles.values()].map((i) => i.height));
  return { ids, cellW, cellH, columns: Math.max(1, Math.floor(256 / cellW)) };
}

/** Fill the tileset selector (after a floor is opened or imported) and draw the palette. */
export function drawPalette(state: EditorState, tab?: number): void {
  const select = $<HTMLSelectElement>("palette-tileset");
  const names = state.tilesets.map((ts) => `${ts.name}${ts.image ? "" : " (objects)"}`);
  if ([...select.options].map((o) => o.text).join("\n") !== names.join("\n")) select.replaceChildren(...names.map((n, i) => new Option(n, String(i))));
  shown = tab ?? tabFor(state);
  select.value = String(shown);
  const ts = state.tilesets[shown];
  const canvas = $<HTMLCanvasElement>("palette");
  const ctx = canvas.getContext("2d")!;
  if (!ts) return;
  if (ts.image) {
    canvas.width = ts.image.width;
    canvas.height = ts.image.height;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(ts.image, 0, 0);
    const idx = state.gid - ts.firstGid;
    if (idx >= 0 && idx < ts.tileCount) {
      ctx.strokeStyle = "#e07a3f";
      ctx.lineWidth = 3;
      ctx.strokeRect((idx % ts.columns) * ts.tileWidth + 1.5, Math.floor(idx / ts.columns) * ts.tileHeight + 1.5, ts.tileWidth - 3, ts.tileHeight - 3);
    }
  } else {
    const { ids, cellW, cellH, columns } = collectionLayout(ts);
    canvas.width = Math.min(ids.length, columns) * cellW;
    canvas.height = Math.ceil(ids.length / columns) * cellH;
    ctx.imageSmoothingEnabled = false;
    ids.forEach((id, i) => {
      const img = ts.tiles.get(id)!;
      ctx.drawImage(img, (i % columns) * cellW, Math.floor(i / columns) * cellH + cellH - img.height);
    });
  }
  $("palette-note").textContent = ts.image ? "" : editorStrings.paletteEmpty;
  $("tile-info").textContent = editorStrings.tileInfo(state.gid);
}

/** `toolChanged` is called when picking a tile switches to the paint tool. */
export function bindPalette(state: EditorState, hooks: { toolChanged: () => void }): void {
  const canvas = $<HTMLCanvasElement>("palette");
  const select = $<HTMLSelectElement>("palette-tileset");
  select.addEventListener("change", () => drawPalette(state, Number(select.value)));
  canvas.addEventListener("click", (ev) => {
    const ts = state.tilesets[shown];
    if (!ts?.image) return;
    const r = canvas.getBoundingClientRect();
    const col = Math.floor((ev.clientX - r.left) / ts.tileWidth);
    const row = Math.floor((ev.clientY - r.top) / ts.tileHeight);
    const idx = row * ts.columns + col;
    if (col < ts.columns && idx < ts.tileCount) {
      state.gid = ts.firstGid + idx;
      state.tool = "paint";
      hooks.toolChanged();
      drawPalette(state, shown);
    }
  });
}
