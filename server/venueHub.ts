/**
 * The venue beyond one floor, for every process (issue #11): who is where, and delivery of
 * the event channel, direct and group messages to whichever floor — in whichever process —
 * their people stand on. Everything goes through the presence (Colyseus' LocalPresence in
 * one process, RedisPresence across many): the roster is a presence hash per venue plus a
 * change notice on one topic, a delivery is a notice each process hands to the floors it
 * hosts. Floors attach here (server/floor/venue.ts); nothing here looks up rooms.
 */
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
const audience = z.union([z.object({ persons: z.array(z.string()) }), z.object({ event: z.string().nullable() })]);
const tell = <T extends Relayed, S extends z.ZodType>(type: T, message: S) =>
  z.object({ kind: z.literal("tell"), venue: z.string(), audience, type: z.literal(type), message });
const notice = z.union([
  tell("chat", chatView),
  tell("chatUpdated", z.object({ id: z.string(), text: z.string().nullable(), editedAt: z.number() })),
  tell("chatSettings", z.object({ announcementsOnly: z.boolean() })),
  tell("chatGroup", z.object({ id: z.string(), members: z.array(person) })),
  z.object({ kind: z.literal("here"), venue: z.string(), entry: rosterEntrySchema }),
  z.object({ kind: z.literal("gone"), venue: z.string(), keys: z.array(z.string()) }),
]);
type Notice = z.infer<typeof notice>;

interface VenueState {
  floors: Set<FloorInbox>;
  roster: Map<string, RosterEntry>;
  pending: { upsert: Map<string, RosterEntry>; gone: Set<string> };
  timer: NodeJS.Timeout | null;
}

export class VenueHub {
  readonly #presence: Presence;
  readonly #log: Logger;
  readonly #venues = new Map<string, VenueState>();
  readonly #listener = (message: unknown) => this.#apply(message);
  #started: Promise<unknown> | null = null;

  constructor(presence: Presence, log: Logger) {
    this.#presence = presence;
    this.#log = log;
  }

  /** Start listening (idempotent); `attach` does it too. */
  start(): Promise<unknown> {
    this.#started ??= this.#presence.subscribe(TOPIC, this.#listener);
    return this.#started;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
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
        v.roster.set(entry.key, entry); // at once here, so this floor's next question already sees it
        void this.#presence.hset(rosterKey(venue), entry.key, JSON.stringify(entry));
        this.#publish({ kind: "here", venue, entry });
      },
      gone: (key) => {
        mine.delete(key);
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
          void this.#presence.hdel(rosterKey(venue), key);
        }
        if (keys.length > 0) this.#publish({ kind: "gone", venue, keys });
      },
    };
  }

  #venue(venue: string): VenueState {
    let v = this.#venues.get(venue);
    if (v) return v;
    v = { floors: new Set(), roster: new Map(), pending: { upsert: new Map(), gone: new Set() }, timer: null };
    this.#venues.set(venue, v);
    const state = v;
    // People already in the venue on other processes' floors (their changes arrive as notices from now on).
    void this.#presence.hgetall(rosterKey(venue)).then(
      (all) => {
        for (const [key, json] of Object.entries(all)) {
          if (state.roster.has(key)) continue;
          const entry = rosterEntrySchema.safeParse(safeJson(json));
          if (entry.success) this.#changed(venue, state, [entry.data], []);
        }
      },
      (err: unknown) => this.#log.warn({ err, venue }, "could not read the venue's roster"),
    );
    return v;
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
      if (n.kind === "here") this.#changed(n.venue, v, [n.entry], []);
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
