/**
 * The `pos` message: where the avatars near you are, sent as compact binary once per
 * tick to each client (server → client only). Positions travel outside the Colyseus
 * schema on purpose: a StateView re-checks every moved avatar of the floor against every
 * client on every patch (clients × movers), which saturates a floor of 1000 walkers.
 * Here the server keeps each client's visible set itself and writes only the records
 * that client needs (see shared/interest/feed.ts), so a tick costs clients × neighbours.
 *
 * Layout (little-endian):
 *   u32 ack            last `move` seq the server applied for the receiver's own avatar
 *   records…           until the end of the message, each starting with one byte:
 *     bits 0–1 dir (index into DIRECTIONS), bit 2 moving, bits 6–7 kind
 *     u16 slot         the avatar's number on this floor (stable while its person stays)
 *     kind UPDATE: u16 x, u16 y               an avatar you already see moved far or turned
 *     kind STEP:   i8 dx, i8 dy               …moved by a little since the previous tick
 *     kind ENTER:  u16 x, u16 y, u8 n, n bytes of its person id (ASCII)
 *     kind GONE:   nothing more               it left your area (or the floor)
 * STEP is relative to the position the receiver already has, which is the one it was last
 * sent: the nearest avatars are sent every tick, farther ones every 2nd–8th tick (level of
 * detail, shared/interest/detail.ts), so a step can span several ticks.
 * A message is sent only when it carries a record or a new ack.
 */
import type { AvatarView } from "./state.ts";

export const POSITIONS_MESSAGE = "pos";

export const RECORD_UPDATE = 0;
export const RECORD_ENTER = 1;
export const RECORD_GONE = 2;
export const RECORD_STEP = 3;

export const HEADER_BYTES = 4;
export const UPDATE_BYTES = 7;
export const GONE_BYTES = 3;
export const STEP_BYTES = 5;
/** Enter record size for an id of `idLength` bytes. */
export const enterBytes = (idLength: number): number => UPDATE_BYTES + 1 + idLength;

/** dir + moving in the low bits of a record's first byte. */
export function packPose(dir: number, moving: boolean): number {
  return (dir & 3) | (moving ? 4 : 0);
}

/** Person ids are Colyseus session ids (ASCII); anything else is a server bug. */
export function idBytes(id: string): Uint8Array {
  if (id.length > 255 || !/^[\x21-\x7e]*$/.test(id)) throw new Error(`positions: id ${JSON.stringify(id)} is not short ASCII`);
  const out = new Uint8Array(id.length);
  for (let i = 0; i < id.length; i++) out[i] = id.charCodeAt(i);
  return out;
}

export interface PositionListener {
  /** An avatar came into view (or is seen for the first time). */
  enter?(id: string, avatar: AvatarView): void;
  /** An avatar in view moved, turned, started or stopped. */
  update?(id: string, avatar: AvatarView): void;
  /** An avatar left your view or the floor. */
  gone?(id: string): void;
}

/**
 * The client's copy of the avatars it can see, kept by applying `pos` messages in order.
 * `avatars` is keyed by person id; your own avatar's `seq` is the server's ack.
 */
export class AvatarMirror {
  readonly avatars = new Map<string, AvatarView>();
  readonly #idOfSlot = new Map<number, string>();
  readonly #listeners = new Set<PositionListener>();
  readonly #ownId: string;
  #ack = 0;
  /**
   * Called when an update names an avatar this mirror never saw arrive (its enter was
   * missed): the caller asks the server to send everything again (`resync`).
   */
  onMissing: (() => void) | null = null;

  constructor(ownId: string) {
    this.#ownId = ownId;
  }

  get ack(): number {
    return this.#ack;
  }

