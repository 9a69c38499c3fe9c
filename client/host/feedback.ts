/**
 * How it went: the average rating, how many attendees answered, a bar per rating, the
 * average number of new people met, the comments, a refresh button and the CSV download.
 */
import { locale } from "../i18n/index.ts";
import { el } from "../ui/el.ts";
import { call, eventPath, feedbackAnswer, type FeedbackSummary, type HostEvent } from "./api.ts";
import { sectionHead } from "./attendance.ts";
import { S } from "./strings.ts";

const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });

function summary(f: FeedbackSummary): HTMLElement[] {
  const stat = (label: string, value: string, id: string) => el("div", { class: "stat" }, el("span", { class: "stat-value", id, text: value }), el("span", { class: "stat-label", text: label }));
  const stats = el(
    "div",
    { class: "stats" },
    stat(S.average, f.average === null ? S.none : oneDecimal.format(f.average), "feedback-average"),
    stat(S.responseRate, f.responseRate === null ? S.none : percent.format(f.responseRate), "feedback-rate"),
    stat(S.newPeopleAverage, f.newPeopleAverage === null ? S.none : oneDecimal.format(f.newPeopleAverage), "feedback-new-people"),
  );
  const most = Math.max(1, ...f.distribution);
  const bars = el("ol", { class: "bars", id: "feedback-bars" });
  bars.setAttribute("aria-label", S.distribution);
  for (let rating = 5; rating >= 1; rating--) {
    const n = f.distribution[rating - 1] ?? 0;
    const bar = el("span", { class: "bar" });
    bar.style.width = `${(n / most) * 100}%`;
    bars.append(el("li", {}, el("span", { class: "bar-label", text: S.stars(rating) }), el("span", { class: "bar-track" }, bar), el("span", { class: "bar-count", text: String(n) })));
  }
  const comments = el("ul", { class: "comments", id: "feedback-comments" });
  for (const c of f.comments) comments.append(el("li", {}, el("span", { class: "comment-rating", text: S.stars(c.rating) }), el("span", { class: "comment-text", text: c.comment })));
  return [
    el("p", { class: "summary", id: "feedback-responses", text: S.responses(f.responses, f.attendees) }),
    stats,
    el("h3", { text: S.distribution }),
    bars,
    ...(f.comments.length ? [el("h3", { text: S.comments }), comments] : []),
  ];
}

export function feedbackSection(event: HostEvent): HTMLElement {
  const section = el("section", { class: "host-section", id: "feedback" });
  const body = el("div", { id: "feedback-body", text: S.loading });
  const refresh = () => {
    call(`${eventPath(event.id)}/feedback`, feedbackAnswer).then(
      (f) => body.replaceChildren(...(f.responses === 0 ? [el("p", { class: "empty", text: S.noFeedback })] : summary(f))),
      (err: unknown) => body.replaceChildren(el("p", { class: "error", text: err instanceof Error ? err.message : String(err) })),
    );
  };
  section.append(sectionHead(S.feedback, `${eventPath(event.id)}/feedback?format=csv`, refresh, "feedback.csv"), body);
  refresh();
  return section;
}
