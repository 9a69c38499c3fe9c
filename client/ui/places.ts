/**
 * The list view of the venue, the map's text version for keyboard and screen-reader
 * users: every place on the floor (shared/map/places.ts) with its seats and who is seen
 * there, and "Go there", which walks you in by the same walkTo a click sends. Opened from
 * the top bar's Places button; arrow keys move through the list, Escape closes it. It
 * rewrites only text that changed, so focus stays on the button you are on.
 */
import type { Floor, Zone } from "../../shared/map/model.ts";
import { placesOf, placeTarget, type Place } from "../../shared/map/places.ts";
import { tileOf } from "../../shared/movement/step.ts";
import { ACCESS_STRINGS as S } from "./accessStrings.ts";
import { $, toast } from "./dom.ts";
import { el } from "./el.ts";
import { arrowKeys, closeOnEscape } from "./keys.ts";

export interface PlacesDeps {
  floor(): Floor;
  /** Everyone this page sees, in pixels (your own avatar too). */
  people(): Iterable<{ readonly id: string; readonly x: number; readonly y: number }>;
  occupancy(): ReadonlyMap<string, number> | undefined;
  myId(): string;
  me(): { x: number; y: number } | null;
  nameOf(id: string): string;
  walkToTile(tx: number, ty: number): "walking" | "here" | "unreachable" | "not-joined";
}

interface Row {
  li: HTMLLIElement;
  title: HTMLElement;
  about: HTMLElement;
  who: HTMLElement;
  go: HTMLButtonElement;
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
    arrowKeys(this.#list, "button.place-go", "vertical");
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
      const li = el("li", { class: `place place-${p.kind}` }, el("div", { class: "place-head" }, title, about), who, go);
      li.dataset.place = p.name;
      const row = { li, title, about, who, go };
      this.#rows.set(p.name, row);
      return li;
    });
    this.#list.replaceChildren(...items);
  }

  #fill(row: Row, p: Place): void {
    const kind = S.kinds[p.kind] ?? p.kind;
    const about = [kind, p.limit !== undefined ? S.seats(p.taken, p.limit) : null, p.leadsTo ? S.leadsTo(p.leadsTo) : null, p.here ? S.youAreHere : null]
      .filter((x): x is string => !!x)
      .join(" · ");
    const names = p.people.map((id) => this.#deps.nameOf(id));
    const who = names.length === 0 && p.taken === 0 ? S.nobodyThere : S.peopleThere(names, Math.max(0, p.taken - names.length));
    set(row.title, p.title);
    set(row.about, about);
    set(row.who, who);
    const label = S.goThereTo(p.kind === "portal" ? S.takeStairs : S.goThere, p.title);
    if (row.go.getAttribute("aria-label") !== label) row.go.setAttribute("aria-label", label);
    row.li.classList.toggle("here", p.here);
    row.li.dataset.taken = String(p.taken);
  }

  #go(name: string): void {
    const floor = this.#deps.floor();
    const zone: Zone | undefined = floor.zones.find((z) => z.name === name);
    const me = this.#deps.me();
    if (!zone || !me) return;
    const place = placesOf([zone], [...this.#deps.people()].filter((p) => p.id !== this.#deps.myId()), this.#deps.occupancy() ?? new Map(), me)[0];
    const title = place?.title ?? name;
    if (place && !place.here && place.limit !== undefined && place.taken >= place.limit) return this.#say(S.full(title));
    const target = placeTarget(floor, zone, tileOf(me));
    const result = target ? this.#deps.walkToTile(target.tx, target.ty) : "unreachable";
    if (result === "walking") this.#say(S.walkingTo(title));
    else if (result === "here") this.#say(S.youAreHere);
    else if (result === "unreachable") this.#say(S.unreachable(title));
  }

  /** A toast (its region is polite, so screen readers hear it too). */
  #say(text: string): void {
    toast(text);
  }
}

function set(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}
