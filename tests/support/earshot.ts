/**
 * Measuring what a person hears, for the earshot benchmark (tests/bench/earshot.ts) and
 * the hidden-tab test: the listener's page records the mix's OUTPUT (client/media/
 * outputMeter.ts: an AudioWorklet on the master bus, RMS per ear every 5.3 ms, stamped
 * with when it is played out), every `pos` message as it arrives (where the speaker
 * stands relative to the listener) and every `speaking` message; the speaker's page
 * records when its mic button is clicked. All times are ms since the epoch from the
 * pages' own clocks (one machine, one clock). Everything is recorded from events and the
 * audio thread, never from page timers, so a hidden tab records as well as a visible one.
 */
import { DEFAULT_AUDIBILITY, falloff, panFor } from "../../shared/audibility/model.ts";
import { TILE_SIZE } from "../../shared/constants.ts";
import type { OutputBlock } from "../../client/media/outputMeter.ts";
import type { Attendee } from "./mediaPage.ts";

/** −60 dBFS at either ear: the first sound counts as heard, below it is silence. */
export const HEARD = 0.001;
const RADIUS = DEFAULT_AUDIBILITY.hearingRadius;

export interface Recording {
  /** [arrival ms, speaker − listener dx, dy] per `pos` message that had both. */
  pos: [number, number, number][];
  /** [arrival ms, muted] per `speaking` message about the speaker. */
  speaking: [number, boolean][];
  /** [ms, paused] each time the server paused or resumed the speaker's audio consumer. */
  paused: [number, boolean][];
  blocks: OutputBlock[];
}

interface EarshotRecorder {
  pos: [number, number, number][];
  speaking: [number, boolean][];
  paused: [number, boolean][];
}
interface MicClicks {
  clicks: number[];
}
type Recorders = { __earshot?: EarshotRecorder; __micClicks?: MicClicks };

/** Start the listener's output meter and recorders for `speakerId` (once per page). */
export async function startRecording(listener: Attendee, speakerId: string): Promise<void> {
  await listener.page.evaluate(async (speakerId) => {
    const w = window as unknown as Recorders;
    const f = window.foyer!;
    await f.mixer!.meter();
    if (w.__earshot) return;
    const rec: EarshotRecorder = { pos: [], speaking: [], paused: [] };
    w.__earshot = rec;
    const now = () => performance.timeOrigin + performance.now();
    // Registered after the page's own handler, so the mirror has applied the message.
    f.room!.onMessage("pos", () => {
      const a = f.avatars!.get(speakerId);
      const me = f.avatars!.get(f.room!.sessionId);
      if (a && me) rec.pos.push([now(), a.x - me.x, a.y - me.y]);
    });
    f.room!.onMessage("speaking", (m: { id: string; muted: boolean }) => {
      if (m.id === speakerId) rec.speaking.push([now(), m.muted]);
    });
    f.media!.on("trackPaused", (t) => {
      if (t.peerId === speakerId && t.kind === "audio") rec.paused.push([now(), t.paused]);
    });
  }, speakerId);
}

/** What the listener's page recorded since `since` (ms since the epoch). */
export async function recorded(listener: Attendee, since: number): Promise<Recording> {
  return listener.page.evaluate(async (since) => {
    const w = window as unknown as Recorders;
    const rec = w.__earshot!;
    const meter = await window.foyer!.mixer!.meter();
    return {
      pos: rec.pos.filter((p) => p[0] >= since),
      speaking: rec.speaking.filter((s) => s[0] >= since),
      paused: rec.paused.filter((s) => s[0] >= since),
      blocks: meter.since(since),
    };
  }, since);
}

/** Record when the speaker's mic button is clicked (capture phase, before the app reacts). */
export async function watchMicButton(speaker: Attendee): Promise<void> {
  await speaker.page.evaluate(() => {
    const w = window as unknown as Recorders;
    if (w.__micClicks) return;
    const m: MicClicks = { clicks: [] };
    w.__micClicks = m;
    document.getElementById("mic-button")!.addEventListener("click", () => m.clicks.push(performance.timeOrigin + performance.now()), { capture: true });
  });
}

/**
 * Click the speaker's mic button and return when it was clicked, by the page's clock.
 * The click is the element's own (`click()` in the page), not a pointer at its position:
 * what covers the bar on a given screen is not what is being measured.
 */
export async function clickMic(speaker: Attendee): Promise<number> {
  await speaker.page.evaluate(() => document.getElementById("mic-button")!.click());
  return speaker.page.evaluate(() => (window as unknown as Recorders).__micClicks!.clicks.at(-1)!);
}

// ------------------------------------------------------------------ analysis

const ear = (b: OutputBlock) => Math.max(b.left, b.right);

