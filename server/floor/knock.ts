/**
 * Knocking (issue #11): which tables and coffee corners are closed and by whom (a host,
 * or the people inside), the knocks at them and who was let in. The people inside close
 * and open their spot and answer knocks; a host's closure is not knockable and only a
 * host opens it (moderation.ts calls `close`/`open`). Places asks `closedFor` on every
 * step into a spot. Plain data with an injected clock; says things through the Outbox and
 * shows closures on the SpotBoard. Never holds a socket.
 */
import { rectContainsTile, tilesToRect, type Zone } from "../../shared/map/model.ts";
import type { ConversationZone } from "../../shared/map/capacity.ts";
import { tileOf } from "../../shared/movement/step.ts";
import type { ClientMessage, ErrorCode, ServerMessages } from "../../shared/protocol/messages.ts";
import { KNOCK_REACH_TILES, type ClosedBy, type KnockState } from "../../shared/protocol/knock.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/** A knocker further than this from the spot's edge (tiles) walked away: the knock is withdrawn. */
export { KNOCK_REACH_TILES };
/** Unanswered for this long, a knock is withdrawn. */
export const KNOCK_TIMEOUT_MS = 60_000;
/** One knock per spot per knocker this often… */
export const KNOCK_AGAIN_MS = 10_000;
/** …and after a decline, not before this. */
export const KNOCK_AFTER_DECLINE_MS = 30_000;
/** At most this many knocks per knocker per minute, anywhere on the floor. */
export const KNOCKS_PER_MINUTE = 6;
/** Let in but not yet inside after this long, the admission lapses. */
const ADMISSION_MS = 60_000;
/** Pending knocks and closures are looked at this often (who is inside, who walked away). */
const REVIEW_MS = 250;

/** Where closed spots are shown to everyone (the room's replicated state). */
export interface SpotBoard {
  showClosed(zone: string, by: ClosedBy | null): void;
}

export interface KnocksOptions {
  outbox: Outbox;
  now(): number;
  zones(): readonly Zone[];
  people(): Iterable<FloorPerson>;
  person(id: string): FloorPerson | undefined;
  /** A person's name on this floor. */
  name(id: string): string;
  /** Busy (do not disturb): no knock prompts. */
  busy(id: string): boolean;
  board?: SpotBoard | null;
  /** Did either of these two sessions block the other (blocks.ts)? Then one's knock never reaches the other. */
  apart?(a: string, b: string): boolean;
}

interface Knock {
  id: string;
  knocker: string;
  /** The knocker's name (still said after they left). */
  name: string;
  zone: string;
  at: number;
  /** Who was shown the prompt (and still has it). */
  told: Set<string>;
}

const NOTHING_CLOSED: ReadonlySet<string> = new Set();

/** The table or coffee corner (the smallest, where they nest) containing this tile. */
function conversationAt(zones: readonly Zone[], tx: number, ty: number): ConversationZone | undefined {
  let best: ConversationZone | undefined;
  for (const z of zones) {
    if ((z.kind !== "table" && z.kind !== "coffee-corner") || !rectContainsTile(z.rect, tx, ty)) continue;
    if (!best || z.rect.width * z.rect.height < best.rect.width * best.rect.height) best = z;
  }
  return best;
}

/** Tiles from a tile to the nearest tile of a rectangle (0 inside): the same measure the Places list knocks by. */
const tilesFrom = tilesToRect;

export class Knocks {
  readonly #o: KnocksOptions;
  readonly #closed = new Map<string, ClosedBy>();
  /** The same names, for Places (rebuilt only when a closure changes). */
  #closedNames: ReadonlySet<string> = NOTHING_CLOSED;
  readonly #knocks = new Map<string, Knock>();
  /** Let in: session → the spot they may walk into until they have been in it and left. */
  readonly #admitted = new Map<string, { zone: string; inside: boolean; until: number }>();
  /** Each knocker's recent knocks (for the per-minute limit). */
  readonly #recent = new Map<string, number[]>();
  /** Knocker and spot → when they may knock there again. */
  readonly #again = new Map<string, number>();
  #seq = 0;
  #reviewedAt = -Infinity;

  constructor(o: KnocksOptions) {
    this.#o = o;
  }

