/**
 * The "who's here" list: everyone on the floor, you first, people whose connection
 * dropped shown as away until they come back or their spot is released. It can be
 * folded away (remembered per browser) so it does not cover the floor, and once more
 * than a handful of people are here (or anyone has interests) it offers a search by name or
 * interest; each person's interest tags are listed under their name, a click on one finds
 * everyone who shares it. At an event, hosts, moderators and speakers carry a badge.
 */
import { sharedTags, tagMatches } from "../../shared/protocol/profile.ts";
import type { PersonView } from "../../shared/protocol/state.ts";
import { $, AVATAR_SWATCH, show } from "./dom.ts";
import { EVENT_STRINGS } from "./eventStrings.ts";
import { VenueRoster } from "./peopleElsewhere.ts";
import { INTEREST_STRINGS as I } from "./interestStrings.ts";
import { PEOPLE_STRINGS } from "./peopleStrings.ts";
import "./interests.css";
import { arrowKeys, closeOnEscape } from "./keys.ts";
import { VENUE_STRINGS as V } from "./venueStrings.ts";

/** Above this many people the list offers a search box. */
const FILTER_FROM = 8;
const COLLAPSED_KEY = "foyer.peopleCollapsed";

type Listed = Omit<PersonView, "interests"> & { interests: string[] };

