/**
 * Every word the who's-here list shows about the venue beyond your floor: floor headings,
 * "walk me there", picking people for a group conversation — in English and German
 * (client/i18n/index.ts says how to add one).
 */
import { catalogue, type Translation } from "../i18n/index.ts";

const en = {
  hereFloor: (floor: string) => `${floor} · you are here`,
  otherFloor: (floor: string, n: number) => `${floor} · ${n}`,
  walkMeThere: "Walk me there",
  walkMeThereTitle: (name: string, floor: string) => `Go to ${floor} and walk over to ${name}`,
  message: "Message",
  messageTitle: (name: string) => `Message ${name}`,
  goingTo: (name: string, floor: string) => `Going to ${floor} to find ${name}…`,
  notThere: (name: string) => `${name} is not on this floor any more.`,
  pickTitle: "Pick people to message together",
  pickAddTitle: "Pick people to add to this conversation",
  pickPerson: (name: string) => `Pick ${name}`,
  picked: (n: number, max: number) => `${n} of ${max} picked`,
  startGroup: "Message together",
  addToGroup: "Add to conversation",
  cancel: "Cancel",
  groupButton: "Group message…",
  groupButtonTitle: "Pick several people for one conversation",
};

const de: Translation<typeof en> = {
  hereFloor: (floor) => `${floor} · du bist hier`,
  otherFloor: (floor, n) => `${floor} · ${n}`,
  walkMeThere: "Bring mich hin",
  walkMeThereTitle: (name, floor) => `Nach ${floor} gehen und zu ${name} laufen`,
  message: "Nachricht",
  messageTitle: (name) => `Nachricht an ${name}`,
  goingTo: (name, floor) => `Unterwegs nach ${floor} zu ${name}…`,
  notThere: (name) => `${name} ist nicht mehr auf dieser Etage.`,
  pickTitle: "Leute für eine gemeinsame Unterhaltung auswählen",
  pickAddTitle: "Leute auswählen, die dazukommen",
  pickPerson: (name) => `${name} auswählen`,
  picked: (n, max) => `${n} von ${max} ausgewählt`,
  startGroup: "Gemeinsam schreiben",
  addToGroup: "Zur Unterhaltung hinzufügen",
  cancel: "Abbrechen",
  groupButton: "Gruppennachricht…",
  groupButtonTitle: "Mehrere Leute für eine Unterhaltung auswählen",
};

export const PEOPLE_STRINGS = catalogue("people", en, de);
