/**
 * Loads the floor map, its tilesets and every avatar spritesheet while a progress bar
 * shows, then hands over to the venue scene.
 */
import Phaser from "phaser";
import { AVATARS, DIRECTIONS } from "../../shared/constants.ts";
import type { Floor } from "../../shared/map/model.ts";
import { $ } from "../ui/dom.ts";
import { VENUE_STRINGS } from "../ui/venueStrings.ts";
import { avatarSpriteUrl, avatarTextureKey, resolveAssetUrl, tilesetTextureKey } from "./assets.ts";
import { drawPlan } from "./drawPlan.ts";
import { loadTileObjectImages } from "./tileObjects.ts";

export interface LoadingData {
  floor: Floor;
  mapJson: unknown;
  version: number;
  onLoaded: () => void;
}

export class LoadingScene extends Phaser.Scene {
  constructor() {
    super("loading");
  }

  preload(): void {
    const data = this.registry.get("loading") as LoadingData;
    const bar = $("loading-bar");
    this.load.on("progress", (p: number) => (bar.style.width = `${Math.round(p * 100)}%`));
    this.load.on("loaderror", (file: Phaser.Loader.File) => {
      $("loading-label").textContent = VENUE_STRINGS.assetFailed(file.key);
    });
    for (const ts of data.floor.tilesets) {
      this.load.image(tilesetTextureKey(ts.name), resolveAssetUrl(ts.image));
    }
    loadTileObjectImages(this, data.floor);
    for (const id of AVATARS) {
      this.load.spritesheet(avatarTextureKey(id), avatarSpriteUrl(id), { frameWidth: 32, frameHeight: 32 });
    }
    this.load.tilemapTiledJSON(`floor:${data.version}`, drawPlan(data.floor, data.mapJson).map);
  }

  create(): void {
    // Walk cycles: columns are stand, step A, step B; rows follow DIRECTIONS.
    for (const id of AVATARS) {
      DIRECTIONS.forEach((dir, row) => {
        this.anims.create({
          key: `${id}:walk:${dir}`,
          frames: this.anims.generateFrameNumbers(avatarTextureKey(id), { frames: [row * 3 + 1, row * 3, row * 3 + 2, row * 3] }),
          frameRate: 8,
          repeat: -1,
        });
      });
    }
    (this.registry.get("loading") as LoadingData).onLoaded();
  }
}
