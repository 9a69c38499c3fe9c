/**
 * Following (issue #11): your avatar walks after someone — planned here on the server,
 * which stays the only one moving avatars — up to the tile next to theirs, again whenever
 * they reach another tile; through a portal after them (the follower's portal message
 * says whom to follow on the next floor, and that floor waits a little for them to
 * arrive), until the follower moves by themselves or the person leaves the venue.
 * Plain data: routes come from the floor's pathfinder, people are told through the Outbox.
 */
import type { Position } from "../../shared/movement/step.ts";
import { tileOf } from "../../shared/movement/step.ts";
import { follow as walkRoute } from "../../shared/movement/walker.ts";
import type { ClientMessage } from "../../shared/protocol/messages.ts";
import type { FollowInfo } from "../../shared/protocol/knock.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/** After a portal, the next floor waits this long for the person followed to arrive. */
export const FOLLOW_ARRIVAL_MS = 20_000;

export interface FollowsOptions {
  outbox: Outbox;
  now(): number;
  person(id: string): FloorPerson | undefined;
  people(): Iterable<FloorPerson>;
  /** Identity (Person id) and name of a session on this floor. */
  who(id: string): FollowInfo | undefined;
  /** Tile centres from one tile to another for this session (the floor's pathfinder, around spots closed to them), null if unreachable. */
  route(id: string, from: { tx: number; ty: number }, to: { tx: number; ty: number }): Position[] | null;
  /** Did either of these two sessions block the other (blocks.ts)? Then neither follows the other. */
  apart?(a: string, b: string): boolean;
}

interface Following {
  with: FollowInfo;
  /** Their session here; null while waiting for them to arrive through a portal. */
  target: string | null;
  /** They took a portal: walk onto this tile of it (and through). */
  portal: { tx: number; ty: number } | null;
  /** Waiting for them: give up after this. */
  until: number;
  /** The tile last planned for ("tx,ty"), so a route is planned once per tile they reach. */
  plannedFor: string;
}

export class Follows {
  readonly #o: FollowsOptions;
  /** Follower session → whom they follow. */
  readonly #following = new Map<string, Following>();

  constructor(o: FollowsOptions) {
    this.#o = o;
  }

  /** Who this session follows, if anyone (for tests and the room). */
  of(id: string): FollowInfo | undefined {
    return this.#following.get(id)?.with;
  }

  /** `follow`: someone on this floor (`id`), or someone arriving or here by identity (`personId`, after a portal). */
  follow(p: FloorPerson, m: ClientMessage<"follow">): void {
    if (m.id !== undefined) {
      const who = this.#o.who(m.id);
      if (!who || !this.#o.person(m.id)) return this.#refuse(p.id, "not_found", `id: nobody with id "${m.id}" is on this floor`);
      if (m.id === p.id) return this.#refuse(p.id, "forbidden", "id: you cannot follow yourself");
      if (this.#o.apart?.(p.id, m.id)) return this.#refuse(p.id, "forbidden", `id: you cannot follow ${who.name}`);
      return this.#start(p.id, who, m.id);
    }
    const personId = m.personId ?? "";
    const here = this.#sessionOf(personId);
    if (here === p.id || this.#o.who(p.id)?.personId === personId) return this.#refuse(p.id, "forbidden", "personId: you cannot follow yourself", "personId");
    const who = here ? this.#o.who(here) : undefined;
    if (here && who) return this.#start(p.id, who, here);
    const waiting: FollowInfo = { personId, name: "" };
    this.#following.set(p.id, { with: waiting, target: null, portal: null, until: this.#o.now() + FOLLOW_ARRIVAL_MS, plannedFor: "" });
    this.#o.outbox.send(p.id, "following", { state: "waiting", with: waiting, message: null });
  }

  /** `unfollow`, or the follower walked by themselves: stop. */
  stop(p: FloorPerson): void {
    const f = this.#following.get(p.id);
    if (!f) return;
    this.#following.delete(p.id);
    this.#o.outbox.send(p.id, "following", { state: "off", with: null, message: f.with.name ? `You stopped following ${f.with.name}.` : null });
  }

  /** Someone arrived: whoever waits to follow them (after a portal) starts now. */
  joined(id: string): void {
    const who = this.#o.who(id);
    if (!who) return;
    for (const [follower, f] of this.#following) {
      if (f.target !== null || f.with.personId !== who.personId || follower === id) continue;
      if (this.#o.apart?.(follower, id)) this.#following.delete(follower);
      else this.#start(follower, who, id);
    }
  }

  /**
   * `id` walked into a portal. Their followers head for the tile they took it from; the
   * return is who `id` follows on the next floor (put in their portal message), if anyone.
   */
  tookPortal(id: string, at: { tx: number; ty: number }): FollowInfo | undefined {
    for (const f of this.#following.values()) {
      if (f.target !== id) continue;
      f.portal = at;
      f.plannedFor = "";
    }
    // Only when they are going after someone through it (not a portal on the way to someone here).
    const mine = this.#following.get(id);
    return mine?.portal ? mine.with : undefined;
  }

  /** `id` left this floor: they follow nobody here; those following them stop, unless they are heading for the portal they took. */
  leave(id: string): void {
    this.#following.delete(id);
    for (const [follower, f] of [...this.#following]) {
      if (f.target !== id || f.portal) continue;
      this.#following.delete(follower);
      this.#o.outbox.send(follower, "following", { state: "off", with: null, message: `${f.with.name} left; you stopped following.` });
    }
  }

  /** After each tick: a new route for every follower whose person reached another tile; waits that ran out end. */
  afterTick(): void {
    if (this.#following.size === 0) return;
    const now = this.#o.now();
    for (const [id, f] of [...this.#following]) {
      const me = this.#o.person(id);
      if (!me) continue;
      if (f.target === null) {
        if (now > f.until) {
          this.#following.delete(id);
          this.#o.outbox.send(id, "following", { state: "off", with: null, message: "The person you followed did not arrive here; you stopped following." });
        }
        continue;
      }
      if (this.#o.apart?.(id, f.target)) {
        this.#following.delete(id);
        this.#o.outbox.send(id, "following", { state: "off", with: null, message: null });
        continue;
      }
      const them = f.portal ? null : this.#o.person(f.target);
      const goal = f.portal ?? (them ? tileOf(them.walker) : null);
      if (!goal) continue;
      const key = `${goal.tx},${goal.ty}`;
      if (key === f.plannedFor) continue;
      f.plannedFor = key;
      const route = this.#o.route(id, tileOf(me.walker), goal);
      if (!route && f.portal) {
        this.#following.delete(id);
        this.#o.outbox.send(id, "following", { state: "off", with: null, message: `${f.with.name} took a portal you cannot reach from here; you stopped following.` });
        continue;
      }
      if (!route) continue; // out of reach for now: plan again when they reach another tile
      // Next to them, not on top of them; onto the portal itself, to go through.
      walkRoute(me.walker, f.portal ? route : route.slice(0, -1));
    }
  }

  #start(follower: string, who: FollowInfo, target: string): void {
    this.#following.set(follower, { with: who, target, portal: null, until: Infinity, plannedFor: "" });
    this.#o.outbox.send(follower, "following", { state: "on", with: who, message: `Following ${who.name}.` });
  }

  #sessionOf(personId: string): string | undefined {
    for (const p of this.#o.people()) if (this.#o.who(p.id)?.personId === personId) return p.id;
    return undefined;
  }

  #refuse(id: string, code: "not_found" | "forbidden", message: string, field = "id"): void {
    this.#o.outbox.send(id, "error", { code, type: "follow", field, message });
  }
}
