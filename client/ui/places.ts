/**
 * The list view of the venue, the map's text version for keyboard and screen-reader
 * users: every place on the floor (shared/map/places.ts) with its seats and who is seen
 * there, and "Go there", which walks you in by the same walkTo a click sends; at a table
 * or corner the people inside closed, "Knock" (the same knock the notice's button sends, or,
 * from further away, a walk up to it, where being stopped at its edge knocks). Opened from
 * the top bar's Places button; arrow keys move through the list, Escape closes it. It
 * rewrites only text that changed, so focus stays on the button you are on.
 */
import { tilesToRect, type Floor, type Zone } from "../../shared/map/model.ts";
import { placesOf, placeTarget, type Place } from "../../shared/map/places.ts";
import { tileOf } from "../../shared/movement/step.ts";
import { KNOCK_REACH_TILES } from "../../shared/protocol/knock.ts";
import { ACCESS_STRINGS as S } from "./accessStrings.ts";
import { $, toast } from "./dom.ts";
import { el } from "./el.ts";
import { arrowKeys, closeOnEscape } from "./keys.ts";
import { kindName } from "./zoneKindStrings.ts";

export interface PlacesDeps {
  floor(): Floor;
  /** Everyone this page sees, in pixels (your own avatar too). */
  people(): Iterable<{ readonly id: string; readonly x: number; readonly y: number }>;
  occupancy(): ReadonlyMap<string, number> | undefined;
  myId(): string;
  me(): { x: number; y: number } | null;
  nameOf(id: string): string;
  walkToTile(tx: number, ty: number): "walking" | "here" | "unreachable" | "not-joined";
  /** Closed tables and corners: by "host" or by the people "inside" (the room's shared state). */
  closed(): ReadonlyMap<string, string> | undefined;
  /** Knock at a closed spot (the server answers with the knocker's notice, client/ui/knock.ts). */
  knock(zone: string): void;
}

interface Row {
  li: HTMLLIElement;
  title: HTMLElement;
  about: HTMLElement;
  who: HTMLElement;
  go: HTMLButtonElement;
  knock: HTMLButtonElement;
}

const REFRESH_MS = 1000;

export class PlacesPanel {
  readonly root: HTMLElement;
  readonly toggle: HTMLButtonElement;
  readonly #deps: PlacesDeps;
  readonly #list = el("ul", { class: "places-list", id: "places-list" });
  readonly #rows = new Map<string, Row>();
  #drawnFloor: Floor | null = null;
  #timer = 0;

