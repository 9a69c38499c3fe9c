/**
 * Knocking on the venue page (issue #11): "Close to newcomers" / "Open to everyone" next
 * to the spot you stand in, "Ada knocks — Let in / Decline" for the people inside, and
 * the knocker's notice (knocked, waiting, let in, declined, "Knock" again). Only shows
 * and sends what the server decides; closures come from the room's shared state.
 */
import { getStateCallbacks } from "colyseus.js";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { Connection, FloorRoom } from "../net/connection.ts";
import { toast } from "./dom.ts";
import { el } from "./el.ts";
import { KNOCK_STRINGS as S } from "./knockStrings.ts";
import type { Spot } from "./spot.ts";
import { fromServer } from "./serverStrings.ts";
import "./knock.css";

export interface KnockDeps {
  conn: Pick<Connection, "send" | "onServer">;
  /** Closed spots by name, "host" or "inside", are in its shared state. */
  room: FloorRoom;
  /** You were let into `zone`: your page may predict walking in. */
  admitted(zone: string): void;
}

interface ClosedCallbacks {
  closed: { onAdd(cb: () => void): () => void; onRemove(cb: () => void): () => void };
}

/** States of your knock that end it (the notice goes, a toast says how). */
const ENDED = new Set(["letIn", "declined", "withdrawn", "nobody", "open"]);

export class KnockPanel {
  readonly #d: KnockDeps;
  readonly #stack = el("div", { class: "knock-stack", id: "knock-stack" });
  readonly #door = el("button", { class: "spot-door hidden", id: "spot-door" });
  readonly #prompts = new Map<string, HTMLElement>();
  /** Your notice at a closed spot (one at a time). */
  #notice: { zone: string; el: HTMLElement; timer: number | undefined } | null = null;
  #spot: Spot | null = null;

  constructor(deps: KnockDeps) {
    this.#d = deps;
    this.#stack.setAttribute("aria-live", "polite");
    this.#door.type = "button";
    this.#door.title = S.closeSpotTitle;
    this.#door.addEventListener("click", () => {
      const spot = this.#spot;
      if (spot) this.#send("spot", { closed: !this.#closed()?.has(spot.name) });
    });
  }

  start(): void {
    // In the toast column, wherever the layout puts it (under the HUD; beside the panels on a phone).
    (document.getElementById("toasts") ?? document.body).prepend(this.#stack);
    (document.getElementById("spot")?.parentElement ?? document.body).insertBefore(this.#door, document.getElementById("spot")?.nextSibling ?? null);
    // The state proxy is typed for Schema classes; the client reads plain interfaces (shared/protocol/state.ts).
    const state = getStateCallbacks(this.#d.room)(this.#d.room.state as never) as unknown as ClosedCallbacks;
    state.closed.onAdd(() => this.refresh());
    state.closed.onRemove(() => this.refresh());
    const on = this.#d.conn.onServer.bind(this.#d.conn);
    on("knock", (k) => this.#prompt(k));
    on("knockGone", (g) => {
      this.#prompts.get(g.id)?.remove();
      this.#prompts.delete(g.id);
      if (g.message) toast(fromServer(g.message));
    });
    on("knockStatus", (s) => this.#status(s));
    on("spotClosed", (s) => {
      toast(fromServer(s.message));
      this.refresh();
    });
    on("error", (e) => {
      if (e.type === "knock" || e.type === "knockAnswer" || e.type === "spot") toast(fromServer(e.message), "warn");
    });
  }

  /** You stepped into or out of a spot: the door button follows. */
  spotChanged(spot: Spot | null): void {
    this.#spot = spot;
    this.refresh();
  }

  /** Closures changed (or you moved): redraw the door button. */
  refresh(): void {
    const spot = this.#spot;
    const by = spot ? this.#closed()?.get(spot.name) : undefined;
    this.#door.classList.toggle("hidden", !spot);
    this.#door.disabled = by === "host";
    // The long label, and a short one a phone's narrow top bar shows instead (knock.css).
    const [long, short] = by === "host" ? [S.hostClosedSpot, S.closedByHostBadge] : by ? [S.openSpot, S.openSpotShort] : [S.closeSpot, S.closeSpotShort];
    this.#door.replaceChildren(el("span", { class: "long", text: long }), el("span", { class: "short", text: short }));
    this.#door.setAttribute("aria-label", long);
    this.#door.classList.toggle("closed", by !== undefined);
    // Inside the spot you knocked at, the notice is done with.
    if (spot && this.#notice?.zone === spot.name) this.#dropNotice();
  }

  #prompt(k: ServerMessages["knock"]): void {
    this.#prompts.get(k.id)?.remove();
    const answer = (letIn: boolean) => () => {
      this.#send("knockAnswer", { id: k.id, letIn });
      card.remove();
      this.#prompts.delete(k.id);
    };
    const letIn = el("button", { class: "primary", text: S.letIn });
    const decline = el("button", { text: S.decline });
    for (const [b, yes] of [[letIn, true], [decline, false]] as const) {
      b.type = "button";
      b.addEventListener("click", answer(yes));
    }
    const card = el("div", { class: "knock-card prompt" }, el("p", { text: S.knocks(k.from.name, k.zone) }), el("div", { class: "actions" }, letIn, decline));
    card.setAttribute("role", "alertdialog");
    card.setAttribute("aria-label", S.promptLabel);
    card.dataset.knock = k.id;
    this.#stack.append(card);
    this.#prompts.set(k.id, card);
  }

  #status(s: ServerMessages["knockStatus"]): void {
    if (s.state === "letIn") this.#d.admitted(s.zone);
    if (ENDED.has(s.state)) {
      this.#dropNotice();
      toast(fromServer(s.message), s.state === "letIn" || s.state === "open" ? "info" : "warn", 6000);
      return;
    }
    this.#dropNotice();
    const text = el("p", { text: fromServer(s.message) });
    const actions = el("div", { class: "actions" });
    if (s.state === "closed") {
      const knock = el("button", { class: "primary", text: S.knock });
      knock.type = "button";
      knock.addEventListener("click", () => this.#send("knock", { zone: s.zone }));
      actions.append(knock);
    }
    const dismiss = el("button", { text: S.dismiss });
    dismiss.type = "button";
    dismiss.addEventListener("click", () => this.#dropNotice());
    actions.append(dismiss);
    const card = el("div", { class: "knock-card notice" }, text, actions);
    card.setAttribute("role", "status");
    card.setAttribute("aria-label", S.noticeLabel);
    card.dataset.zone = s.zone;
    card.dataset.state = s.state;
    this.#stack.append(card);
    // A "closed" notice goes after a while; a knock waits for its answer.
    const timer = s.state === "closed" ? window.setTimeout(() => this.#dropNotice(), 8000) : undefined;
    this.#notice = { zone: s.zone, el: card, timer };
  }

  #closed(): ReadonlyMap<string, string> | undefined {
    return this.#d.room.state.closed;
  }

  #send: Connection["send"] = (type, message) => this.#d.conn.send(type, message);

  #dropNotice(): void {
    if (!this.#notice) return;
    window.clearTimeout(this.#notice.timer);
    this.#notice.el.remove();
    this.#notice = null;
  }
}
