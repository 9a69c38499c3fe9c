/**
 * Generates every asset Foyer ships: the venue tileset, the avatar spritesheets and the
 * default venue's two floors (the main floor and the roof terrace, linked by a staircase).
 * Deterministic: running it twice produces byte-identical files.
 *
 *   npm run assets                          # writes assets/tiles, assets/avatars, assets/maps
 *   npm run assets -- --preview out.png     # also renders full-map previews with zones
 *                                           # (out.png for the main floor, out-terrace.png)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseFloor } from "../../shared/map/parse.ts";
import { drawAllAvatars } from "./avatars.ts";
import type { Tmj } from "./mapcheck.ts";
import { renderPreview } from "./preview.ts";
import { buildTerracePlan } from "./terrace.ts";
import { buildTileset } from "./tiles.ts";
import { type FloorRules, MAIN_RULES, buildVenueMap, planToTmj, validateFloor, validatePortals } from "./venue.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function write(rel: string, data: Buffer | string): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  console.log(`wrote assets/${rel}`);
}

const TERRACE_RULES: FloorRules = {
  label: "terrace",
  counts: { spawn: { n: 1 }, "coffee-corner": { min: 2 }, table: { min: 1 }, portal: { n: 1 } },
  overhearCorner: true,
};

const tileset = buildTileset();
const sheet = tileset.render();
const image = { width: sheet.width, height: sheet.height };

/** Floors by slug, in the order they are written. */
const floors = [
  { slug: "main", file: "maps/default-venue.tmj", out: buildVenueMap(tileset, image), rules: MAIN_RULES },
  { slug: "terrace", file: "maps/terrace.tmj", out: planToTmj(buildTerracePlan(), tileset, image), rules: TERRACE_RULES },
];

// Previews are written before validation so a broken layout can still be looked at.
const previewAt = process.argv.indexOf("--preview");
if (previewAt >= 0) {
  const out = process.argv[previewAt + 1];
  if (!out) throw new Error("--preview needs a file name");
  for (const f of floors) {
    const path = f.slug === "main" ? out : out.replace(/(\.png)?$/, `-${f.slug}.png`);
    writeFileSync(path, renderPreview(f.out.map, sheet).toPNG());
    console.log(`wrote preview ${path}`);
  }
}

// Refuse to write anything broken: floor rules and reachability, the links between
// floors, and the same parser the server uses for uploaded maps.
const reports = floors.map((f) => validateFloor(f.out.map, f.rules));
validatePortals(Object.fromEntries(floors.map((f) => [f.slug, f.out.map as Tmj])));
for (const f of floors) parseFloor(JSON.parse(f.out.json));

write("tiles/venue.png", sheet.toPNG());
for (const [id, canvas] of drawAllAvatars()) write(`avatars/${id}.png`, canvas.toPNG());
floors.forEach((f, i) => {
  write(f.file, f.out.json);
  const report = reports[i];
  console.log(
    `  ${f.slug}: ${f.out.map.width}×${f.out.map.height} tiles, ` +
      `${report ? report.reached.filter(Boolean).length : 0} walkable tiles reachable from every spawn`,
  );
});
console.log(`${tileset.tiles.length} tiles in the set`);
