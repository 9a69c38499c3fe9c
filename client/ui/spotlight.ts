/**
 * The spotlight (issue #12): while someone you receive stands on a stage, their screen
 * share (or else their camera) fills most of the screen, with their camera as an inset,
 * instead of a corner tile; one button folds it to a strip and back (remembered per
 * browser). Shows only what media already delivers (who is audible is the server's
 * decision); people standing on a stage themselves see no spotlight.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { rectContainsTile, type Zone } from "../../shared/map/model.ts";
import type { RemoteTrack } from "../media/MediaClient.ts";
import { el } from "./el.ts";
import { MODERATION_STRINGS as S } from "./moderationStrings.ts";

const COLLAPSED_KEY = "foyer.spotlightCollapsed";
const EVERY_MS = 300;

export interface SpotlightSources {
  tracks(): RemoteTrack[];
  /** Where someone stands (pixels), if you see them. */
  position(id: string): { x: number; y: number } | undefined;
  myId(): string;
  zones(): readonly Zone[];
  nameOf(id: string): string;
}

function onStage(zones: readonly Zone[], at: { x: number; y: number } | undefined): boolean {
  if (!at) return false;
  const tx = Math.floor(at.x / TILE_SIZE);
  const ty = Math.floor(at.y / TILE_SIZE);
  return zones.some((z) => z.kind === "stage" && rectContainsTile(z.rect, tx, ty));
}

export class Spotlight {
  readonly #o: SpotlightSources;
  readonly #root: HTMLElement;
  readonly #title: HTMLElement;
  readonly #main: HTMLVideoElement;
  readonly #inset: HTMLVideoElement;
  readonly #fold: HTMLButtonElement;
  #collapsed = localStorage.getItem(COLLAPSED_KEY) === "1";
  readonly #timer: number;

  constructor(o: SpotlightSources) {
    this.#o = o;
    const video = (cls: string) => {
      const v = el("video", { class: cls });
      v.autoplay = true;
      v.muted = true; // sound comes through the mixer
      v.playsInline = true;
      return v;
    };
    this.#main = video("main");
    this.#inset = video("inset");
    this.#title = el("span", { class: "title" });
    this.#fold = el("button", { class: "fold" });
    this.#fold.type = "button";
    this.#fold.addEventListener("click", () => {
      this.#collapsed = !this.#collapsed;
      localStorage.setItem(COLLAPSED_KEY, this.#collapsed ? "1" : "0");
      this.#render();
    });
    this.#root = el("section", { class: "spotlight hidden", id: "spotlight" }, el("header", {}, this.#title, this.#fold), el("div", { class: "stagebox" }, this.#main, this.#inset));
    this.#root.setAttribute("aria-label", S.spotlight(""));
    document.body.append(this.#root);
    this.#timer = window.setInterval(() => this.#render(), EVERY_MS);
  }

  stop(): void {
    window.clearInterval(this.#timer);
    this.#root.remove();
  }

  #render(): void {
    const zones = this.#o.zones();
    const mine = onStage(zones, this.#o.position(this.#o.myId()));
    const onStageVideo = mine ? [] : this.#o.tracks().filter((t) => t.kind === "video" && !t.paused && onStage(zones, this.#o.position(t.peerId)));
    const screen = onStageVideo.find((t) => t.source === "screen");
    const main = screen ?? onStageVideo.find((t) => t.source === "camera");
    const inset = screen ? onStageVideo.find((t) => t.source === "camera" && t.peerId === screen.peerId) : undefined;
    // Their corner tiles step aside while the spotlight shows them.
    const shown = new Set([main?.consumerId, inset?.consumerId].filter((id): id is string => id !== undefined));
    for (const tile of document.querySelectorAll<HTMLElement>("#tiles .tile")) tile.classList.toggle("in-spotlight", shown.has(tile.dataset.key ?? ""));
    this.#root.classList.toggle("hidden", !main);
    document.body.classList.toggle("spotlight-on", !!main && !this.#collapsed);
    if (!main) return;
    this.#root.classList.toggle("collapsed", this.#collapsed);
    this.#fold.textContent = this.#collapsed ? S.expand : S.collapse;
    this.#fold.setAttribute("aria-expanded", String(!this.#collapsed));
    const name = this.#o.nameOf(main.peerId);
    const title = S.spotlight(name);
    if (this.#title.textContent !== title) {
      this.#title.textContent = title;
      this.#root.setAttribute("aria-label", title);
    }
    this.#show(this.#main, main.track);
    this.#main.dataset.source = main.source;
    this.#inset.classList.toggle("hidden", !inset);
    if (inset) this.#show(this.#inset, inset.track);
  }

  #show(video: HTMLVideoElement, track: MediaStreamTrack): void {
    const current = video.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
    if (current === track) return;
    video.srcObject = new MediaStream([track]);
    void video.play().catch(() => {});
  }
}
