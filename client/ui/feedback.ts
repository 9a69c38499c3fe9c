/**
 * The feedback form on the closed page: a rating from 1 to 5 (real radio buttons in a
 * fieldset, so keyboards and screen readers know them), an optional comment and how many
 * new people you talked to; a thank-you replaces it once the server has it.
 */
import { feedbackSchema } from "../../shared/protocol/events.ts";
import { networkingOverviewSchema } from "../../shared/protocol/networking.ts";
import { el } from "./el.ts";
import { sendFeedback } from "./eventApi.ts";
import { EVENT_STRINGS as S, plainMessage } from "./eventStrings.ts";

/**
 * How many people "People you met" has from `since` on (the event's start), to prefill the
 * form's "new people" — the person can still change it. Null when it cannot be read.
 */
async function metSince(since: string): Promise<number | null> {
  try {
    const res = await fetch("/api/networking", { credentials: "same-origin" });
    if (!res.ok) return null;
    const parsed = networkingOverviewSchema.safeParse(await res.json());
    if (!parsed.success) return null;
    const from = Date.parse(since);
    return parsed.data.met.filter((m) => Date.parse(m.lastMetAt) >= from).length;
  } catch {
    return null;
  }
}

export function feedbackForm(eventId: string, since?: string): HTMLElement {
  const box = el("section", { class: "feedback", id: "feedback" });
  const form = el("form", { id: "feedback-form" });
  form.noValidate = true;
  const legend = el("legend", { text: S.feedbackRating });
  const stars = el("div", { class: "rating" });
  S.ratingWords.forEach((word, i) => {
    const input = el("input");
    input.type = "radio";
    input.name = "rating";
    input.value = String(i + 1);
    input.id = `rating-${i + 1}`;
    const label = el("label", {}, el("strong", { text: String(i + 1) }), el("span", { text: word }));
    label.htmlFor = input.id;
    stars.append(el("span", { class: "rating-option" }, input, label));
  });
  const comment = el("textarea", { id: "feedback-comment" });
  comment.maxLength = 4000;
  comment.rows = 3;
  const commentLabel = el("label", { text: S.feedbackComment });
  commentLabel.htmlFor = comment.id;
  const newPeople = el("input", { id: "feedback-new-people" });
  newPeople.type = "number";
  newPeople.min = "0";
  newPeople.max = "1000";
  newPeople.step = "1";
  newPeople.inputMode = "numeric";
  // Prefilled from who you met at this event (the server's record), unless typed already.
  if (since)
    void metSince(since).then((n) => {
      if (n !== null && n > 0 && newPeople.value === "") newPeople.value = String(n);
    });
  const newPeopleLabel = el("label", { text: S.feedbackNewPeople });
  newPeopleLabel.htmlFor = newPeople.id;
  const error = el("p", { class: "error", id: "feedback-error" });
  error.setAttribute("role", "alert");
  const button = el("button", { text: S.feedbackSend, id: "feedback-send" });
  button.type = "submit";
  form.append(el("fieldset", {}, legend, stars), commentLabel, comment, newPeopleLabel, newPeople, error, button);
  box.append(el("h2", { text: S.feedbackTitle }), form);

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const picked = form.querySelector<HTMLInputElement>('input[name="rating"]:checked');
    if (!picked) {
      error.textContent = S.feedbackPickRating;
      return;
    }
    const raw = {
      rating: Number(picked.value),
      ...(comment.value.trim() ? { comment: comment.value.trim() } : {}),
      ...(newPeople.value.trim() !== "" ? { newPeople: Number(newPeople.value) } : {}),
    };
    const parsed = feedbackSchema.safeParse(raw);
    if (!parsed.success) {
      error.textContent = parsed.error.issues[0]?.path[0] === "newPeople" ? S.feedbackNewPeopleInvalid : plainMessage(parsed.error.issues[0]?.message ?? "");
      return;
    }
    error.textContent = "";
    button.disabled = true;
    button.textContent = S.feedbackSending;
    sendFeedback(eventId, parsed.data).then(
      () => box.replaceChildren(el("p", { class: "thanks", id: "feedback-thanks", text: S.feedbackThanks })),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        // Given already (another tab): that is a thank-you too.
        if (/already/i.test(message)) box.replaceChildren(el("p", { class: "thanks", id: "feedback-thanks", text: S.feedbackAlready }));
        else error.textContent = `${S.couldNotSend}: ${plainMessage(message)}`;
        button.disabled = false;
        button.textContent = S.feedbackSend;
      },
    );
  });
  return box;
}
