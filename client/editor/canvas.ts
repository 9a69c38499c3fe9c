/**
 * The map canvas: draws the floor's art (mapArt.ts), grid and zones, and turns mouse strokes
 * into edits with the tool in hand — paint or erase tiles, drag out a new zone, click to
 * select one. Tiles painted mid-stroke are a preview; releasing the mouse commits them.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { addZone, draftOf, paintTiles, zonesOf } from "../../shared/map/edit.ts";
import { UNKNOWN_ZONE_COLOUR, zoneKind } from "../../shared/map/zoneKinds.ts";
import { $ } from "../ui/dom.ts";
import { kindName, ZONE_KIND_STRINGS as Z } from "../ui/zoneKindStrings.ts";
import { historyOf, shownMap, type Drag, type EditorState } from "./store.ts";
import { drawArt } from "./mapArt.ts";
import { tileImage } from "./tilesets.ts";
import { applyZoom, panning } from "./zoom.ts";

/** A screen too small to edit on (editor.css's phone layout): the floor is shown, not changed. */
const viewOnly = window.matchMedia("(max-width: 720px)");

/** The kind a freshly drawn zone starts as (changed in the zone panel). */
const NEW_ZONE_KIND = "coffee-corner";

/** The art of the last map drawn: selecting or hovering redraws zones over it, not 88 layers of tiles. */
let artCache: { map: object; tilesets: object; canvas: HTMLCanvasElement } | null = null;

function drawCachedArt(ctx: CanvasRenderingContext2D, m: ReturnType<typeof shownMap>, state: EditorState): void {
  if (!artCache || artCache.map !== m || artCache.tilesets !== state.tilesets) {
    const canvas = artCache?.canvas ?? document.createElement("canvas");
    canvas.width = ctx.canvas.width;
    canvas.height = ctx.canvas.height;
    const art = canvas.getContext("2d")!;
    art.imageSmoothingEnabled = false;
    art.clearRect(0, 0, canvas.width, canvas.height);
    drawArt(art, m, state.tilesets);
    artCache = { map: m, tilesets: state.tilesets, canvas };
  }
  ctx.drawImage(artCache.canvas, 0, 0);
}

/**
 * During a paint or erase stroke: the art of the map before the stroke with the stroke's
 * cells drawn over it (erased ones dimmed), instead of every layer again at each mouse
 * move. True if it drew; releasing the mouse draws the real result.
 */
function drawStrokeOverCache(ctx: CanvasRenderingContext2D, state: EditorState): boolean {
  const drag = state.drag;
  if (!state.preview || !drag || !artCache || artCache.map !== historyOf(state).present || artCache.tilesets !== state.tilesets) return false;
  ctx.drawImage(artCache.canvas, 0, 0);
  const t = state.tool === "paint" ? tileImage(state.tilesets, state.gid) : null;
  ctx.fillStyle = "rgba(43,45,58,0.6)";
  for (const { tx, ty } of drag.painted.values()) {
    if (t) ctx.drawImage(t.image, t.sx, t.sy, t.w, t.h, tx * TILE_SIZE, (ty + 1) * TILE_SIZE - t.h, t.w, t.h);
    else ctx.fillRect(tx * TILE_SIZE, ty * TILE_SIZE, TILE_SIZE, TILE_SIZE);
  }
  return true;
}

export function drawMap(state: EditorState): void {
  const m = shownMap(state);
  const canvas = $<HTMLCanvasElement>("map");
  canvas.width = m.width * TILE_SIZE;
  canvas.height = m.height * TILE_SIZE;
  applyZoom();
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = "#2b2d3a";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (!drawStrokeOverCache(ctx, state)) drawCachedArt(ctx, m, state);
  ctx.strokeStyle = "rgba(255,255,255,0.08)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = 0; x <= m.width; x++) {
    ctx.moveTo(x * TILE_SIZE + 0.5, 0);
    ctx.lineTo(x * TILE_SIZE + 0.5, canvas.height);
  }
  for (let y = 0; y <= m.height; y++) {
    ctx.moveTo(0, y * TILE_SIZE + 0.5);
    ctx.lineTo(canvas.width, y * TILE_SIZE + 0.5);
  }
  ctx.stroke();
  ctx.font = "bold 12px system-ui, sans-serif";
  for (const o of zonesOf(m)) {
    const d = draftOf(o);
    const colour = zoneKind(d.kind)?.colour ?? UNKNOWN_ZONE_COLOUR;
    const selected = o.id === state.selectedZone;
    ctx.fillStyle = colour + (selected ? "44" : "22");
    ctx.fillRect(d.x * TILE_SIZE, d.y * TILE_SIZE, d.w * TILE_SIZE, d.h * TILE_SIZE);
    ctx.strokeStyle = colour;
    ctx.lineWidth = selected ? 3 : 2;
    ctx.strokeRect(d.x * TILE_SIZE + 1, d.y * TILE_SIZE + 1, d.w * TILE_SIZE - 2, d.h * TILE_SIZE - 2);
    const kind = kindName(d.kind);
    const seats = d.props.seats;
    const label = d.kind !== "table" ? Z.mapLabel(d.name, kind) : typeof seats === "number" ? Z.tableLabel(d.name, kind, seats) : Z.unknownSeats(d.name, kind);
    const w = ctx.measureText(label).width + 8;
    ctx.fillStyle = colour;
    ctx.fillRect(d.x * TILE_SIZE + 2, d.y * TILE_SIZE + 2, w, 16);
    ctx.fillStyle = "white";
    ctx.fillText(label, d.x * TILE_SIZE + 6, d.y * TILE_SIZE + 14);
  }
  if (state.drag && state.tool === "zone") {
    const r = dragRect(state.drag);
    ctx.strokeStyle = "#ffe28a";
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 2;
    ctx.strokeRect(r.x * TILE_SIZE, r.y * TILE_SIZE, r.w * TILE_SIZE, r.h * TILE_SIZE);
    ctx.setLineDash([]);
  }
}

