/**
 * Where the client finds the floor's art. Tiled writes tileset image paths relative to
 * the map file; maps in this project live under /assets/maps/.
 */
export const MAP_BASE_URL = "/assets/maps/";

export function tilesetTextureKey(name: string): string {
  return `tileset:${name}`;
}

export function avatarTextureKey(id: string): string {
  return `avatar:${id}`;
}

export function resolveAssetUrl(relative: string): string {
  return new URL(relative, new URL(MAP_BASE_URL, location.origin)).pathname;
}
