/**
 * One floor of a venue, live, as plain data: who is on it, how they walk on the fixed
 * tick, and what each intent (move, walkTo, locate, resync, viewport, media) does. It
 * composes the floor's modules (places, portals, spawn, interest view, reload, media) and
 * is driven by the room — or by a unit test with an injected clock. Never touches a
 * socket or Colyseus: what people are told goes through the Outbox.
 */
import { closedAreas, fullAreas, refusalMessage, type EntryVerdict } from "../../shared/map/capacity.ts";
import { rectContainsTile, type Floor, type TileRect, type Zone } from "../../shared/map/model.ts";
import { TILE_SIZE } from "../../shared/constants.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { tileOf } from "../../shared/movement/step.ts";
import { advance, follow, halt, hold, stopAt } from "../../shared/movement/walker.ts";
import { clampViewport, type ClientMessage } from "../../shared/protocol/messages.ts";
import type { HeldSource } from "../../shared/protocol/moderation.ts";
import type { Logger } from "../log.ts";
import { blockingOutbox, FloorBlocks, memoryBlockStore, type BlockStore } from "./blocks.ts";
import { FloorChat, type ChatStore } from "./chat.ts";
import type { VenueConnector } from "./venue.ts";
import { memoryChatStore } from "./chatMemory.ts";
import { FloorEncounters, type EncounterHook } from "./encounters.ts";
import { Follows } from "./follow.ts";
import { Knocks, type SpotBoard } from "./knock.ts";
import { InterestView } from "./interest.ts";
import { memoryModerationStore, Moderation, type ModerationStore } from "./moderation.ts";
import { Reactions, type StatusBoard } from "./reactions.ts";
import { FloorMediaLink, type FloorMediaPort } from "./media.ts";
import type { Outbox } from "./outbox.ts";
import { DEFAULT_VIEWPORT, newPerson, type FloorPerson } from "./person.ts";
import { Places } from "./places.ts";
import { Mixer, type MixerOptions } from "./mixer.ts";
import { Nudges } from "./nudge.ts";
import { Portals } from "./portals.ts";
import { Profiles, type InterestBoard } from "./profiles.ts";
import { resettle } from "./reload.ts";
import { spawnPoint } from "./spawn.ts";
import { Stage } from "./stage.ts";

/** A person is told a spot is full at most this often (holding a key must not spam). */
const FULL_NOTICE_MS = 2000;
/** A client may have everyone it sees sent again at most this often. */
const RESYNC_MS = 2000;

export interface LiveFloorOptions {
  /** The venue's slug (portals lead to floors of the same venue). */
  venue: string;
  plan: Floor;
  outbox: Outbox;
  /** Milliseconds, monotonic enough for rate limits (Date.now in the room, a fake in tests). */
  now(): number;
  /** [0, 1), for spawning on a random free tile. */
  random?(): number;
  media?: FloorMediaPort | null;
  log: Logger;
  /** The floor's slug (chat scopes) and name, and chat's storage, the line to the venue's other floors and where statuses show. */
  floor?: string;
  floorName?: string;
  /** `batch`: floor-channel messages go out once a tick, together (a real room; tests without ticks see each at once). */
  chat?: { store?: ChatStore | undefined; venue?: VenueConnector | undefined; board?: StatusBoard & Partial<InterestBoard>; batch?: boolean };
  /** Where moderation is audited (in memory by default), how the room removes someone, and how a host's "end the event" is carried out. */
  moderation?: { store?: ModerationStore | undefined; dismiss?(id: string, message: string): void; endEvent?: ((eventId: string) => Promise<void>) | undefined };
  /** Where blocks are kept (in memory by default). */
  blocks?: BlockStore | undefined;
  /** Who met whom before (the who-I-met log), so mixer rounds pair new people. */
  mixer?: Pick<MixerOptions, "metAmong">;
  /** Where closed tables and corners show (the room's shared state). */
  spots?: SpotBoard | null;
}

/** Who arrives, and where: a portal's spawn, the viewport, and (for chat) their name and admission. */
export interface Arrival {
  spawn?: string | undefined;
  viewport?: { width: number; height: number } | undefined;
  name?: string;
  avatar?: string;
  admission?: { person: { id: string }; role: string; eventId: string | null } | null;
}

