/** Texture keys for the floor's tilesets and the avatars, and where their images are served. */

export function tilesetTextureKey(name: string): string {
  return `tileset:${name}`;
}

/** Where an avatar's spritesheet is served (also the join form's preview). */
export function avatarSpriteUrl(id: string): string {
  return `/assets/avatars/${id}.png`;
}

export function avatarTextureKey(id: string): string {
  return `avatar:${id}`;
}

export { tilesetImagePath as resolveAssetUrl } from "../../shared/map/images.ts";
