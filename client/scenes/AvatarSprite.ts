/**
 * One person on screen: their sprite with a walk animation and a name label (Phaser
 * text, so a name is always shown as plain text). Remote avatars are drawn slightly in
 * the past and interpolated between server updates (client/scenes/interpolation.ts, over
 * the interval their updates actually arrive at), so they move smoothly at any frame
 * rate; your own avatar is placed directly by prediction.
 */
import Phaser from "phaser";
import { DIRECTIONS, type Direction } from "../../shared/constants.ts";
import { avatarTextureKey } from "./assets.ts";
import { Interpolator } from "./interpolation.ts";
import type { FigureBox, LabelBox } from "./labels.ts";

/** Where the label's bottom edge sits above the feet when nothing is in its way. */
const LABEL_Y = -30;
/** Before the name of someone who shares one of your interests (client/ui/interests.ts). */
export const SHARED_MARK = "★";

export class AvatarSprite {
  readonly container: Phaser.GameObjects.Container;
  readonly #sprite: Phaser.GameObjects.Sprite;
  readonly #label: Phaser.GameObjects.Text;
  /** A thin line from a lifted label down to its person's head, so you can tell whose it is. */
  readonly #leader: Phaser.GameObjects.Rectangle;
  readonly #look: string;
  readonly #path: Interpolator;
  #dir: Direction = "down";
  #moving = false;
  #lift = 0;
  #name: string;
  #status = "";
  /** Shares one of your interests (you opted in to see it): a star before the name. */
  #marked = false;

  constructor(scene: Phaser.Scene, look: string, name: string, x: number, y: number, isMe: boolean) {
    this.#look = look;
    this.#name = name;
    // Feet at (0, 0): the 32×32 frame is drawn above the feet point.
    this.#sprite = scene.add.sprite(0, 4, avatarTextureKey(look), 0).setOrigin(0.5, 1);
    this.#label = scene.add
      .text(0, LABEL_Y, name, {
        fontFamily: "system-ui, sans-serif",
        fontSize: "12px",
        color: isMe ? "#ffe9b0" : "#ffffff",
        backgroundColor: "rgba(20,22,32,0.72)",
        padding: { x: 4, y: 1 },
        resolution: 2,
      })
      .setOrigin(0.5, 1);
    const shadow = scene.add.ellipse(0, 2, 20, 7, 0x000000, 0.25);
    this.#leader = scene.add.rectangle(0, LABEL_Y, 1, 1, 0xffffff, 0.75).setOrigin(0.5, 1).setVisible(false);
    this.container = scene.add.container(x, y, [shadow, this.#sprite, this.#leader, this.#label]);
    this.container.setDepth(1000 + y);
    this.#path = new Interpolator(performance.now(), x, y);
  }

  get x(): number {
    return this.container.x;
  }
  get y(): number {
    return this.container.y;
  }

  /** The label's box at its normal place, in world pixels (for stackLabels). */
  labelBox(): LabelBox {
    return { x: this.container.x, bottom: this.container.y + LABEL_Y, width: this.#label.width, height: this.#label.height };
  }

  /** Where the person's figure is drawn (the 32×32 frame's visible part), in world pixels. */
  figureBox(): FigureBox {
    const { x, y } = this.container;
    return { left: x - 10, top: y - 28, right: x + 10, bottom: y + 2 };
  }

  /** Raise the label by `px` above its normal place, easing there so it does not jump. */
  liftLabel(px: number): void {
    this.#lift += (px - this.#lift) * 0.35;
    if (Math.abs(px - this.#lift) < 0.5) this.#lift = px;
    const lift = Math.round(this.#lift);
    this.#label.setY(LABEL_Y - lift);
    this.#leader.setVisible(lift > 3);
    if (lift > 3) this.#leader.setSize(1, lift);
  }

  /** For tests: the label as drawn now (text and world box). */
  drawnLabel(): { text: string; left: number; top: number; width: number; height: number } {
    const b = this.labelBox();
    return { text: this.#label.text, left: b.x - b.width / 2, top: this.container.y + this.#label.y - b.height, width: b.width, height: b.height };
  }

  setName(name: string): void {
    this.#name = name;
    const shown = this.#marked ? `${SHARED_MARK} ${name}` : name;
    this.#label.setText(this.#status ? `${shown} · ${this.#status}` : shown);
  }

  /** Mark (or unmark) someone who shares one of your interests. */
  setMarked(marked: boolean): void {
    if (marked === this.#marked) return;
    this.#marked = marked;
    this.#label.setBackgroundColor(marked ? "rgba(120,70,10,0.85)" : "rgba(20,22,32,0.72)");
    this.setName(this.#name);
  }

  /** Busy or away, shown after the name ("" when available). */
  setStatus(shown: string): void {
    if (shown === this.#status) return;
    this.#status = shown;
    this.setName(this.#name);
  }

  /** A reaction bubble above the name for a few seconds (a newer one replaces it). */
  react(text: string, ms = 3000): void {
    this.#reaction?.destroy();
    const scene = this.container.scene;
    const bubble = scene.add
      .text(0, this.#label.y - this.#label.height - 4, text, { fontFamily: "system-ui, sans-serif", fontSize: "14px", color: "#1f2430", backgroundColor: "rgba(255,253,248,0.95)", padding: { x: 6, y: 3 }, resolution: 2 })
      .setOrigin(0.5, 1);
    this.container.add(bubble);
    this.#reaction = bubble;
    scene.time.delayedCall(ms, () => {
      bubble.destroy();
      if (this.#reaction === bubble) this.#reaction = null;
    });
  }
  #reaction: Phaser.GameObjects.Text | null = null;

  /** For tests: the reaction shown now, if any. */
  shownReaction(): string | null {
    return this.#reaction?.active ? this.#reaction.text : null;
  }

  setAway(away: boolean): void {
    this.container.setAlpha(away ? 0.45 : 1);
  }

  /** A server update for a remote avatar. */
  pushSnapshot(x: number, y: number, dirIndex: number, moving: boolean): void {
    this.#path.push(performance.now(), x, y, moving);
    this.#dir = DIRECTIONS[dirIndex] ?? "down";
    this.#moving = moving;
  }

  /** Per frame, for remote avatars. */
  interpolate(now: number): void {
    const { x, y } = this.#path.at(now);
    const stillMoving = this.#moving || Math.hypot(x - this.container.x, y - this.container.y) > 0.2;
    this.place(x, y, this.#dir, stillMoving);
  }

  /** Draw at a position with a facing; used directly for your own predicted avatar. */
  place(x: number, y: number, dir: Direction, moving: boolean): void {
    this.container.setPosition(x, y);
    // Phaser re-sorts the display list on every setDepth: only when it changes.
    const depth = 1000 + Math.round(y);
    if (this.container.depth !== depth) this.container.setDepth(depth);
    if (moving === this.#shownMoving && dir === this.#shownDir) return;
    this.#shownMoving = moving;
    this.#shownDir = dir;
    if (moving) {
      this.#sprite.play(`${this.#look}:walk:${dir}`, true);
    } else {
      this.#sprite.stop();
      this.#sprite.setFrame(DIRECTIONS.indexOf(dir) * 3);
    }
  }
  /** What place() last drew (standing/walking, facing), so an unchanged pose costs nothing. */
  #shownMoving: boolean | null = null;
  #shownDir: Direction | null = null;

  destroy(): void {
    this.container.destroy();
  }
}
