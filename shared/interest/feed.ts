/**
 * Server side of the `pos` message (shared/protocol/positions.ts): every avatar's current
 * pose in flat typed arrays, which avatars each client sees, and one message per client
 * per tick with only what that client needs — enters and leaves for its visible set and
 * updates for the visible avatars that changed this tick.
 *
 * Cost per tick is Σ over clients of their visible set (tens of avatars), independent of
 * how many avatars moved elsewhere on the floor. Which avatars a client should see is
 * decided by the room (shared/interest/grid.ts); this class only routes.
 *
 * Level of detail (shared/interest/detail.ts): each visible avatar has a level, and one
 * at level L is written only on its due ticks (every 2^L), as a step from the position
 * this client last got — a short per-avatar log of recent positions supplies that base.
 */
import { isDue, planDetail, CROWD_DETAIL, type DetailBudget } from "./detail.ts";
import {
  enterBytes,
  GONE_BYTES,
  HEADER_BYTES,
  idBytes,
  packPose,
  RECORD_ENTER,
  RECORD_GONE,
  RECORD_STEP,
  RECORD_UPDATE,
  STEP_BYTES,
  UPDATE_BYTES,
} from "../protocol/positions.ts";

const SLOTS = 65536;
/** Recent positions kept per slot (one per tick it changed): the base of a step to a client that was last sent it a few ticks ago. */
const LOG = 12;

/**
 * The avatars one client sees, in dense typed arrays (the per-tick pass over them is the
 * hot loop of a crowded floor): each slot, the tick it was last written to this client
 * and its level of detail. Removal swaps the last entry in.
 */
export class VisibleSet {
  readonly #index = new Map<number, number>();
  slots = new Uint16Array(64);
  sentAt = new Uint32Array(64);
  levels = new Uint8Array(64);

  get size(): number {
    return this.#index.size;
  }

  has(slot: number): boolean {
    return this.#index.has(slot);
  }

  /** Position of a slot in the arrays, or -1. */
  indexOf(slot: number): number {
    return this.#index.get(slot) ?? -1;
  }

  add(slot: number): void {
    if (this.#index.has(slot)) return;
    const i = this.#index.size;
    if (i === this.slots.length) {
      const grow = <T extends Uint16Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.slots = grow(this.slots, (n) => new Uint16Array(n));
      this.sentAt = grow(this.sentAt, (n) => new Uint32Array(n));
      this.levels = grow(this.levels, (n) => new Uint8Array(n));
    }
    this.slots[i] = slot;
    this.sentAt[i] = 0;
    this.levels[i] = 0;
    this.#index.set(slot, i);
  }

  delete(slot: number): boolean {
    const i = this.#index.get(slot);
    if (i === undefined) return false;
    const last = this.#index.size - 1;
    if (i !== last) {
      const moved = this.slots[last]!;
      this.slots[i] = moved;
      this.sentAt[i] = this.sentAt[last]!;
      this.levels[i] = this.levels[last]!;
      this.#index.set(moved, i);
    }
    this.#index.delete(slot);
    return true;
  }

  keys(): IterableIterator<number> {
    return this.#index.keys();
  }
}

/** One receiving client: what it sees and what it has yet to be told. */
export class Subscriber {
  /** The avatars this client sees, when each was last written to it, and at what level of detail. */
  readonly visible = new VisibleSet();
  readonly entering = new Set<number>();
  readonly leaving = new Set<number>();
  /** The ack last sent, so an unchanged ack with nothing else is not sent. */
  sentAck = -1;
}

export class PositionFeed {
  readonly #slotOf = new Map<string, number>();
  readonly #ids: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS);
  readonly #names: (string | undefined)[] = new Array<string | undefined>(SLOTS);
  readonly #x = new Uint16Array(SLOTS);
  readonly #y = new Uint16Array(SLOTS);
  readonly #pose = new Uint8Array(SLOTS);
  /** Each slot's last LOG positions, by the tick they were reached (0: empty); #logHead is the newest. */
  readonly #logTick = new Uint32Array(SLOTS * LOG);
  readonly #logX = new Uint16Array(SLOTS * LOG);
  readonly #logY = new Uint16Array(SLOTS * LOG);
  readonly #logHead = new Uint8Array(SLOTS);
  /** Tick number at which each slot last changed. */
  readonly #changedAt = new Uint32Array(SLOTS);
  readonly #budget: DetailBudget;
  #tick = 1;
  #nextSlot = 0;
  #out = new Uint8Array(4096);
  /** Scratch for plan(): distances of one subscriber's visible avatars, and the ring counts. */
  #distances = new Float64Array(256);
  readonly #rings = new Uint32Array(256);
  /** The most ticks any client was shown a visible avatar out of date, since takeWorstStale(). */
  #worstStale = 0;
  /** Set by #loggedAt: the tick of the log entry just after the one it found (the first change the client had not got). */
  #firstChangeAfter = 0;

