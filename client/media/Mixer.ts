/**
 * What you hear: one WebAudio chain per remote voice — gain and stereo pan from the
 * shared audibility model (the same `hear` the server's subscriptions use), so volume
 * follows distance and direction, and private zones stay private even for the moment
 * before the server pauses a consumer.
 *
 * The mix follows positions on the audio clock, not the frame rate: whoever drives it
 * (client/media/mixClock.ts) calls `refresh()` when a `pos` message arrives, on a timer
 * that keeps running while the tab is hidden, and on animation frames; every refresh
 * reads the NEWEST positions — the listener's own predicted position and each speaker's
 * newest received one (the AvatarMirror), not the interpolated drawing position — and
 * schedules gain and pan on the AudioContext with a short time constant, so a voice
 * reaches its model gain within a few tens of milliseconds of the position arriving.
 *
 * Mute is heard at once: a speaker's page tells listeners through the room (`speaking`),
 * and `setMuted` closes that voice here before the producer pause has travelled.
 *
 * Every chain ends in one master bus; its output is tapped (`output()`, `meter()`) so
 * tests and benchmarks measure what actually reaches the ears.
 *
 * Chromium plays remote WebRTC audio routed into WebAudio only if the stream is also
 * attached to a media element, so each chain keeps a muted <audio> element playing.
 */
import { hear, spotAt, DEFAULT_AUDIBILITY, type Participant } from "../../shared/audibility/model.ts";
import type { Zone } from "../../shared/map/model.ts";
import type { RemoteTrack } from "./MediaClient.ts";
import { OutputMeter } from "./outputMeter.ts";
import { TICK_MS, TILE_SIZE, WALK_SPEED_TILES } from "../../shared/constants.ts";

/** Time constant of every gain / pan change (s): 95 % of the way in 3τ ≈ 36 ms. */
export const MIX_TAU_S = 0.012;
/** A mute closes faster: −60 dB in about 35 ms, still without a click. */
const MUTE_TAU_S = 0.005;

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
  /** The speaker's newest position, when it changed (performance.now()), and her velocity (px/ms). */
  motion: { x: number; y: number; at: number; vx: number; vy: number };
}

/** Positions arrive every tick (50 ms); none for this long means she stands. */
const MOTION_STALE_MS = 120;
/** Walking speed with room for a catch-up step (px per ms). */
const MAX_SPEED_PX_PER_MS = (1.5 * WALK_SPEED_TILES * TILE_SIZE) / 1000;

/** Where everyone stands, read at each refresh (newest values, no interpolation). */
export interface MixPositions {
  /** The listener (own predicted position, or the newest received one); null before joining. */
  me(): Participant | null;
  /** The newest received position of a speaker, if this page has one. */
  speaker(id: string): { readonly x: number; readonly y: number } | undefined;
  zones(): readonly Zone[];
}

function rms(a: AnalyserNode, buf: Float32Array<ArrayBuffer>): number {
  a.getFloatTimeDomainData(buf);
  let sum = 0;
  for (let i = 0; i < buf.length; i++) sum += buf[i]! * buf[i]!;
  return Math.sqrt(sum / buf.length);
}

export class Mixer {
  readonly ctx: AudioContext;
  /** Every voice, after gain and pan, goes through here to the speakers. */
  readonly master: GainNode;
  readonly #outLeft: AnalyserNode;
  readonly #outRight: AnalyserNode;
  readonly #chains = new Map<string, Chain>();
  readonly #buf = new Float32Array(1024);
  /** Speakers who said they muted (`speaking`), until their consumer's state catches up. */
  readonly #muted = new Set<string>();
  #positions: MixPositions | null = null;
  #meter: Promise<OutputMeter> | null = null;
  /** The voices before volume, summed (mono), only while a meter runs: its reference. */
  #dry: GainNode | null = null;
  #latencyAt = 0;
  #latencyMs = MIX_TAU_S * 1000;

