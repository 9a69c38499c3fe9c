/**
 * Where a tileset image is served. Tiled writes image paths relative to the map file;
 * Foyer serves its maps' art as if the maps lived in /assets/maps/, and uploaded images
 * are referenced by absolute path (/api/venues/<venue>/assets/<name>). Pure URL math.
 */
export const MAP_BASE_PATH = "/assets/maps/";

export function tilesetImagePath(image: string): string {
  return new URL(image, `http://foyer.invalid${MAP_BASE_PATH}`).pathname;
}
