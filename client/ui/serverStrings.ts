/**
 * What the server tells a person (a refused join, a refused step or chat message, a host's
 * action, a notice), in the page's language. The server speaks English with stable sentences
 * (shared/events/window.ts, shared/map/capacity.ts, server/floor/*); `fromServer` recognises
 * them — names and numbers included — and says them from this catalogue. A sentence it does not
 * know is shown as the server wrote it, tidied by plainMessage (English is better than nothing).
 */
import { catalogue, locale, plural, type Translation } from "../i18n/index.ts";
import { plainMessage } from "./eventStrings.ts";

const en = {
  // Joining (shared/events/window.ts, server/floor/admission.ts).
  notStarted: "The event has not started yet; the doors open at its start time.",
  ended: "The event has ended.",
  notInvited: "This event is invite-only; open the personal link from your invitation.",
  passwordWrong: "The event password is wrong.",
  passwordMissing: "This event needs its password.",
  full: (n: number) => plural(n, { one: "The event is full (1 person); try again in a while.", other: `The event is full (${n} people); try again in a while.` }, "en"),
  banned: "A host banned you from this event, so you cannot rejoin.",
  identity: "Your Foyer identity is not valid here; reload the page to join again.",
  // Steps on the floor (shared/map/capacity.ts, server/floor/knock.ts).
  spotFull: (zone: string) => `${zone} is full.`,
  stage: (zone: string) => `${zone} is for speakers; raise your hand to be brought up.`,
  closedByHost: (zone: string) => `${zone} is closed by a host.`,
  closedNoKnock: (zone: string) => `${zone} is closed by a host; nobody can let you in.`,
  hostClosed: (zone: string) => `A host closed ${zone}; only a host can open it.`,
  knockAgain: (s: number) => `You can knock again in ${s} s.`,
  walkUpToKnock: (zone: string) => `Walk up to ${zone} to knock.`,
  alreadyIn: (zone: string) => `You are already in ${zone}.`,
  // Chat (server/floor/chat.ts, server/rooms/guard.ts).
  chatTooFast: "You are sending messages too fast; wait a moment.",
  announcementsOnly: "The event channel is for announcements by hosts right now.",
  busy: (name: string) => `${name} is busy (do not disturb) and gets no direct messages.`,
  tooMany: "Too many messages; slow down a little.",
  tooLarge: "That message is too long.",
  // A host's actions and notices (server/floor/moderation.ts, door.ts, VenueRoom).
  mutedByHost: "You were muted by a host. You can unmute when a host allows it.",
  allowedToSpeak: "A host allowed you to speak again; unmute when you are ready.",
  broughtUp: "A host brought you onto the stage: everyone in the audience hears you.",
  broughtDown: "A host brought you back down from the stage.",
  movedTo: (zone: string) => `A host moved you to ${zone}.`,
  removed: (why: string) => `A host removed you from the event${why}.`,
  bannedNow: (why: string) => `A host banned you${why}.`,
  endedThanks: "The event has ended. Thank you for coming!",
  restarting: "Foyer is restarting; please rejoin in a moment.",
  reportThanks: (name: string) => `Thank you. The moderators were told about ${name}.`,
};

const de: Translation<typeof en> = {
  notStarted: "Das Event hat noch nicht begonnen; die Türen öffnen zur Startzeit.",
  ended: "Das Event ist vorbei.",
  notInvited: "Dieses Event ist nur mit Einladung; öffne den persönlichen Link aus deiner Einladung.",
  passwordWrong: "Das Event-Passwort stimmt nicht.",
  passwordMissing: "Für dieses Event brauchst du das Passwort.",
  full: (n) => plural(n, { one: "Das Event ist voll (1 Person); versuch es später noch einmal.", other: `Das Event ist voll (${n} Personen); versuch es später noch einmal.` }, "de"),
  banned: "Ein Host hat dich von diesem Event ausgeschlossen; du kannst nicht wieder eintreten.",
  identity: "Deine Foyer-Identität gilt hier nicht; lade die Seite neu, um wieder einzutreten.",
  spotFull: (zone) => `${zone} ist voll.`,
  stage: (zone) => `${zone} ist für Vortragende; heb die Hand, um auf die Bühne geholt zu werden.`,
  closedByHost: (zone) => `${zone} wurde von einem Host geschlossen.`,
  closedNoKnock: (zone) => `${zone} wurde von einem Host geschlossen; niemand kann dich hereinlassen.`,
  hostClosed: (zone) => `Ein Host hat ${zone} geschlossen; nur ein Host kann es wieder öffnen.`,
  knockAgain: (s) => `Du kannst in ${s} s wieder anklopfen.`,
  walkUpToKnock: (zone) => `Geh zu ${zone}, um anzuklopfen.`,
  alreadyIn: (zone) => `Du bist schon in ${zone}.`,
  chatTooFast: "Du schreibst zu schnell; warte einen Moment.",
  announcementsOnly: "Im Event-Kanal können gerade nur Hosts Durchsagen machen.",
  busy: (name) => `${name} ist beschäftigt (bitte nicht stören) und bekommt keine Direktnachrichten.`,
  tooMany: "Zu viele Nachrichten; mach etwas langsamer.",
  tooLarge: "Diese Nachricht ist zu lang.",
  mutedByHost: "Ein Host hat dich stummgeschaltet. Du kannst dein Mikrofon wieder einschalten, sobald ein Host es erlaubt.",
  allowedToSpeak: "Ein Host erlaubt dir wieder zu sprechen; schalte dein Mikrofon ein, wenn du so weit bist.",
  broughtUp: "Ein Host hat dich auf die Bühne geholt: Das ganze Publikum hört dich.",
  broughtDown: "Ein Host hat dich von der Bühne zurückgeholt.",
  movedTo: (zone) => `Ein Host hat dich nach ${zone} verschoben.`,
  removed: (why) => `Ein Host hat dich vom Event entfernt${why}.`,
  bannedNow: (why) => `Ein Host hat dich ausgeschlossen${why}.`,
  endedThanks: "Das Event ist vorbei. Danke, dass du da warst!",
  restarting: "Foyer startet neu; bitte tritt gleich wieder ein.",
  reportThanks: (name) => `Danke. Die Moderation wurde über ${name} informiert.`,
};

