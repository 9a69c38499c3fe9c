/**
 * Tile objects (chairs, desks, wall tops placed with Tiled's "insert tile") drawn on the
 * floor: each at its own size, flipped and rotated as the author placed it, y-sorted with
 * avatars unless its layer is above them. Textures come from the floor's tilesets (one
 * frame cut per tile) or, for image collections, from each tile's own image.
 */
import Phaser from "phaser";
import { tileFrame } from "../../shared/map/frames.ts";
import type { Floor, FloorTileObject } from "../../shared/map/model.ts";
import { resolveAssetUrl, tilesetTextureKey } from "./assets.ts";

/** Depth of avatars and y-sorted objects: this plus the bottom edge in pixels (AvatarSprite). */
const SORTED_DEPTH = 1000;
/** Tile objects on layers above avatars: over avatars and over tile layers marked above (100 000 + i). */
const ABOVE_DEPTH = 100_500;

function collectionTextureKey(url: string): string {
  return `tileimage:${url}`;
}

/** Where a tile object's picture is: a texture key and a frame (undefined = the whole image). */
function sourceOf(floor: Floor, gid: number): { key: string; frame?: { name: string; x: number; y: number; w: number; h: number } } | null {
  for (const c of floor.collections) {
    const tile = c.tiles.find((t) => c.firstGid + t.id === gid);
    if (tile) return { key: collectionTextureKey(resolveAssetUrl(tile.image)) };
  }
  const ts = floor.tilesets.find((t) => gid >= t.firstGid && gid < t.firstGid + t.tileCount);
  if (!ts) return null;
  const frame = tileFrame(ts, gid);
  return frame ? { key: tilesetTextureKey(ts.name), frame: { name: `gid:${gid}`, ...frame } } : null;
}

/** Queue the image of every image-collection tile the floor's objects use (and not yet loaded). */
export function loadTileObjectImages(scene: Phaser.Scene, floor: Floor): void {
  const used = new Set(floor.objects.map((o) => o.gid));
  for (const c of floor.collections) {
    for (const t of c.tiles) {
      if (!used.has(c.firstGid + t.id)) continue;
      const url = resolveAssetUrl(t.image);
      const key = collectionTextureKey(url);
      if (!scene.textures.exists(key)) scene.load.image(key, url);
    }
  }
}

/** The depth a tile object is drawn at: y-sorted with avatars by its bottom edge, or above them all. */
export function tileObjectDepth(o: Pick<FloorTileObject, "y" | "above">, index: number): number {
  return o.above ? ABOVE_DEPTH + index : SORTED_DEPTH + Math.round(o.y);
}

/** Draw every tile object of the floor; returns what was added (destroyed on redraw). */
export function drawTileObjects(scene: Phaser.Scene, floor: Floor): Phaser.GameObjects.Image[] {
  const drawn: Phaser.GameObjects.Image[] = [];
  floor.objects.forEach((o, i) => {
    const src = sourceOf(floor, o.gid);
    if (!src || !scene.textures.exists(src.key)) return;
    const texture = scene.textures.get(src.key);
    if (src.frame && !texture.has(src.frame.name)) texture.add(src.frame.name, 0, src.frame.x, src.frame.y, src.frame.w, src.frame.h);
    // Tiled: x/y is the bottom-left corner, rotation clockwise around it; flips stay in the box.
    const img = scene.add
      .image(o.x, o.y, src.key, src.frame?.name)
      .setOrigin(0, 1)
      .setDisplaySize(o.width, o.height)
      .setAngle(o.rotation)
      .setFlip(o.flipX, o.flipY)
      .setAlpha(o.opacity)
      .setVisible(o.visible)
      .setDepth(tileObjectDepth(o, i));
    drawn.push(img);
  });
  return drawn;
}