  constructor(budget: DetailBudget = CROWD_DETAIL) {
    this.#budget = budget;
  }

  get size(): number {
    return this.#slotOf.size;
  }

  /** Put an avatar on the floor. Slots are handed out round-robin so a freed one is not reused soon. */
  add(id: string, x: number, y: number, dir: number, moving: boolean): void {
    if (this.#slotOf.has(id)) throw new Error(`feed: ${id} is already on the floor`);
    if (this.#slotOf.size >= SLOTS) throw new Error("feed: floor is full");
    while (this.#ids[this.#nextSlot] !== undefined) this.#nextSlot = (this.#nextSlot + 1) % SLOTS;
    const slot = this.#nextSlot;
    this.#nextSlot = (slot + 1) % SLOTS;
    this.#slotOf.set(id, slot);
    this.#ids[slot] = idBytes(id);
    this.#names[slot] = id;
    this.#x[slot] = x;
    this.#y[slot] = y;
    this.#pose[slot] = packPose(dir, moving);
    this.#changedAt[slot] = this.#tick;
    this.#logTick.fill(0, slot * LOG, slot * LOG + LOG);
    this.#logHead[slot] = 0;
    this.#log(slot, x, y);
  }

  /** Remember where the slot is at the end of this tick (one log entry per tick). */
  #log(slot: number, x: number, y: number): void {
    const base = slot * LOG;
    let head = this.#logHead[slot]!;
    if (this.#logTick[base + head] !== this.#tick) {
      head = (head + 1) % LOG;
      this.#logHead[slot] = head;
      this.#logTick[base + head] = this.#tick;
    }
    this.#logX[base + head] = x;
    this.#logY[base + head] = y;
  }

  /** Log index of where the slot stood at the end of `tick`, or -1 if that is older than the log. */
  #loggedAt(slot: number, tick: number): number {
    const base = slot * LOG;
    const head = this.#logHead[slot]!;
    let after = 0;
    for (let k = 0; k < LOG; k++) {
      const i = base + ((head - k + LOG) % LOG);
      const t = this.#logTick[i]!;
      if (t === 0) return -1;
      if (t <= tick) {
        this.#firstChangeAfter = after;
        return i;
      }
      after = t;
    }
    return -1;
  }

  /** Record an avatar's pose; marks it changed for this tick only if something differs. */
  set(id: string, x: number, y: number, dir: number, moving: boolean): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    const pose = packPose(dir, moving);
    if (this.#x[slot] === x && this.#y[slot] === y && this.#pose[slot] === pose) return;
    this.#log(slot, x, y);
    this.#x[slot] = x;
    this.#y[slot] = y;
    this.#pose[slot] = pose;
    this.#changedAt[slot] = this.#tick;
  }

  /** Take an avatar off the floor; everyone who saw it is told it is gone. */
  remove(id: string, subscribers: Iterable<Subscriber>): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    for (const s of subscribers) if (s.visible.has(slot) || s.entering.has(slot)) this.#hideSlot(s, slot);
    this.#slotOf.delete(id);
    this.#ids[slot] = undefined;
    this.#names[slot] = undefined;
  }

  /** Ids of the avatars a subscriber sees. */
  *seen(s: Subscriber): IterableIterator<string> {
    for (const slot of s.visible.keys()) {
      const id = this.#names[slot];
      if (id !== undefined) yield id;
    }
  }

  show(s: Subscriber, id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined || s.visible.has(slot)) return;
    s.visible.add(slot);
    s.leaving.delete(slot);
    s.entering.add(slot);
  }

