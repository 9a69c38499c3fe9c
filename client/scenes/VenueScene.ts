/**
 * The floor, live. Draws the Tiled map, puts every avatar the server sends on it, moves
 * your own avatar at once from the keyboard or a click (prediction with the shared step
 * rule, corrected by the server) and keeps the camera on you.
 */
import Phaser from "phaser";
import { getStateCallbacks } from "colyseus.js";
import { DIRECTIONS, TICK_MS, TILE_SIZE } from "../../shared/constants.ts";
import { spotAt } from "../../shared/audibility/model.ts";
import { nearbyRecipients } from "../../shared/chat/recipients.ts";
import { closedAreas, limitOf, mayEnter, type LimitedZone, type StageZone } from "../../shared/map/capacity.ts";
import { rectContainsTile, zonesOfKind, type Floor, type SignZone, type TileRect, type Zone } from "../../shared/map/model.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { tileOf, type Intent } from "../../shared/movement/step.ts";
import { advance, follow, hold, newWalker, stopAt, type Walker } from "../../shared/movement/walker.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { AvatarView, PersonView } from "../../shared/protocol/state.ts";
import type { Connection, FloorRoom } from "../net/connection.ts";
import { toast } from "../ui/dom.ts";
import { KNOCK_STRINGS } from "../ui/knockStrings.ts";
import { VENUE_STRINGS as V } from "../ui/venueStrings.ts";
import { fromServer } from "../ui/serverStrings.ts";
import { ownsKey } from "../ui/keys.ts";
import { PeopleList } from "../ui/people.ts";
import type { Spot } from "../ui/spot.ts";
import { startWayfinding, type Wayfinding } from "../ui/wayfinding.ts";
import { AvatarSprite } from "./AvatarSprite.ts";
import { stackLabels } from "./labels.ts";
import { resolveAssetUrl, tilesetTextureKey } from "./assets.ts";
import { drawPlan, knownDrawPlan } from "./drawPlan.ts";
import { drawTileObjects, loadTileObjectImages } from "./tileObjects.ts";
import { parseFloor } from "../../shared/map/parse.ts";

/** Further than this from the server's idea of you (px), prediction gives up and snaps. */
const SNAP_DISTANCE = TILE_SIZE * 3;
/** How far a pinch zooms out and in. */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 2;
/** A touch that moves further than this (px) before it lifts is a drag, not a tap. */
const TAP_SLOP = 12;

interface Keys {
  up: Phaser.Input.Keyboard.Key[];
  down: Phaser.Input.Keyboard.Key[];
  left: Phaser.Input.Keyboard.Key[];
  right: Phaser.Input.Keyboard.Key[];
}

