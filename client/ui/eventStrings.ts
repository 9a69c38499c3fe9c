/**
 * Every word the venue page says about events (waiting page, closed page, feedback,
 * welcome card, event fields of the join form, role badges), in one place so another
 * language can be added by replacing this object.
 */
export const EVENT_STRINGS = {
  waitingTitle: "The doors are not open yet",
  waitingStarts: "Starts",
  waitingYourTime: "Your time",
  waitingNote: "This page opens the venue by itself when the doors open — keep it open.",
  waitingEnds: "Ends",
  closedTitle: "This event has ended",
  closedNote: "Thank you for coming. The venue is closed now.",
  agenda: "Agenda",
  feedbackTitle: "How was it?",
  feedbackRating: "Your rating",
  /** The word under each rating's number, 1 to 5. */
  ratingWords: ["poor", "fair", "good", "very good", "excellent"],
  feedbackComment: "Anything you want to tell the hosts? (optional)",
  feedbackNewPeople: "How many new people did you talk to?",
  feedbackSend: "Send feedback",
  feedbackSending: "Sending…",
  feedbackPickRating: "Choose a rating from 1 to 5 first.",
  feedbackNewPeopleInvalid: "The number of new people must be a whole number from 0 to 1000.",
  feedbackThanks: "Thank you for your feedback!",
  feedbackAlready: "You have already rated this event — thank you!",
  couldNotSend: "Could not send",
  joinSubtitleEvent: "Pick a name and a look, then walk in.",
  joinPassword: "Event password",
  joinPasswordMissing: "This event needs its password.",
  joinInviteOnly: "This event is invite-only: open the personal link from your invitation to come in.",
  welcomeTitle: "Welcome",
  welcomeClose: "Close",
  welcomeDismiss: "Got it",
  welcomeOpen: "Event info",
  endedWhileHost: "The event has ended; attendees see the closed page. You can stay to tidy up.",
  eventUnavailable: "Could not check the venue's event",
  roles: { host: "Host", moderator: "Moderator", speaker: "Speaker", attendee: "" } as Record<string, string>,
} as const;

/**
 * A server's message without its leading field name ("access: the event has ended" →
 * "The event has ended."), for people rather than programs.
 */
export function plainMessage(message: string): string {
  const m = message.replace(/^[a-zA-Z][\w.]*: /, "").trim();
  if (!m) return message;
  const capital = m.charAt(0).toLocaleUpperCase() + m.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