  hide(s: Subscriber, id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot !== undefined && s.visible.has(slot)) this.#hideSlot(s, slot);
  }

  #hideSlot(s: Subscriber, slot: number): void {
    s.visible.delete(slot);
    // Never told it entered: nothing to take back.
    if (!s.entering.delete(slot)) s.leaving.add(slot);
  }

  /**
   * Send a subscriber everything it sees again (a reconnected client, or a `resync`).
   * Pending leaves stay: a mirror that still has someone who left must be told, and one
   * that never had them ignores the record.
   */
  reset(s: Subscriber): void {
    for (const slot of s.visible.keys()) s.entering.add(slot);
    s.sentAck = -1;
  }

  /**
   * Give each avatar this subscriber sees its level of detail, from its distance to the
   * viewer at (x, y); those in `heard` (whom the viewer hears) get full detail. Call when
   * the visible set is refreshed: levels change slowly, and this costs two passes.
   */
  plan(s: Subscriber, x: number, y: number, heard: Iterable<string>): void {
    const v = s.visible;
    const n = v.size;
    if (this.#distances.length < n) this.#distances = new Float64Array(n * 2);
    const d = this.#distances;
    for (let i = 0; i < n; i++) {
      const slot = v.slots[i]!;
      d[i] = Math.hypot(this.#x[slot]! - x, this.#y[slot]! - y);
    }
    const plan = planDetail(d.subarray(0, n), this.#budget, this.#rings);
    const heardSlots = new Set<number>();
    for (const id of heard) {
      const slot = this.#slotOf.get(id);
      if (slot !== undefined) heardSlots.add(slot);
    }
    for (let i = 0; i < n; i++) v.levels[i] = plan.levelOf(d[i]!, heardSlots.size > 0 && heardSlots.has(v.slots[i]!));
  }

  /** For tests and benchmarks: the level of detail of an avatar this subscriber sees. */
  levelOf(s: Subscriber, id: string): number | undefined {
    const slot = this.#slotOf.get(id);
    const i = slot === undefined ? -1 : s.visible.indexOf(slot);
    return i < 0 ? undefined : s.visible.levels[i];
  }

  /**
   * This tick's message for one subscriber, or null if it has nothing new. The returned
   * bytes are only valid until the next call (the caller sends them at once).
   */
  message(s: Subscriber, ack: number): Uint8Array | null {
    const tick = this.#tick;
    // Room for the worst case (every visible avatar changed, none as a short step), so
    // one pass over the visible set writes the message.
    let room = HEADER_BYTES + s.leaving.size * GONE_BYTES + s.visible.size * UPDATE_BYTES;
    for (const slot of s.entering) room += enterBytes(this.#ids[slot]!.length);
    if (this.#out.length < room) this.#out = new Uint8Array(Math.max(room, this.#out.length * 2));
    const out = this.#out;
    out[0] = ack & 0xff;
    out[1] = (ack >>> 8) & 0xff;
    out[2] = (ack >>> 16) & 0xff;
    out[3] = (ack >>> 24) & 0xff;
    let at = HEADER_BYTES;
    for (const slot of s.leaving) {
      out[at] = RECORD_GONE << 6;
      out[at + 1] = slot & 0xff;
      out[at + 2] = slot >>> 8;
      at += GONE_BYTES;
    }
    const v = s.visible;
    for (const slot of s.entering) {
      at = this.#writePose(out, at, RECORD_ENTER, slot);
      const id = this.#ids[slot]!;
      out[at] = id.length;
      out.set(id, at + 1);
      at += 1 + id.length;
      const i = v.indexOf(slot);
      if (i >= 0) v.sentAt[i] = tick;
    }
    const changedAt = this.#changedAt;
    const slots = v.slots;
    const sent = v.sentAt;
    const levels = v.levels;
    for (let i = 0, n = v.size; i < n; i++) {
      const slot = slots[i]!;
      const sentAt = sent[i]!;
      if (changedAt[slot]! <= sentAt) continue; // this client has it as it is (entered just now, too)
      if (!isDue(levels[i]!, slot, tick)) continue;
      sent[i] = tick;
      // A step from where this client last saw it, if the log still knows where that was.
      const base = this.#loggedAt(slot, sentAt);
      const dx = base < 0 ? 0 : this.#x[slot]! - this.#logX[base]!;
      const dy = base < 0 ? 0 : this.#y[slot]! - this.#logY[base]!;
      if (base >= 0 && tick - this.#firstChangeAfter > this.#worstStale) this.#worstStale = tick - this.#firstChangeAfter;
      if (base < 0 || dx < -128 || dx > 127 || dy < -128 || dy > 127) {
        at = this.#writePose(out, at, RECORD_UPDATE, slot);
        continue;
      }
      out[at] = (RECORD_STEP << 6) | this.#pose[slot]!;
      out[at + 1] = slot & 0xff;
      out[at + 2] = slot >>> 8;
      out[at + 3] = dx & 0xff;
      out[at + 4] = dy & 0xff;
      at += STEP_BYTES;
    }
    if (at === HEADER_BYTES && ack === s.sentAck) return null;
    s.leaving.clear();
    s.entering.clear();
    s.sentAck = ack;
    return out.subarray(0, at);
  }

  /** A record with the slot's whole pose (enter or absolute update); returns the next offset. */
  #writePose(out: Uint8Array, at: number, kind: number, slot: number): number {
    const x = this.#x[slot]!;
    const y = this.#y[slot]!;
    out[at] = (kind << 6) | this.#pose[slot]!;
    out[at + 1] = slot & 0xff;
    out[at + 2] = slot >>> 8;
    out[at + 3] = x & 0xff;
    out[at + 4] = x >>> 8;
    out[at + 5] = y & 0xff;
    out[at + 6] = y >>> 8;
    return at + UPDATE_BYTES;
  }

  /**
   * The most ticks a client was shown a visible avatar out of date (it had moved, the
   * client was not yet told) since the previous call: 0 at full detail, at most
   * LONGEST_PERIOD_TICKS - 1 under level of detail. For /api/stats and the benchmarks.
   */
  takeWorstStale(): number {
    const worst = this.#worstStale;
    this.#worstStale = 0;
    return worst;
  }

  /** Call after every subscriber's message of this tick was taken. */
  endTick(): void {
    this.#tick++;
  }
}
