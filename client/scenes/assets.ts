/** Texture keys for the floor's art, and where its images are served. */

export function tilesetTextureKey(name: string): string {
  return `tileset:${name}`;
}

export function avatarTextureKey(id: string): string {
  return `avatar:${id}`;
}

export { tilesetImagePath as resolveAssetUrl } from "../../shared/map/images.ts";
