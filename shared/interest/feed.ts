/**
 * Server side of the `pos` message (shared/protocol/positions.ts): every avatar's current
 * pose in flat typed arrays, which avatars each client sees, and one message per client
 * per tick with only what that client needs — enters and leaves for its visible set and
 * updates for the visible avatars that changed this tick.
 *
 * Cost per tick is Σ over clients of their visible set (tens of avatars), independent of
 * how many avatars moved elsewhere on the floor. Which avatars a client should see is
 * decided by the room (shared/interest/grid.ts); this class only routes.
 */
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

/** One receiving client: what it sees and what it has yet to be told. */
export class Subscriber {
  /** Slots of the avatars this client sees. */
  readonly visible = new Set<number>();
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
  /** Position at the end of the previous tick: what every subscriber of the slot has. */
  readonly #prevX = new Uint16Array(SLOTS);
  readonly #prevY = new Uint16Array(SLOTS);
  /** Tick number at which each slot last changed. */
  readonly #changedAt = new Uint32Array(SLOTS);
  #tick = 1;
  #nextSlot = 0;
  #out = new Uint8Array(4096);

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
  }

  /** Record an avatar's pose; marks it changed for this tick only if something differs. */
  set(id: string, x: number, y: number, dir: number, moving: boolean): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    const pose = packPose(dir, moving);
    if (this.#x[slot] === x && this.#y[slot] === y && this.#pose[slot] === pose) return;
    if (this.#changedAt[slot] !== this.#tick) {
      this.#prevX[slot] = this.#x[slot]!;
      this.#prevY[slot] = this.#y[slot]!;
    }
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
    for (const slot of s.visible) {
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
    for (const slot of s.visible) s.entering.add(slot);
    s.sentAck = -1;
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
    for (const slot of s.entering) {
      at = this.#writePose(out, at, RECORD_ENTER, slot);
      const id = this.#ids[slot]!;
      out[at] = id.length;
      out.set(id, at + 1);
      at += 1 + id.length;
    }
    const changedAt = this.#changedAt;
    for (const slot of s.visible) {
      if (changedAt[slot] !== tick || s.entering.has(slot)) continue;
      const dx = this.#x[slot]! - this.#prevX[slot]!;
      const dy = this.#y[slot]! - this.#prevY[slot]!;
      if (dx < -128 || dx > 127 || dy < -128 || dy > 127) {
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

  /** Call after every subscriber's message of this tick was taken. */
  endTick(): void {
    this.#tick++;
  }
}
