/**
 * One floor of a venue, live: who is here, where they stand, and how they walk.
 * Thin by design — input is validated by MessageGuard, movement is shared/movement,
 * neighbour search is shared/interest; this class wires them to Colyseus and decides
 * which avatars each client sees. The shared schema state carries who is here and seat
 * counts; positions go to each client as one `pos` message per tick (PositionFeed).
 */
import { Room, type Client } from "@colyseus/core";
import { DIRECTIONS, RECONNECT_GRACE_SECONDS, TICK_MS, TILE_SIZE } from "../../shared/constants.ts";
import { limitedZoneAt, limitOf, occupancy, type LimitedZone } from "../../shared/map/capacity.ts";
import { rectContainsTile, zonesOfKind, type Floor, type PortalZone } from "../../shared/map/model.ts";
import { PositionFeed, Subscriber } from "../../shared/interest/feed.ts";
import { areaOfInterest, inArea, SpatialGrid, type AreaOfInterest } from "../../shared/interest/grid.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { fits, nearestFreeTile, tileCenter, tileOf } from "../../shared/movement/step.ts";
import { advance, follow, hold, newWalker, type Walker } from "../../shared/movement/walker.ts";
import {
  clampViewport,
  describeIssue,
  joinOptionsSchema,
  type ClientMessage,
  type ServerMessages,
} from "../../shared/protocol/messages.ts";
import { checkMediaRequest } from "../../shared/protocol/media.ts";
import { POSITIONS_MESSAGE } from "../../shared/protocol/positions.ts";
import { FloorMedia } from "../media/FloorMedia.ts";
import { roomContext } from "./context.ts";
import { MessageGuard } from "./guard.ts";
import { FloorState, Person } from "./state.ts";

/** Extra pixels beyond the area of interest before an avatar is dropped, so nothing flaps at the edge. */
const INTEREST_HYSTERESIS_PX = 2 * TILE_SIZE;
const DEFAULT_VIEWPORT = { width: 30, height: 20 };
/** Each client's interest set is recomputed every this many ticks (staggered). */
const VIEW_REFRESH_TICKS = 4;

interface Attendee {
  readonly id: string;
  client: Client;
  readonly person: Person;
  readonly walker: Walker;
  readonly guard: MessageGuard;
  viewport: { width: number; height: number };
  /** Which avatars this client sees and has yet to be told about. */
  readonly view: Subscriber;
  /** Last `move` seq applied, sent back in every `pos` message for the owner's prediction. */
  seq: number;
  connected: boolean;
  /** Disconnected by the server for abuse: no reconnection spot is kept. */
  kicked: boolean;
  /** When this person was last told a spot is full (so holding a key does not spam). */
  fullNoticeAt: number;
  /** The table or coffee corner with a limit this person stands in (counted in #counts). */
  spot: LimitedZone | undefined;
  /** When this client last had everyone it sees sent again (`resync`, at most every 2 s). */
  resyncAt: number;
}

interface AuthData {
  name: string;
  avatar: string;
  spawn?: string;
  viewport?: { width: number; height: number };
}

export class VenueRoom extends Room<FloorState> {
  override maxClients = 2000;
  override autoDispose = true;

  #floor!: Floor;
  /** The floor's portals (looked up for every step someone takes). */
  #portals: PortalZone[] = [];
  #pathfinder!: Pathfinder;
  readonly #attendees = new Map<string, Attendee>();
  readonly #grid = new SpatialGrid<string>();
  readonly #feed = new PositionFeed();
  /** People in each limited table/corner, by zone name (mirrored to state.occupancy). */
  #counts = new Map<string, number>();
  #media: FloorMedia | null = null;
  /** Scratch set reused by #refreshView (one per tick, not one per client). */
  readonly #near = new Set<string>();
  #mediaBusy = false;
  /** Someone moved since the last media update (media skips a floor standing still). */
  #movedSinceMedia = true;
  #ticks = 0;

  #venue = "";

