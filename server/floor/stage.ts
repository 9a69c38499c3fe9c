/**
 * The stage belongs to its speakers (issue #12): who may stand on a `stage` zone (the
 * speaker and host roles, and whoever a host or moderator brought up), the queue of raised
 * hands that hosts and moderators see, and "Live · N listening" for whoever is on a stage.
 * Plain data with an injected clock; walking is refused by Places through `mayBeOnStage`,
 * and people are told through the Outbox. Never holds a socket.
 */
import type { StageZone } from "../../shared/map/capacity.ts";
import { rectContainsTile, type Zone } from "../../shared/map/model.ts";
import { tileOf } from "../../shared/movement/step.ts";
import type { ClientMessage } from "../../shared/protocol/messages.ts";
import type { RaisedHand } from "../../shared/protocol/moderation.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/** Roles that may stand on a stage without being brought up. */
const ON_STAGE_ROLES = new Set(["speaker", "host"]);
/** Roles that see raised hands and bring people up and down. */
export const MODERATOR_ROLES: ReadonlySet<string> = new Set(["host", "moderator"]);
/** Audience counts are recomputed at most this often. */
const LIVE_EVERY_MS = 1000;

/** Someone on this floor as the stage (and moderation) knows them. */
export interface FloorMember {
  personId: string;
  name: string;
  /** host, moderator, speaker or attendee. */
  role: string;
  eventId: string | null;
}

export interface StageOptions {
  outbox: Outbox;
  now(): number;
  member(id: string): FloorMember | undefined;
  members(): Iterable<[string, FloorMember]>;
  person(id: string): FloorPerson | undefined;
  people(): Iterable<FloorPerson>;
  zones(): readonly Zone[];
  /** Put someone inside a zone (Places.place on a free tile of it). */
  placeIn(person: FloorPerson, zone: Zone): void;
}

function zoneAt<K extends Zone["kind"]>(zones: readonly Zone[], kind: K, p: FloorPerson): Extract<Zone, { kind: K }> | undefined {
  const { tx, ty } = tileOf(p.walker);
  return zones.find((z): z is Extract<Zone, { kind: K }> => z.kind === kind && rectContainsTile(z.rect, tx, ty));
}

export class Stage {
  readonly #o: StageOptions;
  /** Temporary speakers: sessions a host or moderator brought up. */
  readonly #brought = new Set<string>();
  /** Raised hands: session → when raised. */
  readonly #hands = new Map<string, number>();
  /** What each person on a stage was last told (listening count). */
  readonly #live = new Map<string, number>();
  #liveAt = -Infinity;

  constructor(o: StageOptions) {
    this.#o = o;
  }

  /** May this session stand on a stage? (Places asks on every step onto one.) */
  mayBeOnStage(id: string): boolean {
    const role = this.#o.member(id)?.role ?? "attendee";
    return ON_STAGE_ROLES.has(role) || this.#brought.has(id);
  }

  /** A host or moderator arrived: they see the queue straight away. */
  join(id: string): void {
    if (MODERATOR_ROLES.has(this.#o.member(id)?.role ?? "")) this.#o.outbox.send(id, "hands", { queue: this.queue() });
  }

  leave(id: string): void {
    this.#brought.delete(id);
    this.#live.delete(id);
    if (this.#hands.delete(id)) this.#tellQueue();
  }

  /** Raised hands, oldest first. */
  queue(): RaisedHand[] {
    return [...this.#hands].sort((a, b) => a[1] - b[1]).map(([id, at]) => ({ id, name: this.#o.member(id)?.name ?? "Someone", at }));
  }

  /** `hand`: raise or lower your hand (raising twice keeps your place in the queue). */
  hand(p: FloorPerson, m: ClientMessage<"hand">): void {
    const had = this.#hands.has(p.id);
    if (m.raised && !had) this.#hands.set(p.id, this.#o.now());
    if (!m.raised && had) this.#hands.delete(p.id);
    this.#o.outbox.send(p.id, "hand", { raised: m.raised });
    if (had !== m.raised) this.#tellQueue();
  }

  /** Make `id` a temporary speaker and put them on the stage (theirs: the one whose audience they stand in). Returns the stage, or an error. */
  bringUp(id: string): { ok: true; stage: StageZone } | { ok: false; message: string } {
    const p = this.#o.person(id);
    if (!p) return { ok: false, message: `id: nobody with id "${id}" is on this floor` };
    const zones = this.#o.zones();
    const stages = zones.filter((z): z is StageZone => z.kind === "stage");
    const audience = zoneAt(zones, "audience", p);
    const stage = stages.find((s) => audience && s.audience.includes(audience.name)) ?? stages[0];
    if (!stage) return { ok: false, message: "this floor has no stage" };
    this.#brought.add(id);
    if (this.#hands.delete(id)) this.#tellQueue();
    this.#o.outbox.send(id, "hand", { raised: false });
    if (zoneAt(zones, "stage", p) === undefined) this.#o.placeIn(p, stage);
    return { ok: true, stage };
  }

  /** No longer a temporary speaker: off the stage, into its audience (or wherever there is room). */
  bringDown(id: string): { ok: true } | { ok: false; message: string } {
    const p = this.#o.person(id);
    if (!p) return { ok: false, message: `id: nobody with id "${id}" is on this floor` };
    this.#brought.delete(id);
    const zones = this.#o.zones();
    const stage = zoneAt(zones, "stage", p);
    if (stage && !this.mayBeOnStage(id)) {
      const below = zones.find((z) => z.kind === "audience" && stage.audience.includes(z.name));
      const elsewhere = below ?? zones.find((z) => z.kind === "spawn");
      if (elsewhere) this.#o.placeIn(p, elsewhere);
    }
    return { ok: true };
  }

  /** After each tick: at most every LIVE_EVERY_MS, tell each person on a stage how many listen. */
  afterTick(): void {
    const now = this.#o.now();
    if (now - this.#liveAt < LIVE_EVERY_MS) return;
    this.#liveAt = now;
    const zones = this.#o.zones();
    const people = [...this.#o.people()].filter((p) => p.connected);
    const inAudience = new Map<string, number>();
    for (const p of people) {
      const a = zoneAt(zones, "audience", p);
      if (a) inAudience.set(a.name, (inAudience.get(a.name) ?? 0) + 1);
    }
    const onStage = new Set<string>();
    for (const p of people) {
      const stage = zoneAt(zones, "stage", p);
      if (!stage) continue;
      onStage.add(p.id);
      const listening = stage.audience.reduce((n, name) => n + (inAudience.get(name) ?? 0), 0);
      if (this.#live.get(p.id) === listening) continue;
      this.#live.set(p.id, listening);
      this.#o.outbox.send(p.id, "live", { onStage: true, listening });
    }
    for (const id of [...this.#live.keys()]) {
      if (onStage.has(id)) continue;
      this.#live.delete(id);
      this.#o.outbox.send(id, "live", { onStage: false, listening: 0 });
    }
  }

  #tellQueue(): void {
    const queue = this.queue();
    for (const [id, m] of this.#o.members()) if (MODERATOR_ROLES.has(m.role)) this.#o.outbox.send(id, "hands", { queue });
  }
}
