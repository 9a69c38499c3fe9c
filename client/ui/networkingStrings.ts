/**
 * Every word the networking panel shows ("people you met", contact cards), in one place
 * so it can be translated. English for now.
 */
export const NETWORKING_STRINGS = {
  title: "People you met",
  show: "▸ show",
  hide: "▾ hide",
  toggleTitle: "Show or hide the people you met",
  nobodyYet: "Nobody yet. Stand with someone and talk for half a minute: they will appear here, and you in their list.",
  requestsBadge: (n: number) => (n === 1 ? "1 request" : `${n} requests`),
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
  metTimes: (n: number) => (n === 1 ? "talked once" : `talked ${n} times`),
  newRequestToast: (name: string) => `${name} would like to exchange contacts`,
  exchangedToast: (name: string) => `You and ${name} exchanged contact cards`,
  metToast: (name: string) => `You met ${name} — they are in "People you met"`,
  couldNotLoad: "Could not load the people you met; trying again shortly.",
  problem: (message: string) => `That did not work: ${message}`,
} as const;
