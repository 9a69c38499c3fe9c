/**
 * The venue's events: one row each with its phase and start, newest first, and the
 * button to create another.
 */
import { el } from "../ui/el.ts";
import { formatWhen } from "../ui/eventTime.ts";
import type { HostEvent } from "./api.ts";
import type { HostNav } from "./main.ts";
import { S } from "./strings.ts";

export function phaseBadge(phase: string): HTMLElement {
  return el("span", { class: `phase phase-${phase}`, text: S.phase[phase] ?? phase });
}

export function showEventList(root: HTMLElement, events: HostEvent[], nav: HostNav): void {
  const create = el("button", { class: "primary", id: "new-event", text: S.newEvent });
  create.type = "button";
  create.addEventListener("click", () => nav.create());
  const list = el("ul", { class: "event-list", id: "event-list" });
  for (const e of [...events].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt))) {
    const open = el(
      "button",
      { class: "event-row" },
      el("span", { class: "event-row-title", text: e.title }),
      phaseBadge(e.phase),
      el("span", { class: "event-row-when", text: formatWhen(e.startsAt, e.timeZone) }),
      el("span", { class: "event-row-access", text: S.access[e.access] ?? e.access }),
    );
    open.type = "button";
    open.dataset.event = e.id;
    open.addEventListener("click", () => void nav.open(e.id));
    list.append(el("li", {}, open));
  }
  root.replaceChildren(
    el("div", { class: "section-head" }, el("h1", { text: S.events }), create),
    events.length ? list : el("p", { class: "empty", text: S.noEvents }),
  );
}
