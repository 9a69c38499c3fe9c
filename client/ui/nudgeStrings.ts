/** Every word of the "on your own — walk over?" card (issue #13), in English and German. */
import { catalogue, plural, type Translation } from "../i18n/index.ts";

const en = {
  title: "Someone to talk to",
  alone: (name: string) => `${name} is on their own too — walk over?`,
  conversation: (name: string, others: number, place: string | null) =>
    `${plural(others, { one: `${name} and 1 other are talking`, other: `${name} and ${others} others are talking` }, "en")}${place ? ` at ${place}` : " nearby"} — walk over?`,
  go: "Walk there",
  later: "Not now",
  unreachable: "That place cannot be reached from where you stand.",
} as const;

const de: Translation<typeof en> = {
  title: "Jemand zum Reden",
  alone: (name) => `${name} ist auch allein — hingehen?`,
  conversation: (name, others, place) =>
    `${plural(others, { one: `${name} und 1 weitere Person unterhalten sich`, other: `${name} und ${others} weitere unterhalten sich` }, "de")}${place ? ` bei ${place}` : " in der Nähe"} — hingehen?`,
  go: "Hingehen",
  later: "Nicht jetzt",
  unreachable: "Dieser Ort ist von hier aus nicht zu erreichen.",
};

export const NUDGE_STRINGS = catalogue("nudge", en, de);