  /** Create during a user gesture (the join click), so audio output is allowed. */
  constructor() {
    this.ctx = new AudioContext({ latencyHint: "interactive" });
    void this.ctx.resume();
    this.master = this.ctx.createGain();
    this.master.connect(this.ctx.destination);
    const split = this.ctx.createChannelSplitter(2);
    this.#outLeft = this.ctx.createAnalyser();
    this.#outRight = this.ctx.createAnalyser();
    this.#outLeft.fftSize = this.#outRight.fftSize = 1024;
    this.master.connect(split);
    split.connect(this.#outLeft, 0);
    split.connect(this.#outRight, 1);
  }

  /** Where the positions come from (client/media/mixClock.ts sets it); refresh() reads it. */
  follow(positions: MixPositions): void {
    this.#positions = positions;
    this.refresh();
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
    // One voice is one mono signal (WebRTC decodes Opus as two equal channels): mixed down
    // here, so the panner applies its equal-power law and both ears together carry exactly
    // the model's gain (a stereo input would make the near ear up to 6 dB louder).
    const gain = this.ctx.createGain();
    gain.channelCount = 1;
    gain.channelCountMode = "explicit";
    gain.gain.value = 0;
    const pan = this.ctx.createStereoPanner();
    const split = this.ctx.createChannelSplitter(2);
    const left = this.ctx.createAnalyser();
    const right = this.ctx.createAnalyser();
    left.fftSize = right.fftSize = 1024;
    source.connect(voice);
    if (this.#dry) source.connect(this.#dry);
    source.connect(gain).connect(pan).connect(this.master);
    pan.connect(split);
    split.connect(left, 0);
    split.connect(right, 1);
    this.#chains.set(remote.consumerId, { remote, element, source, gain, pan, voice, left, right, target: { gain: 0, pan: 0 }, motion: { x: 0, y: 0, at: 0, vx: 0, vy: 0 } });
    // A fresh consumer says the speaker's current state: a mute said before it is stale.
    this.#muted.delete(remote.peerId);
    this.refresh();
  }

  remove(remote: RemoteTrack): void {
    const c = this.#chains.get(remote.consumerId);
    if (!c) return;
    this.#chains.delete(remote.consumerId);
    c.source.disconnect();
    c.pan.disconnect();
    c.element.srcObject = null;
  }

  /**
   * The server paused or resumed a consumer. Resumed means the server has taken in the
   * speaker's producer state since any `speaking` message: drop the mute we were told.
   */
  trackPaused(remote: RemoteTrack): void {
    if (remote.kind !== "audio") return;
    if (!remote.paused) this.#muted.delete(remote.peerId);
    this.refresh();
  }

  /** A speaker muted or unmuted (the room's `speaking` message): applied to the gain at once. */
  setMuted(peerId: string, muted: boolean): void {
    if (muted) this.#muted.add(peerId);
    else this.#muted.delete(peerId);
    this.refresh();
  }

  /** Set every voice's gain and pan from the newest positions (cheap: no audio analysis). */
  refresh(): void {
    const p = this.#positions;
    const me = p?.me() ?? null;
    if (!p || !me) return;
    this.#mix(me, (id) => p.speaker(id), p.zones());
  }

  /** Mix for explicit positions (kept for callers that pass a frame's positions). */
  update(me: Participant, positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>, zones: readonly Zone[]): void {
    this.#mix(me, (id) => positions.get(id), zones);
  }

  #mix(me: Participant, speakerAt: (id: string) => { readonly x: number; readonly y: number } | undefined, zones: readonly Zone[]): void {
    if (this.#chains.size === 0) return;
    const mySpot = spotAt(zones, me.x, me.y);
    const now = this.ctx.currentTime;
    const wall = performance.now();
    const speaker = { id: "", x: 0, y: 0 }; // one object for the whole pass (this runs often)
    for (const c of this.#chains.values()) {
      const pos = speakerAt(c.remote.peerId);
      let gain = 0;
      let pan = c.target.pan;
      const muted = this.#muted.has(c.remote.peerId);
      // Not gated on the consumer's paused flag: a paused consumer carries no sound anyway,
      // and the server's "resumed" arrives after its media does (up to ~200 ms), which
      // would keep a voice silent that is already here.
      if (pos && !muted) {
        const ahead = this.#lead(c, pos, wall);
        speaker.id = c.remote.peerId;
        speaker.x = pos.x + ahead.x;
        speaker.y = pos.y + ahead.y;
        const h = hear(me, mySpot, speaker, spotAt(zones, pos.x, pos.y), DEFAULT_AUDIBILITY);
        if (h) {
          gain = h.gain;
          pan = h.pan;
        }
      }
      if (Math.abs(gain - c.target.gain) > 0.001) c.gain.gain.setTargetAtTime(gain, now, muted ? MUTE_TAU_S : MIX_TAU_S);
      if (Math.abs(pan - c.target.pan) > 0.002) c.pan.pan.setTargetAtTime(pan, now, MIX_TAU_S);
      c.target.gain = gain;
      c.target.pan = pan;
    }
  }

  /**
   * How far ahead of her newest position a walking speaker will be when the sound
   * scheduled now reaches the ears: her velocity (from her last two positions) times the
   * output latency plus the gain's own time constant. Without it a voice trails the
   * model by that much while she walks up (−3 dB at 5 tiles). Zero once she stands.
   */
  #lead(c: Chain, pos: { readonly x: number; readonly y: number }, wall: number): { x: number; y: number } {
    const m = c.motion;
    if (pos.x !== m.x || pos.y !== m.y) {
      // Positions come once a tick; two that arrive together (a busy page) still span one.
      const dt = Math.max(wall - m.at, TICK_MS);
      if (m.at > 0 && dt < MOTION_STALE_MS) {
        const vx = (pos.x - m.x) / dt;
        const vy = (pos.y - m.y) / dt;
        // Faster than walking is a jump (a teleport, a resync): no lead.
        if (Math.hypot(vx, vy) <= MAX_SPEED_PX_PER_MS) {
          m.vx = vx;
          m.vy = vy;
        } else m.vx = m.vy = 0;
      } else m.vx = m.vy = 0;
      m.x = pos.x;
      m.y = pos.y;
      m.at = wall;
    } else if (wall - m.at > MOTION_STALE_MS) m.vx = m.vy = 0;
    const lead = this.#leadMs(wall);
    return { x: m.vx * lead, y: m.vy * lead };
  }

  /** Output latency (scheduled now → played out) plus MIX_TAU_S, in ms; re-read every second. */
  #leadMs(wall: number): number {
    if (wall - this.#latencyAt > 1000) {
      this.#latencyAt = wall;
      const ts = this.ctx.getOutputTimestamp();
      const out = ts.contextTime !== undefined && ts.contextTime > 0 ? this.ctx.currentTime - ts.contextTime : this.ctx.baseLatency + (this.ctx.outputLatency || 0);
      this.#latencyMs = Math.max(0, Math.min(0.2, out)) * 1000 + MIX_TAU_S * 1000;
    }
    return this.#latencyMs;
  }

  /** Current gain per speaker (what the mix last set); cheap, no audio analysis. */
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

  /** What reaches the ears now: RMS of the whole mix, per ear (the last ~21 ms). */
  output(): { left: number; right: number } {
    return { left: rms(this.#outLeft, this.#buf), right: rms(this.#outRight, this.#buf) };
  }

  /**
   * The mix's output level as a timed trace, measured on the audio thread (an
   * AudioWorklet on the master bus), so it is exact while the tab is hidden or busy.
   * Started on first use; for tests and benchmarks.
   */
  meter(): Promise<OutputMeter> {
    if (!this.#dry) {
      const dry = this.ctx.createGain();
      dry.channelCount = 1;
      dry.channelCountMode = "explicit";
      this.#dry = dry;
      for (const c of this.#chains.values()) c.source.connect(dry);
    }
    this.#meter ??= OutputMeter.open(this.ctx, this.master, this.#dry);
    return this.#meter;
  }

  /** Voice level of one person (for the speaking indicator). */
  voiceLevel(peerId: string): number {
    let best = 0;
    for (const c of this.#chains.values()) if (c.remote.peerId === peerId) best = Math.max(best, rms(c.voice, this.#buf));
    return best;
  }
}
