/**
 * Choosing what to edit: the host's venues and their floors in the top bar (a first
 * venue is made from the built-in one if the host has none), and opening a floor — its
 * map, tileset images, layers, export links and versions.
 */
import { z } from "zod";
import { History, tileLayers } from "../../shared/map/edit.ts";
import { $ } from "../ui/dom.ts";
import { api, ignored, tiledMapSchema } from "./api.ts";
import { showExportLinks } from "./importExport.ts";
import { drawPalette } from "./palette.ts";
import type { EditorState } from "./store.ts";
import { loadTilesets } from "./tilesets.ts";
import { showLayers } from "./tools.ts";
import { loadVersions } from "./versions.ts";

const venueList = z.object({ venues: z.array(z.object({ slug: z.string(), name: z.string() })) });
const venueFloors = z.object({ venue: z.object({ floors: z.array(z.object({ slug: z.string(), name: z.string() })) }) });
const template = z.object({ map: z.unknown() });
const floorDoc = z.object({ floor: z.object({ version: z.number(), map: tiledMapSchema }) });

/** Redraw everything after the open floor changed. */
export type Changed = () => void;

/** Fill the venue picker and open the venue and floor named in the address (or the first). */
export async function loadVenues(state: EditorState, changed: Changed): Promise<void> {
  const { venues } = await api("/api/venues", venueList);
  const params = new URLSearchParams(location.search);
  if (venues.length === 0) {
    const name = prompt("You have no venue yet. Name your venue:", "My venue") ?? "My venue";
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || `venue-${Date.now() % 100000}`;
    await api("/api/venues", ignored, { method: "POST", json: { name, slug } });
    const { map } = await api("/api/floors/main?venue=foyer", template);
    await api(`/api/venues/${slug}/floors`, ignored, { method: "POST", json: { slug: "main", name: "Main hall", map } });
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
