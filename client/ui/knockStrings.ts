/** Every user-visible string of knocking and following (issue #11), in English and German. */
import { catalogue, type Translation } from "../i18n/index.ts";

const en = {
  /** On the map, at a closed spot's edge. */
  closedBadge: "Closed · knock to join",
  closedByHostBadge: "Closed by a host",
  /** The button beside "In Lounge corner · …" while you stand in a spot. */
  closeSpot: "Close to newcomers",
  openSpot: "Open to everyone",
  /** The same on a phone's narrow top bar. */
  closeSpotShort: "Close",
  openSpotShort: "Open",
  closeSpotTitle: "People outside will have to knock; you let them in or not",
  hostClosedSpot: "Closed by a host",
  /** The prompt the people inside see. */
  knocks: (name: string, zone: string) => `${name} knocks at ${zone}`,
  letIn: "Let in",
  decline: "Decline",
  promptLabel: "Someone knocks",
  /** The knocker's notice. */
  knock: "Knock",
  dismiss: "Dismiss",
  noticeLabel: "Closed spot",
};

const de: Translation<typeof en> = {
  closedBadge: "Geschlossen · anklopfen",
  closedByHostBadge: "Von einem Host geschlossen",
  closeSpot: "Für Neue schließen",
  openSpot: "Für alle öffnen",
  closeSpotShort: "Schließen",
  openSpotShort: "Öffnen",
  closeSpotTitle: "Wer draußen ist, muss anklopfen; du lässt die Person herein oder nicht",
  hostClosedSpot: "Von einem Host geschlossen",
  knocks: (name, zone) => `${name} klopft an: ${zone}`,
  letIn: "Hereinlassen",
  decline: "Ablehnen",
  promptLabel: "Jemand klopft an",
  knock: "Anklopfen",
  dismiss: "Schließen",
  noticeLabel: "Geschlossener Platz",
};

export const KNOCK_STRINGS = catalogue("knock", en, de);

const followEn = {
  /** On the profile card. */
  follow: "Follow",
  /** The banner while your avatar walks after someone. */
  following: (name: string) => `Following ${name}`,
  waiting: (name: string) => `Following ${name} · waiting for them to arrive`,
  someone: "them",
  stop: "Stop",
  bannerLabel: "Following",
};

const followDe: Translation<typeof followEn> = {
  follow: "Folgen",
  following: (name) => `Du folgst ${name}`,
  waiting: (name) => `Du folgst ${name} · wartest auf die Ankunft`,
  someone: "der Person",
  stop: "Stopp",
  bannerLabel: "Folgen",
};

export const FOLLOW_STRINGS = catalogue("follow", followEn, followDe);
