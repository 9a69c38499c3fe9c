/**
 * The media controls and video tiles: mic (on / muted / blocked), camera, screen share,
 * device choice, and a tile for each person you are in conversation with, lit up while
 * they speak. A denied microphone leaves Foyer usable as listen-only, and says so.
 */
import type { MediaClient, RemoteTrack } from "../media/MediaClient.ts";
import type { Mixer } from "../media/Mixer.ts";
import type { HeldSource } from "../../shared/protocol/moderation.ts";
import { MODERATION_STRINGS as MOD } from "./moderationStrings.ts";
import { ACCESS_STRINGS } from "./accessStrings.ts";
import type { DeviceChoice } from "./deviceCheck.ts";
import { $, show, toast } from "./dom.ts";
import { HearingAnnouncer } from "./hearingAnnouncer.ts";
import { fromServer } from "./serverStrings.ts";
import { arrowKeys, closeOnEscape } from "./keys.ts";
import { VENUE_STRINGS as V } from "./venueStrings.ts";

/** Cameras are sent at 640×360 (tiles are small); the same whichever camera is picked. */
const CAMERA_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 360 } } as const;
const AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

interface Tile {
  el: HTMLElement;
  video: HTMLVideoElement;
  peerId: string;
}

export class MediaControls {
  readonly #media: MediaClient;
  readonly #mixer: Mixer;
  readonly #nameOf: (peerId: string) => string;
  readonly #tiles = new Map<string, Tile>();
  #micBlocked = false;
  /** What a host holds off (muted, camera or screen stopped): its button is locked until allowed. */
  readonly #held = new Set<HeldSource>();
  #micDevice: string | undefined;
  #camDevice: string | undefined;
  /** "Join with my microphone muted" on the join form: the first mic opens muted. */
  #startMuted: boolean;
  /** Who you hear, said to screen readers at a calm rate (the bar's own line changes every 150 ms). */
  readonly #hearing = new HearingAnnouncer(ACCESS_STRINGS.nowHearing);