  listen(listener: PositionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Drop everything (the room was left or is about to be rebuilt). */
  clear(): void {
    for (const id of [...this.avatars.keys()]) this.#gone(id);
    this.#idOfSlot.clear();
  }

  apply(message: Uint8Array): void {
    if (message.byteLength < HEADER_BYTES) throw new Error(`positions: message of ${message.byteLength} bytes has no header`);
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    this.#ack = view.getUint32(0, true);
    const own = this.avatars.get(this.#ownId);
    if (own && own.seq !== this.#ack) {
      own.seq = this.#ack;
      for (const l of this.#listeners) l.update?.(this.#ownId, own);
    }
    let at = HEADER_BYTES;
    let missing = false;
    const end = message.byteLength;
    while (at < end) {
      const head = message[at]!;
      const kind = head >> 6;
      if (at + GONE_BYTES > end) throw new Error(`positions: record at byte ${at} is cut short`);
      const slot = view.getUint16(at + 1, true);
      if (kind === RECORD_GONE) {
        at += GONE_BYTES;
        const id = this.#idOfSlot.get(slot);
        this.#idOfSlot.delete(slot);
        if (id !== undefined) this.#gone(id);
        continue;
      }
      if (kind === RECORD_STEP) {
        if (at + STEP_BYTES > end) throw new Error(`positions: record at byte ${at} is cut short`);
        const dx = view.getInt8(at + 3);
        const dy = view.getInt8(at + 4);
        at += STEP_BYTES;
        const id = this.#idOfSlot.get(slot);
        const avatar = id === undefined ? undefined : this.avatars.get(id);
        if (!avatar || id === undefined) {
          missing = true;
          continue;
        }
        avatar.x += dx;
        avatar.y += dy;
        avatar.dir = head & 3;
        avatar.moving = (head & 4) !== 0;
        for (const l of this.#listeners) l.update?.(id, avatar);
        continue;
      }
      if (at + UPDATE_BYTES > end) throw new Error(`positions: record at byte ${at} is cut short`);
      const x = view.getUint16(at + 3, true);
      const y = view.getUint16(at + 5, true);
      const dir = head & 3;
      const moving = (head & 4) !== 0;
      at += UPDATE_BYTES;
      if (kind === RECORD_ENTER) {
        const n = message[at] ?? 0;
        if (at + 1 + n > end) throw new Error(`positions: enter record id at byte ${at} is cut short`);
        const id = String.fromCharCode(...message.subarray(at + 1, at + 1 + n));
        at += 1 + n;
        const old = this.#idOfSlot.get(slot);
        if (old !== undefined && old !== id) this.#gone(old);
        this.#idOfSlot.set(slot, id);
        const existing = this.avatars.get(id);
        if (existing) {
          Object.assign(existing, { x, y, dir, moving });
          for (const l of this.#listeners) l.update?.(id, existing);
          continue;
        }
        const avatar: AvatarView = { id, x, y, dir, moving, seq: id === this.#ownId ? this.#ack : 0 };
        this.avatars.set(id, avatar);
        for (const l of this.#listeners) l.enter?.(id, avatar);
        continue;
      }
      if (kind !== RECORD_UPDATE) throw new Error(`positions: unknown record kind ${kind} at byte ${at - UPDATE_BYTES}`);
      const id = this.#idOfSlot.get(slot);
      const avatar = id === undefined ? undefined : this.avatars.get(id);
      if (!avatar || id === undefined) {
        missing = true;
        continue;
      }
      avatar.x = x;
      avatar.y = y;
      avatar.dir = dir;
      avatar.moving = moving;
      for (const l of this.#listeners) l.update?.(id, avatar);
    }
    if (missing) this.onMissing?.();
  }

  #gone(id: string): void {
    if (!this.avatars.delete(id)) return;
    for (const l of this.#listeners) l.gone?.(id);
  }
}

/** The parts of a colyseus.js Room that following positions needs. */
export interface PositionSource {
  readonly sessionId: string;
  onMessage(type: typeof POSITIONS_MESSAGE, cb: (message: Uint8Array) => void): unknown;
  send(type: "resync", message: Record<string, never>): void;
}

/**
 * Start mirroring a joined room's avatars. Call it right after the join resolves (in the
 * same task): colyseus.js drops messages that have no handler yet. If something was
 * missed anyway, the mirror notices (an update for an avatar it never saw arrive) and
 * asks the server for everything again, at most once a second.
 */
export function followAvatars(room: PositionSource): AvatarMirror {
  const mirror = new AvatarMirror(room.sessionId);
  let askedAt = -Infinity;
  mirror.onMissing = () => {
    const now = Date.now();
    if (now - askedAt < 1000) return;
    askedAt = now;
    room.send("resync", {});
  };
  room.onMessage(POSITIONS_MESSAGE, (message) => mirror.apply(message));
  return mirror;
}
