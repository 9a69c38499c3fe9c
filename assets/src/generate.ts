/**
 * Generates every asset Foyer ships: the venue tileset, the avatar spritesheets and the
 * default venue map. Deterministic: running it twice produces byte-identical files.
 *
 *   npm run assets                          # writes assets/tiles, assets/avatars, assets/maps
 *   npm run assets -- --preview out.png     # also renders a full-map preview with zones
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drawAllAvatars } from "./avatars.ts";
import { renderPreview } from "./preview.ts";
import { buildTileset } from "./tiles.ts";
import { buildVenueMap, validateVenue } from "./venue.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function write(rel: string, data: Buffer | string): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  console.log(`wrote assets/${rel}`);
}

const tileset = buildTileset();
const sheet = tileset.render();
write("tiles/venue.png", sheet.toPNG());

for (const [id, canvas] of drawAllAvatars()) write(`avatars/${id}.png`, canvas.toPNG());

const venue = buildVenueMap(tileset, { width: sheet.width, height: sheet.height });

// The preview is written before validation so a broken layout can still be looked at.
const previewAt = process.argv.indexOf("--preview");
if (previewAt >= 0) {
  const out = process.argv[previewAt + 1];
  if (!out) throw new Error("--preview needs a file name");
  writeFileSync(out, renderPreview(venue.map, sheet).toPNG());
  console.log(`wrote preview ${out}`);
}

const report = validateVenue(venue.map); // throws if a zone is unreachable or malformed
write("maps/default-venue.tmj", venue.json);
console.log(
  `venue ${venue.map.width}×${venue.map.height} tiles, ${tileset.tiles.length} tiles in the set, ` +
    `${report.reached.filter(Boolean).length} walkable tiles reachable from the spawn`,
);