export const SERVER_STRINGS = catalogue("server", en, de);
const S = SERVER_STRINGS;

/** The server's sentences this page can say itself: a pattern over the text (without its field prefix) and how to say it. */
const KNOWN: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^the event has not started yet/, () => S.notStarted],
  [/^the event has ended$/, () => S.ended],
  [/^this event is invite-only/, () => S.notInvited],
  [/^the event password is wrong/, () => S.passwordWrong],
  [/^this event needs its password/, () => S.passwordMissing],
  [/^the event is full \((\d+) people\)/, (m) => S.full(Number(m[1]))],
  [/^a host banned you from this event, so you cannot rejoin/, () => S.banned],
  [/^your Foyer identity /, () => S.identity],
  [/^(.+) is full \(\d+\/\d+ (?:seats taken|people)\)$/, (m) => S.spotFull(m[1] ?? "")],
  [/^(.+) is for speakers; raise your hand/, (m) => S.stage(m[1] ?? "")],
  [/^(.+) is closed by a host; nobody can let you in$/, (m) => S.closedNoKnock(m[1] ?? "")],
  [/^(.+) is closed by a host$/, (m) => S.closedByHost(m[1] ?? "")],
  [/^a host closed (.+); only a host can open it$/, (m) => S.hostClosed(m[1] ?? "")],
  [/^you can knock again in (\d+) s$/, (m) => S.knockAgain(Number(m[1]))],
  [/^walk up to (.+) to knock$/, (m) => S.walkUpToKnock(m[1] ?? "")],
  [/^you are already in (.+)$/, (m) => S.alreadyIn(m[1] ?? "")],
  [/^you are sending messages too fast/, () => S.chatTooFast],
  [/^the event channel is for announcements/, () => S.announcementsOnly],
  [/^(.+) is busy \(do not disturb\)/, (m) => S.busy(m[1] ?? "")],
  [/^too many messages/, () => S.tooMany],
  [/^message is \d+ bytes; at most \d+$/, () => S.tooLarge],
  [/^You were muted by a host\./, () => S.mutedByHost],
  [/^A host allowed you to speak again/, () => S.allowedToSpeak],
  [/^A host brought you onto the stage/, () => S.broughtUp],
  [/^A host brought you back down/, () => S.broughtDown],
  [/^A host moved you to (.+)\.$/, (m) => S.movedTo(m[1] ?? "")],
  [/^A host removed you from the event( \(.*\))?\.$/, (m) => S.removed(m[1] ?? "")],
  [/^A host banned you from this (?:event|venue)( \(.*\))?\.$/, (m) => S.bannedNow(m[1] ?? "")],
  [/^The event has ended\. Thank you for coming!$/, () => S.endedThanks],
  [/^Foyer is restarting/, () => S.restarting],
  [/^Thank you\. The moderators were told about (.+)\.$/, (m) => S.reportThanks(m[1] ?? "")],
];

/** A sentence from the server, said for a person in the page's language. */
export function fromServer(message: string): string {
  if (locale === "en") return plainMessage(message);
  const bare = message.replace(/^[a-zA-Z][\w.]*: /, "").trim();
  for (const [pattern, say] of KNOWN) {
    const m = pattern.exec(bare);
    if (m) return say(m);
  }
  return plainMessage(message);
}
