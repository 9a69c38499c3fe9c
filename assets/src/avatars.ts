/**
 * Avatar spritesheets: 3 columns (standing, step A, step B) × 4 rows (down, left, right, up)
 * of TILE_SIZE frames. Little people with hair, a shirt in the avatar's colour and legs
 * that move in the step frames.
 */
import { AVATARS, type AvatarId, DIRECTIONS, type Direction, TILE_SIZE } from "../../shared/constants.ts";
import { Canvas, type RGBA, hex, shade, withAlpha } from "./draw.ts";

export const AVATAR_FRAME = TILE_SIZE;
export const AVATAR_COLUMNS = 3;
export const AVATAR_ROWS = DIRECTIONS.length;

type Hair = "short" | "bun" | "long" | "curly" | "crop" | "bob" | "ponytail" | "beanie";

interface Look {
  shirt: RGBA;
  hair: RGBA;
  skin: RGBA;
  pants: RGBA;
  shoes: RGBA;
  style: Hair;
  beard?: boolean;
  glasses?: boolean;
}

export const LOOKS: Record<AvatarId, Look> = {
  amber: { shirt: hex("#e5a12f"), hair: hex("#4a2c1d"), skin: hex("#f1c7a1"), pants: hex("#34405a"), shoes: hex("#2a2430"), style: "short" },
  teal: { shirt: hex("#249c90"), hair: hex("#1d1b22"), skin: hex("#d9a477"), pants: hex("#3a3a44"), shoes: hex("#f4f1ea"), style: "bun" },
  violet: { shirt: hex("#8b5cc9"), hair: hex("#f0cf6e"), skin: hex("#f6d4bd"), pants: hex("#2f3550"), shoes: hex("#5a3a2a"), style: "long", glasses: true },
  coral: { shirt: hex("#ee6b57"), hair: hex("#b8431f"), skin: hex("#f4cdb0"), pants: hex("#c9b28a"), shoes: hex("#2a2430"), style: "curly" },
  forest: { shirt: hex("#3d8c4c"), hair: hex("#2b1a12"), skin: hex("#9a6546"), pants: hex("#3b3a36"), shoes: hex("#c9ced6"), style: "crop", beard: true },
  navy: { shirt: hex("#2f4f91"), hair: hex("#d9d9df"), skin: hex("#e6b98f"), pants: hex("#8a7a66"), shoes: hex("#3a2a22"), style: "bob", glasses: true },
  rose: { shirt: hex("#e27aa3"), hair: hex("#231c26"), skin: hex("#c98d63"), pants: hex("#2d3142"), shoes: hex("#e27aa3"), style: "ponytail" },
  slate: { shirt: hex("#66778f"), hair: hex("#2e2220"), skin: hex("#7a4d36"), pants: hex("#2c2f3a"), shoes: hex("#e0a93b"), style: "beanie" },
};

const OUTLINE = hex("#2a2430");