  /** Closed spots by name, and who closed them. */
  get closed(): ReadonlyMap<string, ClosedBy> {
    return this.#closed;
  }

  /** The spots this session may not walk into (Places' entry rule): closed ones, less the one they were let into. */
  closedFor(id: string): ReadonlySet<string> {
    const admitted = this.#admitted.get(id);
    if (!admitted || !this.#closedNames.has(admitted.zone)) return this.#closedNames;
    const names = new Set(this.#closedNames);
    names.delete(admitted.zone);
    return names;
  }

  /** Close a spot (a host's closure replaces the people's: nobody can let anyone in). */
  close(zone: string, by: ClosedBy): void {
    if (this.#closed.get(zone) === by || (by === "inside" && this.#closed.has(zone))) return;
    this.#closed.set(zone, by);
    this.#changed(zone, by);
  }

  /** Open a spot again, whoever closed it; knocks at it are answered "open". */
  open(zone: string): void {
    if (!this.#closed.delete(zone)) return;
    this.#changed(zone, null);
    for (const k of [...this.#knocks.values()]) if (k.zone === zone) this.#end(k, "open", `${zone} is open again: walk in.`, null);
  }

  // ------------------------------------------------------------ messages

  /** `spot`: the people inside close their spot or open it again. */
  spot(p: FloorPerson, m: ClientMessage<"spot">): void {
    const zone = this.#spotOf(p);
    if (!zone) return this.#refuse(p.id, "spot", "forbidden", "you are not in a table or coffee corner");
    const by = this.#closed.get(zone.name);
    if (by === "host") return this.#refuse(p.id, "spot", "forbidden", `a host closed ${zone.name}; only a host can open it`);
    if (m.closed === (by !== undefined)) return; // already so
    const who = this.#o.name(p.id);
    if (m.closed) this.close(zone.name, "inside");
    else this.open(zone.name);
    const message = m.closed ? `${who} closed ${zone.name}: people outside knock to come in.` : `${who} opened ${zone.name}: anyone can walk in.`;
    for (const id of this.#inside(zone)) this.#o.outbox.send(id, "spotClosed", { zone: zone.name, closed: m.closed, message });
  }

  /** `knock`: at a spot the people inside closed, from its edge. */
  knock(p: FloorPerson, m: ClientMessage<"knock">): void {
    const zone = this.#o.zones().find((z): z is ConversationZone => (z.kind === "table" || z.kind === "coffee-corner") && z.name === m.zone);
    if (!zone) return this.#refuse(p.id, "knock", "not_found", `zone: "${m.zone}" is not a table or coffee corner on this floor`, "zone");
    const by = this.#closed.get(zone.name);
    if (by === undefined) return this.#status(p.id, zone.name, "open", `${zone.name} is open: walk in.`);
    if (by === "host") return this.#refuse(p.id, "knock", "forbidden", `zone: ${zone.name} is closed by a host; nobody can let you in`, "zone");
    const { tx, ty } = tileOf(p.walker);
    if (tilesFrom(zone.rect, tx, ty) === 0) return this.#refuse(p.id, "knock", "forbidden", `zone: you are already in ${zone.name}`, "zone");
    if (tilesFrom(zone.rect, tx, ty) > KNOCK_REACH_TILES) return this.#refuse(p.id, "knock", "forbidden", `zone: walk up to ${zone.name} to knock`, "zone");
    if (this.#admitted.get(p.id)?.zone === zone.name) return this.#status(p.id, zone.name, "letIn", `You may walk into ${zone.name}.`);
    if (this.#pendingBy(p.id, zone.name)) return this.#status(p.id, zone.name, "waiting", `You knocked at ${zone.name}; waiting for an answer.`);
    const wait = this.#waitBeforeKnock(p.id, zone.name);
    if (wait > 0) return this.#refuse(p.id, "knock", "rate_limited", `you can knock again in ${Math.ceil(wait / 1000)} s`);
    this.#knock(p, zone);
  }

  /** A step into a spot the people inside closed was refused: that is a knock, if one may be made now. */
  bumped(p: FloorPerson, zone: ConversationZone): void {
    if (this.#pendingBy(p.id, zone.name)) return;
    const wait = this.#waitBeforeKnock(p.id, zone.name);
    if (wait <= 0) return this.#knock(p, zone);
    const now = this.#o.now();
    if (now - p.fullNoticeAt <= 2000) return; // pushing against it: say it every 2 s at most
    p.fullNoticeAt = now;
    this.#status(p.id, zone.name, "closed", `${zone.name} is closed. You can knock again in ${Math.ceil(wait / 1000)} s.`, wait);
  }

  /** `knockAnswer`: someone inside lets the knocker in, or declines. The first answer counts. */
  answer(p: FloorPerson, m: ClientMessage<"knockAnswer">): void {
    const k = this.#knocks.get(m.id);
    if (!k) return this.#refuse(p.id, "knockAnswer", "not_found", "id: that knock was already answered or withdrawn", "id");
    const zone = this.#spotOf(p);
    if (zone?.name !== k.zone) return this.#refuse(p.id, "knockAnswer", "forbidden", `id: only the people in ${k.zone} can answer this knock`, "id");
    const who = this.#o.name(p.id);
    const knocker = k.name;
    if (m.letIn) {
      this.#admitted.set(k.knocker, { zone: k.zone, inside: false, until: this.#o.now() + ADMISSION_MS });
      this.#end(k, "letIn", `${who} let you into ${k.zone}: walk in.`, `${who} let ${knocker} in.`);
    } else {
      this.#again.set(`${k.knocker}\n${k.zone}`, this.#o.now() + KNOCK_AFTER_DECLINE_MS);
      this.#end(k, "declined", `Sorry — the people at ${k.zone} can't let you in right now.`, `${who} declined ${knocker}'s knock.`);
    }
  }

  leave(id: string): void {
    this.#admitted.delete(id);
    this.#recent.delete(id);
    for (const k of [...this.#knocks.values()]) {
      if (k.knocker === id) this.#end(k, "withdrawn", null, `${k.name} left.`);
      else k.told.delete(id);
    }
  }

  /** After each tick (every REVIEW_MS): spots left empty open, knocks follow who is inside, walked-away knocks are withdrawn. */
  afterTick(): void {
    if (this.#closed.size === 0 && this.#knocks.size === 0 && this.#admitted.size === 0) return;
    const now = this.#o.now();
    if (now - this.#reviewedAt < REVIEW_MS) return;
    this.#reviewedAt = now;
    const zones = this.#o.zones();
    const inside = new Map<string, FloorPerson[]>();
    for (const p of this.#o.people()) {
      const { tx, ty } = tileOf(p.walker);
      const z = conversationAt(zones, tx, ty);
      if (z) inside.set(z.name, [...(inside.get(z.name) ?? []), p]);
    }
    for (const [name, by] of [...this.#closed]) {
      const exists = zones.some((z) => z.name === name && (z.kind === "table" || z.kind === "coffee-corner"));
      // A spot nobody is in opens by itself (a host's closure stays, until the plan loses it).
      if (!exists || (by === "inside" && !inside.has(name))) this.open(name);
    }
    for (const [id, a] of [...this.#admitted]) {
      const here = (inside.get(a.zone) ?? []).some((p) => p.id === id);
      if (here) a.inside = true;
      else if (a.inside || now > a.until) this.#admitted.delete(id);
    }
    for (const k of [...this.#knocks.values()]) this.#review(k, zones, inside.get(k.zone) ?? [], now);
  }

  // ------------------------------------------------------------ inside

  #review(k: Knock, zones: readonly Zone[], inside: FloorPerson[], now: number): void {
    const knocker = this.#o.person(k.knocker);
    const zone = zones.find((z) => z.name === k.zone);
    if (!knocker || !zone) return this.#end(k, "withdrawn", null, null);
    const { tx, ty } = tileOf(knocker.walker);
    if (tilesFrom(zone.rect, tx, ty) > KNOCK_REACH_TILES) {
      return this.#end(k, "withdrawn", `You walked away from ${k.zone}; your knock is withdrawn.`, `${k.name} walked away.`);
    }
    if (now - k.at > KNOCK_TIMEOUT_MS) return this.#end(k, "withdrawn", `Nobody at ${k.zone} answered your knock.`, null);
    const answerers = new Set(inside.filter((p) => this.#mayAnswer(p, k.knocker)).map((p) => p.id));
    for (const id of k.told) {
      if (answerers.has(id)) continue;
      k.told.delete(id);
      this.#o.outbox.send(id, "knockGone", { id: k.id, message: null });
    }
    for (const id of answerers) if (!k.told.has(id)) this.#prompt(k, id);
  }

  #knock(p: FloorPerson, zone: ConversationZone): void {
    const now = this.#o.now();
    this.#recent.set(p.id, [...(this.#recent.get(p.id) ?? []).filter((t) => now - t < 60_000), now]);
    this.#again.set(`${p.id}\n${zone.name}`, now + KNOCK_AGAIN_MS);
    const inside = this.#inside(zone).map((id) => this.#o.person(id)).filter((q): q is FloorPerson => q !== undefined);
    const answerers = inside.filter((q) => this.#mayAnswer(q, p.id));
    if (answerers.length === 0) {
      const why = inside.some((q) => q.connected) ? `The people at ${zone.name} don't want to be disturbed right now.` : `Nobody at ${zone.name} can answer right now.`;
      return this.#status(p.id, zone.name, "nobody", why);
    }
    const k: Knock = { id: `k${++this.#seq}`, knocker: p.id, name: this.#o.name(p.id), zone: zone.name, at: now, told: new Set() };
    this.#knocks.set(k.id, k);
    for (const q of answerers) this.#prompt(k, q.id);
    this.#status(p.id, zone.name, "sent", `You knocked at ${zone.name}. Waiting for the people inside…`);
  }

  #prompt(k: Knock, id: string): void {
    k.told.add(id);
    this.#o.outbox.send(id, "knock", { id: k.id, zone: k.zone, from: { id: k.knocker, name: k.name } });
  }

  /** The knock is over: the knocker is told `toKnocker` (if any), everyone who saw it `toInside`. */
  #end(k: Knock, state: KnockState, toKnocker: string | null, toInside: string | null): void {
    this.#knocks.delete(k.id);
    for (const id of k.told) this.#o.outbox.send(id, "knockGone", { id: k.id, message: toInside });
    if (toKnocker !== null && this.#o.person(k.knocker)) this.#status(k.knocker, k.zone, state, toKnocker);
  }

  #mayAnswer(p: FloorPerson, knocker: string): boolean {
    return p.connected && !this.#o.busy(p.id) && !this.#o.apart?.(p.id, knocker);
  }

  #pendingBy(id: string, zone: string): boolean {
    for (const k of this.#knocks.values()) if (k.knocker === id && k.zone === zone) return true;
    return false;
  }

  /** Milliseconds until this knocker may knock at this spot (0: now). */
  #waitBeforeKnock(id: string, zone: string): number {
    const now = this.#o.now();
    const recent = (this.#recent.get(id) ?? []).filter((t) => now - t < 60_000);
    const perMinute = recent.length >= KNOCKS_PER_MINUTE ? recent[0]! + 60_000 - now : 0;
    return Math.max(0, perMinute, (this.#again.get(`${id}\n${zone}`) ?? 0) - now);
  }

  #spotOf(p: FloorPerson): ConversationZone | undefined {
    const { tx, ty } = tileOf(p.walker);
    return conversationAt(this.#o.zones(), tx, ty);
  }

  /** Sessions standing in `zone` now. */
  #inside(zone: ConversationZone): string[] {
    const zones = this.#o.zones();
    const ids: string[] = [];
    for (const p of this.#o.people()) {
      const { tx, ty } = tileOf(p.walker);
      if (conversationAt(zones, tx, ty)?.name === zone.name) ids.push(p.id);
    }
    return ids;
  }

  #changed(zone: string, by: ClosedBy | null): void {
    this.#closedNames = new Set(this.#closed.keys());
    this.#o.board?.showClosed(zone, by);
  }

  #status(id: string, zone: string, state: KnockState, message: string, againInMs?: number): void {
    const m: ServerMessages["knockStatus"] = { zone, state, message, ...(againInMs !== undefined ? { againInMs } : {}) };
    this.#o.outbox.send(id, "knockStatus", m);
  }

  #refuse(id: string, type: "spot" | "knock" | "knockAnswer", code: ErrorCode, message: string, field?: string): void {
    this.#o.outbox.send(id, "error", { code, type, message, ...(field ? { field } : {}) });
  }
}