export class VenueScene extends Phaser.Scene {
  #floor!: Floor;
  #pathfinder!: Pathfinder;
  #conn: Connection | null = null;
  #room: FloorRoom | null = null;
  #myId = "";
  #me: { walker: Walker; sprite: AvatarSprite; server: { x: number; y: number; seq: number; moving: boolean; dir: number } } | null = null;
  readonly #others = new Map<string, AvatarSprite>();
  readonly #people = new PeopleList();
  /** Who's here (moderation adds its buttons to it). */
  get people(): PeopleList {
    return this.#people;
  }
  #keys: Keys | null = null;
  #intent: Intent = { dx: 0, dy: 0 };
  #seq = 0;
  #accumulator = 0;
  #marker: Phaser.GameObjects.Rectangle | null = null;
  /** "Climate tech · 3/6" over each table and limited coffee corner. */
  readonly #zoneLabels = new Map<string, { text: Phaser.GameObjects.Text; title: string; limit: number }>();
  /** Outline of each table / coffee corner, so you can see where a private conversation spot begins. */
  readonly #zoneOutlines = new Map<string, { g: Phaser.GameObjects.Graphics; zone: Zone }>();
  /** The private spot you stand in (its outline is highlighted). */
  #inZone: string | undefined;
  /** "Closed · knock to join" at the edge of each table and corner, shown while it is closed. */
  readonly #closedBadges = new Map<string, Phaser.GameObjects.Text>();
  /** Closed spots as drawn (name → "host" / "inside"), and as your prediction refuses them (less the one you were let into). */
  #closedShown = new Map<string, string>();
  #closedRules: ReadonlySet<string> = new Set();
  /** The admission changed: the prediction's rules need working out again even if no closure did. */
  #closedRulesStale = false;
  /** May you step onto this stage? (client/ui/moderation.ts: your role, or a host brought you up.) The server's rule, predicted. */
  stageRule: ((stage: StageZone) => boolean) | null = null;
  /** The spot you were let into after knocking, and whether you have been inside it since. */
  #admitted: { zone: string; inside: boolean } | null = null;
  /** The server walks you (following someone): your avatar eases along its position instead of predicting. */
  #following = false;
  #labelsAt = 0;
  /** Called when you step into or out of a private spot (for the HUD, client/ui/spot.ts). */
  onSpotChange: ((spot: Spot | null) => void) | null = null;
  /** Someone was clicked (their avatar, or their name in who's-here): e.g. open their profile card. */
  onPersonPick: ((id: string) => void) | null = null;
  /** How a status shows after a name on the avatar ("" for available). */
  statusLabel: ((status: string) => string) | null = null;
  /** The minimap, the signs, "… joined your table" and the touch controls (client/ui/wayfinding.ts), once joined. */
  wayfinding: Wayfinding | null = null;
  /** A sign on the map was clicked or tapped (client/ui/signs.ts shows its words). */
  onSignPick: ((sign: SignZone) => void) | null = null;
  /** Where the touch joystick points (client/ui/touch.ts); the keyboard wins while a key is held. */
  stickIntent: Intent = { dx: 0, dy: 0 };
  /** The zoom a pinch chose (1 = one screen pixel per map pixel). */
  #zoom = 1;
  /** A second finger touched down since the first one did: that touch is a pinch, not a tap. */
  #pinched = false;
  #touchFrom: { x: number; y: number } | null = null;
  /** Called every frame with where you and everyone on screen stand (for the audio mix). */
  onFrame: ((me: { id: string; x: number; y: number }, positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>) => void) | null = null;

  constructor() {
    super("venue");
  }

  init(data: { floor: Floor; version: number }): void {
    this.#floor = data.floor;
    this.#mapVersion = data.version;
    this.#pathfinder = new Pathfinder(data.floor);
  }

