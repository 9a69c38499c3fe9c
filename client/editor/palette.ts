/**
 * The tile palette: the floor's first tileset drawn as it is, the tile paint puts down
 * outlined. Clicking a tile picks it and takes up the paint tool.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { $ } from "../ui/dom.ts";
import type { EditorState } from "./store.ts";

export function drawPalette(state: EditorState): void {
  const ts = state.tilesets[0];
  const canvas = $<HTMLCanvasElement>("palette");
  if (!ts) return;
  canvas.width = ts.image.width;
  canvas.height = ts.image.height;
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(ts.image, 0, 0);
  const idx = state.gid - ts.firstGid;
  if (idx >= 0 && idx < ts.tileCount) {
    ctx.strokeStyle = "#e07a3f";
    ctx.lineWidth = 3;
    ctx.strokeRect((idx % ts.columns) * TILE_SIZE + 1.5, Math.floor(idx / ts.columns) * TILE_SIZE + 1.5, TILE_SIZE - 3, TILE_SIZE - 3);
  }
  $("tile-info").textContent = `tile ${state.gid}`;
}

/** `toolChanged` is called when picking a tile switches to the paint tool. */
export function bindPalette(state: EditorState, hooks: { toolChanged: () => void }): void {
  const canvas = $<HTMLCanvasElement>("palette");
  canvas.addEventListener("click", (ev) => {
    const ts = state.tilesets[0];
    if (!ts) return;
    const r = canvas.getBoundingClientRect();
    const col = Math.floor((ev.clientX - r.left) / TILE_SIZE);
    const row = Math.floor((ev.clientY - r.top) / TILE_SIZE);
    const idx = row * ts.columns + col;
    if (idx < ts.tileCount) {
      state.gid = ts.firstGid + idx;
      state.tool = "paint";
      hooks.toolChanged();
      drawPalette(state);
    }
  });
}
