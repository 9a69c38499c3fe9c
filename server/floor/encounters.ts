/**
 * Encounters ("who I met"): two people count as having met once they have been in the
 * same conversation — the same table or coffee corner, or within hearing on the open
 * floor, by the one audibility model — for long enough. Plain data with an injected
 * clock; the floor samples it every two seconds (the whole floor through the audibility
 * model, so not every tick) and hands the pairs that just met to
 * `met` (the room records them by identity). Never stores anything itself.
 */
import type { Floor } from "../../shared/map/model.ts";
import { audibility, type Participant } from "../../shared/audibility/model.ts";

export interface EncounterOptions {
  /** How long two people must talk (be in one conversation) to count as met. */
  thresholdMs: number;
  /** A pair apart for longer than this starts from zero next time (a step away is forgiven). */
  graceMs?: number;
  now(): number;
  /**
   * Whether someone is speaking right now (from their producer's audio level). Given,
   * only time while at least one of the two speaks counts; absent, standing together does.
   */
  speaking?: ((id: string) => boolean) | undefined;
}

interface Together {
  /** Milliseconds counted toward the threshold in this conversation. */
  counted: number;
  /** Last sample at which they were together. */
  seen: number;
  /** Already reported for this conversation. */
  met: boolean;
}

const DEFAULT_GRACE_MS = 5_000;
/** A sample counts at most this long (a stalled tick must not make a meeting out of one moment). */
const MAX_SAMPLE_MS = 4_000;

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

/**
 * Pairs in one conversation now: a hears b on the open floor or in the same private spot
 * (overhearing a corner from outside, or a stage, is not a conversation). Speaking is not
 * asked here: everyone is treated as able to be heard.
 */
export function conversationPairs(people: readonly Participant[], floor: Pick<Floor, "zones">): [string, string][] {
  const everyone = people.map(({ id, x, y }) => ({ id, x, y }));
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const [listener, heard] of audibility(everyone, floor)) {
    for (const h of heard) {
      if (h.via !== "open" && h.via !== "private") continue;
      const key = pairKey(listener, h.speakerId);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(listener < h.speakerId ? [listener, h.speakerId] : [h.speakerId, listener]);
    }
  }
  return out;
}

export class Encounters {
  readonly #o: EncounterOptions;
  readonly #together = new Map<string, Together>();
  #lastSample: number | null = null;

  constructor(o: EncounterOptions) {
    this.#o = o;
  }

  /**
   * The pairs in conversation now (any order within a pair). Returns those who just
   * reached the threshold, each once per conversation.
   */
  sample(pairs: Iterable<readonly [string, string]>): [string, string][] {
    const now = this.#o.now();
    const dt = this.#lastSample === null ? 0 : Math.min(MAX_SAMPLE_MS, Math.max(0, now - this.#lastSample));
    this.#lastSample = now;
    const speaking = this.#o.speaking;
    const met: [string, string][] = [];
    for (const [a, b] of pairs) {
      if (a === b) continue;
      const key = pairKey(a, b);
      let t = this.#together.get(key);
      if (!t) this.#together.set(key, (t = { counted: 0, seen: now, met: false }));
      else if (!speaking || speaking(a) || speaking(b)) t.counted += dt;
      t.seen = now;
      if (!t.met && t.counted >= this.#o.thresholdMs) {
        t.met = true;
        met.push(a < b ? [a, b] : [b, a]);
      }
    }
    const grace = this.#o.graceMs ?? DEFAULT_GRACE_MS;
    for (const [key, t] of this.#together) if (now - t.seen > grace) this.#together.delete(key);
    return met;
  }

  /** Someone left the floor: their conversations end. */
  forget(id: string): void {
    for (const key of this.#together.keys()) {
      const [a, b] = key.split("\n");
      if (a === id || b === id) this.#together.delete(key);
    }
  }

  /** Conversations being counted (for tests and stats). */
  get size(): number {
    return this.#together.size;
  }
}

/** What the floor needs to report meetings: the threshold and where a meeting goes. */
export interface EncounterHook {
  thresholdMs: number;
  /** Two people (session ids) just met; resolves true once recorded (then both are told). */
  met(a: string, b: string): Promise<boolean>;
  speaking?: ((id: string) => boolean) | undefined;
}

/** How often the floor looks at who is talking with whom. */
export const ENCOUNTER_SAMPLE_MS = 2_000;

/** The floor's side: samples its people about once a second and tells both when a meeting is recorded. */
export class FloorEncounters {
  readonly #hook: EncounterHook;
  readonly #encounters: Encounters;
  readonly #now: () => number;
  readonly #tell: (a: string, b: string) => void;
  #last = -Infinity;

  constructor(o: { hook: EncounterHook; now(): number; tell(a: string, b: string): void }) {
    this.#hook = o.hook;
    this.#now = o.now;
    this.#tell = o.tell;
    this.#encounters = new Encounters({ thresholdMs: o.hook.thresholdMs, now: o.now, speaking: o.hook.speaking });
  }

  afterTick(people: Iterable<{ id: string; connected: boolean; walker: { x: number; y: number } }>, floor: Pick<Floor, "zones">): void {
    const now = this.#now();
    if (now - this.#last < ENCOUNTER_SAMPLE_MS) return;
    this.#last = now;
    const here: Participant[] = [];
    for (const p of people) if (p.connected) here.push({ id: p.id, x: p.walker.x, y: p.walker.y });
    for (const [a, b] of this.#encounters.sample(conversationPairs(here, floor))) {
      void this.#hook.met(a, b).then(
        (recorded) => recorded && this.#tell(a, b),
        () => {}, // the hook logs its own failures
      );
    }
  }

  leave(id: string): void {
    this.#encounters.forget(id);
  }
}

/** Where meetings are kept, by identity (server/db/networking.ts). */
export interface EncounterStore {
  record(m: { venue: string; eventId: string | null; a: string; b: string; at: Date }): Promise<void>;
  /** Pairs among these identities who met before, anywhere (mixer rounds avoid them). */
  metAmong?(personIds: readonly string[]): Promise<[string, string][]>;
}

/**
 * The hook a room gives its floor: sessions become identities through the door
 * (`who`), and the store records the pair. Guests without an identity are not recorded.
 */
export function recordMeetings(o: {
  store: EncounterStore;
  thresholdMs: number;
  venue: string;
  who(sessionId: string): { person: { id: string }; eventId: string | null } | undefined;
  warn(err: unknown): void;
  /** Who is speaking now (the floor's microphone levels); absent, standing together counts. */
  speaking?: ((sessionId: string) => boolean) | undefined;
}): EncounterHook {
  return {
    thresholdMs: o.thresholdMs,
    speaking: o.speaking,
    async met(a, b) {
      const wa = o.who(a);
      const wb = o.who(b);
      if (!wa || !wb || wa.person.id === wb.person.id) return false;
      try {
        await o.store.record({ venue: o.venue, eventId: wa.eventId ?? wb.eventId, a: wa.person.id, b: wb.person.id, at: new Date() });
        return true;
      } catch (err) {
        o.warn(err);
        return false;
      }
    },
  };
}
