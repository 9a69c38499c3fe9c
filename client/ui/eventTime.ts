/**
 * Event times for people: a start in the event's own time zone and in the viewer's,
 * and agenda lists (the venue page and the host view both use these), in the page's language. Intl only.
 */
import { dateTime } from "../i18n/index.ts";
import type { AgendaItem } from "./eventApi.ts";

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Saturday, 12 December 2026 at 18:00 (Europe/Berlin)". */
export function formatWhen(iso: string, timeZone: string, withZone = true): string {
  const text = dateTime(new Date(iso), { dateStyle: "full", timeStyle: "short", timeZone });
  return withZone ? `${text} (${timeZone})` : text;
}

/** "18:00" (plus the date when it is not the event's first day). */
export function formatTime(iso: string, timeZone: string): string {
  return dateTime(new Date(iso), { timeStyle: "short", timeZone });
}

/** The agenda as a list: time (event's zone) – title · place. */
export function agendaList(items: readonly AgendaItem[], timeZone: string): HTMLOListElement {
  const ol = document.createElement("ol");
  ol.className = "agenda";
  for (const a of [...items].sort((x, y) => Date.parse(x.startsAt) - Date.parse(y.startsAt))) {
    const li = document.createElement("li");
    const time = document.createElement("time");
    time.dateTime = a.startsAt;
    time.textContent = formatTime(a.startsAt, timeZone) + (a.endsAt ? `–${formatTime(a.endsAt, timeZone)}` : "");
    const title = document.createElement("span");
    title.className = "agenda-title";
    title.textContent = a.title;
    li.append(time, title);
    if (a.place) {
      const place = document.createElement("span");
      place.className = "agenda-place";
      place.textContent = a.place;
      li.append(place);
    }
    ol.append(li);
  }
  return ol;
}