  constructor(deps: PlacesDeps) {
    this.#deps = deps;
    const close = el("button", { class: "places-close", text: "×" });
    close.type = "button";
    close.setAttribute("aria-label", S.placesClose);
    close.addEventListener("click", () => this.open(false, true));
    this.root = el(
      "section",
      { id: "places", class: "places hidden" },
      el("h2", { id: "places-title", text: S.placesTitle }),
      close,
      el("p", { class: "places-hint", text: S.placesHint }),
      this.#list,
    );
    this.root.setAttribute("aria-labelledby", "places-title");
    this.toggle = el("button", { id: "places-open", class: "hud-button", text: S.placesButton });
    this.toggle.type = "button";
    this.toggle.setAttribute("aria-controls", "places");
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.addEventListener("click", () => this.open(this.root.classList.contains("hidden"), true));
    arrowKeys(this.#list, "button.place-go, button.place-knock:not(.hidden)", "vertical");
    closeOnEscape({ root: () => this.root, isOpen: () => this.isOpen, close: () => this.open(false), returnTo: () => this.toggle, anywhere: true });
    // Keys pressed in the list are the list's, not the reaction bar's or the game's.
    this.root.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" && e.key !== "Tab") e.stopPropagation();
    });
    document.body.append(this.root);
    $("hud").append(this.toggle);
    $("game").setAttribute("aria-label", S.mapLabel);
  }

  get isOpen(): boolean {
    return !this.root.classList.contains("hidden");
  }

  /** Show or hide the list; opening by hand puts focus on the first place. */
  open(open: boolean, moveFocus = false): void {
    this.root.classList.toggle("hidden", !open);
    this.toggle.setAttribute("aria-expanded", String(open));
    window.clearInterval(this.#timer);
    if (!open) {
      if (moveFocus) this.toggle.focus();
      return;
    }
    this.render();
    this.#timer = window.setInterval(() => this.render(), REFRESH_MS);
    if (moveFocus) this.#list.querySelector<HTMLButtonElement>("button.place-go")?.focus();
  }

  /** Bring the list up to date (called every second while open). */
  render(): void {
    const floor = this.#deps.floor();
    if (floor !== this.#drawnFloor) this.#rebuild(floor);
    const myId = this.#deps.myId();
    const others = [...this.#deps.people()].filter((p) => p.id !== myId);
    const places = placesOf(floor.zones, others, this.#deps.occupancy() ?? new Map(), this.#deps.me());
    for (const p of places) {
      const row = this.#rows.get(p.name);
      if (row) this.#fill(row, p);
    }
  }

  #rebuild(floor: Floor): void {
    this.#drawnFloor = floor;
    this.#rows.clear();
    const items = placesOf(floor.zones, [], new Map(), null).map((p) => {
      const title = el("strong", { class: "place-title" });
      const about = el("span", { class: "place-about" });
      const who = el("p", { class: "place-who" });
      const go = el("button", { class: "place-go", text: p.kind === "portal" ? S.takeStairs : S.goThere });
      go.type = "button";
      go.addEventListener("click", () => this.#go(p.name));
      const knock = el("button", { class: "place-knock hidden", text: S.knock });
      knock.type = "button";
      knock.addEventListener("click", () => this.#knock(p.name));
      const li = el("li", { class: `place place-${p.kind}` }, el("div", { class: "place-head" }, title, about), who, el("div", { class: "place-actions" }, go, knock));
      li.dataset.place = p.name;
      const row = { li, title, about, who, go, knock };
      this.#rows.set(p.name, row);
      return li;
    });
    this.#list.replaceChildren(...items);
  }

  #fill(row: Row, p: Place): void {
    const kind = S.kinds[p.kind] ?? kindName(p.kind);
    const by = this.#deps.closed()?.get(p.name);
    const closed = by === "host" ? S.closedByHost : by ? S.closedKnock : null;
    const about = [kind, p.limit !== undefined ? S.seats(p.taken, p.limit) : null, closed, p.leadsTo ? S.leadsTo(p.leadsTo) : null, p.here ? S.youAreHere : null]
      .filter((x): x is string => !!x)
      .join(" · ");
    const names = p.people.map((id) => this.#deps.nameOf(id));
    // A sign's row reads its words; whoever stands at it is not what it is about.
    const who = p.text !== undefined ? p.text : names.length === 0 && p.taken === 0 ? S.nobodyThere : S.peopleThere(names, Math.max(0, p.taken - names.length));
    set(row.title, p.title);
    set(row.about, about);
    set(row.who, who);
    const label = S.goThereTo(p.kind === "portal" ? S.takeStairs : S.goThere, p.title);
    if (row.go.getAttribute("aria-label") !== label) row.go.setAttribute("aria-label", label);
    // Knock, at a spot the people inside closed and you are not in (a host's closure takes no knocks).
    const knockable = by === "inside" && !p.here;
    if (row.knock.classList.contains("hidden") === knockable) {
      // The button you are on goes: focus stays in the row.
      if (!knockable && document.activeElement === row.knock) row.go.focus();
      row.knock.classList.toggle("hidden", !knockable);
    }
    const knockLabel = S.goThereTo(S.knock, p.title);
    if (row.knock.getAttribute("aria-label") !== knockLabel) row.knock.setAttribute("aria-label", knockLabel);
    row.li.classList.toggle("here", p.here);
    row.li.classList.toggle("closed", by !== undefined);
    row.li.dataset.taken = String(p.taken);
  }

  #go(name: string): void {
    const floor = this.#deps.floor();
    const zone: Zone | undefined = floor.zones.find((z) => z.name === name);
    const me = this.#deps.me();
    if (!zone || !me) return;
    const place = placesOf([zone], [...this.#deps.people()].filter((p) => p.id !== this.#deps.myId()), this.#deps.occupancy() ?? new Map(), me)[0];
    const title = place?.title ?? name;
    if (place && !place.here && this.#deps.closed()?.get(name) === "host") return this.#say(S.hostClosed(title));
    if (place && !place.here && place.limit !== undefined && place.taken >= place.limit) return this.#say(S.full(title));
    const target = placeTarget(floor, zone, tileOf(me));
    const result = target ? this.#deps.walkToTile(target.tx, target.ty) : "unreachable";
    if (result === "walking") this.#say(S.walkingTo(title));
    else if (result === "here") this.#say(S.youAreHere);
    else if (result === "unreachable") this.#say(S.unreachable(title));
  }

  /**
   * Knock at a closed spot: at once when you stand close enough (what the server accepts),
   * else walk up to it, where the server stops you at its edge and that is the knock.
   */
  #knock(name: string): void {
    const floor = this.#deps.floor();
    const zone = floor.zones.find((z) => z.name === name);
    const me = this.#deps.me();
    if (!zone || !me) return;
    const title = zone.kind === "table" && zone.topic ? zone.topic : zone.name;
    const at = tileOf(me);
    if (tilesToRect(zone.rect, at.tx, at.ty) <= KNOCK_REACH_TILES) return this.#deps.knock(name);
    const target = placeTarget(floor, zone, at);
    const result = target ? this.#deps.walkToTile(target.tx, target.ty) : "unreachable";
    if (result === "walking") this.#say(S.walkingToKnock(title));
    else if (result === "unreachable") this.#say(S.unreachable(title));
    else if (result === "here") this.#deps.knock(name);
  }

  /** A toast (its region is polite, so screen readers hear it too). */
  #say(text: string): void {
    toast(text);
  }
}

function set(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}