/** Leg phase per column: 0 standing, 1 step A, 2 step B. */
function drawFrame(c: Canvas, ox: number, oy: number, look: Look, dir: Direction, step: 0 | 1 | 2): void {
  const f = new Canvas(AVATAR_FRAME, AVATAR_FRAME);
  const bob = step === 0 ? 0 : -1;
  const skinD = shade(look.skin, -0.18);
  const shirtD = shade(look.shirt, -0.22);
  const shirtL = shade(look.shirt, 0.2);
  const pantsD = shade(look.pants, -0.2);
  const hairL = shade(look.hair, 0.22);
  const hairD = shade(look.hair, -0.2);
  const side = dir === "left" || dir === "right";
  const flip = dir === "left"; // profile drawings are made facing right, then mirrored
  const X = (x: number, w = 1): number => (flip ? AVATAR_FRAME - x - w : x);
  const rect = (x: number, y: number, w: number, h: number, col: RGBA): void => f.rect(X(x, w), y, w, h, col);
  const px = (x: number, y: number, col: RGBA): void => f.px(X(x), y, col);

  // legs
  if (!side) {
    const lLift = step === 1 ? 2 : 0;
    const rLift = step === 2 ? 2 : 0;
    rect(12, 22, 3, 6 - lLift, look.pants);
    rect(17, 22, 3, 6 - rLift, look.pants);
    rect(12, 27 - lLift, 3, 2, look.shoes);
    rect(17, 27 - rLift, 3, 2, look.shoes);
    rect(14, 22, 1, 4, pantsD);
  } else {
    const spread = step === 0 ? 0 : 2;
    const front = step === 2 ? -spread : spread;
    rect(14 - front, 22, 3, 6, pantsD);
    rect(14 - front, 27, 4, 2, shade(look.shoes, -0.15));
    rect(14 + front, 22, 3, 6, look.pants);
    rect(14 + front, 27, 4, 2, look.shoes);
  }

  // torso
  const ty = 14 + bob;
  if (!side) {
    f.roundRect(10, ty, 12, 10, look.shirt, 2);
    f.rect(10, ty + 8, 12, 2, shirtD);
    f.vline(20, ty + 1, 8, shirtD);
    f.vline(11, ty + 1, 6, shirtL);
    if (dir === "down") {
      f.rect(14, ty, 4, 2, look.skin); // neck / collar
      f.px(14, ty + 2, shirtD);
      f.px(17, ty + 2, shirtD);
    }
    // arms swing opposite to legs
    const la = step === 1 ? -1 : step === 2 ? 1 : 0;
    f.rect(8, ty + 1 + la, 2, 7, look.shirt);
    f.rect(22, ty + 1 - la, 2, 7, shirtD);
    f.rect(8, ty + 8 + la, 2, 2, look.skin);
    f.rect(22, ty + 8 - la, 2, 2, skinD);
  } else {
    f.roundRect(X(11, 10), ty, 10, 10, look.shirt, 2);
    rect(11, ty + 8, 10, 2, shirtD);
    rect(11, ty + 1, 1, 7, shirtD);
    const swing = step === 0 ? 0 : step === 1 ? 2 : -2;
    rect(14 + swing, ty + 2, 3, 6, shirtD);
    rect(14 + swing, ty + 8, 3, 2, look.skin);
  }

  // head
  const hy = 2 + bob;
  f.ellipse(9, hy + 1, 14, 13, look.skin);
  f.hline(11, hy + 13, 10, skinD);

  // hair by direction
  const hairTop = (): void => {
    f.ellipse(8, hy, 16, 8, look.hair);
    f.hline(11, hy + 1, 6, hairL);
  };
  if (dir === "up") {
    f.ellipse(8, hy, 16, 14, look.hair);
    f.hline(11, hy + 2, 8, hairL);
    f.hline(11, hy + 12, 10, hairD);
  } else if (dir === "down") {
    hairTop();
    rect(8, hy + 3, 2, 6, look.hair);
    rect(22, hy + 3, 2, 6, look.hair);
  } else {
    hairTop();
    rect(8, hy + 3, 6, 9, look.hair); // back of the head
    rect(9, hy + 4, 2, 5, hairD);
  }

  // style extras
  switch (look.style) {
    case "bun":
      f.ellipse(12, hy - 3, 8, 6, look.hair);
      f.hline(14, hy - 2, 3, hairL);
      break;
    case "long":
      if (dir === "up") rect(9, hy + 8, 14, 9, look.hair);
      else if (dir === "down") {
        rect(8, hy + 4, 3, 12, look.hair);
        rect(21, hy + 4, 3, 12, look.hair);
      } else rect(7, hy + 4, 6, 13, look.hair);
      break;
    case "curly":
      for (const [x, y] of side
        ? ([
            [6, hy + 2],
            [10, hy - 2],
            [16, hy - 2],
            [20, hy - 1],
            [6, hy + 7],
            [9, hy + 10],
          ] as const)
        : ([
            [7, hy + 2],
            [21, hy + 2],
            [10, hy - 2],
            [16, hy - 2],
            [7, hy + 7],
            [21, hy + 7],
          ] as const))
        f.ellipse(X(x, 5), y, 5, 5, look.hair);
      if (dir === "up") f.ellipse(8, hy + 6, 16, 10, look.hair);
      break;
    case "bob":
      if (dir === "up") rect(8, hy + 6, 16, 7, look.hair);
      else if (dir === "down") {
        rect(8, hy + 4, 3, 8, look.hair);
        rect(21, hy + 4, 3, 8, look.hair);
      } else rect(8, hy + 4, 6, 9, look.hair);
      break;
    case "ponytail":
      if (dir === "up") rect(14, hy + 10, 4, 8, look.hair);
      else if (side) {
        rect(5, hy + 4, 4, 9, look.hair);
        rect(5, hy + 5, 1, 6, hairD);
      } else {
        rect(7, hy + 6, 2, 6, look.hair);
        rect(23, hy + 6, 2, 6, look.hair);
      }
      break;
    case "beanie": {
      const hat = hex("#e0a93b");
      f.ellipse(8, hy - 2, 16, 8, hat);
      f.rect(8, hy + 3, 16, 2, shade(hat, -0.2));
      f.ellipse(14, hy - 3, 4, 4, shade(hat, 0.3));
      break;
    }
    case "crop":
      f.hline(10, hy + 1, 12, hairL);
      break;
    case "short":
      if (dir === "down") rect(10, hy + 3, 5, 2, look.hair); // fringe
      break;
  }

  // face
  if (dir === "down") {
    const eye = hex("#221c26");
    f.rect(12, hy + 8, 2, 2, eye);
    f.rect(18, hy + 8, 2, 2, eye);
    f.px(12, hy + 8, withAlpha(hex("#ffffff"), 200));
    f.px(18, hy + 8, withAlpha(hex("#ffffff"), 200));
    f.px(11, hy + 11, withAlpha(hex("#ff7b7b"), 110));
    f.px(20, hy + 11, withAlpha(hex("#ff7b7b"), 110));
    f.hline(15, hy + 11, 2, shade(look.skin, -0.35));
    if (look.glasses) {
      f.frame(11, hy + 7, 4, 4, hex("#2d3142"));
      f.frame(17, hy + 7, 4, 4, hex("#2d3142"));
      f.hline(15, hy + 8, 2, hex("#2d3142"));
    }
    if (look.beard) {
      f.rect(11, hy + 11, 3, 2, look.hair);
      f.rect(18, hy + 11, 3, 2, look.hair);
      f.rect(12, hy + 12, 8, 2, look.hair);
      f.hline(14, hy + 10, 4, look.hair);
    }
  } else if (side) {
    const eye = hex("#221c26");
    rect(19, hy + 8, 2, 2, eye);
    px(19, hy + 8, withAlpha(hex("#ffffff"), 200));
    px(23, hy + 9, look.skin); // nose
    px(20, hy + 11, withAlpha(hex("#ff7b7b"), 110));
    if (look.glasses) {
      rect(18, hy + 7, 4, 4, hex("#2d3142"));
      rect(19, hy + 8, 2, 2, hex("#9fd3f0"));
      rect(13, hy + 8, 5, 1, hex("#2d3142"));
    }
    if (look.beard) {
      rect(15, hy + 11, 7, 2, look.hair);
      rect(17, hy + 13, 4, 1, look.hair);
    }
    rect(13, hy + 7, 2, 3, skinD); // ear
  }

  // soft shadow under the feet, then outline everything
  f.outline(OUTLINE);
  const shadow = new Canvas(AVATAR_FRAME, AVATAR_FRAME);
  shadow.ellipse(8, 26, 16, 5, withAlpha(OUTLINE, 70));
  shadow.blit(f, 0, 0);
  c.blit(shadow, ox, oy);
}

export function drawAvatar(id: AvatarId): Canvas {
  const look = LOOKS[id];
  const c = new Canvas(AVATAR_COLUMNS * AVATAR_FRAME, AVATAR_ROWS * AVATAR_FRAME);
  DIRECTIONS.forEach((dir, row) => {
    for (const col of [0, 1, 2] as const) drawFrame(c, col * AVATAR_FRAME, row * AVATAR_FRAME, look, dir, col);
  });
  return c;
}

export function drawAllAvatars(): Map<AvatarId, Canvas> {
  return new Map(AVATARS.map((id) => [id, drawAvatar(id)]));
}