  create(): void {
    this.#drawFloor();
    this.cameras.main.setBackgroundColor("#2b2d3a");
    this.cameras.main.roundPixels = true;
    // Before joining, show the entrance behind the join form.
    const spawn = zonesOfKind(this.#floor, "spawn")[0];
    if (spawn) this.cameras.main.centerOn((spawn.rect.x + spawn.rect.width / 2) * TILE_SIZE, (spawn.rect.y + spawn.rect.height / 2) * TILE_SIZE);
    this.#applyZoom();
    this.scale.on("resize", () => {
      this.#applyZoom();
      this.#sendViewport();
    });
  }

  /** Map layers and zone labels currently drawn (replaced when a host publishes). */
  #drawn: Phaser.GameObjects.GameObject[] = [];
  #mapVersion = 0;

  #drawFloor(): void {
    for (const o of this.#drawn) o.destroy();
    this.#drawn = [];
    this.#zoneLabels.clear();
    this.#zoneOutlines.clear();
    this.#closedBadges.clear();
    this.#closedShown = new Map();
    if (this.#inZone !== undefined) this.onSpotChange?.(null);
    this.#inZone = undefined;
    const map = this.make.tilemap({ key: `floor:${this.#mapVersion}` });
    const tilesets = this.#floor.tilesets
      .map((ts) => map.addTilesetImage(ts.name, tilesetTextureKey(ts.name)))
      .filter((t): t is Phaser.Tilemaps.Tileset => t !== null);
    (knownDrawPlan(this.#floor)?.layers ?? this.#floor.layers).forEach((layer, i) => {
      const l = map.createLayer(layer.name, tilesets, 0, 0);
      if (!l) return;
      l.setDepth(layer.above ? 100_000 + i : i);
      l.setVisible(layer.visible);
      l.setAlpha(layer.opacity);
      this.#drawn.push(l);
    });
    this.#drawn.push(...drawTileObjects(this, this.#floor));
    for (const z of this.#floor.zones) {
      if (z.kind !== "table" && z.kind !== "coffee-corner") continue;
      // Every table and coffee corner is private (shared/audibility): outline them all.
      const g = this.add.graphics().setDepth(999);
      this.#zoneOutlines.set(z.name, { g, zone: z });
      this.#outline(z.name, false);
      this.#drawn.push(g);
      const badge = this.add
        .text((z.rect.x + z.rect.width / 2) * TILE_SIZE, (z.rect.y + z.rect.height) * TILE_SIZE - 2, KNOCK_STRINGS.closedBadge, {
          fontFamily: "system-ui, sans-serif",
          fontSize: "12px",
          color: "#ffffff",
          backgroundColor: "rgba(154,52,18,0.92)",
          padding: { x: 6, y: 2 },
          resolution: 2,
        })
        .setOrigin(0.5, 1)
        .setDepth(50_001)
        .setVisible(false);
      this.#closedBadges.set(z.name, badge);
      this.#drawn.push(badge);
      const limit = limitOf(z);
      if (limit === undefined) continue;
      const title = spotTitle(z);
      const text = this.add
        .text((z.rect.x + z.rect.width / 2) * TILE_SIZE, z.rect.y * TILE_SIZE + 2, V.map.seats(title, 0, limit), {
          fontFamily: "system-ui, sans-serif",
          fontSize: "12px",
          color: "#1f2430",
          backgroundColor: "rgba(255,253,248,0.85)",
          padding: { x: 5, y: 2 },
          resolution: 2,
        })
        .setOrigin(0.5, 0)
        .setDepth(50_000);
      this.#zoneLabels.set(z.name, { text, title, limit });
      this.#drawn.push(text);
    }
    // Room beyond the bottom edge so the media bar never covers someone at the entrance.
    this.cameras.main.setBounds(0, 0, this.#floor.width * TILE_SIZE, this.#floor.height * TILE_SIZE + 160);
  }

  /** Draw a spot's outline: faint when you are outside, bright and tinted while you are in it. */
  #outline(name: string | undefined, active: boolean): void {
    const o = name === undefined ? undefined : this.#zoneOutlines.get(name);
    if (!o) return;
    const r = o.zone.rect;
    const x = r.x * TILE_SIZE + 1;
    const y = r.y * TILE_SIZE + 1;
    const w = r.width * TILE_SIZE - 2;
    const h = r.height * TILE_SIZE - 2;
    o.g.clear();
    if (active) o.g.fillStyle(0xffe28a, 0.1).fillRoundedRect(x, y, w, h, 6);
    // A closed spot has a solid red edge: walking in takes a knock.
    if (this.#closedShown.has(o.zone.name)) o.g.lineStyle(3, 0xe0573f, 0.95).strokeRoundedRect(x, y, w, h, 6);
    else o.g.lineStyle(2, active ? 0xffe28a : 0xfff6d8, active ? 0.9 : 0.35).strokeRoundedRect(x, y, w, h, 6);
  }

  /**
   * A host published a new version: fetch it, load any new tileset images, redraw, and
   * keep walking — no reload, the room connection stays.
   */
  async reloadFloor(url: string, version: number): Promise<void> {
    if (version === this.#mapVersion) return;
    const doc = (await (await fetch(url)).json()) as { version: number; map: unknown };
    const floor = parseFloor(doc.map);
    this.#mapVersion = doc.version;
    const missing = floor.tilesets.filter((ts) => !this.textures.exists(tilesetTextureKey(ts.name)));
    for (const ts of missing) this.load.image(tilesetTextureKey(ts.name), resolveAssetUrl(ts.image));
    loadTileObjectImages(this, floor);
    this.load.tilemapTiledJSON(`floor:${doc.version}`, drawPlan(floor, doc.map).map);
    await new Promise<void>((resolve) => {
      this.load.once("complete", () => resolve());
      this.load.start();
    });
    this.#floor = floor;
    this.#pathfinder = new Pathfinder(floor);
    this.#drawFloor();
    toast(V.map.floorUpdated);
  }

  /** Tiles visible at the current size and zoom, for the server's interest area. */
  viewportTiles(): { width: number; height: number } {
    const cam = this.cameras.main;
    return {
      width: Math.ceil(cam.width / cam.zoom / TILE_SIZE) + 1,
      height: Math.ceil(cam.height / cam.zoom / TILE_SIZE) + 1,
    };
  }

  /**
   * One map pixel per screen pixel at every screen size, so a bigger screen shows more of
   * the venue (a 1920×1080 screen 60×34 tiles, 1280×720 40×23, a phone 12×26), never less;
   * a pinch zooms between MIN_ZOOM and MAX_ZOOM from there.
   */
  #applyZoom(): void {
    this.cameras.main.setZoom(this.#zoom);
  }

  /** The zoom now (1 unless pinched). */
  get zoom(): number {
    return this.#zoom;
  }

  /** Zoom to `zoom` (clamped), e.g. from a pinch; the server hears the new visible area. */
  setZoom(zoom: number): void {
    const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
    if (z === this.#zoom) return;
    this.#zoom = z;
    this.#applyZoom();
    const v = this.viewportTiles();
    if (v.width !== this.#sentViewport.width || v.height !== this.#sentViewport.height) this.#sendViewport();
  }

  /** A pinch began: the touch that started it walks nobody. */
  pinchStarted(): void {
    this.#pinched = true;
  }
  #sentViewport = { width: 0, height: 0 };

  #sendViewport(): void {
    if (!this.#room) return;
    this.#sentViewport = this.viewportTiles();
    this.#conn?.send("viewport", this.#sentViewport);
  }

  /** Start playing: called once the room is joined (or rejoined). */
  attach(conn: Connection, room: FloorRoom): void {
    this.#conn = conn;
    this.#room = room;
    this.#myId = room.sessionId;
    this.#people.setMe(this.#myId);
    const $ = getStateCallbacks(room);
    // The state proxy is typed for Schema classes; our state is described by plain
    // interfaces in shared/protocol/state.ts, so go through a loosely typed handle.
    const state = $(room.state) as unknown as StateCallbacks;

    state.people.onAdd((p, id) => {
      this.#people.upsert(p);
      this.#others.get(id)?.setName(p.name);
      ($(p as never) as unknown as InstanceCallbacks<PersonView>).onChange(() => {
        this.#people.upsert(p);
        this.#others.get(id)?.setAway(!p.connected);
        this.#spriteOf(id)?.setStatus(this.statusLabel?.(p.status) ?? "");
      });
    });
    state.people.onRemove((_p, id) => {
      this.#people.remove(id);
    });
    const mirror = conn.avatars;
    if (mirror) {
      // Avatars that arrived while the scene was loading, then every change from now on.
      for (const [id, a] of mirror.avatars) this.#addAvatar(id, a);
      mirror.listen({
        enter: (id, a) => this.#addAvatar(id, a),
        update: (id, a) => this.#updateAvatar(id, a),
        gone: (id) => {
          this.#others.get(id)?.destroy();
          this.#others.delete(id);
        },
      });
    }

    conn.onServer("error", (e) => {
      if (e.code === "unreachable") toast(V.map.cantWalkThere);
      else if (e.code === "not_found" && e.type === "locate") toast(V.map.justLeft);
      else if (e.code === "zone_full") toast(fromServer(e.message));
      else if (e.type.startsWith("chat") || e.type === "editProfile") return; // the chat panel / profile editor says it where you typed
      else toast(V.map.refused(fromServer(e.message)), "warn");
    });
    conn.onServer("notice", (n) => toast(fromServer(n.message), "warn", 10_000));
    conn.onServer("located", (m) => this.#walkUpTo(m));
    this.#people.onPick = (id) => (this.onPersonPick ? this.onPersonPick(id) : this.#goTo(id));
    room.onLeave((code) => {
      if (code >= 4000 && code !== 4008) return;
      toast(code === 4008 ? V.map.invalidData : V.map.connectionLost, "warn", 60_000);
    });

    const kb = this.input.keyboard!;
    const K = Phaser.Input.Keyboard.KeyCodes;
    // No capture: Phaser would preventDefault these keys page-wide, so a W typed into a
    // field or an arrow in a list or select would be lost. Whether a key walks is decided
    // in #readIntent, by where focus is (client/ui/keys.ts ownsKey).
    const key = (code: number) => kb.addKey(code, false);
    this.#keys = {
      up: [key(K.UP), key(K.W)],
      down: [key(K.DOWN), key(K.S)],
      left: [key(K.LEFT), key(K.A)],
      right: [key(K.RIGHT), key(K.D)],
    };
    // A click walks at once; a touch walks when the finger lifts, unless it dragged or pinched.
    this.input.on("pointerdown", (p: Phaser.Input.Pointer) => {
      if (!p.wasTouch) return this.#pointerDown(p.worldX, p.worldY);
      this.#touchFrom = { x: p.x, y: p.y };
      this.#pinched = false;
    });
    this.input.on("pointerup", (p: Phaser.Input.Pointer) => {
      const from = this.#touchFrom;
      this.#touchFrom = null;
      if (!p.wasTouch || !from || this.#pinched || Math.hypot(p.x - from.x, p.y - from.y) > TAP_SLOP) return;
      p.updateWorldPoint(this.cameras.main);
      this.#pointerDown(p.worldX, p.worldY);
    });
    this.#marker = this.add.rectangle(0, 0, TILE_SIZE - 4, TILE_SIZE - 4).setStrokeStyle(2, 0xffe28a, 0.9).setVisible(false).setDepth(999);
    this.wayfinding ??= startWayfinding({ venue: this, avatars: () => this.#conn?.avatars?.avatars, myId: () => this.#myId });
    this.#sendViewport();
  }

  #addAvatar(id: string, a: AvatarView): void {
    const person = this.#person(id);
    const name = person?.name ?? "…";
    const look = person?.avatar ?? "slate";
    if (id === this.#myId) {
      // The mirror enters you once; later records for you are updates.
      const sprite = new AvatarSprite(this, look, name, a.x, a.y, true);
      this.#me = { walker: newWalker(a.x, a.y, DIRECTIONS[a.dir] ?? "down"), sprite, server: { x: a.x, y: a.y, seq: a.seq, moving: a.moving, dir: a.dir } };
      this.#seq = a.seq;
      this.cameras.main.startFollow(sprite.container, true, 0.2, 0.2);
      return;
    }
    this.#others.get(id)?.destroy();
    const sprite = new AvatarSprite(this, look, name, a.x, a.y, false);
    sprite.setAway(person ? !person.connected : false);
    sprite.setStatus(this.statusLabel?.(person?.status ?? "") ?? "");
    sprite.setMarked(this.#marked.has(id));
    sprite.pushSnapshot(a.x, a.y, a.dir, a.moving);
    this.#others.set(id, sprite);
  }

  #updateAvatar(id: string, a: AvatarView): void {
    if (id === this.#myId) {
      if (this.#me) this.#me.server = { x: a.x, y: a.y, seq: a.seq, moving: a.moving, dir: a.dir };
      return;
    }
    this.#others.get(id)?.pushSnapshot(a.x, a.y, a.dir, a.moving);
  }

  /** A click on someone's avatar opens their card, on a sign shows its words; anywhere else, you walk there. */
  #pointerDown(worldX: number, worldY: number): void {
    for (const [id, s] of this.#others) {
      const b = s.figureBox();
      if (this.onPersonPick && worldX >= b.left && worldX <= b.right && worldY >= b.top && worldY <= b.bottom) return this.onPersonPick(id);
    }
    const { tx, ty } = tileOf({ x: worldX, y: worldY });
    const sign = this.#floor.zones.find((z): z is SignZone => z.kind === "sign" && rectContainsTile(z.rect, tx, ty));
    if (sign && this.onSignPick) return this.onSignPick(sign);
    this.#walkTo(worldX, worldY);
  }

  #spriteOf(id: string): AvatarSprite | undefined {
    return id === this.#myId ? this.#me?.sprite : this.#others.get(id);
  }

  /** People who share one of your interests (sessions), marked on the map; empty to mark nobody (client/ui/interests.ts). */
  markShared(ids: ReadonlySet<string>): void {
    this.#marked = ids;
    for (const [id, s] of this.#others) s.setMarked(ids.has(id));
  }
  #marked: ReadonlySet<string> = new Set();

  /** Someone reacted: a bubble over their avatar, if you see them. */
  showReaction(id: string, text: string): void {
    this.#spriteOf(id)?.react(text);
  }

  /** Walk up to someone (the profile card's "walk over"). */
  walkOver(id: string): void {
    this.#goTo(id);
  }

  /** Names of the people a nearby message would reach now (shared/chat/recipients.ts), or null in a quiet zone. */
  conversation(): string[] | null {
    if (!this.#me) return [];
    const people = [{ id: this.#myId, x: this.#me.walker.x, y: this.#me.walker.y }, ...[...this.#others].map(([id, s]) => ({ id, x: s.x, y: s.y }))];
    const talk = nearbyRecipients(this.#myId, people, this.#floor.zones);
    return talk.silent ? null : talk.recipients.filter((id) => id !== this.#myId).map((id) => this.nameOf(id));
  }

  /** You were let into `zone` after knocking: walk in without your page stopping you at its edge. */
  letIn(zone: string): void {
    this.#admitted = { zone, inside: false };
    this.#closedRulesStale = true;
    this.#showClosed(this.#room?.state.closed);
  }

  /** The server walks you after someone (true), or you walk yourself again (false). */
  setFollowing(on: boolean): void {
    this.#following = on;
  }

  /** For tests: the closed spots as drawn on the map (name → "host" / "inside"). */
  debugClosed(): Record<string, string> {
    return Object.fromEntries(this.#closedShown);
  }

  /** For tests: the reaction bubble over someone's avatar. */
  debugReaction(id: string): string | null {
    return this.#spriteOf(id)?.shownReaction() ?? null;
  }

  #walkTo(worldX: number, worldY: number): void {
    const { tx, ty } = tileOf({ x: worldX, y: worldY });
    if (tx < 0 || ty < 0 || tx >= this.#floor.width || ty >= this.#floor.height) return;
    const route = this.#me && this.#pathfinder.find(tileOf(this.#me.walker), { tx, ty }, this.#closedAreas());
    if (route === null) toast(V.map.cantWalkThere);
    else if (route) this.#walkRoute(route, { tx, ty });
  }

  /** Walk to a spot in the world (pixels), e.g. a tap on the minimap: the same as a click on the floor there. */
  walkToPoint(worldX: number, worldY: number): void {
    this.#walkTo(worldX, worldY);
  }

  /**
   * Walk to a tile (the list view's "go there"): "walking", "here" when you already stand
   * on it, "unreachable" when no path leads there, "not-joined" before you are on the floor.
   */
  walkToTile(tx: number, ty: number): "walking" | "here" | "unreachable" | "not-joined" {
    if (!this.#me) return "not-joined";
    const route = this.#pathfinder.find(tileOf(this.#me.walker), { tx, ty }, this.#closedAreas());
    if (route === null) return "unreachable";
    if (route.length === 0) return "here";
    this.#walkRoute(route, { tx, ty });
    return "walking";
  }

  /** Where your avatar stands now (pixels, as predicted), or null before joining. */
  myPosition(): { x: number; y: number } | null {
    return this.#me ? { x: this.#me.walker.x, y: this.#me.walker.y } : null;
  }

  /** Someone picked in the who's-here list: ask where they are, then walk up next to them. */
  #goTo(id: string): void {
    if (id === this.#myId || !this.#conn) return;
    this.#conn.send("locate", { id });
  }

  #walkUpTo(m: ServerMessages["located"]): void {
    if (!this.#me) return;
    const name = this.nameOf(m.id);
    const route = this.#pathfinder.find(tileOf(this.#me.walker), { tx: m.tx, ty: m.ty }, this.#closedAreas());
    if (!route) {
      toast(V.map.cantReach(name));
      return;
    }
    // Stop on the tile before theirs: next to them, not on top of them.
    const next = route.slice(0, -1);
    if (next.length === 0) {
      toast(V.map.rightNextTo(name));
      return;
    }
    this.#walkRoute(next, tileOf(next[next.length - 1]!));
    toast(V.map.walkingOver(name));
  }

  /** Closed tables and corners (less the one you were let into): routes go around them, as the server's do. */
  #closedAreas(): TileRect[] {
    return closedAreas(this.#floor.zones, this.#closedRules);
  }

  #walkRoute(route: { x: number; y: number }[], goal: { tx: number; ty: number }): void {
    if (!this.#me || !this.#conn) return;
    const { tx, ty } = goal;
    follow(this.#me.walker, route);
    this.#conn.send("walkTo", { tx, ty });
    this.#marker?.setPosition(tx * TILE_SIZE + TILE_SIZE / 2, ty * TILE_SIZE + TILE_SIZE / 2).setVisible(true);
  }

  #readIntent(): Intent {
    const k = this.#keys;
    if (!k) return { dx: 0, dy: 0 };
    // [arrow, letter]: typing in a field walks nobody; arrows inside a list move in the list.
    const focused = document.activeElement;
    const letters = !ownsKey("w", focused);
    const arrows = !ownsKey("ArrowUp", focused);
    const held = ([arrow, letter]: Phaser.Input.Keyboard.Key[]) => (arrows && !!arrow?.isDown) || (letters && !!letter?.isDown);
    const dx = ((held(k.right) ? 1 : 0) - (held(k.left) ? 1 : 0)) as Intent["dx"];
    const dy = ((held(k.down) ? 1 : 0) - (held(k.up) ? 1 : 0)) as Intent["dy"];
    return dx === 0 && dy === 0 ? this.stickIntent : { dx, dy };
  }

  override update(_time: number, delta: number): void {
    const now = performance.now();
    for (const s of this.#others.values()) s.interpolate(now);
    const me = this.#me;
    if (!me || !this.#conn) return;

    const intent = this.#readIntent();
    if (intent.dx !== this.#intent.dx || intent.dy !== this.#intent.dy) {
      this.#intent = intent;
      this.#seq++;
      hold(me.walker, intent);
      this.#conn.send("move", { dx: intent.dx, dy: intent.dy, seq: this.#seq });
      if (intent.dx !== 0 || intent.dy !== 0) this.#marker?.setVisible(false);
    }

    // Predict with the same fixed tick the server uses.
    this.#accumulator = Math.min(this.#accumulator + this.game.loop.rawDelta, TICK_MS * 5); // real time: Phaser's smoothed delta runs slow after focus changes and at low frame rates
    const counts = this.#room?.state.occupancy;
    while (this.#accumulator >= TICK_MS) {
      const from = { x: me.walker.x, y: me.walker.y };
      if (advance(me.walker, this.#floor) && counts && !mayEnter(this.#floor.zones, counts, from, me.walker, { closed: this.#closedRules, ...(this.stageRule ? { mayBeOnStage: this.stageRule } : {}) }).ok) {
        // Same rule as the server: a full table stops you at its edge.
        stopAt(me.walker, from);
      }
      this.#accumulator -= TICK_MS;
    }
    if (counts && now - this.#labelsAt > 250) {
      this.#labelsAt = now;
      for (const [name, l] of this.#zoneLabels) {
        const n = counts.get(name) ?? 0;
        const label = V.map.seats(l.title, n, l.limit);
        if (l.text.text !== label) l.text.setText(label);
      }
      this.#showClosed(this.#room?.state.closed);
    }

    // Correct toward the server: snap if far off (blocked by something we did not know,
    // moved by a host); ease in once the server has seen our latest input and we rest.
    const s = me.server;
    const err = Math.hypot(s.x - me.walker.x, s.y - me.walker.y);
    const idle = intent.dx === 0 && intent.dy === 0 && me.walker.route.length === 0;
    if (err > SNAP_DISTANCE) {
      me.walker.x = s.x;
      me.walker.y = s.y;
      me.walker.route = [];
    } else if (this.#following && idle) {
      // Following: the server walks you; ease along its position as others' avatars are.
      me.walker.x += (s.x - me.walker.x) * 0.3;
      me.walker.y += (s.y - me.walker.y) * 0.3;
      me.walker.moving = s.moving || err > 1;
      me.walker.dir = DIRECTIONS[s.dir] ?? me.walker.dir;
    } else if (idle && !s.moving && s.seq === this.#seq && err > 0.5) {
      me.walker.x += (s.x - me.walker.x) * 0.25;
      me.walker.y += (s.y - me.walker.y) * 0.25;
    }
    if (me.walker.route.length === 0 && idle) this.#marker?.setVisible(false);
    me.sprite.place(me.walker.x, me.walker.y, me.walker.dir, me.walker.moving);
    this.#stackNameLabels(me.sprite, now);
    // The private spot you stand in, by the same rule the audio uses.
    const spot = spotAt(this.#floor.zones, me.walker.x, me.walker.y);
    const zone = spot.kind === "private" ? spot.zone : undefined;
    if (zone?.name !== this.#inZone) {
      this.#outline(this.#inZone, false);
      this.#outline(zone?.name, true);
      this.#inZone = zone?.name;
      this.onSpotChange?.(zone ? { name: zone.name, title: spotTitle(zone), overhear: zone.overhear } : null);
      // Let in "until you leave it": out of the spot again, your page stops you at its edge again.
      if (this.#admitted && zone?.name === this.#admitted.zone) this.#admitted.inside = true;
      else if (this.#admitted?.inside) {
        this.#admitted = null;
        this.#closedRulesStale = true;
      }
    }
    // AvatarSprite has x and y: everyone on screen is passed as they are drawn.
    this.onFrame?.({ id: this.#myId, x: me.walker.x, y: me.walker.y }, this.#others);
  }

  /** Draw closed spots (red edge, a badge) and refuse them in your prediction, when the room's closures change. */
  #showClosed(closed: ReadonlyMap<string, string> | undefined): void {
    const now = new Map(closed ?? []);
    const same = now.size === this.#closedShown.size && [...now].every(([k, v]) => this.#closedShown.get(k) === v);
    if (same && !this.#closedRulesStale) return;
    this.#closedRulesStale = false;
    const changed = new Set([...now.keys(), ...this.#closedShown.keys()]);
    this.#closedShown = now;
    const admitted = this.#admitted?.zone;
    this.#closedRules = new Set([...now.keys()].filter((name) => name !== admitted));
    for (const name of changed) {
      this.#outline(name, name === this.#inZone);
      const by = now.get(name);
      this.#closedBadges.get(name)?.setVisible(by !== undefined).setText(by === "host" ? KNOCK_STRINGS.closedByHostBadge : KNOCK_STRINGS.closedBadge);
    }
  }

  /**
   * Keep the names of people standing together readable (client/scenes/labels.ts): laid
   * out 10 times a second (a crowd makes it quadratic), eased towards every frame.
   */
  #stackNameLabels(mine: AvatarSprite, now: number): void {
    const sprites = [mine, ...this.#others.values()];
    if (now - this.#labelsLaidOutAt >= 100) {
      this.#labelsLaidOutAt = now;
      const lifts = stackLabels(
        sprites.map((s) => s.labelBox()),
        sprites.map((s) => s.figureBox()),
      );
      this.#labelLifts = new Map(sprites.map((s, i) => [s, lifts[i]!]));
    }
    for (const s of sprites) s.liftLabel(this.#labelLifts.get(s) ?? 0);
  }
  #labelsLaidOutAt = -Infinity;
  #labelLifts = new Map<AvatarSprite, number>();

  get floor(): Floor {
    return this.#floor;
  }

  /** Who this is, from the floor's shared who's-here state. */
  #person(id: string): PersonView | undefined {
    return this.#room?.state.people.get(id);
  }

  nameOf(id: string): string {
    return this.#person(id)?.name ?? V.map.someone;
  }

  /** For tests: every name label as drawn (text and world box). */
  debugLabels(): { text: string; left: number; top: number; width: number; height: number }[] {
    return [...(this.#me ? [this.#me.sprite] : []), ...this.#others.values()].map((s) => s.drawnLabel());
  }

  /** For tests: the tile objects drawn (texture, world position, size, depth), in display order. */
  debugTileObjects(): { texture: string; x: number; y: number; width: number; height: number; depth: number; flipX: boolean; angle: number }[] {
    return this.children.list
      .filter((o): o is Phaser.GameObjects.Image => o instanceof Phaser.GameObjects.Image && o.texture.key.startsWith("tile"))
      .map((o) => ({ texture: o.texture.key, x: o.x, y: o.y, width: o.displayWidth, height: o.displayHeight, depth: o.depth, flipX: o.flipX, angle: o.angle }));
  }

  /** For tests and debugging: where the page thinks everyone is. */
  debugSnapshot(): { me: { x: number; y: number } | null; others: Record<string, { x: number; y: number }>; spot: string | null } {
    const others: Record<string, { x: number; y: number }> = {};
    for (const [id, s] of this.#others) others[id] = { x: s.x, y: s.y };
    return { me: this.#me ? { x: this.#me.walker.x, y: this.#me.walker.y } : null, others, spot: this.#inZone ?? null };
  }
}

interface CollectionCallbacks<T> {
  onAdd(cb: (item: T, key: string) => void, immediate?: boolean): () => void;
  onRemove(cb: (item: T, key: string) => void): () => void;
}
interface InstanceCallbacks<T> {
  onChange(cb: () => void): () => void;
}
interface StateCallbacks {
  people: CollectionCallbacks<PersonView>;
}

/** What a table or coffee corner is called on screen: a table's topic, else its name. */
function spotTitle(z: LimitedZone): string {
  return z.kind === "table" && z.topic ? z.topic : z.name;
}