function tileAt(ev: MouseEvent): { tx: number; ty: number } {
  const canvas = $<HTMLCanvasElement>("map");
  const r = canvas.getBoundingClientRect();
  return {
    tx: Math.floor(((ev.clientX - r.left) * (canvas.width / r.width)) / TILE_SIZE),
    ty: Math.floor(((ev.clientY - r.top) * (canvas.height / r.height)) / TILE_SIZE),
  };
}

function dragRect(d: Drag): { x: number; y: number; w: number; h: number } {
  return { x: Math.min(d.x0, d.x1), y: Math.min(d.y0, d.y1), w: Math.abs(d.x1 - d.x0) + 1, h: Math.abs(d.y1 - d.y0) + 1 };
}

/**
 * Listen to the mouse on the map. `changed` redraws everything after an edit or a new
 * selection; `toolChanged` is called when drawing a zone switches to the select tool.
 */
export function bindMap(state: EditorState, hooks: { changed: () => void; toolChanged: () => void }): void {
  const canvas = $<HTMLCanvasElement>("map");
  const strokeTo = (drag: Drag, tx: number, ty: number) => {
    if (state.tool === "paint" || state.tool === "erase") {
      drag.painted.set(`${tx},${ty}`, { tx, ty });
      state.preview = paintTiles(historyOf(state).present, state.layer, [...drag.painted.values()], state.tool === "erase" ? 0 : state.gid);
    }
    drawMap(state);
  };
  canvas.addEventListener("mousedown", (ev) => {
    // On a phone the floor is only looked at (editor.css hides the tools and says so): a tap
    // that scrolls the map must not paint a tile.
    if (!state.history || ev.button !== 0 || panning() || viewOnly.matches) return;
    const { tx, ty } = tileAt(ev);
    if (state.tool === "select") {
      const hit = zonesOf(shownMap(state))
        .map((o) => ({ o, d: draftOf(o) }))
        .filter(({ d }) => tx >= d.x && ty >= d.y && tx < d.x + d.w && ty < d.y + d.h)
        .sort((a, b) => a.d.w * a.d.h - b.d.w * b.d.h)[0];
      state.selectedZone = hit?.o.id ?? null;
      hooks.changed();
      return;
    }
    state.drag = { x0: tx, y0: ty, x1: tx, y1: ty, painted: new Map() };
    strokeTo(state.drag, tx, ty);
  });
  canvas.addEventListener("mousemove", (ev) => {
    const drag = state.drag;
    if (!drag) return;
    const { tx, ty } = tileAt(ev);
    if (tx === drag.x1 && ty === drag.y1) return;
    drag.x1 = tx;
    drag.y1 = ty;
    strokeTo(drag, tx, ty);
  });
  window.addEventListener("mouseup", () => {
    const drag = state.drag;
    if (!drag) return;
    state.drag = null;
    const history = historyOf(state);
    if (state.tool === "paint" || state.tool === "erase") {
      if (state.preview) history.push(state.preview);
      state.preview = null;
    } else if (state.tool === "zone") {
      const { x, y, w, h } = dragRect(drag);
      const n = zonesOf(history.present).length + 1;
      const { map: next, id } = addZone(history.present, { name: `Zone ${n}`, kind: NEW_ZONE_KIND, x, y, w, h, props: {} });
      history.push(next);
      state.selectedZone = id;
      state.tool = "select";
      hooks.toolChanged();
    }
    hooks.changed();
  });
}
