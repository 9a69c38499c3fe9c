/**
 * The welcome card after joining an event: the host's welcome text and the agenda.
 * Dismissed with its button or Escape, reopened from the "Event info" button in the top bar.
 */
import type { PublicEvent } from "../../shared/protocol/events.ts";
import { $ } from "./dom.ts";
import { el } from "./el.ts";
import { EVENT_STRINGS as S } from "./eventStrings.ts";
import { agendaList, formatWhen } from "./eventTime.ts";

export function showWelcome(event: PublicEvent, open = true): void {
  document.getElementById("welcome")?.remove();
  document.getElementById("welcome-open")?.remove();
  const close = el("button", { class: "welcome-x", text: "×" });
  close.type = "button";
  close.setAttribute("aria-label", S.welcomeClose);
  const dismiss = el("button", { class: "welcome-ok", id: "welcome-dismiss", text: S.welcomeDismiss });
  dismiss.type = "button";
  const card = el(
    "section",
    { id: "welcome", class: "welcome-card" },
    close,
    el("p", { class: "kicker", text: S.welcomeTitle }),
    el("h2", { id: "welcome-title", text: event.title }),
    el("p", { class: "when-line", text: `${formatWhen(event.startsAt, event.timeZone, false)} – ${formatWhen(event.endsAt, event.timeZone)}` }),
    event.welcome ? el("p", { id: "welcome-text", class: "welcome-text", text: event.welcome }) : null,
    event.agenda.length ? el("h3", { text: S.agenda }) : null,
    event.agenda.length ? agendaList(event.agenda, event.timeZone) : null,
    dismiss,
  );
  card.setAttribute("aria-labelledby", "welcome-title");
  const reopen = el("button", { id: "welcome-open", class: "hud-button", text: S.welcomeOpen });
  reopen.type = "button";
  reopen.setAttribute("aria-controls", "welcome");
  const set = (visible: boolean) => {
    card.classList.toggle("hidden", !visible);
    reopen.setAttribute("aria-expanded", String(visible));
    if (visible) dismiss.focus({ preventScroll: true });
  };
  close.addEventListener("click", () => set(false));
  dismiss.addEventListener("click", () => set(false));
  // Keys typed in the card must not walk the avatar; Escape closes it.
  card.addEventListener("keydown", (e) => {
    if (e.key === "Escape") set(false);
    e.stopPropagation();
  });
  reopen.addEventListener("click", () => set(card.classList.contains("hidden")));
  document.body.append(card);
  $("hud").append(reopen);
  set(open);
}
