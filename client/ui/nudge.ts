/**
 * "Ben is on their own too — walk over?" (issue #13): a small card when the server sees
 * you have stood alone for a while (server/floor/nudge.ts), with "Walk there" (the same
 * pathfinding a click uses) and "Not now". Shows only what the server said; the server
 * decides who is offered whom (never someone busy, never across a block).
 */
import type { Nudge } from "../../shared/protocol/nudge.ts";
import type { Connection } from "../net/connection.ts";
import { toast } from "./dom.ts";
import { el } from "./el.ts";
import { NUDGE_STRINGS as S } from "./nudgeStrings.ts";
import "./nudge.css";

export interface NudgeCardDeps {
  conn: Connection;
  walkToTile(tx: number, ty: number): "walking" | "here" | "unreachable" | "not-joined";
}

export class NudgeCard {
  readonly root: HTMLElement;
  readonly #deps: NudgeCardDeps;

  constructor(deps: NudgeCardDeps) {
    this.#deps = deps;
    this.root = el("section", { class: "nudge-card hidden", id: "nudge-card" });
    this.root.setAttribute("aria-label", S.title);
    this.root.setAttribute("role", "status");
    document.body.append(this.root);
    deps.conn.onServer("nudge", (n) => this.show(n));
  }

  show(n: Nudge): void {
    const text = n.kind === "alone" ? S.alone(n.name) : S.conversation(n.name, n.others, n.place);
    const go = el("button", { class: "primary nudge-go", text: S.go });
    go.type = "button";
    go.onclick = () => {
      if (this.#deps.walkToTile(n.tile.tx, n.tile.ty) === "unreachable") toast(S.unreachable, "warn");
      this.hide();
    };
    const later = el("button", { class: "plain nudge-later", text: S.later });
    later.type = "button";
    later.onclick = () => this.hide();
    this.root.replaceChildren(el("p", { text }), el("div", { class: "nudge-actions" }, go, later));
    this.root.classList.remove("hidden");
  }

  hide(): void {
    this.root.classList.add("hidden");
    this.root.replaceChildren();
  }
}