export class LiveFloor {
  readonly venue: string;
  #plan: Floor;
  #pathfinder: Pathfinder;
  #portals: Portals;
  readonly #people = new Map<string, FloorPerson>();
  readonly #outbox: Outbox;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly view: InterestView;
  readonly places: Places;
  readonly media: FloorMediaLink;
  /** "Who I met", once the room says where meetings go (recordEncounters). */
  encounters: FloorEncounters | null = null;
  /** Mixer rounds a host runs (mixer.ts). */
  readonly mixer: Mixer;
  readonly #tellMet: (a: string, b: string) => void;
  readonly chat: FloorChat;
  readonly reactions: Reactions;
  /** Editing your interests, intents and affiliation in the venue (profiles.ts). */
  readonly profiles: Profiles;
  /** Who may stand on a stage, raised hands, "Live · N listening" (stage.ts). */
  readonly stage: Stage;
  /** Hosts and moderators running the room (moderation.ts); also the floor's roster of roles. */
  readonly moderation: Moderation;
  /** Who blocked whom among the people here (blocks.ts): media, views and chat keep them apart. */
  readonly blocks: FloorBlocks;
  /** Closed spots, knocks and who was let in (knock.ts). */
  readonly knocks: Knocks;
  /** Who walks after whom (follow.ts). */
  readonly follows: Follows;
  /** "On your own — walk over?" to someone standing alone (nudge.ts). */
  readonly nudges: Nudges;