  override async onCreate(options: unknown): Promise<void> {
    const o = (options ?? {}) as { venue?: unknown; floor?: unknown };
    const venue = joinOptionsSchema.shape.venue.safeParse(o.venue);
    const floor = joinOptionsSchema.shape.floor.safeParse(o.floor);
    if (!venue.success) throw new Error(`venue: ${venue.error.issues[0]?.message}`);
    if (!floor.success) throw new Error(`floor: ${floor.error.issues[0]?.message}`);
    const loaded = await roomContext().loadFloor(venue.data, floor.data);
    if (!loaded) throw new Error(`floor "${floor.data}" of venue "${venue.data}" does not exist`);
    this.#venue = loaded.venue;
    this.#floor = loaded.floor;
    this.#portals = zonesOfKind(loaded.floor, "portal");
    this.#pathfinder = new Pathfinder(loaded.floor);

    const state = new FloorState();
    state.floor = loaded.slug;
    state.mapVersion = loaded.version;
    this.setState(state);
    this.#recount(); // every limited table and corner starts at 0
    const service = roomContext().media;
    if (service) this.#media = await FloorMedia.open(service, `${this.roomId}:${loaded.venue}/${loaded.slug}`);
    this.setMetadata({ venue: loaded.venue, floor: loaded.slug, name: loaded.name });
    // Matchmaking filters on these; record the defaults too, so a client that names the
    // venue explicitly finds the room one that relied on the default created.
    const listing = this.listing as unknown as Record<string, unknown>;
    listing.venue = loaded.venue;
    listing.floor = loaded.slug;
    // Patches go out right after each tick (not on a separate clock), so a move waits
    // at most one tick before it is on the wire.
    this.setPatchRate(null);
    // Fixed-step simulation: if the process was busy and an interval fired late, run the
    // missed steps (up to 5) so walking speed matches the client's prediction.
    let last = performance.now();
    let carry = 0;
    this.setSimulationInterval(() => {
      const now = performance.now();
      carry = Math.min(carry + (now - last), TICK_MS * 5);
      last = now;
      let steps = 0;
      while (carry >= TICK_MS * 0.999) {
        carry -= TICK_MS;
        steps++;
      }
      this.#tick(Math.max(1, steps));
    }, TICK_MS);

    // One entry point for every message, so nothing unvalidated reaches the handlers.
    this.onMessage("*", (client, type, payload) => this.#receive(client, type, payload));
  }

  override onAuth(_client: Client, options: unknown): AuthData {
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) {
      const { message } = describeIssue(parsed.error);
      throw new Error(message);
    }
    if (parsed.data.venue !== this.#venue || parsed.data.floor !== this.state.floor)
      throw new Error(`venue: this room is ${this.#venue}/${this.state.floor}, not ${parsed.data.venue}/${parsed.data.floor}`);
    const data: AuthData = { name: parsed.data.name, avatar: parsed.data.avatar };
    if (parsed.data.spawn) data.spawn = parsed.data.spawn;
    if (parsed.data.viewport) data.viewport = clampViewport(parsed.data.viewport);
    return data;
  }

  override onJoin(client: Client, _options: unknown, auth: AuthData): void {
    const spawn = this.#spawnPoint(auth.spawn);
    const person = new Person().assign({ id: client.sessionId, name: auth.name, avatar: auth.avatar, connected: true });
    const walker = newWalker(spawn.x, spawn.y);
    const attendee: Attendee = {
      id: client.sessionId,
      client,
      person,
      walker,
      guard: new MessageGuard(),
      viewport: auth.viewport ?? DEFAULT_VIEWPORT,
      view: new Subscriber(),
      seq: 0,
      connected: true,
      kicked: false,
      fullNoticeAt: 0,
      resyncAt: 0,
      spot: undefined,
    };
    this.#attendees.set(client.sessionId, attendee);
    this.state.people.set(client.sessionId, person);
    this.#feed.add(client.sessionId, Math.round(spawn.x), Math.round(spawn.y), DIRECTIONS.indexOf(walker.dir), false);
    this.#grid.set(client.sessionId, spawn.x, spawn.y);
    this.#recount();
    this.#refreshView(attendee);
    this.#addMediaPeer(client.sessionId);
    roomContext()
      .recordGuest?.({ name: auth.name, avatar: auth.avatar, venue: this.#venue, floor: this.state.floor })
      .catch((err: unknown) => console.warn(`[floor ${this.state.floor}] could not record guest: ${String(err)}`));
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const a = this.#attendees.get(client.sessionId);
    if (!a) return;
    if (!consented && !a.kicked) {
      // An accidental disconnect (closed tab, network blip): keep the avatar where it
      // stands, greyed out, and give the person RECONNECT_GRACE_SECONDS to come back.
      a.connected = false;
      a.person.connected = false;
      hold(a.walker, { dx: 0, dy: 0 });
      a.walker.route = [];
      try {
        const back = await this.allowReconnection(client, RECONNECT_GRACE_SECONDS);
        a.client = back;
        a.connected = true;
        a.person.connected = true;
        // The reconnected client starts with nothing: send everyone it sees afresh.
        this.#feed.reset(a.view);
        this.#refreshView(a);
        // A reloaded page has no media state: start its media afresh.
        this.#addMediaPeer(a.id);
        return;
      } catch {
        // Grace period over: fall through and remove.
      }
    }
    this.#remove(a);
  }

  override onDispose(): void {
    this.#media?.close();
  }

  override onBeforeShutdown(): void {
    const notice: ServerMessages["notice"] = { kind: "shutdown", message: "Foyer is restarting; please rejoin in a moment." };
    this.broadcast("notice", notice);
    this.disconnect();
  }

  #addMediaPeer(id: string): void {
    this.#media?.addPeer(id, (event) => this.#attendees.get(id)?.client.send("mediaEvent", event));
  }

  #remove(a: Attendee): void {
    this.#media?.removePeer(a.id);
    this.#attendees.delete(a.id);
    this.#feed.remove(a.id, [...this.#attendees.values()].map((other) => other.view));
    this.#grid.delete(a.id);
    this.state.people.delete(a.id);
    this.#recount();
  }

  #receive(client: Client, type: unknown, payload: unknown): void {
    const a = this.#attendees.get(client.sessionId);
    if (!a) return;
    const result = a.guard.check(type, payload);
    if (!result.ok) {
      client.send("error", result.error);
      if (result.disconnect) this.#kick(a);
      return;
    }
    switch (result.type) {
      case "move":
        return this.#onMove(a, result.data as ClientMessage<"move">);
      case "walkTo":
        return this.#onWalkTo(a, result.data as ClientMessage<"walkTo">);
      case "viewport":
        a.viewport = clampViewport(result.data as ClientMessage<"viewport">);
        return;
      case "resync":
        if (Date.now() - a.resyncAt < 2000) return;
        a.resyncAt = Date.now();
        this.#feed.reset(a.view);
        return;
      case "locate": {
        const { id } = result.data as ClientMessage<"locate">;
        const other = this.#attendees.get(id);
        if (!other) {
          const error: ServerMessages["error"] = { code: "not_found", type: "locate", field: "id", message: `id: nobody with id "${id}" is on this floor` };
          client.send("error", error);
          return;
        }
        const located: ServerMessages["located"] = { id, ...tileOf(other.walker) };
        client.send("located", located);
        return;
      }
      case "media": {
        const req = result.data as ClientMessage<"media">;
        const media = this.#media;
        if (!media) {
          client.send("mediaResponse", { requestId: req.requestId, ok: false, error: "media is not available on this server" });
          return;
        }
        // The method's data is checked here, at the edge, and a bad one counts like any
        // other refused message (the answer is a mediaResponse, which the caller awaits).
        const checked = checkMediaRequest(req);
        if (!checked.ok) {
          client.send("mediaResponse", checked.response);
          if (a.guard.refuse("invalid_message", "media", checked.response.error).disconnect) this.#kick(a);
          return;
        }
        void media.handle(a.id, checked.request).then((response) => this.#attendees.get(a.id)?.client.send("mediaResponse", response));
        return;
      }
    }
  }

  /** Repeated abuse: disconnect without keeping a reconnection spot. */
  #kick(a: Attendee): void {
    console.warn(`[floor ${this.state.floor}] disconnecting ${a.id} (${a.person.name}): too many invalid messages`);
    a.kicked = true;
    a.client.leave(4008, "too many invalid messages");
  }

