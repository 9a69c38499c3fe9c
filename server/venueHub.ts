/**
 * The venue beyond one floor, for every process (issue #11): who is where, and delivery of
 * the event channel, direct and group messages to whichever floor — in whichever process —
 * their people stand on. Everything goes through the presence (Colyseus' LocalPresence in
 * one process, RedisPresence across many): the roster is a presence hash per venue plus a
 * change notice on one topic, a delivery is a notice each process hands to the floors it
 * hosts. Floors attach here (server/floor/venue.ts); nothing here looks up rooms.
 * Each process keeps a heartbeat key alive on the presence (it expires on its own); the
 * entries of a process whose key expired — it died without saying goodbye — are removed
 * by whichever process notices, so who's-here holds no ghosts for longer than DEAD_WITHIN_MS.
 */
import { randomUUID } from "node:crypto";
import type { Presence } from "@colyseus/core";
import { z } from "zod";
import type { ServerMessages } from "../shared/protocol/messages.ts";
import { rosterEntrySchema, type RosterEntry } from "../shared/protocol/venue.ts";
import type { Logger } from "./log.ts";
import type { Audience, FloorInbox, Relayed, VenueLink } from "./floor/venue.ts";

const TOPIC = "foyer:venue";
const rosterKey = (venue: string) => `foyer:roster:${venue}`;
/** Roster changes are gathered this long before floors tell their people (a crowd arriving is one message, not hundreds). */
const ROSTER_FLUSH_MS = 150;
/** Each process says it is alive this often, with a key that expires after ALIVE_FOR_S… */
const HEARTBEAT_MS = 1000;
const ALIVE_FOR_S = 4;
const aliveKey = (process: string) => `foyer:alive:${process}`;
/** …and a process whose key is missing on this many heartbeats in a row is gone (one could be a key not written yet). */
const MISSES_TO_DEAD = 2;
/** The longest a dead process's people stay in who's-here: expiry, the misses, then telling the floors. */
export const DEAD_WITHIN_MS = ALIVE_FOR_S * 1000 + MISSES_TO_DEAD * HEARTBEAT_MS + ROSTER_FLUSH_MS;
/** Whose entry a roster hash value is (written with it; older values without it have no owner). */
const owned = z.object({ process: z.string() });

const person = z.object({ personId: z.string(), name: z.string() });
const chatView = z.object({
  id: z.string(),
  channel: z.enum(["nearby", "floor", "event", "direct", "group"]),
  from: z.object({ personId: z.string(), id: z.string(), name: z.string() }),
  to: person.optional(),
  group: z.object({ id: z.string(), members: z.array(person) }).optional(),
  zone: z.string().nullable().optional(),
  text: z.string(),
  at: z.number(),
  editedAt: z.number().optional(),
});
const except = z.array(z.string()).optional();
const audience = z.union([z.object({ persons: z.array(z.string()), except }), z.object({ event: z.string().nullable(), except })]);
const tell = <T extends Relayed, S extends z.ZodType>(type: T, message: S) =>
  z.object({ kind: z.literal("tell"), venue: z.string(), audience, type: z.literal(type), message });
const notice = z.union([
  tell("chat", chatView),
  tell("chatUpdated", z.object({ id: z.string(), text: z.string().nullable(), editedAt: z.number() })),
  tell("chatSettings", z.object({ announcementsOnly: z.boolean() })),
  tell("chatGroup", z.object({ id: z.string(), members: z.array(person) })),
  z.object({ kind: z.literal("here"), venue: z.string(), entry: rosterEntrySchema, process: z.string().optional() }),
  z.object({ kind: z.literal("gone"), venue: z.string(), keys: z.array(z.string()) }),
]);
type Notice = z.infer<typeof notice>;

interface VenueState {
  floors: Set<FloorInbox>;
  roster: Map<string, RosterEntry>;
  /** Entry key → the process whose floor it is on (for the heartbeat sweep). */
  owners: Map<string, string>;
  /** This process's own entries (announced again after a stall long enough for others to have dropped them). */
  mine: Map<string, RosterEntry>;
  pending: { upsert: Map<string, RosterEntry>; gone: Set<string> };
  timer: NodeJS.Timeout | null;
}

