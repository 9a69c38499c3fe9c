/**
 * One floor of a venue, live, as a Colyseus room: its lifecycle (create, join, leave,
 * reconnect, dispose, shutdown) and the edge where each message is checked and handed to
 * the floor's dispatch table. What the floor does lives in server/floor (LiveFloor and
 * its modules), which never sees a socket; this class only connects it to Colyseus:
 * the shared schema state (who is here, seat counts) and each client's `pos` message.
 */
import { getMessageBytes, Protocol, Room, type AuthContext, type Client, type RoomException } from "@colyseus/core";
import { RECONNECT_GRACE_SECONDS, TICK_MS } from "../../shared/constants.ts";
import { clampViewport, describeIssue, joinOptionsSchema, type ServerMessages } from "../../shared/protocol/messages.ts";
import { POSITIONS_MESSAGE } from "../../shared/protocol/positions.ts";
import { FixedStep } from "../floor/clock.ts";
import { dispatch, floorHandlers, type FloorHandlers } from "../floor/dispatch.ts";
import type { LiveFloor } from "../floor/LiveFloor.ts";
import { assembleFloor } from "../floor/assemble.ts";
import type { Door } from "../floor/door.ts";
import { presentedToken } from "../identity.ts";
import type { Outbox } from "../floor/outbox.ts";
import { childLog, log, type Logger } from "../log.ts";
import { roomContext } from "./context.ts";
import { MessageGuard } from "./guard.ts";
import { FloorState, Person } from "./state.ts";
import { isRecord, throwForTest, TEST_THROW_MESSAGE, type Attendee, type AuthData } from "./attendee.ts";

export { TEST_THROW_MESSAGE };

export class VenueRoom extends Room<FloorState> {
  override maxClients = 2000;
  override autoDispose = true;

  #venue = "";
  #floor!: LiveFloor;
  #handlers!: FloorHandlers;
  #log: Logger = log;
  #door: Door | null = null;
  /** A host deleted this floor: where its people go instead (see floorRemoved). */
  #removedTo: ServerMessages["portal"] | null = null;
  readonly #attendees = new Map<string, Attendee>();

