/**
 * Every word of the venue's list view (places and who is in each), the join form's
 * device check and the calm screen-reader announcements, in English and German
 * (client/i18n/index.ts says how to add one).
 */
import { catalogue, list, number, type Translation } from "../i18n/index.ts";

const en = {
  /** The map canvas, for screen readers: where its text version is. */
  mapLabel: "Venue floor map. The Places button lists every place and who is there.",
  placesButton: "Places",
  placesTitle: "Places on this floor",
  placesHint: "Go there walks you to a place; Knock asks the people in a closed one to let you in. Arrow keys move through the list; Escape closes it.",
  placesClose: "Close",
  goThere: "Go there",
  /** The button's name for screen readers: its visible words, then the place. */
  goThereTo: (verb: string, title: string) => `${verb}: ${title}`,
  takeStairs: "Take it",
  kinds: {
    stage: "Stage",
    table: "Table",
    "coffee-corner": "Coffee corner",
    silent: "Quiet room",
    portal: "Way to another floor",
    sign: "Sign",
  },
  seats: (taken: number, limit: number) => (taken >= limit ? `full (${number(limit)} of ${number(limit)})` : `${number(limit - taken)} of ${number(limit)} free`),
  nobodyThere: "Nobody here that you can see",
  peopleThere: (names: string[], more: number) => (more > 0 ? list([...names, `${number(more)} more`]) : list(names)),
  youAreHere: "You are here",
  leadsTo: (floor: string) => `Leads to ${floor}`,
  walkingTo: (title: string) => `Walking to ${title}…`,
  unreachable: (title: string) => `You can't reach ${title} from here.`,
  full: (title: string) => `${title} is full.`,
  /** A table or corner the people inside closed: knock and they let you in, or not. */
  knock: "Knock",
  closedKnock: "closed (knock to come in)",
  closedByHost: "closed by a host",
  hostClosed: (title: string) => `${title} is closed by a host; nobody can let you in.`,
  walkingToKnock: (title: string) => `Walking up to ${title}; you knock when you get there.`,
  /** The live region, at a calm rate: who you can hear now. */
  nowHearing: (names: string[]) => `You can hear ${list(names)}.`,
  checkTitle: "Check your microphone and camera",
  checkMicrophone: "Microphone",
  checkCamera: "Camera",
  checkLevel: "Microphone level",
  checkSpeak: "Say something: the level should move. This is only shown to you.",
  checkNoCamera: "No camera found; your microphone works. Say something: the level should move.",
  checkFailed: (why: string) => `Your microphone and camera could not be opened (${why}). You can still join and listen.`,
  microphoneN: (n: number) => `Microphone ${number(n)}`,
  cameraN: (n: number) => `Camera ${number(n)}`,
  joinMuted: "Join with my microphone muted",
};

const de: Translation<typeof en> = {
  mapLabel: "Karte der Etage. Die Schaltfläche „Orte“ listet jeden Ort und wer dort ist.",
  placesButton: "Orte",
  placesTitle: "Orte auf dieser Etage",
  placesHint: "„Hingehen“ bringt dich zu einem Ort; mit „Anklopfen“ bittest du die Leute an einem geschlossenen Ort, dich hereinzulassen. Mit den Pfeiltasten bewegst du dich in der Liste; Escape schließt sie.",
  placesClose: "Schließen",
  goThere: "Hingehen",
  goThereTo: (verb, title) => `${verb}: ${title}`,
  takeStairs: "Nehmen",
  kinds: {
    stage: "Bühne",
    table: "Tisch",
    "coffee-corner": "Kaffee-Ecke",
    silent: "Ruheraum",
    portal: "Weg zu einer anderen Etage",
    sign: "Schild",
  },
  seats: (taken, limit) => (taken >= limit ? `voll (${number(limit)} von ${number(limit)})` : `${number(limit - taken)} von ${number(limit)} frei`),
  nobodyThere: "Niemand hier, den du sehen kannst",
  peopleThere: (names, more) => (more > 0 ? list([...names, `${number(more)} weitere`]) : list(names)),
  youAreHere: "Du bist hier",
  leadsTo: (floor) => `Führt nach ${floor}`,
  walkingTo: (title) => `Unterwegs zu ${title} …`,
  unreachable: (title) => `Von hier aus kommst du nicht zu ${title}.`,
  full: (title) => `${title} ist voll.`,
  knock: "Anklopfen",
  closedKnock: "geschlossen (anklopfen, um hereinzukommen)",
  closedByHost: "von einem Host geschlossen",
  hostClosed: (title) => `${title} wurde von einem Host geschlossen; niemand kann dich hereinlassen.`,
  walkingToKnock: (title) => `Unterwegs zu ${title}; du klopfst an, sobald du dort bist.`,
  nowHearing: (names) => `Du hörst ${list(names)}.`,
  checkTitle: "Mikrofon und Kamera prüfen",
  checkMicrophone: "Mikrofon",
  checkCamera: "Kamera",
  checkLevel: "Mikrofonpegel",
  checkSpeak: "Sag etwas: Der Pegel sollte sich bewegen. Das siehst nur du.",
  checkNoCamera: "Keine Kamera gefunden; dein Mikrofon funktioniert. Sag etwas: Der Pegel sollte sich bewegen.",
  checkFailed: (why) => `Mikrofon und Kamera ließen sich nicht öffnen (${why}). Du kannst trotzdem beitreten und zuhören.`,
  microphoneN: (n) => `Mikrofon ${number(n)}`,
  cameraN: (n) => `Kamera ${number(n)}`,
  joinMuted: "Mit stummgeschaltetem Mikrofon beitreten",
};

export const ACCESS_STRINGS = catalogue("access", en, de);