export class VenueHub {
  readonly #presence: Presence;
  readonly #log: Logger;
  readonly #venues = new Map<string, VenueState>();
  readonly #listener = (message: unknown) => this.#apply(message);
  #started: Promise<unknown> | null = null;
  /** This process, as its entries' owner and in its heartbeat key. */
  readonly #self: string;
  #heartbeat: NodeJS.Timeout | null = null;
  #lastBeat = 0;
  /** Other processes' heartbeats found missing in a row. */
  readonly #misses = new Map<string, number>();

  constructor(presence: Presence, log: Logger, self: string = randomUUID()) {
    this.#presence = presence;
    this.#log = log;
    this.#self = self;
  }

  /** Start listening and beating (idempotent); `attach` does it too. */
  start(): Promise<unknown> {
    if (!this.#started) {
      this.#started = this.#presence.subscribe(TOPIC, this.#listener);
      void this.#beat();
      this.#heartbeat = setInterval(() => void this.#beat(), HEARTBEAT_MS);
      this.#heartbeat.unref();
    }
    return this.#started;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    // Gone at once (this process's floors remove their own people as they close).
    await Promise.resolve(this.#presence.expire(aliveKey(this.#self), 0)).catch(() => {});
    await this.#started;
    this.#started = null;
    await this.#presence.unsubscribe(TOPIC, this.#listener);
    for (const v of this.#venues.values()) if (v.timer) clearTimeout(v.timer);
  }

  /** A floor of `venue` opens in this process. */
  attach(venue: string, _floor: string, inbox: FloorInbox): VenueLink {
    void this.start();
    const v = this.#venue(venue);
    v.floors.add(inbox);
    const mine = new Set<string>();
    return {
      deliver: (to, type, message) => this.#publish({ kind: "tell", venue, audience: to, type, message }),
      roster: () => [...v.roster.values()],
      here: (entry) => {
        mine.add(entry.key);
        v.mine.set(entry.key, entry);
        v.roster.set(entry.key, entry); // at once here, so this floor's next question already sees it
        this.#announce(venue, entry);
      },
      gone: (key) => {
        mine.delete(key);
        v.mine.delete(key);
        v.roster.delete(key);
        void this.#presence.hdel(rosterKey(venue), key);
        this.#publish({ kind: "gone", venue, keys: [key] });
      },
      close: () => {
        v.floors.delete(inbox);
        const keys = [...mine];
        mine.clear();
        for (const key of keys) {
          v.roster.delete(key);
          v.mine.delete(key);
          void this.#presence.hdel(rosterKey(venue), key);
        }
        if (keys.length > 0) this.#publish({ kind: "gone", venue, keys });
      },
    };
  }

  #venue(venue: string): VenueState {
    let v = this.#venues.get(venue);
    if (v) return v;
    v = { floors: new Set(), roster: new Map(), owners: new Map(), mine: new Map(), pending: { upsert: new Map(), gone: new Set() }, timer: null };
    this.#venues.set(venue, v);
    const state = v;
    // People already in the venue on other processes' floors (their changes arrive as notices from now on).
    void this.#presence.hgetall(rosterKey(venue)).then(
      (all) => {
        for (const [key, json] of Object.entries(all)) {
          if (state.roster.has(key)) continue;
          const value = safeJson(json);
          const entry = rosterEntrySchema.safeParse(value);
          if (!entry.success) continue;
          const owner = owned.safeParse(value);
          if (owner.success) state.owners.set(key, owner.data.process);
          this.#changed(venue, state, [entry.data], []);
        }
      },
      (err: unknown) => this.#log.warn({ err, venue }, "could not read the venue's roster"),
    );
    return v;
  }

