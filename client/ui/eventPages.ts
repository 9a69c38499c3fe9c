/**
 * The pages a visitor sees instead of the join form: the waiting page before the doors
 * open (it checks again and hands over to the join form when they do) and the closed
 * page after the event, with the feedback form for people who came and have not rated it.
 */
import type { PublicEvent } from "../../shared/protocol/events.ts";
import { el } from "./el.ts";
import { fetchVenueEvent, myFeedback } from "./eventApi.ts";
import { EVENT_STRINGS as S } from "./eventStrings.ts";
import { agendaList, formatWhen, viewerTimeZone } from "./eventTime.ts";
import { feedbackForm } from "./feedback.ts";

/** How often the waiting page asks whether the doors have opened (also once at the start time). */
const RECHECK_MS = 10_000;

function page(): HTMLElement {
  let root = document.getElementById("event-page");
  if (!root) {
    root = el("div", { class: "overlay event-overlay", id: "event-page" });
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-labelledby", "event-page-title");
    document.body.append(root);
  }
  root.classList.remove("hidden");
  return root;
}

function hidePage(): void {
  document.getElementById("event-page")?.classList.add("hidden");
}

function agendaSection(event: PublicEvent): HTMLElement | null {
  if (event.agenda.length === 0) return null;
  return el("section", { class: "agenda-box" }, el("h2", { text: S.agenda }), agendaList(event.agenda, event.timeZone));
}

function whenRows(event: PublicEvent): HTMLElement {
  const dl = el("dl", { class: "when" });
  const mine = viewerTimeZone();
  dl.append(el("dt", { text: S.waitingStarts }), el("dd", { id: "event-starts", text: formatWhen(event.startsAt, event.timeZone) }));
  if (mine !== event.timeZone) dl.append(el("dt", { text: S.waitingYourTime }), el("dd", { id: "event-starts-local", text: formatWhen(event.startsAt, mine) }));
  dl.append(el("dt", { text: S.waitingEnds }), el("dd", { text: formatWhen(event.endsAt, event.timeZone) }));
  return dl;
}

/**
 * Shows the waiting page until the venue's event is no longer upcoming; resolves with
 * what it is then (open: show the join form; ended; or null if it was removed).
 */
export function showWaitingPage(event: PublicEvent, venue: string): Promise<PublicEvent | null> {
  const card = el(
    "div",
    { class: "card event-card", id: "waiting" },
    el("p", { class: "kicker", text: S.waitingTitle }),
    el("h1", { id: "event-page-title", text: event.title }),
    whenRows(event),
    event.description ? el("p", { class: "description", text: event.description }) : null,
    agendaSection(event),
    el("p", { class: "sub note", text: S.waitingNote }),
  );
  page().replaceChildren(card);
  return new Promise((resolve) => {
    let timer = 0;
    const check = async () => {
      const now = await fetchVenueEvent(venue).catch(() => event);
      if (now === null || now.phase !== "upcoming") {
        hidePage();
        resolve(now);
        return;
      }
      schedule(now);
    };
    const schedule = (e: PublicEvent) => {
      const untilStart = Date.parse(e.startsAt) - Date.now() + 500;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void check(), Math.max(1000, Math.min(RECHECK_MS, untilStart)));
    };
    schedule(event);
  });
}

/** The closed page; with the feedback form if this person came and has not rated yet. */
export async function showClosedPage(event: PublicEvent): Promise<void> {
  document.body.classList.add("event-closed");
  const card = el(
    "div",
    { class: "card event-card", id: "closed" },
    el("p", { class: "kicker", text: S.closedTitle }),
    el("h1", { id: "event-page-title", text: event.title }),
    el("p", { class: "sub", text: S.closedNote }),
    agendaSection(event),
  );
  page().replaceChildren(card);
  const mine = await myFeedback(event.id);
  if (mine.attended && !mine.given) card.append(feedbackForm(event.id, event.startsAt));
  else if (mine.given) card.append(el("p", { class: "thanks", text: S.feedbackAlready }));
}
