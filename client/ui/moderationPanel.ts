/**
 * The room panel (issue #12), behind a "Room" button: for everyone, raising a hand (when
 * the floor has a stage) and the people you blocked, with unblock; for hosts and
 * moderators, the queue of raised hands with "bring up", mute everyone, the megaphone,
 * closing and opening a table or coffee corner, and (hosts) ending the event for all.
 * Sends room messages only (ending the event too: a host who came by a host link has no
 * host account for the events API); the server decides.
 */
import type { BlockedPerson, RaisedHand } from "../../shared/protocol/moderation.ts";
import { $, toast } from "./dom.ts";
import { el, labelled } from "./el.ts";
import { closeOnEscape } from "./keys.ts";
import { confirmButton, RUNS_THE_ROOM, type ModerationContext } from "./moderationActions.ts";
import { MODERATION_STRINGS as S } from "./moderationStrings.ts";

export interface RoomPanelContext extends ModerationContext {
  /** The event people came in for, if any. */
  eventId(): string | null;
}

function button(text: string, onClick: () => void, cls = ""): HTMLButtonElement {
  const b = el("button", { text, ...(cls ? { class: cls } : {}) });
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

export class RoomPanel {
  readonly #ctx: RoomPanelContext;
  readonly #toggle: HTMLButtonElement;
  readonly #panel: HTMLElement;
  #hands: RaisedHand[] = [];
  #blocked: BlockedPerson[] = [];
  #handUp = false;

  constructor(ctx: RoomPanelContext) {
    this.#ctx = ctx;
    this.#toggle = button(S.room, () => this.#open(this.#panel.classList.contains("hidden")), "hud-button room-toggle");
    this.#toggle.id = "room-toggle";
    this.#toggle.title = S.roomTitle;
    this.#toggle.setAttribute("aria-controls", "room-panel");
    this.#toggle.setAttribute("aria-expanded", "false");
    this.#panel = el("aside", { class: "panel room-panel hidden", id: "room-panel" });
    this.#panel.setAttribute("aria-label", S.room);
    $("hud").append(this.#toggle);
    document.body.append(this.#panel);
    closeOnEscape({ root: () => this.#panel, isOpen: () => !this.#panel.classList.contains("hidden"), close: () => this.#open(false), returnTo: () => this.#toggle });
  }

  set hands(queue: RaisedHand[]) {
    this.#hands = queue;
    const n = RUNS_THE_ROOM.has(this.#ctx.myRole()) ? queue.length : 0;
    this.#toggle.textContent = n > 0 ? S.roomHands(n) : S.room;
    this.#render();
  }

  set blocked(people: BlockedPerson[]) {
    this.#blocked = people;
    this.#render();
  }

  set handUp(raised: boolean) {
    this.#handUp = raised;
    this.#render();
  }

  #open(open: boolean): void {
    this.#panel.classList.toggle("hidden", !open);
    this.#toggle.setAttribute("aria-expanded", String(open));
    if (open) this.#render();
  }

  #render(): void {
    if (this.#panel.classList.contains("hidden")) return;
    const ctx = this.#ctx;
    const parts: (HTMLElement | null)[] = [el("h3", { text: S.room })];
    const role = ctx.myRole();
    const zones = ctx.zones();
    if (zones.some((z) => z.kind === "stage") && role !== "speaker" && role !== "host") {
      parts.push(button(this.#handUp ? S.lowerHand : S.raiseHand, () => ctx.send("hand", { raised: !this.#handUp }), "raise-hand"));
    }
    if (RUNS_THE_ROOM.has(role)) parts.push(...this.#hostTools());
    parts.push(el("h4", { text: S.blockedTitle }));
    parts.push(
      this.#blocked.length === 0
        ? el("p", { class: "status", text: S.nobodyBlocked })
        : el("ul", { class: "blocked-list" }, ...this.#blocked.map((b) => el("li", {}, el("span", { text: b.name }), button(S.unblock, () => ctx.send("block", { personId: b.personId, blocked: false }))))),
    );
    parts.push(button(S.closePanel, () => this.#open(false)));
    this.#panel.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  }

  #hostTools(): HTMLElement[] {
    const ctx = this.#ctx;
    const hands = el("ul", { class: "hands" }, ...this.#hands.map((h) => el("li", {}, el("span", { text: h.name }), button(S.bringUp, () => ctx.send("moderate", { action: "bringUp", id: h.id }), "primary"))));
    const text = el("textarea", { class: "megaphone-text" });
    text.maxLength = 500;
    text.rows = 2;
    text.placeholder = S.megaphonePlaceholder;
    text.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") e.stopPropagation();
    });
    const announce = button(S.announce, () => {
      const t = text.value.trim();
      if (!t) return text.focus();
      ctx.send("moderate", { action: "megaphone", text: t });
      text.value = "";
    }, "primary");
    const spot = el("select", { class: "spot-select" });
    for (const z of ctx.zones()) if (z.kind === "table" || z.kind === "coffee-corner") spot.append(new Option(z.name, z.name));
    const spots = spot.options.length
      ? el("div", { class: "mod-row" }, labelled(S.spotLabel, spot), button(S.close, () => ctx.send("moderate", { action: "close", zone: spot.value })), button(S.open, () => ctx.send("moderate", { action: "open", zone: spot.value })))
      : null;
    const out: HTMLElement[] = [
      el("h4", { text: S.handsTitle }),
      this.#hands.length ? hands : el("p", { class: "status", text: S.noHands }),
      el("h4", { text: S.floorTitle }),
      confirmButton(S.muteAll, S.confirm, () => ctx.send("moderate", { action: "muteAll" }), "mute-all"),
      labelled(S.megaphoneLabel, text),
      announce,
    ];
    if (spots) out.push(spots);
    if (ctx.myRole() === "host") out.push(confirmButton(S.endEvent, S.endConfirm, () => this.#endEvent(), "danger end-event"));
    return out;
  }

  #endEvent(): void {
    if (!this.#ctx.eventId()) return toast(S.noEvent, "warn");
    // The server checks the role, ends it in the events store, and every floor's door lets its attendees go (door.ts ended()).
    this.#ctx.send("moderate", { action: "endEvent" });
  }
}
