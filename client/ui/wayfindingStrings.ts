/**
 * Every word of finding your way on the floor: the minimap, the signs of the map, the calm
 * "… joined your table" announcement and the touch joystick, in English and German
 * (client/i18n/index.ts says how to add one).
 */
import { catalogue, list, number, plural, type Translation } from "../i18n/index.ts";

const en = {
  minimapButton: "Map",
  /** The button's hover help: what it does and its key. */
  minimapButtonTitle: "Show or hide the map of this floor (key M)",
  minimapTitle: "Map of this floor",
  /** The map picture, for screen readers (the Places list is its text version). */
  minimapLabel: (others: number) =>
    `Map of this floor: you are the yellow dot, ${plural(others, { zero: "nobody else is in view", one: "one other person is in view", other: `${number(others)} other people are in view` })}. Click on it to walk there; the Places button lists every place.`,
  minimapHide: "Hide the map",
  signHeading: "Sign",
  signClose: "Close the sign",
  /** Someone (or several people) stepped into the table or coffee corner you are in. */
  joinedTable: (names: string[], title: string) => `${list(names)} joined your table, ${title}.`,
  joinedCorner: (names: string[], title: string) => `${list(names)} joined your coffee corner, ${title}.`,
  joystickLabel: "Drag to walk",
};

const de: Translation<typeof en> = {
  minimapButton: "Karte",
  minimapButtonTitle: "Karte dieser Etage zeigen oder ausblenden (Taste M)",
  minimapTitle: "Karte dieser Etage",
  minimapLabel: (others) =>
    `Karte dieser Etage: Du bist der gelbe Punkt, ${plural(others, { zero: "sonst ist niemand zu sehen", one: "eine weitere Person ist zu sehen", other: `${number(others)} weitere Personen sind zu sehen` })}. Ein Klick darauf bringt dich dorthin; die Schaltfläche „Orte“ listet jeden Ort.`,
  minimapHide: "Karte ausblenden",
  signHeading: "Schild",
  signClose: "Schild schließen",
  joinedTable: (names, title) => `${list(names)} ${names.length === 1 ? "ist" : "sind"} an deinen Tisch gekommen: ${title}.`,
  joinedCorner: (names, title) => `${list(names)} ${names.length === 1 ? "ist" : "sind"} in deine Kaffee-Ecke gekommen: ${title}.`,
  joystickLabel: "Ziehen zum Gehen",
};

export const WAYFINDING_STRINGS = catalogue("wayfinding", en, de);
