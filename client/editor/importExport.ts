/**
 * Tiled files in and out. Export: links to the floor's .tmj and its tileset images.
 * Import: a map with its .tsj tilesets and PNG images becomes an unsaved draft of the
 * open floor, or a new floor of the venue (images uploaded as venue assets), checked by
 * the server's own importer.
 */
import { z } from "zod";
import { FloorError } from "../../shared/map/parse.ts";
import { importTiled, type TiledMap } from "../../shared/map/tiled.ts";
import { $, toast } from "../ui/dom.ts";
import { api, noticeOf, refusal } from "./api.ts";
import { drawPalette } from "./palette.ts";
import { createFloor } from "./floors.ts";
import { historyOf, type EditorState } from "./store.ts";
import { editorStrings } from "./strings.ts";
import { loadTilesets } from "./tilesets.ts";
import { showLayers } from "./tools.ts";

const exportImages = z.object({ images: z.array(z.object({ file: z.string(), url: z.string() })) });
/** The parts of a Tiled map file the importer needs to find its companion files. */
const tiledFile = z.looseObject({ tilesets: z.array(z.looseObject({ source: z.string().optional() })).optional() });

const basename = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** Point the export links at the floor; the tileset images go next to the exported .tmj. */
export function showExportLinks(venue: string, floor: string): void {
  $<HTMLAnchorElement>("export-floor").href = `/api/venues/${venue}/floors/${floor}/export`;
  void api(`/api/venues/${venue}/floors/${floor}/export?images`, exportImages).then(({ images }) => {
    $("export-images").replaceChildren(
      ...images.map((img) => Object.assign(document.createElement("a"), { href: img.url, download: img.file, textContent: `+ ${img.file}` })),
    );
  });
}

/** Where an imported map goes: the open floor's draft, or a new floor of the venue. */
type ImportInto = "draft" | "new-floor";

async function importFiles(state: EditorState, changed: () => void, files: File[], into: ImportInto): Promise<void> {
  const mapFile = files.find((f) => /\.(tmj|json)$/i.test(f.name));
  if (!mapFile) return toast(editorStrings.chooseMap, "warn");
  const raw: unknown = JSON.parse(await mapFile.text());
  const tsjByName = new Map<string, unknown>();
  for (const f of files.filter((f) => /\.tsj$/i.test(f.name))) tsjByName.set(f.name, JSON.parse(await f.text()));
  const tilesets: Record<string, unknown> = {};
  const refs = tiledFile.safeParse(raw);
  for (const ts of (refs.success && refs.data.tilesets) || []) if (ts.source && tsjByName.has(basename(ts.source))) tilesets[ts.source] = tsjByName.get(basename(ts.source));
  const assetUrl = new Map<string, string>();
  for (const png of files.filter((f) => /\.png$/i.test(f.name))) {
    const res = await fetch(`/api/venues/${state.venue}/assets?name=${encodeURIComponent(png.name)}`, {
      method: "POST",
      headers: { "Content-Type": "image/png" },
      body: png,
    });
    if (!res.ok) return toast(`${png.name}: ${await refusal(res)}`, "warn");
    assetUrl.set(png.name, `/api/venues/${state.venue}/assets/${encodeURIComponent(png.name)}`);
  }
  let imported: TiledMap;
  try {
    const result = importTiled({ map: raw, tilesets });
    imported = result.map;
    state.notices = { refusals: [], warnings: result.warnings.map(noticeOf) };
  } catch (err) {
    const refusals = err instanceof FloorError ? err.problems.map((p) => `${p.where}: ${p.problem}`) : [String(err)];
    state.notices = { refusals: refusals.map((r) => `${mapFile.name}: ${r}`), warnings: [] };
    changed();
    return toast(editorStrings.importRefused(refusals.length), "warn");
  }
  // Point every image (tileset sheets and image-collection tiles) at its upload.
  const uploaded = (image: string | undefined) => (image ? assetUrl.get(basename(image)) : undefined);
  for (const ts of imported.tilesets) {
    ts.image = uploaded(ts.image) ?? ts.image;
    for (const t of ts.tiles ?? []) t.image = uploaded(t.image) ?? t.image;
  }
  if (into === "new-floor") {
    const name = mapFile.name.replace(/\.(tmj|json)$/i, "");
    const warnings = state.notices.warnings;
    const slug = await createFloor(state, changed, name, imported);
    if (slug) {
      state.notices.warnings = [...new Set([...warnings, ...state.notices.warnings])];
      changed();
      toast(editorStrings.importedAsFloor(mapFile.name, name));
    }
    return;
  }
  state.tilesets = await loadTilesets(imported);
  drawPalette(state);
  historyOf(state).push(imported);
  state.selectedZone = null;
  showLayers(state, imported);
  changed();
  const n = state.notices.warnings.length;
  toast(editorStrings.imported(mapFile.name, n));
}

export function bindImport(state: EditorState, changed: () => void): void {
  for (const [id, into] of [["import-files", "draft"], ["import-new-floor", "new-floor"]] as const) {
    const input = $<HTMLInputElement>(id);
    input.addEventListener("change", () => {
      void importFiles(state, changed, [...(input.files ?? [])], into).finally(() => (input.value = ""));
    });
  }
}
