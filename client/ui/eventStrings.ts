/**
 * Every word the venue page says about events (waiting page, closed page, feedback,
 * welcome card, event fields of the join form, role badges), in English and German
 * (client/i18n/index.ts says how to add a string).
 */
import { catalogue, type Translation } from "../i18n/index.ts";

const en = {
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

const de: Translation<typeof en> = {
  waitingTitle: "Die Türen sind noch nicht geöffnet",
  waitingStarts: "Beginn",
  waitingYourTime: "Deine Zeit",
  waitingNote: "Diese Seite öffnet die Location von selbst, sobald die Türen aufgehen — lass sie einfach offen.",
  waitingEnds: "Ende",
  closedTitle: "Dieses Event ist vorbei",
  closedNote: "Danke, dass du da warst. Die Location ist jetzt geschlossen.",
  agenda: "Programm",
  feedbackTitle: "Wie war es?",
  feedbackRating: "Deine Bewertung",
  ratingWords: ["schlecht", "mäßig", "gut", "sehr gut", "hervorragend"],
  feedbackComment: "Möchtest du den Hosts etwas sagen? (optional)",
  feedbackNewPeople: "Mit wie vielen neuen Leuten hast du gesprochen?",
  feedbackSend: "Feedback senden",
  feedbackSending: "Wird gesendet…",
  feedbackPickRating: "Wähle zuerst eine Bewertung von 1 bis 5.",
  feedbackNewPeopleInvalid: "Die Zahl der neuen Leute muss eine ganze Zahl von 0 bis 1000 sein.",
  feedbackThanks: "Danke für dein Feedback!",
  feedbackAlready: "Du hast dieses Event schon bewertet — danke!",
  couldNotSend: "Senden fehlgeschlagen",
  joinSubtitleEvent: "Wähle einen Namen und ein Aussehen, dann komm herein.",
  joinPassword: "Event-Passwort",
  joinPasswordMissing: "Für dieses Event brauchst du das Passwort.",
  joinInviteOnly: "Dieses Event ist nur mit Einladung: Öffne den persönlichen Link aus deiner Einladung, um hereinzukommen.",
  welcomeTitle: "Willkommen",
  welcomeClose: "Schließen",
  welcomeDismiss: "Verstanden",
  welcomeOpen: "Event-Infos",
  endedWhileHost: "Das Event ist beendet; Teilnehmende sehen die Abschlussseite. Du kannst noch bleiben und aufräumen.",
  eventUnavailable: "Das Event der Location konnte nicht abgefragt werden",
  roles: { host: "Host", moderator: "Moderator", speaker: "Speaker", attendee: "" },
};

export const EVENT_STRINGS = catalogue("event", en, de);

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
