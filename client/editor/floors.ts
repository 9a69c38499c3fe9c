/**
 * Choosing what to edit: the host's venues and their floors in the top bar (a first
 * venue is made from the built-in one if the host has none), opening a floor — its map,
 * tileset images, layers, export links and versions — and adding, renaming and deleting
 * floors.
 */
import { z } from "zod";
import { blankFloorLike, History, tileLayers } from "../../shared/map/edit.ts";
import type { TiledMap } from "../../shared/map/tiled.ts";
import { $, toast } from "../ui/dom.ts";
import { api, HttpError, ignored, noticeOf, tiledMapSchema, warningsSchema } from "./api.ts";
import { showExportLinks } from "./importExport.ts";
import { drawPalette } from "./palette.ts";
import type { EditorState } from "./store.ts";
import { loadTilesets } from "./tilesets.ts";
import { showLayers } from "./tools.ts";
import { loadVersions } from "./versions.ts";
import { forgetPortalTargets } from "./zones.ts";
import { editorStrings } from "./strings.ts";

const venueList = z.object({ venues: z.array(z.object({ slug: z.string(), name: z.string() })) });
const venueFloors = z.object({ venue: z.object({ floors: z.array(z.object({ slug: z.string(), name: z.string() })) }) });
const template = z.object({ map: z.unknown() });
const createdFloor = z.object({ floor: z.object({ slug: z.string(), name: z.string() }), warnings: warningsSchema });
const floorDoc = z.object({ floor: z.object({ version: z.number(), map: tiledMapSchema }) });

/** Redraw everything after the open floor changed. */
export type Changed = () => void;

/** Fill the venue picker and open the venue and floor named in the address (or the first). */
export async function loadVenues(state: EditorState, changed: Changed): Promise<void> {
  const { venues } = await api("/api/venues", venueList);
  const params = new URLSearchParams(location.search);
  if (venues.length === 0) {
    const name = prompt(editorStrings.newVenue, editorStrings.newVenueDefault) ?? editorStrings.newVenueDefault;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || `venue-${Date.now() % 100000}`;
    await api("/api/venues", ignored, { method: "POST", json: { name, slug } });
    // Both floors of the built-in venue, so the staircase between them leads somewhere.
    for (const [floor, floorName] of [["main", "Main hall"], ["terrace", "Roof terrace"]] as const) {
      const { map } = await api(`/api/floors/${floor}?venue=foyer`, template);
      await api(`/api/venues/${slug}/floors`, ignored, { method: "POST", json: { slug: floor, name: floorName, map } });
    }
    return loadVenues(state, changed);
  }
  const select = $<HTMLSelectElement>("venue-select");
  select.replaceChildren(...venues.map((v) => new Option(v.name, v.slug)));
  const wanted = params.get("venue");
  select.value = wanted !== null && venues.some((v) => v.slug === wanted) ? wanted : venues[0]!.slug;
  select.onchange = () => void openVenue(state, changed, select.value);
  await openVenue(state, changed, select.value, params.get("floor") ?? undefined);
}

async function openVenue(state: EditorState, changed: Changed, venue: string, floor?: string): Promise<void> {
  const { venue: v } = await api(`/api/venues/${venue}`, venueFloors);
  state.venue = venue;
  state.floors = v.floors;
  const select = $<HTMLSelectElement>("floor-select");
  select.replaceChildren(...v.floors.map((f) => new Option(f.name, f.slug)));
  select.value = floor && v.floors.some((f) => f.slug === floor) ? floor : v.floors[0]?.slug ?? "";
  select.onchange = () => void openFloor(state, changed, select.value);
  if (select.value) await openFloor(state, changed, select.value);
}

