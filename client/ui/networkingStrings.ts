/**
 * Every word the networking panel shows ("people you met", contact cards), in one place
 * in English and German (client/i18n/index.ts says how to add one).
 */
import { catalogue, plural, type Translation } from "../i18n/index.ts";

const en = {
  title: "People you met",
  show: "▸ show",
  hide: "▾ hide",
  toggleTitle: "Show or hide the people you met",
  nobodyYet: "Nobody yet. Stand with someone and talk for half a minute: they will appear here, and you in their list.",
  requestsBadge: (n: number) => plural(n, { one: "1 request", other: `${n} requests` }, "en"),
  yourCard: "On your card",
  yourCardHint: "Your name and headline go on every card. Add what you want to share; nothing is sent until the other person accepts.",
  emailLabel: "Email (optional)",
  linkLabel: "Link (optional)",
  linkPlaceholder: "https://…",
  exchange: "Exchange contacts",
  asked: "Asked — waiting for them",
  declined: "They said no thanks",
  asksYou: "wants to exchange contacts",
  accept: "Accept",
  decline: "No thanks",
  exchanged: "Cards exchanged",
  cards: "Contact cards",
  exportVcf: "Download vCard",
  exportCsv: "Download CSV",
  metTimes: (n: number) => plural(n, { one: "talked once", other: `talked ${n} times` }, "en"),
  newRequestToast: (name: string) => `${name} would like to exchange contacts`,
  exchangedToast: (name: string) => `You and ${name} exchanged contact cards`,
  metToast: (name: string) => `You met ${name} — they are in "People you met"`,
  couldNotLoad: "Could not load the people you met; trying again shortly.",
  problem: (message: string) => `That did not work: ${message}`,
} as const;

const de: Translation<typeof en> = {
  title: "Begegnungen",
  show: "▸ zeigen",
  hide: "▾ ausblenden",
  toggleTitle: "Leute, die du getroffen hast, zeigen oder ausblenden",
  nobodyYet: "Noch niemand. Stell dich zu jemandem und sprich eine halbe Minute: Die Person erscheint dann hier und du in ihrer Liste.",
  requestsBadge: (n) => plural(n, { one: "1 Anfrage", other: `${n} Anfragen` }, "de"),
  yourCard: "Auf deiner Karte",
  yourCardHint: "Dein Name und deine Überschrift stehen auf jeder Karte. Ergänze, was du teilen möchtest; nichts wird gesendet, bevor die andere Person annimmt.",
  emailLabel: "E-Mail (optional)",
  linkLabel: "Link (optional)",
  linkPlaceholder: "https://…",
  exchange: "Kontakte tauschen",
  asked: "Gefragt — warte auf Antwort",
  declined: "Die Person hat abgelehnt",
  asksYou: "möchte Kontakte tauschen",
  accept: "Annehmen",
  decline: "Nein danke",
  exchanged: "Karten getauscht",
  cards: "Kontaktkarten",
  exportVcf: "vCard herunterladen",
  exportCsv: "CSV herunterladen",
  metTimes: (n) => plural(n, { one: "einmal gesprochen", other: `${n}-mal gesprochen` }, "de"),
  newRequestToast: (name) => `${name} möchte Kontakte mit dir tauschen`,
  exchangedToast: (name) => `Du und ${name} habt Kontaktkarten getauscht`,
  metToast: (name) => `Du hast ${name} getroffen — zu finden unter „Begegnungen“`,
  couldNotLoad: "Die Leute, die du getroffen hast, konnten nicht geladen werden; gleich neuer Versuch.",
  problem: (message) => `Das hat nicht geklappt: ${message}`,
};

export const NETWORKING_STRINGS = catalogue("networking", en, de);