  constructor(media: MediaClient, mixer: Mixer, nameOf: (peerId: string) => string, choice: DeviceChoice = { muted: false }) {
    this.#micDevice = choice.micDevice;
    this.#camDevice = choice.camDevice;
    this.#startMuted = choice.muted;
    this.#media = media;
    this.#mixer = mixer;
    this.#nameOf = nameOf;
    media.on("trackAdded", (t) => this.#added(t));
    media.on("trackRemoved", (t) => this.#removed(t));
    media.on("trackPaused", () => this.#renderTiles());
    media.on("localChanged", () => this.#render());
    $("mic-button").addEventListener("click", () => void this.toggleMic());
    $("cam-button").addEventListener("click", () => void this.toggleCamera());
    $("screen-button").addEventListener("click", () => void this.toggleScreen());
    $("devices-button").addEventListener("click", () => void this.#toggleDevices());
    $("mic-select").addEventListener("change", (e) => void this.#switchMic((e.target as HTMLSelectElement).value));
    $("cam-select").addEventListener("change", (e) => void this.#switchCamera((e.target as HTMLSelectElement).value));
    // Phones have no screen sharing: no button that can only fail.
    if (typeof navigator.mediaDevices?.getDisplayMedia !== "function") show("screen-button", false);
    arrowKeys($("mediabar"), "button", "horizontal");
    const devicesButton = $("devices-button");
    devicesButton.setAttribute("aria-controls", "device-panel");
    devicesButton.setAttribute("aria-expanded", "false");
    closeOnEscape({
      root: () => $("device-panel"),
      isOpen: () => !$("device-panel").classList.contains("hidden"),
      close: () => this.#showDevices(false),
      returnTo: () => devicesButton,
      anywhere: true,
    });
    window.setInterval(() => this.#renderTiles(), 150);
    show("mediabar", true);
    // What stands above the bar (reactions, chat, devices) stands as high as the bar is, however it wraps (access.css).
    const bar = $("mediabar");
    new ResizeObserver(() => document.documentElement.style.setProperty("--bar-h", `${Math.ceil(bar.getBoundingClientRect().height)}px`)).observe(bar);
    this.#render();
  }

  /** Connect media and try the microphone; a refusal leaves listen-only mode. */
  async start(): Promise<void> {
    try {
      await this.#media.start();
    } catch (err) {
      this.#status(V.media.audioUnavailable, true, V.media.audioUnavailableDetail(fromServer(err instanceof Error ? err.message : String(err))));
      return;
    }
    await this.#startMic();
  }

  async #startMic(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { ...AUDIO_CONSTRAINTS, ...(this.#micDevice ? { deviceId: { exact: this.#micDevice } } : {}) },
      });
      const track = stream.getAudioTracks()[0]!;
      const muted = this.#startMuted;
      this.#startMuted = false;
      // Joining muted sends not one sound: the track is silent before the producer exists, then paused.
      if (muted) track.enabled = false;
      await this.#media.publish("mic", track);
      if (muted) await this.#media.setPaused("mic", true);
      this.#micBlocked = false;
      this.#status("");
    } catch (err) {
      this.#micBlocked = true;
      const denied = err instanceof DOMException && (err.name === "NotAllowedError" || err.name === "SecurityError");
      this.#status(
        denied ? V.media.micBlockedListen : V.media.noMicListen,
        true,
        denied
          ? V.media.micBlockedDetail
          : V.media.noMicDetail(err instanceof Error ? err.message : String(err)),
      );
    }
    this.#render();
  }

  /** A host muted you or stopped your camera or screen (held), or allowed it again; the server enforces it either way. */
  async hold(source: HeldSource, held: boolean): Promise<void> {
    if (held) this.#held.add(source);
    else this.#held.delete(source);
    this.#render();
    if (!held) return;
    if (source === "mic") {
      if (this.#media.local("mic")?.paused === false) await this.#media.setPaused("mic", true);
    } else if (this.#media.local(source)) await this.#media.unpublish(source);
    this.#render();
  }

  async toggleMic(): Promise<void> {
    if (this.#held.has("mic")) return toast(MOD.micHeldDetail, "warn");
    void this.#mixer.ctx.resume();
    const mic = this.#media.local("mic");
    if (!mic) return this.#startMic();
    await this.#media.setPaused("mic", !mic.paused);
  }

  async toggleCamera(): Promise<void> {
    if (this.#media.local("camera")) return this.#media.unpublish("camera");
    if (this.#held.has("camera")) return toast(MOD.cameraHeld, "warn");
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { ...CAMERA_CONSTRAINTS, ...(this.#camDevice ? { deviceId: { exact: this.#camDevice } } : {}) },
      });
      await this.#media.publish("camera", stream.getVideoTracks()[0]!);
    } catch (err) {
      toast(V.media.cameraUnavailable(err instanceof Error ? err.message : String(err)), "warn");
    }
  }

  async toggleScreen(): Promise<void> {
    if (this.#media.local("screen")) return this.#media.unpublish("screen");
    if (this.#held.has("screen")) return toast(MOD.screenHeld, "warn");
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      await this.#media.publish("screen", stream.getVideoTracks()[0]!);
    } catch (err) {
      toast(V.media.screenFailed(err instanceof Error ? err.message : String(err)), "warn");
    }
  }

  async #toggleDevices(): Promise<void> {
    const panel = $("device-panel");
    const opening = panel.classList.contains("hidden");
    this.#showDevices(opening);
    if (!opening) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    const fill = (select: HTMLSelectElement, kind: MediaDeviceKind, current: string | undefined) => {
      const opts = devices
        .filter((d) => d.kind === kind)
        .map((d, i) => {
          const o = document.createElement("option");
          o.value = d.deviceId;
          o.textContent = d.label || `${kind === "audioinput" ? "Microphone" : "Camera"} ${i + 1}`;
          o.selected = d.deviceId === current;
          return o;
        });
      select.replaceChildren(...opts);
    };
    fill($("mic-select") as HTMLSelectElement, "audioinput", this.#micDevice);
    fill($("cam-select") as HTMLSelectElement, "videoinput", this.#camDevice);
    $("mic-select").focus();
  }

  #showDevices(open: boolean): void {
    show("device-panel", open);
    $("devices-button").setAttribute("aria-expanded", String(open));
  }

  async #switchMic(deviceId: string): Promise<void> {
    this.#micDevice = deviceId;
    if (this.#media.local("mic")) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { ...AUDIO_CONSTRAINTS, deviceId: { exact: deviceId } } });
      const old = this.#media.local("mic")?.track;
      await this.#media.publish("mic", stream.getAudioTracks()[0]!);
      old?.stop();
    } else await this.#startMic();
  }

  async #switchCamera(deviceId: string): Promise<void> {
    this.#camDevice = deviceId;
    if (!this.#media.local("camera")) return;
    const stream = await navigator.mediaDevices.getUserMedia({ video: { ...CAMERA_CONSTRAINTS, deviceId: { exact: deviceId } } });
    const old = this.#media.local("camera")?.track;
    await this.#media.publish("camera", stream.getVideoTracks()[0]!);
    old?.stop();
  }

  /** A short line in the bar; the full explanation on hover and for screen readers. */
  #status(text: string, warn = false, detail = ""): void {
    const el = $("media-status");
    el.textContent = text;
    el.title = detail || text;
    el.setAttribute("aria-label", detail || text);
    el.classList.toggle("warn", warn);
    if (detail && warn) toast(detail, "warn", 8000);
  }

  #render(): void {
    const mic = this.#media.local("mic");
    const micBtn = $("mic-button");
    const state = this.#held.has("mic") ? "held" : this.#micBlocked ? "blocked" : !mic ? "off" : mic.paused ? "muted" : "on";
    micBtn.dataset.state = state;
    // Locked while a host holds it: the label says why.
    micBtn.toggleAttribute("disabled", state === "held");
    micBtn.title = state === "held" ? MOD.micHeldDetail : "";
    micBtn.setAttribute("aria-pressed", String(state === "on"));
    micBtn.querySelector(".label")!.textContent =
      state === "held" ? MOD.micHeld : state === "on" ? V.media.micOn : state === "muted" ? V.media.muted : state === "blocked" ? V.media.micBlocked : V.media.micOff;
    const cam = this.#media.local("camera");
    const camBtn = $("cam-button");
    camBtn.dataset.state = cam ? "on" : "off";
    camBtn.querySelector(".label")!.textContent = this.#held.has("camera") ? MOD.cameraHeld : cam ? V.media.cameraOn : V.media.cameraOff;
    camBtn.toggleAttribute("disabled", this.#held.has("camera"));
    const screen = this.#media.local("screen");
    const scrBtn = $("screen-button");
    scrBtn.dataset.state = screen ? "on" : "off";
    scrBtn.setAttribute("aria-pressed", String(!!screen));
    camBtn.setAttribute("aria-pressed", String(!!cam));
    scrBtn.querySelector(".label")!.textContent = this.#held.has("screen") ? MOD.screenHeld : screen ? V.media.stopSharing : V.media.shareScreen;
    scrBtn.toggleAttribute("disabled", this.#held.has("screen"));
    this.#syncSelfTile(cam?.track ?? null);
  }

  #syncSelfTile(track: MediaStreamTrack | null): void {
    const key = "self:camera";
    const existing = this.#tiles.get(key);
    if (!track) {
      existing?.el.remove();
      this.#tiles.delete(key);
      return;
    }
    if (existing && (existing.video.srcObject as MediaStream | null)?.getVideoTracks()[0] === track) return;
    existing?.el.remove();
    this.#tiles.set(key, this.#makeTile(key, "self", V.media.you, track, true));
    this.#renderTiles();
  }

  #added(t: RemoteTrack): void {
    if (t.kind === "audio") this.#mixer.add(t);
    else {
      const label = t.source === "screen" ? V.media.screenOf(this.#nameOf(t.peerId)) : this.#nameOf(t.peerId);
      const tile = this.#makeTile(t.consumerId, t.peerId, label, t.track, false);
      tile.el.dataset.source = t.source;
      if (t.source === "screen") {
        // A shared screen is for reading: wider than a face, and a click shows it large.
        tile.el.classList.add("screen");
        tile.el.title = V.media.enlarge;
        tile.el.addEventListener("click", () => tile.el.classList.toggle("enlarged"));
      }
      this.#tiles.set(t.consumerId, tile);
    }
    this.#renderTiles();
  }

  #removed(t: RemoteTrack): void {
    if (t.kind === "audio") this.#mixer.remove(t);
    this.#tiles.get(t.consumerId)?.el.remove();
    this.#tiles.delete(t.consumerId);
  }

  #makeTile(key: string, peerId: string, label: string, track: MediaStreamTrack, mirrored: boolean): Tile {
    const el = document.createElement("figure");
    el.className = "tile";
    el.dataset.peer = peerId;
    el.dataset.key = key;
    const video = document.createElement("video");
    video.autoplay = true;
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([track]);
    if (mirrored) video.classList.add("mirrored");
    const caption = document.createElement("figcaption");
    caption.textContent = label;
    el.append(video, caption);
    $("tiles").append(el);
    void video.play().catch(() => {});
    return { el, video, peerId };
  }

  /** Show tiles of people you can hear, highlight whoever is speaking, and name who you hear. */
  #renderTiles(): void {
    const gains = this.#mixer.gains();
    const audible = [...gains].filter(([, g]) => g > 0.05).sort((a, b) => b[1] - a[1]);
    const heard = audible.map(([id, g]) => `${this.#nameOf(id)}${g >= 0.99 ? "" : ` ${Math.round(g * 100)}%`}`);
    const hearing = heard.length ? V.media.hearing(heard) : "";
    if ($("hearing").textContent !== hearing) $("hearing").textContent = hearing;
    const said = this.#hearing.update(audible.map(([id]) => this.#nameOf(id)), performance.now());
    if (said !== null) $("announcer").textContent = said;
    const consumers = new Map(this.#media.remoteTracks().map((r) => [r.consumerId, r]));
    for (const tile of this.#tiles.values()) {
      if (tile.peerId === "self") continue;
      const consumer = consumers.get(tile.el.dataset.key ?? "");
      const visible = !!consumer && !consumer.paused && (gains.get(tile.peerId) ?? 0) > 0.05;
      tile.el.classList.toggle("hidden", !visible);
      tile.el.classList.toggle("speaking", visible && this.#mixer.voiceLevel(tile.peerId) > 0.02);
      const caption = tile.el.querySelector("figcaption");
      const name = this.#nameOf(tile.peerId);
      if (caption && !caption.textContent?.startsWith(name)) caption.textContent = name + (consumer?.source === "screen" ? " — screen" : "");
    }
  }
}