/** The position the listener's page had at time `t` (the newest `pos` before it). */
function positionAt(pos: Recording["pos"], t: number): [number, number] | null {
  let lo = 0;
  let hi = pos.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pos[mid]![0] <= t) lo = mid + 1;
    else hi = mid;
  }
  const p = pos[lo - 1];
  return p ? [p[1], p[2]] : null;
}

/** The model's gain and louder-ear factor for a speaker at dx, dy (open floor). */
function model(dx: number, dy: number): { gain: number; ear: number } {
  const gain = falloff(Math.hypot(dx, dy), RADIUS);
  const x = (panFor(dx, RADIUS) + 1) / 2; // StereoPannerNode's equal-power law for a mono voice
  return { gain, ear: Math.max(Math.cos((x * Math.PI) / 2), Math.sin((x * Math.PI) / 2)) };
}

export interface Approach {
  /** Arrival of the first `pos` with the speaker inside the hearing radius (the model's gain > 0). */
  crossing: number | null;
  /** First output block at either ear above HEARD, and when the model says it should have been. */
  audible: number | null;
  modelAudible: number | null;
  /** Per distance (tiles): level at the ears vs the model, over the 100 ms after the page had the speaker that close. */
  levels: Record<number, { measuredDb: number; modelDb: number; errorDb: number } | null>;
  /** Peak at either ear while in range, and the last HEARD-or-louder block after leaving the radius (null: silent). */
  peak: number;
  leftRadius: number | null;
  lastHeardAfterLeaving: number | null;
}

export const LEVEL_TILES = [5, 4, 3, 2, 1] as const;

/** Crossing → audible, levels at 5…1 tiles and the fade-out, from one recorded approach (and departure). */
export function analyseApproach(r: Recording): Approach {
  const dist = (p: [number, number, number]) => Math.hypot(p[1], p[2]);
  const crossingPos = r.pos.find((p) => dist(p) < RADIUS);
  const crossing = crossingPos?.[0] ?? null;
  let audible: number | null = null;
  let modelAudible: number | null = null;
  let peak = 0;
  for (const b of r.blocks) {
    if (audible === null && ear(b) > HEARD) audible = b.at;
    const at = positionAt(r.pos, b.at);
    if (at && modelAudible === null) {
      const m = model(at[0], at[1]);
      if (m.gain * m.ear * b.dry > HEARD) modelAudible = b.at;
    }
    peak = Math.max(peak, ear(b));
    if (audible !== null && modelAudible !== null) break;
  }
  for (const b of r.blocks) peak = Math.max(peak, ear(b));
  const levels: Approach["levels"] = {};
  const closest = Math.min(...r.pos.map(dist));
  const closestAt = r.pos.find((p) => dist(p) === closest)?.[0] ?? Infinity;
  for (const d of LEVEL_TILES) {
    const at = r.pos.find((p) => p[0] <= closestAt && dist(p) <= d * TILE_SIZE + 1)?.[0];
    if (at === undefined) {
      levels[d] = null;
      continue;
    }
    let out = 0;
    let dry = 0;
    let want = 0;
    for (const b of r.blocks) {
      if (b.at < at || b.at > at + 100) continue;
      const p = positionAt(r.pos, b.at);
      if (!p) continue;
      const g = model(p[0], p[1]).gain;
      out += b.left * b.left + b.right * b.right;
      dry += b.dry * b.dry;
      want += g * g * b.dry * b.dry;
    }
    if (dry === 0 || want === 0) {
      levels[d] = null;
      continue;
    }
    const measuredDb = out > 0 ? 10 * Math.log10(out / dry) : -120;
    const modelDb = 10 * Math.log10(want / dry);
    levels[d] = { measuredDb, modelDb, errorDb: measuredDb - modelDb };
  }
  // The departure: once the page has the speaker beyond the radius, the ears must fall silent.
  const leftPos = r.pos.find((p) => p[0] > closestAt && dist(p) >= RADIUS);
  const leftRadius = leftPos?.[0] ?? null;
  let lastHeardAfterLeaving: number | null = null;
  if (leftRadius !== null) for (const b of r.blocks) if (b.at > leftRadius && ear(b) > HEARD) lastHeardAfterLeaving = b.at;
  return { crossing, audible, modelAudible, levels, peak, leftRadius, lastHeardAfterLeaving };
}

/** Mute → silent: the first output block after `clicked` from which the ears stay below HEARD until `until`. */
export function silentAfter(blocks: readonly OutputBlock[], clicked: number, until: number): number | null {
  let silentFrom: number | null = null;
  for (const b of blocks) {
    if (b.at < clicked || b.at > until) continue;
    if (ear(b) > HEARD) silentFrom = null;
    else silentFrom ??= b.at;
  }
  return silentFrom;
}

/** Unmute → audible: the first output block after `clicked` above HEARD. */
export function audibleAfter(blocks: readonly OutputBlock[], clicked: number): number | null {
  return blocks.find((b) => b.at >= clicked && ear(b) > HEARD)?.at ?? null;
}