/** Open a floor of the current venue as it is live, with a fresh undo history. */
export async function openFloor(state: EditorState, changed: Changed, floor: string): Promise<void> {
  const { floor: f } = await api(`/api/venues/${state.venue}/floors/${floor}`, floorDoc);
  state.floor = floor;
  state.version = f.version;
  state.saved = f.map;
  state.history = new History(f.map);
  state.selectedZone = null;
  forgetPortalTargets();
  history.replaceState(null, "", `?venue=${state.venue}&floor=${floor}`);
  $<HTMLAnchorElement>("open-floor").href = `/?venue=${state.venue}&floor=${floor}`;
  showExportLinks(state.venue, floor);
  state.tilesets = await loadTilesets(f.map);
  drawPalette(state);
  const layers = tileLayers(f.map).map((l) => l.path);
  showLayers(state, f.map, layers.includes("walls") ? "walls" : undefined);
  await loadVersions(state, { changed, reopen: () => openFloor(state, changed, state.floor) });
  changed();
}

/** A floor slug made from its name, not yet used in the venue. */
function freeSlug(state: EditorState, name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "floor";
  let slug = base;
  for (let n = 2; state.floors.some((f) => f.slug === slug); n++) slug = `${base}-${n}`;
  return slug;
}

/**
 * Make `map` a new floor of the open venue called `name` (published at once) and open it.
 * Returns the new floor's slug, or null if the server refused (told in a toast and the
 * Problems panel).
 */
export async function createFloor(state: EditorState, changed: Changed, name: string, map: TiledMap): Promise<string | null> {
  try {
    const res = await api(`/api/venues/${state.venue}/floors`, createdFloor, { method: "POST", json: { slug: freeSlug(state, name), name, map } });
    await openVenue(state, changed, state.venue, res.floor.slug);
    state.notices = { refusals: [], warnings: (res.warnings ?? []).map(noticeOf) };
    changed();
    return res.floor.slug;
  } catch (err) {
    const refusals = err instanceof HttpError && err.problems.length ? err.problems : [err instanceof Error ? err.message : String(err)];
    state.notices = { refusals, warnings: [] };
    changed();
    toast(editorStrings.floorRefused(refusals.length === 1 ? refusals[0]! : `${refusals.length} problems, listed under Problems`), "warn");
    return null;
  }
}

/** The top bar's + Floor, Rename and Delete. */
export function bindFloorButtons(state: EditorState, changed: Changed): void {
  const current = () => state.floors.find((f) => f.slug === state.floor);
  $("floor-add").addEventListener("click", () => {
    if (!state.history) return;
    const name = prompt(editorStrings.newFloorName, editorStrings.newFloorDefault)?.trim();
    if (!name) return;
    void createFloor(state, changed, name, blankFloorLike(state.history.present)).then((slug) => slug && toast(editorStrings.floorCreated(name)));
  });
  $("floor-rename").addEventListener("click", () => {
    const floor = current();
    if (!floor) return;
    const name = prompt(editorStrings.renameFloor(floor.name), floor.name)?.trim();
    if (!name || name === floor.name) return;
    void api(`/api/venues/${state.venue}/floors/${floor.slug}`, ignored, { method: "PATCH", json: { name } })
      .then(async () => {
        await openVenue(state, changed, state.venue, floor.slug);
        toast(editorStrings.floorRenamed(name));
      })
      .catch((err: unknown) => toast(editorStrings.floorRefused(err instanceof Error ? err.message : String(err)), "warn"));
  });
  $("floor-delete").addEventListener("click", () => {
    const floor = current();
    if (!floor) return;
    if (state.floors.length <= 1) return toast(editorStrings.lastFloor, "warn");
    // The server sends people on it to the venue's first other floor (server/http/api/venues.ts).
    const main = state.floors.find((f) => f.slug !== floor.slug)!;
    if (!confirm(editorStrings.deleteFloor(floor.name, main.name))) return;
    void api(`/api/venues/${state.venue}/floors/${floor.slug}`, ignored, { method: "DELETE" })
      .then(async () => {
        state.saved = state.history?.present ?? null; // nothing left to lose: the floor is gone
        await openVenue(state, changed, state.venue);
        toast(editorStrings.floorDeleted(floor.name));
      })
      .catch((err: unknown) => toast(editorStrings.floorRefused(err instanceof Error ? err.message : String(err)), "warn"));
  });
}