  constructor(o: LiveFloorOptions) {
    this.venue = o.venue;
    this.#plan = o.plan;
    this.#pathfinder = new Pathfinder(o.plan);
    this.#portals = new Portals(o.plan);
    this.#outbox = o.outbox;
    this.#now = o.now;
    this.#random = o.random ?? Math.random;
    this.media = new FloorMediaLink(o.media ?? null, o.outbox, o.log, (a, b) => this.blocks.apart(a, b));
    this.#tellMet = (a, b) => (o.outbox.send(a, "met", { id: b }), o.outbox.send(b, "met", { id: a }), this.mixer.met(a, b));
    this.view = new InterestView({ person: (id) => this.#people.get(id), heard: (id) => this.media.heard(id), apart: () => this.blocks.active() });
    this.places = new Places(
      o.plan,
      (p) => {
        this.view.moved(p);
        this.media.moved();
      },
      (p) => ({ mayBeOnStage: () => this.stage.mayBeOnStage(p.id), closed: this.knocks.closedFor(p.id), held: this.mixer.placeOf(p.id) }),
    );
    const names = { name: (id: string) => this.chat.member(id)?.name ?? "Someone", busy: (id: string) => this.chat.member(id)?.status === "busy" };
    this.knocks = new Knocks({ outbox: o.outbox, now: o.now, zones: () => this.#plan.zones, people: () => this.#people.values(), person: (id) => this.#people.get(id), ...names, board: o.spots ?? null, apart: (a, b) => this.blocks.apart(a, b) });
    this.follows = new Follows({
      outbox: o.outbox,
      now: o.now,
      person: (id) => this.#people.get(id),
      people: () => this.#people.values(),
      who: (id) => {
        const m = this.chat.member(id);
        return m ? { personId: m.personId, name: m.name } : undefined;
      },
      route: (id, from, to) => this.#pathfinder.find(from, to, this.#closedTo(id)),
      apart: (a, b) => this.blocks.apart(a, b),
    });
    const roster = { person: (id: string) => this.#people.get(id), zones: () => this.#plan.zones, placeIn: (p: FloorPerson, z: Zone) => this.#placeIn(p, z) };
    this.stage = new Stage({ ...roster, outbox: o.outbox, now: o.now, people: () => this.#people.values(), member: (id) => this.moderation.member(id), members: () => this.moderation.members() });
    const { store: moderationStore = memoryModerationStore(), dismiss, endEvent } = o.moderation ?? {};
    const moderation = { venue: o.venue, floor: o.floor ?? "main", outbox: o.outbox, now: o.now, log: o.log, store: moderationStore, stage: this.stage };
    this.moderation = new Moderation({ ...roster, ...moderation, spots: this.knocks, hold: (id, source, held) => this.#hold(id, source, held), ...(dismiss ? { dismiss } : {}), ...(endEvent ? { endEvent } : {}) });
    const { store = memoryChatStore(), venue, board, batch = false } = o.chat ?? {};
    const personOf = (id: string) => this.moderation.member(id)?.personId;
    this.blocks = new FloorBlocks({
      outbox: o.outbox,
      log: o.log,
      store: o.blocks ?? memoryBlockStore((personId) => [...this.moderation.members()].find(([, m]) => m.personId === personId)?.[1].name),
      personOf,
      sessionsOf: (personId) => [...this.moderation.members()].filter(([, m]) => m.personId === personId).map(([id]) => id),
      changed: (sessions) => {
        for (const id of sessions) {
          const p = this.#people.get(id);
          if (p) this.view.refresh(p);
        }
        this.media.separated();
      },
    });
    const chat = { venue: o.venue, floor: o.floor ?? "main", floorName: o.floorName ?? o.floor ?? "main", outbox: blockingOutbox(o.outbox, this.blocks, personOf), apart: (a: string, b: string) => this.blocks.apartPeople(a, b), blockedBy: (personId: string) => this.blocks.blockedBy(personId), now: o.now, log: o.log, store, batch, ...(venue ? { line: venue } : {}) };
    this.chat = new FloorChat({ ...chat, person: (id) => this.#people.get(id), people: () => this.#people.values(), zones: () => this.#plan.zones });
    this.reactions = new Reactions({ outbox: o.outbox, now: o.now, chat: this.chat, view: this.view, people: () => this.#people.values(), board: board ?? null });
    const sessionsOf = (personId: string) => [...this.moderation.members()].filter(([, m]) => m.personId === personId).map(([id]) => id);
    this.profiles = new Profiles({ outbox: o.outbox, log: o.log, store, personOf, sessionsOf, board: board?.setInterests ? { setInterests: (id, tags) => board.setInterests?.(id, tags) } : null });
    this.mixer = new Mixer({
      ...roster,
      ...o.mixer,
      outbox: o.outbox,
      now: o.now,
      random: this.#random,
      log: o.log,
      member: (id) => this.moderation.member(id),
      people: () => this.#people.values(),
      plan: () => this.#plan,
      closed: () => this.moderation.closed,
      placeAt: (p, tx, ty) => this.places.place(p, (tx + 0.5) * TILE_SIZE, (ty + 0.5) * TILE_SIZE),
      profile: (personId) => store.profile(personId),
    });
    this.nudges = new Nudges({
      outbox: o.outbox,
      now: o.now,
      people: () => this.#people.values(),
      plan: () => this.#plan,
      counts: () => this.places.counts,
      ...names,
      inRound: (id) => this.mixer.inGroup(id),
      apart: (a, b) => this.blocks.apart(a, b),
    });
  }

  /** Report two people who talked long enough to `hook` (then both are told `met`). */
  recordEncounters(hook: EncounterHook): void {
    this.encounters = new FloorEncounters({ hook, now: this.#now, tell: this.#tellMet });
  }

  get plan(): Floor {
    return this.#plan;
  }

  person(id: string): FloorPerson | undefined {
    return this.#people.get(id);
  }

  people(): IterableIterator<FloorPerson> {
    return this.#people.values();
  }

  // ------------------------------------------------------------ arriving and leaving

  /** Someone arrives: at the named spawn (through a portal) or the entrance. */
  join(id: string, arrival: Arrival = {}): FloorPerson {
    const at = spawnPoint(this.#plan, arrival.spawn, this.#random);
    const p = newPerson(id, at, arrival.viewport ? clampViewport(arrival.viewport) : DEFAULT_VIEWPORT);
    this.#people.set(id, p);
    this.view.add(p);
    this.places.place(p, at.x, at.y);
    this.view.refresh(p);
    this.media.join(id);
    const who = arrival.admission;
    this.chat.join(id, { personId: who?.person.id ?? id, name: arrival.name ?? "Someone", avatar: arrival.avatar ?? "slate", role: who?.role ?? "attendee", eventId: who?.eventId ?? null });
    this.moderation.join(id, { personId: who?.person.id ?? id, name: arrival.name ?? "Someone", role: who?.role ?? "attendee", eventId: who?.eventId ?? null });
    this.stage.join(id);
    this.blocks.join(id, who?.person.id ?? id);
    this.mixer.join(id);
    this.follows.joined(id);
    return p;
  }

  /** An accidental disconnect: the avatar stays where it stands, greyed out, until they come back or time runs out. */
  away(p: FloorPerson): void {
    p.connected = false;
    halt(p.walker);
    this.chat.connection(p.id);
  }

  /** Back within the grace period: the reconnected client starts with nothing, media included. */
  back(p: FloorPerson): void {
    p.connected = true;
    this.chat.connection(p.id);
    this.view.resend(p);
    this.view.refresh(p);
    this.media.join(p.id);
  }

  leave(p: FloorPerson): void {
    if (this.#people.get(p.id) !== p) return;
    this.media.leave(p.id);
    this.#people.delete(p.id);
    this.chat.leave(p.id);
    this.reactions.leave(p.id);
    this.profiles.leave(p.id);
    this.view.remove(p, this.#people.values());
    this.places.leave(p);
    this.encounters?.leave(p.id);
    this.mixer.leave(p.id);
    this.stage.leave(p.id);
    const personId = this.moderation.member(p.id)?.personId;
    this.moderation.leave(p.id);
    if (personId !== undefined) this.blocks.leave(personId);
    this.knocks.leave(p.id);
    this.follows.leave(p.id);
    this.nudges.leave(p.id);
  }

  // ------------------------------------------------------------ intents

  /** The direction the person holds (0, 0 = stop). */
  move(p: FloorPerson, m: ClientMessage<"move">): void {
    hold(p.walker, { dx: m.dx, dy: m.dy });
    p.seq = m.seq;
    if (m.dx !== 0 || m.dy !== 0) this.follows.stop(p); // walking by yourself ends following
  }

  /** Walk to a tile along a path; a tile that cannot be reached is refused with the reason. */
  walkTo(p: FloorPerson, m: ClientMessage<"walkTo">): void {
    this.follows.stop(p);
    const route = this.#pathfinder.find(tileOf(p.walker), { tx: m.tx, ty: m.ty }, this.#routeAround(p));
    if (!route) {
      this.#outbox.send(p.id, "error", { code: "unreachable", type: "walkTo", message: `tile (${m.tx}, ${m.ty}) cannot be reached from where you stand` });
      return;
    }
    follow(p.walker, route);
  }

  /** The closed tables and corners this session's routes go around (not the one they were let into). */
  #closedTo(id: string): TileRect[] {
    return closedAreas(this.#plan.zones, this.knocks.closedFor(id));
  }

  /** What a route walks around: the closed spots, and the full ones (unless it ends in one: then it stops at the edge). */
  #routeAround(p: FloorPerson): TileRect[] {
    return [...this.#closedTo(p.id), ...fullAreas(this.#plan.zones, this.places.counts)];
  }

  /** Where does this person stand? (to walk over from the who's-here list) */
  locate(p: FloorPerson, m: ClientMessage<"locate">): void {
    const other = this.#people.get(m.id);
    if (!other) {
      this.#outbox.send(p.id, "error", { code: "not_found", type: "locate", field: "id", message: `id: nobody with id "${m.id}" is on this floor` });
      return;
    }
    this.#outbox.send(p.id, "located", { id: m.id, ...tileOf(other.walker) });
  }

  /** The client's copy missed something: send everyone it sees again (at most every RESYNC_MS). */
  resync(p: FloorPerson): void {
    const now = this.#now();
    if (now - p.resyncAt < RESYNC_MS) return;
    p.resyncAt = now;
    this.view.resend(p);
  }

  viewport(p: FloorPerson, m: ClientMessage<"viewport">): void {
    p.viewport = clampViewport(m);
  }

  // ------------------------------------------------------------ the tick

  /** `steps` fixed steps of everyone's walking (more than one after a late interval), then views and media. */
  tick(steps = 1): void {
    for (let i = 0; i < steps; i++) this.#step();
    this.view.refreshSome(this.#people.values());
    this.media.afterTick(this.#people.values(), this.#plan);
    this.encounters?.afterTick(this.#people.values(), this.#plan);
    this.stage.afterTick();
    this.mixer.afterTick();
    this.knocks.afterTick();
    this.follows.afterTick();
    this.nudges.afterTick();
    this.chat.flush();
  }

  #step(): void {
    for (const p of this.#people.values()) {
      const w = p.walker;
      const from = { x: w.x, y: w.y };
      const goal = w.route.at(-1);
      let moved = advance(w, this.#plan);
      if (moved) {
        const verdict = this.places.step(p, from);
        if (!verdict.ok) {
          // A full table or corner is like a wall: stay outside and say why.
          stopAt(w, from);
          moved = false;
          // On the way somewhere else (it filled up since the route was found): go around it.
          if (verdict.reason !== "stage" && goal) this.#reroute(p, goal, verdict.zone.rect);
          if (verdict.reason === "closed" && this.knocks.closed.get(verdict.zone.name) === "inside") this.knocks.bumped(p, verdict.zone);
          else this.#tellRefused(p, verdict);
        }
      }
      if (moved) {
        this.#enterPortal(p, from);
        this.media.moved();
      }
      // Also when not moved: turning towards a wall or stopping changes the pose.
      this.view.moved(p, moved);
    }
  }

  /** Walk on to `goal` around `blocked` (and the other closed and full spots); no way around, they stay. */
  #reroute(p: FloorPerson, goal: { x: number; y: number }, blocked: TileRect): void {
    const to = tileOf(goal);
    if (rectContainsTile(blocked, to.tx, to.ty)) return;
    const route = this.#pathfinder.find(tileOf(p.walker), to, [blocked, ...this.#routeAround(p)]);
    const through = (r: { x: number; y: number }) => rectContainsTile(blocked, tileOf(r).tx, tileOf(r).ty);
    if (route && !route.some(through)) follow(p.walker, route);
  }

  #tellRefused(p: FloorPerson, verdict: Exclude<EntryVerdict, { ok: true }>): void {
    const now = this.#now();
    if (now - p.fullNoticeAt <= FULL_NOTICE_MS) return;
    p.fullNoticeAt = now;
    // A full spot is zone_full (the client shows it); a stage or a closed spot is forbidden to this person.
    this.#outbox.send(p.id, "error", { code: verdict.reason === "stage" || verdict.reason === "closed" ? "forbidden" : "zone_full", type: "move", message: refusalMessage(verdict) });
  }

  /** A host muted someone or stopped their camera or screen (held), or allowed it: media follows, and a mute is heard at once. */
  #hold(id: string, source: HeldSource, held: boolean): void {
    this.media.hold(id, source, held);
    const p = this.#people.get(id);
    // Listeners close that voice now, as when someone mutes themselves — not when the paused producer's silence reaches them.
    if (p && source === "mic" && held) this.media.speaking(p, { muted: true }, this.#people.values());
  }

  /** Put someone on a free tile inside `zone` (a host's move, the stage's up and down). */
  #placeIn(p: FloorPerson, zone: Zone): void {
    const { x, y, width, height } = zone.rect;
    this.places.place(p, (x + Math.floor(width / 2) + 0.5) * TILE_SIZE, (y + Math.floor(height / 2) + 0.5) * TILE_SIZE);
  }

  /** Stepping into a portal sends you to its target floor (the client switches rooms). */
  #enterPortal(p: FloorPerson, from: { x: number; y: number }): void {
    const portal = this.#portals.entered(from, p.walker);
    if (!portal) return;
    halt(p.walker);
    // Their followers head for this portal; if they follow someone through it, they go on following there.
    const follow = this.follows.tookPortal(p.id, tileOf(p.walker));
    this.#outbox.send(p.id, "portal", {
      venue: this.venue,
      floor: portal.target,
      via: portal.name,
      ...(portal.targetSpawn ? { spawn: portal.targetSpawn } : {}),
      ...(follow ? { follow } : {}),
    });
  }

  // ------------------------------------------------------------ a new plan

  /** A host published a new version: swap the plan under everyone's feet (see reload.ts). */
  replacePlan(plan: Floor): void {
    this.#plan = plan;
    this.#pathfinder = new Pathfinder(plan);
    this.#portals = new Portals(plan);
    resettle(plan, this.#people.values(), this.places, this.#pathfinder, (id) => this.#closedTo(id));
    // New zones change who hears whom even for people who stand still.
    this.media.moved();
  }

  close(): void {
    this.chat.close();
    this.media.close();
  }
}
