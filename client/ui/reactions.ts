/**
 * The reaction bar and your status: six reactions by button or by keys 1–6 (not while
 * you type in a field), and a status picker — available, busy (do not disturb) or away,
 * which is set for you after a while without input or when the tab is hidden, and
 * lifted when you are back (only if it was set automatically).
 */
import { REACTIONS, STATUSES, type Reaction, type Status } from "../../shared/protocol/chat.ts";
import type { ClientMessage, ClientMessageType } from "../../shared/protocol/messages.ts";
import { CHAT_STRINGS as S, REACTION_EMOJI } from "./chatStrings.ts";
import { el } from "./el.ts";
import { arrowKeys, isTyping } from "./keys.ts";

/** No key, click or pointer move for this long: away. */
export const IDLE_AWAY_MS = 5 * 60_000;

export class ReactionBar {
  readonly root: HTMLElement;
  readonly #send: <T extends ClientMessageType>(type: T, message: ClientMessage<T>) => void;
  readonly #select = el("select");
  #status: Status = "available";
  #autoAway = false;
  #idleTimer = 0;

  constructor(send: <T extends ClientMessageType>(type: T, message: ClientMessage<T>) => void) {
    this.#send = send;
    const buttons = REACTIONS.map((kind, i) => {
      const b = el("button", { text: REACTION_EMOJI[kind] });
      b.type = "button";
      b.dataset.reaction = kind;
      b.title = S.reactionKey(i + 1, S.reactionNames[kind]);
      b.setAttribute("aria-label", S.reactionNames[kind]);
      b.addEventListener("click", () => this.react(kind));
      return b;
    });
    for (const s of STATUSES) {
      const o = el("option", { text: S.statusNames[s] });
      o.value = s;
      this.#select.append(o);
    }
    this.#select.setAttribute("aria-label", S.status);
    this.#select.addEventListener("change", () => {
      const s = STATUSES.find((x) => x === this.#select.value);
      if (s) this.#set(s, false);
    });
    this.root = el("div", { class: "reactbar", id: "reactbar" }, ...buttons, this.#select);
    this.root.setAttribute("role", "toolbar");
    this.root.setAttribute("aria-label", S.reactions);
    arrowKeys(this.root, "button", "horizontal");
    document.body.append(this.root);

    window.addEventListener("keydown", (e) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const n = Number(e.key);
      const kind = Number.isInteger(n) && n >= 1 && n <= REACTIONS.length ? REACTIONS[n - 1] : undefined;
      if (kind) this.react(kind);
    });
    const active = () => this.#active();
    for (const type of ["keydown", "pointerdown", "pointermove", "wheel"]) window.addEventListener(type, active, { passive: true });
    document.addEventListener("visibilitychange", () => (document.visibilityState === "hidden" ? this.#away() : this.#active()));
    this.#active();
  }

  get status(): Status {
    return this.#status;
  }

  react(kind: Reaction): void {
    this.#send("react", { kind });
  }

  #set(status: Status, auto: boolean): void {
    this.#autoAway = auto;
    if (status === this.#status) return;
    this.#status = status;
    this.#select.value = status;
    this.#send("status", { status });
  }

  #away(): void {
    if (this.#status === "available") this.#set("away", true);
  }

  #active(): void {
    window.clearTimeout(this.#idleTimer);
    this.#idleTimer = window.setTimeout(() => this.#away(), IDLE_AWAY_MS);
    if (this.#autoAway && this.#status === "away" && document.visibilityState === "visible") this.#set("available", false);
  }
}
