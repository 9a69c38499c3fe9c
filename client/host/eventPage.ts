/**
 * One event: what it is and when, the doors (open now, end now — with a second click to
 * confirm — and extend), then its guest list, attendance and feedback sections.
 */
import { el } from "../ui/el.ts";
import { formatWhen } from "../ui/eventTime.ts";
import { call, eventAnswer, eventPath, type HostEvent } from "./api.ts";
import { attendanceSection } from "./attendance.ts";
import { phaseBadge } from "./eventList.ts";
import { splitTags } from "./eventForm.ts";
import { feedbackSection } from "./feedback.ts";
import { guestSection } from "./guests.ts";
import type { HostNav } from "./main.ts";
import { S } from "./strings.ts";

const EXTEND_MINUTES = [15, 30, 60, 120];

function facts(e: HostEvent): HTMLElement {
  const dl = el("dl", { class: "facts" });
  const add = (k: string, v: string, id?: string) => dl.append(el("dt", { text: k }), el("dd", { text: v, ...(id ? { id } : {}) }));
  add(S.when, `${formatWhen(e.startsAt, e.timeZone, false)} – ${formatWhen(e.endsAt, e.timeZone)}`, "event-when");
  add(S.accessShort, S.access[e.access] ?? e.access);
  add(S.capacityShort, e.capacity === null ? S.unlimited : String(e.capacity));
  add(S.passwordSet, e.hasPassword ? S.yes : S.no);
  return dl;
}

function doors(e: HostEvent, update: (patch: object) => Promise<void>): HTMLElement {
  const box = el("div", { class: "doors", id: "doors" });
  const status = el("span", { class: "status", id: "doors-status" });
  status.setAttribute("role", "status");
  const run = (button: HTMLButtonElement, patch: object) => {
    button.disabled = true;
    update(patch).catch((err: unknown) => {
      status.textContent = `${S.failed}: ${err instanceof Error ? err.message : String(err)}`;
      button.disabled = false;
    });
  };
  if (e.phase === "upcoming") {
    const open = el("button", { class: "primary", id: "open-now", text: S.openNow });
    open.type = "button";
    open.addEventListener("click", () => run(open, { open: true }));
    box.append(open);
  }
  if (e.phase === "open") {
    const end = el("button", { class: "danger", id: "end-now", text: S.endNow });
    end.type = "button";
    let armed = 0;
    end.addEventListener("click", () => {
      if (!armed) {
        end.textContent = S.endConfirm;
        armed = window.setTimeout(() => {
          armed = 0;
          end.textContent = S.endNow;
        }, 6000);
        return;
      }
      window.clearTimeout(armed);
      run(end, { end: true });
    });
    box.append(end);
  }
  const by = el("select", { id: "extend-by" });
  by.append(...EXTEND_MINUTES.map((m) => new Option(m < 60 ? S.minutes(m) : S.hours(m / 60), String(m))));
  by.setAttribute("aria-label", S.extendBy);
  const extend = el("button", { class: "secondary", id: "extend", text: S.extend });
  extend.type = "button";
  extend.addEventListener("click", () => {
    // From the later of now and the current end: extending an ended event reopens it.
    const from = Math.max(Date.now(), Date.parse(e.endsAt));
    run(extend, { endsAt: new Date(from + Number(by.value) * 60_000).toISOString() });
  });
  box.append(el("span", { class: "extend" }, extend, by), status);
  return box;
}

/** The event's interest tags: what people pick from for their profile. */
function tagsSection(e: HostEvent, update: (patch: object) => Promise<void>): HTMLElement {
  const tags = el("input", { id: "event-tags" });
  tags.type = "text";
  tags.value = e.tags.join(", ");
  tags.setAttribute("aria-label", S.tagsTitle);
  const save = el("button", { class: "secondary", id: "event-tags-save", text: S.tagsSave });
  save.type = "button";
  const status = el("p", { class: "status", id: "event-tags-status" });
  status.setAttribute("role", "status");
  save.addEventListener("click", () => {
    save.disabled = true;
    update({ tags: splitTags(tags.value) }).catch((err: unknown) => {
      status.textContent = `${S.failed}: ${err instanceof Error ? err.message : String(err)}`;
      save.disabled = false;
    });
  });
  tags.style.flex = "1 1 18em";
  return el("section", { class: "host-section", id: "event-tags-section" }, el("h2", { text: S.tagsTitle }), el("p", { class: "hint", text: S.tagsHint }), el("div", { class: "row" }, tags, save), status);
}

export async function showEventPage(root: HTMLElement, id: string, nav: HostNav): Promise<void> {
  const { event } = await call(eventPath(id), eventAnswer);
  const back = el("button", { class: "link", id: "back", text: S.back });
  back.type = "button";
  back.addEventListener("click", () => void nav.list());
  const update = async (patch: object) => {
    await call(eventPath(id), eventAnswer, { method: "PATCH", json: patch });
    await showEventPage(root, id, nav);
  };
  const venueLink = el("a", { text: S.openVenue });
  venueLink.href = `/?venue=${encodeURIComponent(nav.venue())}`;
  venueLink.target = "_blank";
  venueLink.rel = "noopener";
  const head = el(
    "section",
    { class: "event-head" },
    back,
    el("div", { class: "title-line" }, el("h1", { id: "event-name", text: event.title }), phaseBadge(event.phase), venueLink),
    facts(event),
    doors(event, update),
  );
  root.replaceChildren(head, tagsSection(event, update), guestSection(event, nav), attendanceSection(event), feedbackSection(event));
}