  /** One of this process's entries, in the hash (with its owner) and to every process. */
  #announce(venue: string, entry: RosterEntry): void {
    void this.#presence.hset(rosterKey(venue), entry.key, JSON.stringify({ ...entry, process: this.#self }));
    this.#publish({ kind: "here", venue, entry, process: this.#self });
  }

  /**
   * Say this process is alive, and drop the entries of processes that stopped saying so. A
   * beat that comes late enough for others to have dropped this process (a stalled event
   * loop) announces its own people again.
   */
  async #beat(): Promise<void> {
    const now = Date.now();
    const stalled = this.#lastBeat > 0 && now - this.#lastBeat > ALIVE_FOR_S * 1000;
    this.#lastBeat = now;
    try {
      await this.#presence.setex(aliveKey(this.#self), String(now), ALIVE_FOR_S);
      if (stalled) for (const [venue, v] of this.#venues) for (const e of v.mine.values()) this.#announce(venue, e);
      const others = new Set<string>();
      for (const v of this.#venues.values()) for (const p of v.owners.values()) if (p !== this.#self) others.add(p);
      for (const p of [...this.#misses.keys()]) if (!others.has(p)) this.#misses.delete(p);
      for (const p of others) {
        if (await this.#presence.exists(aliveKey(p))) {
          this.#misses.delete(p);
          continue;
        }
        const misses = (this.#misses.get(p) ?? 0) + 1;
        this.#misses.set(p, misses);
        if (misses >= MISSES_TO_DEAD) await this.#dropProcess(p);
      }
    } catch (err) {
      this.#log.warn({ err }, "could not beat the venue's heartbeat");
    }
  }

  /** A process died: its entries leave every roster (whoever removes one from the hash tells the others). */
  async #dropProcess(dead: string): Promise<void> {
    this.#misses.delete(dead);
    for (const [venue, v] of this.#venues) {
      const keys = [...v.owners].filter(([, p]) => p === dead).map(([k]) => k);
      if (keys.length === 0) continue;
      this.#log.info({ venue, process: dead, people: keys.length }, "a process stopped beating: its people leave who's-here");
      this.#changed(venue, v, [], keys);
      const removed = await Promise.all(keys.map((k) => this.#presence.hdel(rosterKey(venue), k)));
      const told = keys.filter((_, i) => removed[i]);
      if (told.length > 0) this.#publish({ kind: "gone", venue, keys: told });
    }
  }

  /** Published as is; every process (this one too) checks it against `notice` on arrival. */
  #publish(n: { kind: Notice["kind"]; venue: string; [field: string]: unknown }): void {
    Promise.resolve(this.#presence.publish(TOPIC, n)).catch((err: unknown) => this.#log.error({ err, kind: n.kind }, "could not publish to the venue"));
  }

  #apply(message: unknown): void {
    const parsed = notice.safeParse(message);
    if (!parsed.success) {
      this.#log.warn({ issue: parsed.error.issues[0] }, "ignored a malformed venue notice");
      return;
    }
    const n = parsed.data;
    const v = this.#venues.get(n.venue);
    if (!v) return; // no floor of that venue here
    try {
      if (n.kind === "here") {
        if (n.process) v.owners.set(n.entry.key, n.process);
        this.#changed(n.venue, v, [n.entry], []);
      }
      else if (n.kind === "gone") this.#changed(n.venue, v, [], n.keys);
      else for (const f of v.floors) deliverTo(f, n.audience, n);
    } catch (err) {
      this.#log.error({ err, kind: n.kind }, "could not apply a venue notice");
    }
  }

  #changed(venue: string, v: VenueState, upsert: RosterEntry[], gone: string[]): void {
    for (const e of upsert) {
      v.roster.set(e.key, e);
      v.pending.upsert.set(e.key, e);
      v.pending.gone.delete(e.key);
    }
    for (const k of gone) {
      v.roster.delete(k);
      v.owners.delete(k);
      v.pending.upsert.delete(k);
      v.pending.gone.add(k);
    }
    v.timer ??= setTimeout(() => {
      v.timer = null;
      const change: ServerMessages["rosterChanged"] = { upsert: [...v.pending.upsert.values()], gone: [...v.pending.gone] };
      v.pending.upsert.clear();
      v.pending.gone.clear();
      for (const f of v.floors) f.rosterChanged(change);
      if (v.floors.size === 0 && !v.timer) this.#venues.delete(venue);
    }, ROSTER_FLUSH_MS);
  }
}

/** Hand a checked delivery to a floor, type and message kept together. */
function deliverTo(f: FloorInbox, to: Audience, n: Extract<Notice, { kind: "tell" }>): void {
  switch (n.type) {
    case "chat":
      return f.receive(to, "chat", n.message);
    case "chatUpdated":
      return f.receive(to, "chatUpdated", n.message);
    case "chatSettings":
      return f.receive(to, "chatSettings", n.message);
    case "chatGroup":
      return f.receive(to, "chatGroup", n.message);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