  #onMove(a: Attendee, m: ClientMessage<"move">): void {
    hold(a.walker, { dx: m.dx, dy: m.dy });
    a.seq = m.seq;
  }

  #onWalkTo(a: Attendee, m: ClientMessage<"walkTo">): void {
    const from = tileOf(a.walker);
    const route = this.#pathfinder.find(from, { tx: m.tx, ty: m.ty });
    if (!route) {
      const error: ServerMessages["error"] = {
        code: "unreachable",
        type: "walkTo",
        message: `tile (${m.tx}, ${m.ty}) cannot be reached from where you stand`,
      };
      a.client.send("error", error);
      return;
    }
    follow(a.walker, route);
  }

  /** Stepping into a portal sends you to its target floor (the client switches rooms). */
  #checkPortal(a: Attendee, from: { x: number; y: number }): void {
    if (this.#portals.length === 0) return;
    const at = (p: { x: number; y: number }) => {
      const t = tileOf(p);
      return this.#portals.find((z) => rectContainsTile(z.rect, t.tx, t.ty));
    };
    const portal = at(a.walker);
    if (!portal || at(from) === portal) return;
    hold(a.walker, { dx: 0, dy: 0 });
    a.walker.route = [];
    const message: ServerMessages["portal"] = { venue: this.#venue, floor: portal.target, via: portal.name };
    if (portal.targetSpawn) message.spawn = portal.targetSpawn;
    a.client.send("portal", message);
  }

  #spawnPoint(named?: string): { x: number; y: number } {
    const spawns = zonesOfKind(this.#floor, "spawn");
    // A named spawn (arriving through a portal), else the floor's first spawn (its entrance).
    const zone = spawns.find((z) => z.name === named) ?? spawns[0]!;
    // Try a few random tiles in the spawn zone, then the nearest free one to its centre.
    for (let i = 0; i < 20; i++) {
      const tx = zone.rect.x + Math.floor(Math.random() * zone.rect.width);
      const ty = zone.rect.y + Math.floor(Math.random() * zone.rect.height);
      const c = tileCenter(tx, ty);
      if (fits(this.#floor, c.x, c.y)) return c;
    }
    const t = nearestFreeTile(
      this.#floor,
      zone.rect.x + Math.floor(zone.rect.width / 2),
      zone.rect.y + Math.floor(zone.rect.height / 2),
    );
    return t ? tileCenter(t.tx, t.ty) : tileCenter(zone.rect.x, zone.rect.y);
  }

  /** Copy the walker's pose to what clients are sent, and (if it moved) its position to the interest grid. */
  #syncPosition(a: Attendee, moved = true): void {
    const w = a.walker;
    this.#feed.set(a.id, Math.round(w.x), Math.round(w.y), DIRECTIONS.indexOf(w.dir), w.moving);
    if (moved) this.#grid.set(a.id, w.x, w.y);
  }

  /**
   * Count everyone in each limited table/corner from scratch (someone arrived or left, or
   * the map changed) and put the counts on the shared state; walking keeps them up to date.
   */
  #recount(): void {
    const zones = this.#floor.zones;
    this.#counts = occupancy(zones, [...this.#attendees.values()].map((a) => a.walker));
    for (const a of this.#attendees.values()) a.spot = limitedZoneAt(zones, a.walker.x, a.walker.y);
    // Counts of tables and corners the host removed or renamed go too.
    for (const name of [...this.state.occupancy.keys()]) if (!this.#counts.has(name)) this.state.occupancy.delete(name);
    this.#publishCounts();
  }

  #publishCounts(): void {
    for (const [name, n] of this.#counts) if (this.state.occupancy.get(name) !== n) this.state.occupancy.set(name, n);
  }

  /** One fixed step of everyone's walking, with seats, portals and the interest grid. */
  #stepWalkers(): void {
    const zones = this.#floor.zones;
    const counts = this.#counts;
    for (const a of this.#attendees.values()) {
      const from = { x: a.walker.x, y: a.walker.y };
      let moved = advance(a.walker, this.#floor);
      const to = moved ? limitedZoneAt(zones, a.walker.x, a.walker.y) : a.spot;
      if (to !== a.spot) {
        const limit = to && limitOf(to);
        if (to && limit !== undefined && (counts.get(to.name) ?? 0) >= limit) {
          // A full table or corner is like a wall: stay outside and say why.
          a.walker.x = from.x;
          a.walker.y = from.y;
          a.walker.route = [];
          a.walker.moving = false;
          moved = false;
          if (Date.now() - a.fullNoticeAt > 2000) {
            a.fullNoticeAt = Date.now();
            const error: ServerMessages["error"] = {
              code: "zone_full",
              type: "move",
              message: `${to.name} is full (${limit}/${limit} ${to.kind === "table" ? "seats taken" : "people"})`,
            };
            a.client.send("error", error);
          }
        } else {
          if (a.spot) counts.set(a.spot.name, (counts.get(a.spot.name) ?? 1) - 1);
          if (to) counts.set(to.name, (counts.get(to.name) ?? 0) + 1);
          a.spot = to;
        }
      }
      if (moved) {
        this.#checkPortal(a, from);
        this.#movedSinceMedia = true;
      }
      // Also when not moved: turning towards a wall or stopping changes the pose.
      this.#syncPosition(a, moved);
    }
    this.#publishCounts();
  }

  #tick(steps = 1): void {
    const started = performance.now();
    for (let i = 1; i < steps; i++) this.#stepWalkers();
    this.#stepWalkers();
    // Views are refreshed for a quarter of the clients each tick (each client at 5 Hz):
    // the interest margin is several tiles wide, so nobody pops in on screen.
    let i = 0;
    const phase = this.#ticks % VIEW_REFRESH_TICKS;
    for (const a of this.#attendees.values()) if (a.connected && i++ % VIEW_REFRESH_TICKS === phase) this.#refreshView(a);
    // Media subscriptions follow people at 10 Hz; hysteresis in the model covers the gap.
    this.#ticks++;
    if (this.#media && this.#ticks % 2 === 0 && !this.#mediaBusy) {
      this.#mediaBusy = true;
      const people = [...this.#attendees.values()].map((p) => ({ id: p.id, x: p.walker.x, y: p.walker.y }));
      const moved = this.#movedSinceMedia;
      this.#movedSinceMedia = false;
      this.#media
        .update(people, this.#floor, moved)
        .catch((err: unknown) => console.warn(`[floor ${this.state.floor}] media update failed: ${String(err)}`))
        .finally(() => (this.#mediaBusy = false));
    }
    roomContext().onTick?.(this.state.floor, performance.now() - started);
    this.broadcastPatch();
  }

  /**
   * The shared state's patch (people, seats) goes to everyone at once; then each client
   * gets its own `pos` message. Same socket, so a newcomer's name arrives before its avatar.
   */
  override broadcastPatch(): boolean {
    const changed = super.broadcastPatch();
    for (const a of this.#attendees.values()) {
      if (!a.connected) continue;
      const message = this.#feed.message(a.view, a.seq);
      if (message) a.client.sendBytes(POSITIONS_MESSAGE, message);
    }
    this.#feed.endTick();
    return changed;
  }

  /** Bring the set of avatars a client sees in line with who is around it. */
  #refreshView(a: Attendee): void {
    const area = areaOfInterest(a.walker.x, a.walker.y, a.viewport);
    this.#near.clear();
    const near = this.#grid.query(area, this.#near);
    near.add(a.id); // you always see yourself
    // People you hear (a stage across the hall) must be visible too: the client
    // computes their gain and pan from their position.
    if (this.#media) for (const id of this.#media.subscribedTo(a.id)) near.add(id);
    for (const id of near) this.#feed.show(a.view, id);
    if (a.view.visible.size > near.size) {
      const keep: AreaOfInterest = {
        left: area.left - INTEREST_HYSTERESIS_PX,
        top: area.top - INTEREST_HYSTERESIS_PX,
        right: area.right + INTEREST_HYSTERESIS_PX,
        bottom: area.bottom + INTEREST_HYSTERESIS_PX,
      };
      for (const id of this.#feed.seen(a.view)) {
        if (near.has(id)) continue;
        const other = this.#attendees.get(id);
        if (other && inArea(keep, other.walker.x, other.walker.y)) continue;
        this.#feed.hide(a.view, id);
      }
    }
  }

  /**
   * A host published a new version of this floor: swap the map under everyone's feet.
   * Anyone now standing on a blocked tile is moved to the nearest free one; routes are
   * re-planned; clients see mapVersion change and redraw without reloading.
   */
  async reloadFloor(): Promise<void> {
    const loaded = await roomContext().loadFloor(this.#venue, this.state.floor);
    if (!loaded || loaded.version === this.state.mapVersion) return;
    this.#floor = loaded.floor;
    this.#portals = zonesOfKind(loaded.floor, "portal");
    this.#pathfinder = new Pathfinder(loaded.floor);
    for (const a of this.#attendees.values()) {
      const w = a.walker;
      if (!fits(this.#floor, w.x, w.y)) {
        const here = tileOf(w);
        const free = nearestFreeTile(this.#floor, here.tx, here.ty);
        if (free) {
          const c = tileCenter(free.tx, free.ty);
          w.x = c.x;
          w.y = c.y;
          this.#syncPosition(a);
        }
      }
      const goal = w.route.at(-1);
      w.route = goal ? (this.#pathfinder.find(tileOf(w), tileOf(goal)) ?? []) : [];
    }
    // New zones change who hears whom even for people who stand still, and the seats.
    this.#movedSinceMedia = true;
    this.#recount();
    this.state.mapVersion = loaded.version;
  }

  /** For tests: which speakers each listener receives flowing media from. */
  mediaFlowing(): Map<string, Set<string>> {
    return this.#media?.flowing() ?? new Map();
  }
}
