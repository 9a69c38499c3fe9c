/**
 * A floor's line to the rest of its venue (issue #11): who is where (the roster behind the
 * who's-here list of every floor) and delivery of what must reach people wherever they
 * stand — the event channel, direct and group messages and their edits. The line itself is
 * the venue hub (server/venueHub.ts, on the presence's publish/subscribe: one process or
 * many, the same path); without one, `soloVenue` loops back to this floor alone. Never looks
 * up rooms and never holds a socket: the floor is told through the Outbox.
 */
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { RosterEntry } from "../../shared/protocol/venue.ts";
import { sendToMany, type Outbox } from "./outbox.ts";

/**
 * Who a venue-wide message is for: these people (identity ids), or everyone at an event
 * (null: no event) — but never the people in `except`, whom its author blocked (only the
 * author's floor knows that, so it travels with the message; blocks.ts).
 */
export type Audience = ({ persons: string[] } | { event: string | null }) & { except?: string[] | undefined };

/** What may travel venue-wide. */
export const RELAYED = ["chat", "chatUpdated", "chatSettings", "chatGroup"] as const;
export type Relayed = (typeof RELAYED)[number];

/** The venue as one floor sees it (a floor's attachment to the hub). */
export interface VenueLink {
  /** Tell the audience, on every floor of the venue (this one included). */
  deliver<K extends Relayed>(audience: Audience, type: K, message: ServerMessages[K]): void;
  /** Everyone in the venue now, every floor. */
  roster(): RosterEntry[];
  /** Someone on this floor arrived, or their status or connection changed. */
  here(entry: RosterEntry): void;
  /** Someone left this floor (entry key). */
  gone(key: string): void;
  /** The floor closes: its people leave the roster and it hears nothing more. */
  close(): void;
}

/** How the venue reaches a floor. */
export interface FloorInbox {
  receive<K extends Relayed>(audience: Audience, type: K, message: ServerMessages[K]): void;
  /** Entries changed (anywhere in the venue, this floor included). */
  rosterChanged(change: ServerMessages["rosterChanged"]): void;
}

/** Attaches a floor to its venue (the hub's `attach`). */
export type VenueConnector = (venue: string, floor: string, inbox: FloorInbox) => VenueLink;

/** A floor alone: what it delivers comes back to it, the roster is its own people. */
export const soloVenue: VenueConnector = (_venue, _floor, inbox) => {
  const entries = new Map<string, RosterEntry>();
  return {
    deliver: (audience, type, message) => inbox.receive(audience, type, message),
    roster: () => [...entries.values()],
    here: (e) => void entries.set(e.key, e),
    gone: (key) => void entries.delete(key),
    close: () => entries.clear(),
  };
};

export interface FloorVenueOptions {
  venue: string;
  floor: string;
  floorName: string;
  outbox: Outbox;
  connect: VenueConnector;
  /** Connected sessions on this floor: of a person, at an event, everyone. */
  sessionsOf(personId: string): string[];
  sessionsAt(eventId: string | null): string[];
  everyone(): string[];
}

/** The floor's end of the line: keeps its people in the roster and hands deliveries to the right sessions. */
export class FloorVenue implements FloorInbox {
  readonly #o: FloorVenueOptions;
  readonly #link: VenueLink;

  constructor(o: FloorVenueOptions) {
    this.#o = o;
    this.#link = o.connect(o.venue, o.floor, this);
  }

  keyOf(sessionId: string): string {
    return `${this.#o.floor}/${sessionId}`;
  }

  /** Someone here arrived or changed; `welcome`: they just came in and get the rest of the venue. */
  here(sessionId: string, who: Pick<RosterEntry, "personId" | "name" | "avatar" | "role" | "status" | "connected">, welcome = false): void {
    this.#link.here({ ...who, key: this.keyOf(sessionId), floor: this.#o.floor, floorName: this.#o.floorName, id: sessionId });
    // After the room has finished seating them (it calls the floor before it knows their socket).
    if (welcome) queueMicrotask(() => this.#o.outbox.send(sessionId, "roster", { people: this.elsewhere() }));
  }

  gone(sessionId: string): void {
    this.#link.gone(this.keyOf(sessionId));
  }

  /** People on the venue's other floors (this floor's people come with the room's own state). */
  elsewhere(): RosterEntry[] {
    return this.#link.roster().filter((e) => e.floor !== this.#o.floor);
  }

  /** Where this person is in the venue now (one entry per session). */
  whereIs(personId: string): RosterEntry[] {
    return this.#link.roster().filter((e) => e.personId === personId);
  }

  deliver<K extends Relayed>(audience: Audience, type: K, message: ServerMessages[K]): void {
    this.#link.deliver(audience, type, message);
  }

  receive<K extends Relayed>(audience: Audience, type: K, message: ServerMessages[K]): void {
    const except = new Set((audience.except ?? []).flatMap((p) => this.#o.sessionsOf(p)));
    const sessions = ("persons" in audience ? audience.persons.flatMap((p) => this.#o.sessionsOf(p)) : this.#o.sessionsAt(audience.event)).filter((id) => !except.has(id));
    sendToMany(this.#o.outbox, new Set(sessions), type, message);
  }

  rosterChanged(change: ServerMessages["rosterChanged"]): void {
    const mine = `${this.#o.floor}/`;
    const upsert = change.upsert.filter((e) => e.floor !== this.#o.floor);
    const gone = change.gone.filter((k) => !k.startsWith(mine));
    if (upsert.length === 0 && gone.length === 0) return;
    sendToMany(this.#o.outbox, this.#o.everyone(), "rosterChanged", { upsert, gone });
  }

  close(): void {
    this.#link.close();
  }
}
