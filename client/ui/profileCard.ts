/**
 * Someone's profile card, on clicking their avatar or their name in who's-here: name,
 * pronouns, headline, interests, what they look for and offer, their organisation, role and status, with "Follow", "Message" (a direct message; not
 * while they are busy) and "Walk over". All text goes in as textContent.
 */
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { STATUSES } from "../../shared/protocol/chat.ts";
import { CHAT_STRINGS as S } from "./chatStrings.ts";
import { INTEREST_STRINGS } from "./interestStrings.ts";
import "./interests.css";
import { el } from "./el.ts";
import { FOLLOW_STRINGS } from "./knockStrings.ts";
import { closeOnEscape } from "./keys.ts";

/** Buttons other panels add to someone else's card ("Exchange contacts", client/ui/networking.ts); null adds none. */
export const profileButtons: ((p: ServerMessages["profile"]) => HTMLElement | null)[] = [];

export interface ProfileActions {
  message(personId: string, name: string): void;
  walkOver(id: string): void;
  /** Walk after them (the server walks you, through portals too) until you move yourself. */
  follow(id: string): void;
  /** Your own session id (your card has no actions). */
  me(): string;
}

export class ProfileCard {
  #card: HTMLElement | null = null;
  /** Where focus was when the card opened (a name in who's-here): it goes back there. */
  #from: HTMLElement | null = null;
  readonly #actions: ProfileActions;
  /** Parts other features add under the actions (moderation: host actions, report, block), given the person and a way to close the card. */
  readonly sections: ((p: ServerMessages["profile"], close: () => void) => HTMLElement | null)[] = [];

  constructor(actions: ProfileActions) {
    this.#actions = actions;
    closeOnEscape({ root: () => this.#card, isOpen: () => this.#card !== null, close: () => this.close(), returnTo: () => this.#from, anywhere: true });
  }

  show(p: ServerMessages["profile"]): void {
    const focused = document.activeElement;
    if (!this.#card) this.#from = focused instanceof HTMLElement && focused !== document.body ? focused : null;
    this.close();
    const status = STATUSES.find((s) => s === p.status) ?? "available";
    const title = el("h3", {}, el("span", { text: p.name }));
    if (p.pronouns) title.append(el("span", { class: "pronouns", text: p.pronouns }));
    const role = S.roles[p.role];
    if (role) title.append(el("span", { class: `role-badge role-${p.role}`, text: role }));
    if (status !== "available") title.append(el("span", { class: "status", text: S.statusNames[status] }));
    const interests = el("ul", { class: "interests" }, ...p.interests.map((i) => el("li", { text: i })));
    interests.setAttribute("aria-label", S.profile.interests);
    const intents = el("dl", { class: "intents" });
    const fact = (term: string, value: string) => intents.append(el("dt", { text: term }), el("dd", { text: value }));
    if (p.affiliation) fact(INTEREST_STRINGS.card.affiliation, p.affiliation);
    if (p.lookingFor.length) fact(INTEREST_STRINGS.card.lookingFor, p.lookingFor.join(", "));
    if (p.offering.length) fact(INTEREST_STRINGS.card.offering, p.offering.join(", "));
    const close = el("button", { text: S.profile.close });
    close.type = "button";
    close.addEventListener("click", () => {
      this.close();
      this.#from?.focus();
    });
    const actions = el("div", { class: "actions" });
    if (p.id === this.#actions.me()) actions.append(el("span", { class: "status", text: S.profile.yourself }));
    else {
      const message = el("button", { class: "primary", text: status === "busy" ? S.profile.busyNoMessages : S.profile.message });
      message.type = "button";
      message.disabled = status === "busy";
      message.addEventListener("click", () => {
        this.close();
        this.#actions.message(p.personId, p.name);
      });
      const walk = el("button", { text: S.profile.walkOver });
      walk.type = "button";
      walk.addEventListener("click", () => {
        this.close();
        this.#actions.walkOver(p.id);
      });
      const follow = el("button", { text: FOLLOW_STRINGS.follow });
      follow.type = "button";
      follow.addEventListener("click", () => {
        this.close();
        this.#actions.follow(p.id);
      });
      actions.append(message, walk, follow);
    }
    if (p.id !== this.#actions.me()) actions.append(...profileButtons.flatMap((make) => make(p) ?? []));
    actions.append(close);
    const card = el("div", { class: "profile-card", id: "profile-card" }, title, el("p", { class: "headline", text: p.headline ?? S.profile.noHeadline }), p.interests.length ? interests : null, intents.childElementCount ? intents : null, actions, ...(p.id === this.#actions.me() ? [] : this.sections.map((s) => s(p, () => this.close()))));
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-label", p.name);
    document.body.append(card);
    this.#card = card;
    (actions.querySelector("button") ?? close).focus();
  }

  close(): void {
    this.#card?.remove();
    this.#card = null;
  }
}
