/**
 * What you hear: one WebAudio chain per remote voice — gain and stereo pan set every
 * frame from the shared audibility model (the same `hear` the server's subscriptions
 * use), so volume follows distance and direction, and private zones stay private even
 * for the moment before the server pauses a consumer.
 *
 * Chromium plays remote WebRTC audio routed into WebAudio only if the stream is also
 * attached to a media element, so each chain keeps a muted <audio> element playing.
 */
import { hear, spotAt, DEFAULT_AUDIBILITY, type Participant } from "../../shared/audibility/model.ts";
import type { Zone } from "../../shared/map/model.ts";
import type { RemoteTrack } from "./MediaClient.ts";

interface Chain {
  remote: RemoteTrack;
  element: HTMLAudioElement;
  source: MediaStreamAudioSourceNode;
  gain: GainNode;
  pan: StereoPannerNode;
  voice: AnalyserNode;
  left: AnalyserNode;
  right: AnalyserNode;
  target: { gain: number; pan: number };
}

function rms(a: AnalyserNode, buf: Float32Array<ArrayBuffer>): number {
  a.getFloatTimeDomainData(buf);
  let sum = 0;
  for (let i = 0; i < buf.length; i++) sum += buf[i]! * buf[i]!;
  return Math.sqrt(sum / buf.length);
}

export class Mixer {
  readonly ctx: AudioContext;
  readonly #chains = new Map<string, Chain>();
  readonly #buf = new Float32Array(1024);

  /** Create during a user gesture (the join click), so audio output is allowed. */
  constructor() {
    this.ctx = new AudioContext({ latencyHint: "interactive" });
    void this.ctx.resume();
  }

  add(remote: RemoteTrack): void {
    if (remote.kind !== "audio") return;
    const stream = new MediaStream([remote.track]);
    const element = new Audio();
    element.muted = true;
    element.srcObject = stream;
    void element.play().catch(() => {});
    const source = this.ctx.createMediaStreamSource(stream);
    const voice = this.ctx.createAnalyser();
    voice.fftSize = 1024;
    const gain = this.ctx.createGain();
    gain.gain.value = 0;
    const pan = this.ctx.createStereoPanner();
    const split = this.ctx.createChannelSplitter(2);
    const left = this.ctx.createAnalyser();
    const right = this.ctx.createAnalyser();
    left.fftSize = right.fftSize = 1024;
    source.connect(voice);
    source.connect(gain).connect(pan).connect(this.ctx.destination);
    pan.connect(split);
    split.connect(left, 0);
    split.connect(right, 1);
    this.#chains.set(remote.consumerId, { remote, element, source, gain, pan, voice, left, right, target: { gain: 0, pan: 0 } });
  }

  remove(remote: RemoteTrack): void {
    const c = this.#chains.get(remote.consumerId);
    if (!c) return;
    this.#chains.delete(remote.consumerId);
    c.source.disconnect();
    c.pan.disconnect();
    c.element.srcObject = null;
  }

  /** Per frame: set every voice's gain and pan from where everyone stands now. */
  update(me: Participant, positions: ReadonlyMap<string, { x: number; y: number }>, zones: readonly Zone[]): void {
    const mySpot = spotAt(zones, me.x, me.y);
    const now = this.ctx.currentTime;
    const speaker = { id: "", x: 0, y: 0 }; // one object for the whole pass (this runs every frame)
    for (const c of this.#chains.values()) {
      const pos = positions.get(c.remote.peerId);
      let gain = 0;
      let pan = 0;
      if (pos && !c.remote.paused) {
        speaker.id = c.remote.peerId;
        speaker.x = pos.x;
        speaker.y = pos.y;
        const h = hear(me, mySpot, speaker, spotAt(zones, pos.x, pos.y), DEFAULT_AUDIBILITY);
        if (h) {
          gain = h.gain;
          pan = h.pan;
        }
      }
      if (Math.abs(gain - c.target.gain) > 0.002) c.gain.gain.setTargetAtTime(gain, now, 0.04);
      if (Math.abs(pan - c.target.pan) > 0.002) c.pan.pan.setTargetAtTime(pan, now, 0.04);
      c.target.gain = gain;
      c.target.pan = pan;
    }
  }

  /** Current gain per speaker (what update() last set); cheap, no audio analysis. */
  gains(): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of this.#chains.values()) out.set(c.remote.peerId, Math.max(out.get(c.remote.peerId) ?? 0, c.target.gain));
    return out;
  }

  /** Per speaker: voice level before volume, what reaches each ear, and the current gain/pan. */
  levels(): Record<string, { voice: number; left: number; right: number; gain: number; pan: number }> {
    const out: Record<string, { voice: number; left: number; right: number; gain: number; pan: number }> = {};
    for (const c of this.#chains.values()) {
      const prev = out[c.remote.peerId];
      const l = { voice: rms(c.voice, this.#buf), left: rms(c.left, this.#buf), right: rms(c.right, this.#buf), gain: c.target.gain, pan: c.target.pan };
      out[c.remote.peerId] = prev && prev.voice > l.voice ? prev : l;
    }
    return out;
  }

  /** Voice level of one person (for the speaking indicator). */
  voiceLevel(peerId: string): number {
    let best = 0;
    for (const c of this.#chains.values()) if (c.remote.peerId === peerId) best = Math.max(best, rms(c.voice, this.#buf));
    return best;
  }
}
