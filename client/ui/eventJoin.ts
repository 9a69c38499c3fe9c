/**
 * The join form when the venue runs an event: the event's title and time instead of the
 * generic greeting, and an event-password field when the event has one and the visitor
 * did not come with a personal invitation.
 */
import type { PublicEvent } from "../../shared/protocol/events.ts";
import { $ } from "./dom.ts";
import { el } from "./el.ts";
import { EVENT_STRINGS as S } from "./eventStrings.ts";
import { formatWhen } from "./eventTime.ts";

export interface EventJoinFields {
  /** The typed event password ("" when none is asked or typed). */
  password(): string;
}

export function decorateJoinForm(event: PublicEvent | null, invited: boolean): EventJoinFields {
  if (!event) return { password: () => "" };
  $("join-title").textContent = event.title;
  const sub = $("join").querySelector(".sub");
  if (sub) sub.textContent = `${formatWhen(event.startsAt, event.timeZone, false)} · ${S.joinSubtitleEvent}`;
  if (event.access === "invite" && !invited) sub?.after(el("p", { class: "invite-note", id: "join-invite-note", text: S.joinInviteOnly }));
  if (!event.hasPassword || invited) return { password: () => "" };
  const input = el("input", { id: "join-password" });
  input.type = "password";
  input.name = "event-password";
  input.autocomplete = "off";
  input.maxLength = 200;
  const label = el("label", { text: S.joinPassword });
  label.htmlFor = input.id;
  $("join").querySelector("fieldset")?.before(label, input);
  return { password: () => input.value };
}