export class PeopleList {
  readonly #people = new Map<string, Listed>();
  #me = "";
  #scheduled = false;
  #query = "";
  /** Someone in the list was picked (clicked, or Enter on their name): walk over to them. */
  onPick: ((id: string) => void) | null = null;
  /** Everyone on the venue's other floors, and picking people for a group conversation (peopleElsewhere.ts). */
  readonly venue = new VenueRoster(() => this.#schedule());
  /** Adds to (or hides) each entry as it is drawn: moderation's buttons, people you blocked (client/ui/moderation.ts). */
  decorate: ((li: HTMLLIElement, p: PersonView, isMe: boolean) => void) | null = null;
  /** After each redraw: the people here who share one of your interests (session id → the shared tags), for the map's marker. */
  onShared: ((shared: ReadonlyMap<string, string[]>) => void) | null = null;

  constructor() {
    const toggle = $("people-toggle");
    const collapse = (collapsed: boolean) => {
      $("people").classList.toggle("collapsed", collapsed);
      toggle.setAttribute("aria-expanded", String(!collapsed));
    };
    // On a phone the list starts folded (it would cover the floor), unless you opened it before.
    const stored = localStorage.getItem(COLLAPSED_KEY);
    collapse(stored === null ? window.matchMedia("(max-width: 640px)").matches : stored === "1");
    toggle.addEventListener("click", () => {
      const collapsed = !$("people").classList.contains("collapsed");
      localStorage.setItem(COLLAPSED_KEY, collapsed ? "1" : "0");
      collapse(collapsed);
    });
    const group = document.createElement("button");
    group.type = "button";
    group.id = "people-group";
    group.textContent = PEOPLE_STRINGS.groupButton;
    group.title = PEOPLE_STRINGS.groupButtonTitle;
    group.addEventListener("click", () => (this.venue.picking ? this.venue.stopPicking() : this.venue.startPicking(null)));
    const filter = $("people-filter") as HTMLInputElement;
    filter.before(group, this.venue.bar);
    filter.addEventListener("input", () => {
      this.#query = filter.value.normalize("NFC").trim().toLocaleLowerCase();
      this.#render();
    });
    // Typing a name must not walk the avatar (the game listens for WASD on the window).
    filter.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") e.stopPropagation();
    });
    // Up and down move through the names; Escape folds the list while you are in it.
    arrowKeys($("people-list"), "button.name", "vertical");
    closeOnEscape({
      root: () => $("people"),
      isOpen: () => !$("people").classList.contains("collapsed"),
      close: () => {
        localStorage.setItem(COLLAPSED_KEY, "1");
        collapse(true);
      },
      returnTo: () => toggle,
    });
  }

  setMe(id: string): void {
    this.#me = id;
    this.#render();
  }

  upsert(p: PersonView): void {
    this.#people.set(p.id, { id: p.id, name: p.name, avatar: p.avatar, connected: p.connected, role: p.role, personId: p.personId, status: p.status, interests: [...(p.interests ?? [])] });
    this.#schedule();
  }

  remove(id: string): void {
    this.#people.delete(id);
    this.#schedule();
  }

  /** Find people by an interest: the search box shows the tag and the list only those who have it. */
  findByInterest(tag: string): void {
    const filter = $("people-filter") as HTMLInputElement;
    filter.value = tag;
    this.#query = tag.normalize("NFC").trim().toLocaleLowerCase();
    this.#render();
    filter.focus();
  }

  /** The interests you have (from the floor's state). */
  myInterests(): string[] {
    return this.#people.get(this.#me)?.interests ?? [];
  }

  /** Draw the list again (what `decorate` adds changed). */
  redraw(): void {
    this.#schedule();
  }

  #schedule(): void {
    // Batch bursts (a full state arriving) into one DOM update.
    if (this.#scheduled) return;
    this.#scheduled = true;
    requestAnimationFrame(() => {
      this.#scheduled = false;
      this.#render();
    });
  }

  #render(): void {
    show("people", true);
    const list = $("people-list");
    const anyInterests = [...this.#people.values()].some((p) => p.interests.length > 0);
    show("people-filter", this.#people.size + this.venue.size > FILTER_FROM || this.#query !== "" || anyInterests);
    show("people-group", this.#people.size + this.venue.size > 1 && !this.venue.picking);
    const q = this.#query;
    const matching = q ? [...this.#people.values()].filter((p) => p.name.normalize("NFC").toLocaleLowerCase().includes(q) || tagMatches(p.interests, q)) : [...this.#people.values()];
    const mine = this.myInterests();
    const shared = new Map<string, string[]>();
    for (const p of this.#people.values()) {
      const tags = p.id === this.#me ? [] : sharedTags(mine, p.interests);
      if (tags.length > 0) shared.set(p.id, tags);
    }
    show("people-none", matching.length === 0 && this.venue.matches(q) === 0);
    const sorted = matching.sort((a, b) =>
      a.id === this.#me ? -1 : b.id === this.#me ? 1 : a.name.localeCompare(b.name),
    );
    const items = sorted.map((p) => {
      const li = document.createElement("li");
      li.dataset.id = p.id;
      if (p.id === this.#me) li.classList.add("me");
      if (!p.connected) li.classList.add("away");
      const dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = AVATAR_SWATCH[p.avatar] ?? "#999";
      const name = document.createElement(p.id === this.#me ? "span" : "button");
      name.className = "name";
      const shown = p.id === this.#me ? V.people.you(p.name) : p.name;
      name.textContent = p.connected ? shown : V.people.away(shown);
      if (name instanceof HTMLButtonElement) {
        name.type = "button";
        name.title = V.people.walkOver(p.name);
        name.addEventListener("click", () => this.onPick?.(p.id));
      }
      li.append(dot, name);
      this.venue.annotate(li, p, p.id === this.#me);
      if (p.interests.length > 0) li.append(this.#tags(p, shared.get(p.id) ?? []));
      const badge = EVENT_STRINGS.roles[p.role];
      if (badge) {
        const b = document.createElement("span");
        b.className = `role-badge role-${p.role}`;
        b.textContent = badge;
        li.append(b);
      }
      this.decorate?.(li, p, p.id === this.#me);
      return li;
    });
    list.replaceChildren(...this.venue.sections(q, $("floor-name").textContent ?? "", items));
    $("people-count").textContent = `(${this.#people.size + this.venue.size})`;
    this.onShared?.(shared);
  }

  /** Someone's interest tags: each one a button that finds everyone with it; the ones you share stand out. */
  #tags(p: Listed, shared: readonly string[]): HTMLElement {
    const list = document.createElement("ul");
    list.className = "tags";
    list.setAttribute("aria-label", I.tagsOf(p.name));
    for (const tag of p.interests) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = shared.includes(tag) ? "tag shared" : "tag";
      b.textContent = tag;
      b.title = I.filterByTag(tag);
      b.addEventListener("click", () => this.findByInterest(tag));
      li.append(b);
      list.append(li);
    }
    return list;
  }
}
