/**
 * Who hears whom, and how loud: the one audibility model of DESIGN.md. Positions and
 * zones in, for each listener the audible speakers with a gain (0..1) and a stereo pan
 * (-1 left … 1 right) out. The server uses it to decide which media consumers exist;
 * the client uses it every frame for WebAudio gain and panning, so the two cannot drift.
 * Pure: no clock, no I/O.
 */
import { TILE_SIZE } from "../constants.ts";
import { rectContainsTile, type Floor, type Zone } from "../map/model.ts";

export interface Participant {
  id: string;
  /** Feet position in pixels. */
  x: number;
  y: number;
  /** False for someone who is muted or has no microphone: they hear but are not heard. */
  speaking?: boolean;
}

export interface Heard {
  speakerId: string;
  gain: number;
  pan: number;
  /** Why: helps the client show "on stage" / "at your table" / "nearby". */
  via: "open" | "private" | "overhear" | "stage";
}

export interface AudibilityOptions {
  /** Open-floor hearing radius in pixels; gain reaches 0 there. */
  hearingRadius: number;
  /** Most speakers one listener consumes, loudest (then nearest) first. */
  maxSpeakers: number;
  /** Gain of a conversation overheard from outside an `overhear` zone, at the zone's edge. */
  overhearGain: number;
  /** How far outside an `overhear` zone people still catch it (pixels from the speaker). */
  overhearRadius: number;
}

export const DEFAULT_AUDIBILITY: AudibilityOptions = {
  hearingRadius: 6 * TILE_SIZE,
  maxSpeakers: 12,
  overhearGain: 0.15,
  overhearRadius: 5 * TILE_SIZE,
};

/** Where a person stands, as far as hearing goes. */
export type Spot =
  | { kind: "open" }
  | { kind: "silent"; zone: Zone }
  | { kind: "private"; zone: Extract<Zone, { kind: "coffee-corner" | "table" }> }
  | { kind: "stage"; zone: Extract<Zone, { kind: "stage" }> }
  | { kind: "audience"; zone: Extract<Zone, { kind: "audience" }> };

/** The zone that governs hearing at a position; silent wins, then the smallest private/stage/audience zone. */
export function spotAt(zones: readonly Zone[], x: number, y: number): Spot {
  const tx = Math.floor(x / TILE_SIZE);
  const ty = Math.floor(y / TILE_SIZE);
  let best: Spot = { kind: "open" };
  let bestArea = Infinity;
  for (const z of zones) {
    if (!rectContainsTile(z.rect, tx, ty)) continue;
    if (z.kind === "silent") return { kind: "silent", zone: z };
    const area = z.rect.width * z.rect.height;
    if (area >= bestArea) continue;
    if (z.kind === "coffee-corner" || z.kind === "table") best = { kind: "private", zone: z };
    else if (z.kind === "stage") best = { kind: "stage", zone: z };
    else if (z.kind === "audience") best = { kind: "audience", zone: z };
    else continue;
    bestArea = area;
  }
  return best;
}

/** Smooth fall-off: 1 at distance 0, 0 at the radius, no kink at either end. */
export function falloff(distance: number, radius: number): number {
  if (distance >= radius) return 0;
  const t = distance / radius;
  return (1 + Math.cos(Math.PI * t)) / 2;
}

export function panFor(dx: number, radius: number): number {
  return Math.max(-1, Math.min(1, dx / radius));
}

/** How `listener` hears `speaker`, or null if not at all. */
export function hear(
  listener: Participant,
  ls: Spot,
  speaker: Participant,
  ss: Spot,
  opts: AudibilityOptions,
): Heard | null {
  if (speaker.id === listener.id || speaker.speaking === false) return null;
  if (ls.kind === "silent" || ss.kind === "silent") return null;
  const dx = speaker.x - listener.x;
  const dy = speaker.y - listener.y;
  const d = Math.hypot(dx, dy);
  const pan = panFor(dx, opts.hearingRadius);

  // A stage is heard in full across its linked audience zones (and on the stage itself).
  if (ss.kind === "stage") {
    if (ls.kind === "stage" && ls.zone.id === ss.zone.id) return { speakerId: speaker.id, gain: 1, pan, via: "stage" };
    if (ls.kind === "audience" && ss.zone.audience.includes(ls.zone.name))
      return { speakerId: speaker.id, gain: 1, pan, via: "stage" };
  }
  // The audience is not heard on stage.
  if (ls.kind === "stage" && ss.kind === "audience" && ls.zone.audience.includes(ss.zone.name)) return null;

  // Private spots: everyone inside hears each other fully; outsiders hear nothing,
  // except a faint version near an `overhear` zone; insiders hear no outsiders.
  if (ss.kind === "private" || ls.kind === "private") {
    if (ss.kind === "private" && ls.kind === "private" && ss.zone.id === ls.zone.id)
      return { speakerId: speaker.id, gain: 1, pan, via: "private" };
    if (ss.kind === "private" && ls.kind !== "private" && ss.zone.overhear) {
      const g = opts.overhearGain * falloff(d, opts.overhearRadius);
      return g > 0 ? { speakerId: speaker.id, gain: g, pan, via: "overhear" } : null;
    }
    return null;
  }

  const g = falloff(d, opts.hearingRadius);
  return g > 0 ? { speakerId: speaker.id, gain: g, pan, via: "open" } : null;
}

function byLoudness(a: Heard & { d: number }, b: Heard & { d: number }): number {
  return b.gain - a.gain || a.d - b.d || (a.speakerId < b.speakerId ? -1 : 1);
}

type Ranked = Heard & { d: number };

