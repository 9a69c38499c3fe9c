/**
 * Who's here beyond your floor (issue #11): the venue's roster from the server (`roster`,
 * then `rosterChanged`) drawn as one section per floor under your own, each person with
 * their status and role, "Walk me there" and "Message"; and picking several people (on any
 * floor) for a group conversation. The who's-here list (people.ts) calls in here while it
 * draws; names go on the page as text only.
 */
import { GROUP_MAX } from "../../shared/chat/text.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { RosterEntry } from "../../shared/protocol/venue.ts";
import { CHAT_STRINGS } from "./chatStrings.ts";
import { AVATAR_SWATCH } from "./dom.ts";
import { el } from "./el.ts";
import { EVENT_STRINGS } from "./eventStrings.ts";
import { PEOPLE_STRINGS as S } from "./peopleStrings.ts";
import "./people.css";

export interface VenueActions {
  walkThere(who: RosterEntry): void;
  message(personId: string, name: string): void;
  /** Start a group with these people, or add them to the conversation `into`. */
  together(members: { personId: string; name: string }[], into: string | null): void;
}

type Person = { personId: string; name: string };

export class VenueRoster {
  readonly #entries = new Map<string, RosterEntry>();
  readonly #redraw: () => void;
  #picking: { into: string | null } | null = null;
  readonly #picked = new Map<string, string>();
  readonly bar: HTMLElement;
  readonly #barText = el("span", { class: "pick-count" });
  readonly #go = el("button", { class: "pick-go", text: S.startGroup });
  actions: VenueActions | null = null;

  constructor(redraw: () => void) {
    this.#redraw = redraw;
    const cancel = el("button", { class: "pick-cancel", text: S.cancel });
    cancel.type = "button";
    this.#go.type = "button";
    cancel.addEventListener("click", () => this.stopPicking());
    this.#go.addEventListener("click", () => {
      const members = [...this.#picked].map(([personId, name]) => ({ personId, name }));
      if (members.length === 0 || !this.#picking) return;
      this.actions?.together(members, this.#picking.into);
      this.stopPicking();
    });
    this.bar = el("div", { class: "people-pick hidden" }, el("strong", { class: "pick-title" }), this.#barText, el("div", { class: "pick-actions" }, this.#go, cancel));
    this.bar.setAttribute("role", "group");
  }

  get size(): number {
    return this.#entries.size;
  }

  get picking(): boolean {
    return this.#picking !== null;
  }

  set(m: ServerMessages["roster"]): void {
    this.#entries.clear();
    for (const e of m.people) this.#entries.set(e.key, e);
    this.#redraw();
  }

  change(m: ServerMessages["rosterChanged"]): void {
    for (const k of m.gone) this.#entries.delete(k);
    for (const e of m.upsert) this.#entries.set(e.key, e);
    this.#redraw();
  }

  /** Pick people for a new group (`into` null) or to add to the conversation `into`; `already` are in it. */
  startPicking(into: string | null, already: Person[] = []): void {
    this.#picking = { into };
    this.#picked.clear();
    for (const p of already) this.#picked.set(p.personId, p.name);
    const title = this.bar.querySelector(".pick-title");
    if (title) title.textContent = into === null ? S.pickTitle : S.pickAddTitle;
    this.#go.textContent = into === null ? S.startGroup : S.addToGroup;
    this.bar.classList.remove("hidden");
    this.#count();
    this.#redraw();
  }

  stopPicking(): void {
    this.#picking = null;
    this.#picked.clear();
    this.bar.classList.add("hidden");
    this.#redraw();
  }

  #count(): void {
    this.#barText.textContent = S.picked(this.#picked.size, GROUP_MAX - 1);
    this.#go.disabled = this.#picked.size === 0;
  }

  /** Status after the name, and while picking a box to pick them (not yourself). */
  annotate(li: HTMLLIElement, who: Person & { status: string }, isMe: boolean): void {
    const status = who.status === "busy" || who.status === "away" ? CHAT_STRINGS.statusShort[who.status] : "";
    if (status) li.append(el("span", { class: `status status-${who.status}`, text: status }));
    if (!this.#picking || isMe) return;
    const box = el("input", { class: "pick" });
    box.type = "checkbox";
    box.checked = this.#picked.has(who.personId);
    box.setAttribute("aria-label", S.pickPerson(who.name));
    box.disabled = !box.checked && this.#picked.size >= GROUP_MAX - 1;
    box.addEventListener("change", () => {
      if (box.checked) this.#picked.set(who.personId, who.name);
      else this.#picked.delete(who.personId);
      this.#count();
      this.#redraw();
    });
    li.prepend(box);
  }

  /** Does anyone elsewhere match the search? */
  matches(q: string): number {
    return this.#matching(q).length;
  }

  #matching(q: string): RosterEntry[] {
    const all = [...this.#entries.values()];
    return q ? all.filter((e) => e.name.normalize("NFC").toLocaleLowerCase().includes(q)) : all;
  }

  /** Your floor's rows under its heading, then every other floor's people under theirs. */
  sections(q: string, hereName: string, here: HTMLLIElement[]): HTMLLIElement[] {
    const elsewhere = this.#matching(q);
    if (this.#entries.size === 0) return here;
    const byFloor = new Map<string, RosterEntry[]>();
    for (const e of elsewhere) byFloor.set(e.floor, [...(byFloor.get(e.floor) ?? []), e]);
    const out = [heading(S.hereFloor(hereName)), ...here];
    const floors = [...byFloor.values()].sort((a, b) => a[0]!.floorName.localeCompare(b[0]!.floorName));
    for (const people of floors) {
      const first = people[0]!;
      const head = heading(S.otherFloor(first.floorName, people.length));
      head.dataset.floor = first.floor;
      out.push(head, ...people.sort((a, b) => a.name.localeCompare(b.name)).map((e) => this.#row(e)));
    }
    return out;
  }

  #row(e: RosterEntry): HTMLLIElement {
    const li = el("li", { class: "elsewhere" });
    li.dataset.floor = e.floor;
    li.dataset.personId = e.personId;
    if (!e.connected) li.classList.add("away");
    const dot = el("span", { class: "dot" });
    dot.style.background = AVATAR_SWATCH[e.avatar] ?? "#999";
    const name = el("button", { class: "name", text: e.name });
    name.type = "button";
    name.title = S.walkMeThereTitle(e.name, e.floorName);
    name.addEventListener("click", () => this.actions?.walkThere(e));
    li.append(dot, name);
    const badge = EVENT_STRINGS.roles[e.role];
    if (badge) li.append(el("span", { class: `role-badge role-${e.role}`, text: badge }));
    this.annotate(li, e, false);
    const go = el("button", { class: "go", text: S.walkMeThere });
    go.type = "button";
    go.title = S.walkMeThereTitle(e.name, e.floorName);
    go.addEventListener("click", () => this.actions?.walkThere(e));
    const msg = el("button", { class: "msg", text: S.message });
    msg.type = "button";
    msg.title = S.messageTitle(e.name);
    msg.disabled = e.status === "busy";
    msg.addEventListener("click", () => this.actions?.message(e.personId, e.name));
    li.append(el("span", { class: "row-actions" }, go, msg));
    return li;
  }
}

function heading(text: string): HTMLLIElement {
  const li = el("li", { class: "floor-head", text });
  li.setAttribute("role", "presentation");
  return li;
}
