/**
 * The device check on the join form: before walking in, a person can open "Check your
 * microphone and camera", see their microphone's level move and their camera's picture,
 * pick either device, and tick "Join with my microphone muted". Nothing is sent anywhere:
 * the preview's tracks stop when the form is submitted, and the choice goes to the media
 * controls (client/ui/media.ts), which open the chosen devices themselves.
 */
import { ACCESS_STRINGS as S } from "./accessStrings.ts";
import { $ } from "./dom.ts";
import { el } from "./el.ts";

export interface DeviceChoice {
  micDevice?: string;
  camDevice?: string;
  /** Join with the microphone muted (unmute with the Mic button). */
  muted: boolean;
}

export class DeviceCheck {
  readonly root: HTMLElement;
  readonly #muted = el("input", { id: "join-muted" });
  readonly #mic = el("select", { id: "check-mic" });
  readonly #cam = el("select", { id: "check-cam" });
  readonly #meter = el("meter", { id: "check-level" });
  readonly #video = el("video", { id: "check-video" });
  readonly #status = el("p", { class: "check-status", id: "check-status" });
  readonly #details: HTMLDetailsElement;
  #stream: MediaStream | null = null;
  #audio: AudioContext | null = null;
  #frame = 0;

  constructor() {
    this.#muted.type = "checkbox";
    this.#meter.min = 0;
    this.#meter.max = 1;
    this.#meter.value = 0;
    this.#video.muted = true;
    this.#video.playsInline = true;
    this.#video.autoplay = true;
    this.#video.hidden = true;
    this.#video.setAttribute("aria-label", S.checkCamera);
    const micLabel = el("label", { text: S.checkMicrophone });
    micLabel.htmlFor = "check-mic";
    const camLabel = el("label", { text: S.checkCamera });
    camLabel.htmlFor = "check-cam";
    const levelLabel = el("label", { text: S.checkLevel });
    levelLabel.htmlFor = "check-level";
    this.#details = el(
      "details",
      { class: "device-check", id: "device-check" },
      el("summary", { text: S.checkTitle }),
      this.#status,
      micLabel,
      this.#mic,
      levelLabel,
      this.#meter,
      camLabel,
      this.#cam,
      this.#video,
    );
    this.#details.addEventListener("toggle", () => void (this.#details.open ? this.#preview() : this.stop()));
    this.#mic.addEventListener("change", () => void this.#preview());
    this.#cam.addEventListener("change", () => void this.#preview());
    const mutedRow = el("label", { class: "join-muted" }, this.#muted, el("span", { text: S.joinMuted }));
    this.root = el("div", { class: "join-devices" }, this.#details, mutedRow);
    $("join-error").before(this.root);
  }

  /** What the person chose (devices only if they picked one in the check). */
  choice(): DeviceChoice {
    return {
      ...(this.#mic.value ? { micDevice: this.#mic.value } : {}),
      ...(this.#cam.value ? { camDevice: this.#cam.value } : {}),
      muted: this.#muted.checked,
    };
  }

  /** Release the preview's microphone and camera. */
  stop(): void {
    cancelAnimationFrame(this.#frame);
    for (const t of this.#stream?.getTracks() ?? []) t.stop();
    this.#stream = null;
    void this.#audio?.close().catch(() => {});
    this.#audio = null;
    this.#meter.value = 0;
    this.#video.srcObject = null;
    this.#video.hidden = true;
  }

  async #preview(): Promise<void> {
    this.stop();
    const mic = this.#mic.value;
    const cam = this.#cam.value;
    const audio: MediaTrackConstraints | boolean = mic ? { deviceId: { exact: mic } } : true;
    const video: MediaTrackConstraints | boolean = cam ? { deviceId: { exact: cam } } : true;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio, video }).catch(() => navigator.mediaDevices.getUserMedia({ audio }));
    } catch (err) {
      this.#status.textContent = S.checkFailed(err instanceof Error ? err.message : String(err));
      return;
    }
    if (!this.#details.open) {
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    this.#stream = stream;
    this.#status.textContent = stream.getVideoTracks().length ? S.checkSpeak : S.checkNoCamera;
    this.#video.srcObject = stream.getVideoTracks().length ? stream : null;
    this.#video.hidden = stream.getVideoTracks().length === 0;
    await this.#fillDevices(stream);
    if (stream.getAudioTracks().length) this.#listen(stream);
  }

  /** Labels are readable once a device is open: list them, marking the ones in use. */
  async #fillDevices(stream: MediaStream): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const using = new Set(stream.getTracks().map((t) => t.getSettings().deviceId ?? ""));
    const fill = (select: HTMLSelectElement, kind: MediaDeviceKind, name: (n: number) => string) => {
      select.replaceChildren(
        ...devices
          .filter((d) => d.kind === kind)
          .map((d, i) => {
            const o = el("option", { text: d.label || name(i + 1) });
            o.value = d.deviceId;
            o.selected = using.has(d.deviceId);
            return o;
          }),
      );
    };
    fill(this.#mic, "audioinput", S.microphoneN);
    fill(this.#cam, "videoinput", S.cameraN);
  }

  /** Move the meter with the microphone's level (RMS of the last ~20 ms, eased). */
  #listen(stream: MediaStream): void {
    const ctx = new AudioContext();
    this.#audio = ctx;
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      const level = Math.min(1, Math.sqrt(sum / buf.length) * 4);
      this.#meter.value = this.#meter.value * 0.6 + level * 0.4;
      this.#frame = requestAnimationFrame(tick);
    };
    void ctx.resume();
    tick();
  }
}