/**
 * For every listener, every speaker they hear (with the distance), loudest first, at most
 * `cap`. Uses a coarse grid for open-floor neighbours and groups people by private spot,
 * so a crowded floor costs about listeners × neighbours rather than listeners × everyone.
 */
function ranked(people: readonly Participant[], floor: Pick<Floor, "zones">, opts: AudibilityOptions, cap: number): Map<string, Ranked[]> {
  const spots = new Map<string, Spot>();
  for (const p of people) spots.set(p.id, spotAt(floor.zones, p.x, p.y));

  // Only people who send a voice can be heard: they alone go into the lookups below, so a
  // crowd where few speak costs listeners × nearby speakers, not listeners × neighbours.
  const voices = people.filter((p) => p.speaking !== false);
  // People whose voice can carry beyond the open-floor radius: stage speakers.
  const farReaching = voices.filter((p) => spots.get(p.id)!.kind === "stage");
  // Everyone in each private spot hears everyone else in it, however large the spot.
  const inSpot = new Map<Zone, Participant[]>();
  for (const p of voices) {
    const spot = spots.get(p.id)!;
    if (spot.kind !== "private") continue;
    let list = inSpot.get(spot.zone);
    if (!list) inSpot.set(spot.zone, (list = []));
    list.push(p);
  }
  const cell = Math.max(opts.hearingRadius, opts.overhearRadius);
  const grid = new Map<string, Participant[]>();
  const key = (cx: number, cy: number) => `${cx},${cy}`;
  for (const p of voices) {
    const k = key(Math.floor(p.x / cell), Math.floor(p.y / cell));
    let list = grid.get(k);
    if (!list) grid.set(k, (list = []));
    list.push(p);
  }

  const result = new Map<string, Ranked[]>();
  for (const l of people) {
    const ls = spots.get(l.id)!;
    const heard: Ranked[] = [];
    const seen = new Set<string>();
    const consider = (s: Participant) => {
      if (seen.has(s.id)) return;
      seen.add(s.id);
      const h = hear(l, ls, s, spots.get(s.id)!, opts);
      if (h) heard.push({ ...h, d: Math.hypot(s.x - l.x, s.y - l.y) });
    };
    if (ls.kind === "private") for (const s of inSpot.get(ls.zone) ?? []) consider(s);
    for (const s of farReaching) consider(s);
    const cx = Math.floor(l.x / cell);
    const cy = Math.floor(l.y / cell);
    for (let y = cy - 1; y <= cy + 1; y++)
      for (let x = cx - 1; x <= cx + 1; x++) for (const s of grid.get(key(x, y)) ?? []) consider(s);
    heard.sort(byLoudness);
    result.set(l.id, heard.length > cap ? heard.slice(0, cap) : heard);
  }
  return result;
}

/** For every listener, the speakers they hear, loudest first, at most `maxSpeakers`. */
export function audibility(
  people: readonly Participant[],
  floor: Pick<Floor, "zones">,
  opts: AudibilityOptions = DEFAULT_AUDIBILITY,
): Map<string, Heard[]> {
  const out = new Map<string, Heard[]>();
  for (const [id, heard] of ranked(people, floor, opts, opts.maxSpeakers)) out.set(id, heard.map(({ d: _d, ...h }) => h));
  return out;
}

export interface HysteresisOptions {
  /** Subscribe when a speaker would be audible with the radius scaled up by this (> 1). */
  enterScale: number;
  /** Stay subscribed until the speaker would be inaudible with the radius scaled by this (≥ enterScale). */
  leaveScale: number;
}

export const DEFAULT_HYSTERESIS: HysteresisOptions = { enterScale: 1.25, leaveScale: 1.5 };

/**
 * Which speakers each listener should be subscribed to (media consumers that exist and
 * flow). A consumer starts a little before the speaker becomes audible, so the first
 * syllable is not lost, and stops only a little after, so nothing flaps at the boundary.
 * Still capped at `maxSpeakers`, keeping the loudest.
 */
export function subscriptions(
  people: readonly Participant[],
  floor: Pick<Floor, "zones">,
  previous: ReadonlyMap<string, ReadonlySet<string>>,
  opts: AudibilityOptions = DEFAULT_AUDIBILITY,
  hyst: HysteresisOptions = DEFAULT_HYSTERESIS,
): Map<string, Set<string>> {
  // One pass at the "stay" radius. Whether a speaker is also within the "enter" radius
  // follows from how they are heard: stage and private spots do not depend on distance,
  // the open floor and overhearing do (gain > 0 exactly while d < radius).
  const stay = ranked(people, floor, { ...opts, hearingRadius: opts.hearingRadius * hyst.leaveScale, overhearRadius: opts.overhearRadius * hyst.leaveScale }, Number.MAX_SAFE_INTEGER);
  const enterOpen = opts.hearingRadius * hyst.enterScale;
  const enterOverhear = opts.overhearRadius * hyst.enterScale;
  const entering = (h: Ranked) => (h.via === "open" ? h.d < enterOpen : h.via === "overhear" ? h.d < enterOverhear : true);
  const out = new Map<string, Set<string>>();
  for (const p of people) {
    const prev = previous.get(p.id);
    // `stay` is loudest first (by the stay gain): keep those already subscribed and those
    // close enough to start, up to the cap.
    const chosen = new Set<string>();
    for (const h of stay.get(p.id) ?? []) {
      if (chosen.size >= opts.maxSpeakers) break;
      if (prev?.has(h.speakerId) || entering(h)) chosen.add(h.speakerId);
    }
    out.set(p.id, chosen);
  }
  return out;
}