  readonly #outbox: Outbox = {
    send: (id, type, message) => this.#attendees.get(id)?.client.send(type, message),
    // Encoded once, the same bytes to every socket (what Room#broadcast does for everyone).
    sendMany: (ids, type, message) => {
      let bytes: Buffer | undefined;
      for (const id of ids) {
        const client = this.#attendees.get(id)?.client;
        if (client) client.enqueueRaw((bytes ??= getMessageBytes.raw(Protocol.ROOM_DATA, type, message)));
      }
    },
    refuse: (id, type, message) => {
      const a = this.#attendees.get(id);
      if (a && a.guard.refuse("invalid_message", type, message).disconnect) this.#kick(a);
    },
  };

  override async onCreate(options: unknown): Promise<void> {
    const where = joinOptionsSchema.pick({ venue: true, floor: true }).safeParse(isRecord(options) ? { venue: options.venue, floor: options.floor } : {});
    if (!where.success) throw new Error(describeIssue(where.error).message);
    const { venue, floor } = where.data;
    const context = roomContext();
    const loaded = await context.loadFloor(venue, floor);
    if (!loaded) throw new Error(`floor "${floor}" of venue "${venue}" does not exist`);
    this.#venue = loaded.venue;
    const bindings = { venue: loaded.venue, floor: loaded.slug, room: this.roomId };
    this.#log = context.log ? context.log.child(bindings) : childLog(bindings);

    const state = new FloorState();
    state.floor = loaded.slug;
    state.mapVersion = loaded.version;
    this.setState(state);
    ({ floor: this.#floor, door: this.#door } = await assembleFloor(context, loaded, {
      roomId: this.roomId,
      log: this.#log,
      outbox: this.#outbox,
      board: this.state,
      dismiss: (id, why) => this.#dismiss(id, why),
    }));
    this.#handlers = floorHandlers(this.#floor);
    if (this.#door) this.clock.setInterval(() => void this.eventsChanged(), 10_000); // an event's end by the clock
    this.state.showSeats(this.#floor.places.counts); // every limited table and corner starts at 0
    this.setMetadata({ venue: loaded.venue, floor: loaded.slug, name: loaded.name });
    // Matchmaking filters on these; record the defaults too, so a client that names the
    // venue explicitly finds the room one that relied on the default created.
    Object.assign(this.listing, { venue: loaded.venue, floor: loaded.slug });
    // Patches go out right after each tick (not on a separate clock), so a move waits
    // at most one tick before it is on the wire.
    this.setPatchRate(null);
    const clock = new FixedStep(performance.now());
    this.setSimulationInterval(() => this.#tick(clock.due(performance.now())), TICK_MS);

    // One entry point for every message, so nothing unvalidated reaches the handlers. Colyseus
    // routes the type "__no_message_handler" to its own fallback, which formats the payload
    // into a string (an object with a `toString` key throws there): claim that one too.
    this.onMessage("*", (client, type, payload) => this.#receive(client, type, payload));
    this.onMessage("__no_message_handler", (client, payload) => this.#receive(client, "__no_message_handler", payload));
    if (context.testHooks) this.onMessage(TEST_THROW_MESSAGE, () => throwForTest());
  }

  override async onAuth(client: Client, options: unknown, context: AuthContext): Promise<AuthData> {
    roomContext().onSeatTaken?.(client.sessionId);
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new Error(describeIssue(parsed.error).message);
    const { venue, floor, name, avatar, password } = parsed.data;
    if (venue !== this.#venue || floor !== this.state.floor) throw new Error(`venue: this room is ${this.#venue}/${this.state.floor}, not ${venue}/${floor}`);
    if (this.#removedTo) throw new Error(`floor: floor "${floor}" was deleted by the host; join floor "${this.#removedTo.floor}"`);
    // Who this is comes from their identity token (cookie or auth token), never from `name`.
    const token = presentedToken(context.token, context.headers);
    const admission = this.#door ? await this.#door.admit({ token, name, avatar, password }) : null;
    const { spawn, viewport } = parsed.data;
    return { name: admission?.person.displayName ?? name, avatar, admission, ...(spawn ? { spawn } : {}), ...(viewport ? { viewport: clampViewport(viewport) } : {}) };
  }

  override onJoin(client: Client, _options: unknown, auth: AuthData): void {
    const id = client.sessionId;
    this.#attendees.set(id, { person: this.#floor.join(id, auth), client, guard: new MessageGuard(), kicked: false });
    const role = auth.admission?.role ?? "attendee";
    this.state.people.set(id, new Person().assign({ id, personId: auth.admission?.person.id ?? id, name: auth.name, avatar: auth.avatar, connected: true, role }));
    this.state.setInterests(id, auth.admission?.person.interests ?? []);
    this.state.showSeats(this.#floor.places.counts);
    if (auth.admission) this.#door?.arrived(id, auth.admission);
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const a = this.#attendees.get(client.sessionId);
    if (!a) return;
    if (!consented && !a.kicked) {
      // An accidental disconnect (closed tab, network blip): keep the avatar where it
      // stands, greyed out, and give the person RECONNECT_GRACE_SECONDS to come back.
      this.#floor.away(a.person);
      this.state.setConnected(a.person.id, false);
      try {
        a.client = await this.allowReconnection(client, RECONNECT_GRACE_SECONDS);
        this.state.setConnected(a.person.id, true);
        this.#floor.back(a.person);
        // The floor went while they were away: sent on once the page listens again (it attaches its handlers after resuming).
        if (this.#removedTo) this.clock.setTimeout(() => a.client.send("portal", this.#removedTo), 1000);
        return;
      } catch {
        // Grace period over: fall through and remove.
      }
    }
    this.#floor.leave(a.person);
    this.#door?.left(a.person.id);
    this.#attendees.delete(a.person.id);
    this.state.people.delete(a.person.id);
    this.state.showSeats(this.#floor.places.counts);
  }

  /**
   * The last line of defence: a throw in a handler, a tick or a timer is logged with the
   * floor's name and the floor carries on (Colyseus catches it and calls this).
   */
  override onUncaughtException(error: RoomException<this>, methodName: string): void {
    if (methodName === "onAuth") return; // a refused join: the client is told why
    this.#log.error({ err: error.cause ?? error, method: methodName }, `uncaught error in ${methodName}; the floor carries on`);
  }

  override onDispose(): void {
    this.#door?.close();
    this.#floor?.close();
  }

  /** A host changed the venue's events, or the clock moved on: if the event ended, say so and let attendees go. */
  async eventsChanged(): Promise<void> {
    const ended = await this.#door?.ended();
    if (!ended) return;
    this.broadcast("notice", ended.notice);
    this.clock.setTimeout(() => ended.leaving.forEach((id) => this.#attendees.get(id)?.client.leave(4100, "the event has ended")), 1500);
  }

  override onBeforeShutdown(): void {
    const notice: ServerMessages["notice"] = { kind: "shutdown", message: "Foyer is restarting; please rejoin in a moment." };
    this.broadcast("notice", notice);
    this.disconnect();
  }

  #receive(client: Client, type: unknown, payload: unknown): void {
    const a = this.#attendees.get(client.sessionId);
    if (!a) return;
    const result = a.guard.check(type, payload);
    if (result.ok) return dispatch(this.#handlers, a.person, result);
    client.send("error", result.error);
    if (result.disconnect) this.#kick(a);
  }

  /** A host removed or banned them (they were told why): no reconnection spot is kept. */
  #dismiss(id: string, why: string): void {
    const a = this.#attendees.get(id);
    if (a) {
      a.kicked = true;
      a.client.leave(4101, why);
    }
  }

  /** Repeated abuse: disconnect without keeping a reconnection spot. */
  #kick(a: Attendee): void {
    this.#log.warn({ person: a.person.id, name: this.state.people.get(a.person.id)?.name }, "disconnecting: too many invalid messages");
    a.kicked = true;
    a.client.leave(4008, "too many invalid messages");
  }

  #tick(steps: number): void {
    const started = performance.now();
    this.#floor.tick(steps);
    this.state.showSeats(this.#floor.places.counts);
    roomContext().onTick?.(this.#venue, this.state.floor, performance.now() - started);
    this.broadcastPatch();
  }

  /**
   * The shared state's patch (people, seats) goes to everyone at once; then each client
   * gets its own `pos` message. Same socket, so a newcomer's name arrives before its avatar.
   */
  override broadcastPatch(): boolean {
    const changed = super.broadcastPatch();
    const view = this.#floor?.view;
    if (!view) return changed; // still loading the floor
    for (const a of this.#attendees.values()) {
      if (!a.person.connected) continue;
      const message = view.message(a.person);
      if (message) a.client.sendBytes(POSITIONS_MESSAGE, message);
    }
    view.endTick();
    roomContext().onPositions?.(this.#venue, this.state.floor, view.takeWorstStale());
    return changed;
  }

  /** A host published a new version of this floor: swap the plan under everyone's feet. */
  async reloadFloor(): Promise<void> {
    const loaded = await roomContext().loadFloor(this.#venue, this.state.floor);
    if (!loaded || loaded.version === this.state.mapVersion) return;
    this.#floor.replacePlan(loaded.floor);
    this.state.showSeats(this.#floor.places.counts);
    // Clients see mapVersion change and redraw without reloading.
    this.state.mapVersion = loaded.version;
  }

  /** A host deleted this floor: everyone on it goes to `to`'s spawn, as through a portal, told why. */
  floorRemoved(to: string, toName: string): void {
    this.#removedTo = { venue: this.#venue, floor: to, via: "", removed: { floorName: toName } };
    for (const a of this.#attendees.values()) if (a.person.connected) a.client.send("portal", this.#removedTo);
  }

  /** For tests: which speakers each listener receives flowing media from. */
  mediaFlowing(): Map<string, Set<string>> {
    return this.#floor.media.flowing();
  }
}
