/**
 * Why a field was refused ("name: must be at most 32 characters"), in the page's language.
 * The schemas in shared/protocol and server/http speak English; a German page gets the same
 * sentence from here: by the zod issue's own code when the page checked the form itself
 * (`issueMessage`), by the server's stable wording when the server refused it (`fieldProblem`,
 * which client/ui/serverStrings.ts `fromServer` asks first). Field names are said too.
 */
import type { z } from "zod";
import { catalogue, locale, number, type Translation } from "../i18n/index.ts";

const en = {
  empty: "must not be empty",
  required: "is required",
  tooLong: (max: number) => `must be at most ${number(max)} characters`,
  tooShort: (min: number) => `must be at least ${number(min)} characters`,
  tooShortBesidesSpaces: (min: number) => `must have at least ${number(min)} characters besides spaces`,
  tooBig: (max: number) => `must be at most ${number(max)}`,
  tooSmall: (min: number) => `must be at least ${number(min)}`,
  tooMany: (max: number) => `has more than ${number(max)} entries`,
  range: (min: number, max: number) => `must be ${number(min)} to ${number(max)}`,
  text: "must be text",
  aNumber: "must be a number",
  wholeNumber: "must be a whole number",
  trueOrFalse: "must be true or false",
  aList: "must be a list",
  email: "is not a valid email address",
  link: "must be an http(s) link",
  oneOf: (choices: string) => `must be one of ${choices}`,
  controlCharacters: "must not contain control characters",
  invisible: "must not contain invisible or unassigned characters",
  letterOrDigit: "must contain a letter or a digit",
  mixedScripts: (word: string) => `mixes alphabets within "${word}" (a look-alike name); write each word in one alphabet`,
  timeZone: "must be a time zone like Europe/Berlin",
  dateTime: "must be a date and time like 2026-12-24T18:00:00+01:00",
  afterStart: "must be after the start",
  sayWhatHappened: "must say what happened",
  tooLarge: "is larger than 1 MB",
  either: "send either guests or CSV",
  notAllowed: (key: string) => `"${key}" is not allowed here`,
  invalid: "is not valid",
  /** A password the server refuses (server/http/api/passwords.ts): why, then what to do. */
  weakPassword: (why: string) => `${why}; try a few unrelated words`,
  passwordWhy: {
    topTen: "is one of the ten most used passwords",
    topHundred: "is one of the hundred most used passwords",
    common: "is a very common password",
    similarToCommon: "is too close to a very common password",
    repeat: "repeats the same characters",
    sequences: "is a sequence like abc or 123",
    straightRow: "is a row of keys on the keyboard",
    keyPattern: "is a pattern on the keyboard",
    userInputs: "contains your email address or name",
    recentYears: "is a recent year",
    dates: "is a date",
    name: "is a name",
    word: "is a single word",
    easy: "is too easy to guess",
  },
  /** What a field is called when its refusal is shown ("Name: must not be empty"). */
  fields: {
    name: "Name",
    displayName: "Name",
    email: "Email",
    password: "Password",
    title: "Title",
    description: "Description",
    welcome: "Welcome",
    text: "Text",
    reason: "Reason",
    topic: "Topic",
    prompt: "Prompt",
    headline: "Headline",
    affiliation: "Affiliation",
    interests: "Interests",
    lookingFor: "Looking for",
    offering: "Offering",
    capacity: "Capacity",
    startsAt: "Starts",
    endsAt: "Ends",
    timeZone: "Time zone",
    tags: "Topics",
    agenda: "Agenda",
    place: "Place",
    link: "Link",
    phone: "Phone",
    guests: "Guests",
    csv: "CSV",
    rating: "Rating",
    comment: "Comment",
  },
};

const de: Translation<typeof en> = {
  empty: "darf nicht leer sein",
  required: "fehlt",
  tooLong: (max) => `darf höchstens ${number(max)} Zeichen lang sein`,
  tooShort: (min) => `muss mindestens ${number(min)} Zeichen lang sein`,
  tooShortBesidesSpaces: (min) => `muss außer Leerzeichen mindestens ${number(min)} Zeichen haben`,
  tooBig: (max) => `darf höchstens ${number(max)} sein`,
  tooSmall: (min) => `muss mindestens ${number(min)} sein`,
  tooMany: (max) => `hat mehr als ${number(max)} Einträge`,
  range: (min, max) => `muss zwischen ${number(min)} und ${number(max)} liegen`,
  text: "muss Text sein",
  aNumber: "muss eine Zahl sein",
  wholeNumber: "muss eine ganze Zahl sein",
  trueOrFalse: "muss wahr oder falsch sein",
  aList: "muss eine Liste sein",
  email: "ist keine gültige E-Mail-Adresse",
  link: "muss ein http(s)-Link sein",
  oneOf: (choices) => `muss eines davon sein: ${choices}`,
  controlCharacters: "darf keine Steuerzeichen enthalten",
  invisible: "darf keine unsichtbaren oder nicht zugewiesenen Zeichen enthalten",
  letterOrDigit: "muss einen Buchstaben oder eine Ziffer enthalten",
  mixedScripts: (word) => `mischt Alphabete in „${word}“ (ein Doppelgänger-Name); schreib jedes Wort in einem Alphabet`,
  timeZone: "muss eine Zeitzone wie Europe/Berlin sein",
  dateTime: "muss ein Datum mit Uhrzeit wie 2026-12-24T18:00:00+01:00 sein",
  afterStart: "muss nach dem Beginn liegen",
  sayWhatHappened: "muss sagen, was passiert ist",
  tooLarge: "ist größer als 1 MB",
  either: "schick entweder Gäste oder eine CSV-Datei",
  notAllowed: (key) => `„${key}“ ist hier nicht erlaubt`,
  invalid: "ist ungültig",
  weakPassword: (why) => `${why}; versuch es mit ein paar Wörtern, die nichts miteinander zu tun haben`,
  passwordWhy: {
    topTen: "ist eines der zehn häufigsten Passwörter",
    topHundred: "ist eines der hundert häufigsten Passwörter",
    common: "ist ein sehr häufiges Passwort",
    similarToCommon: "ähnelt zu sehr einem sehr häufigen Passwort",
    repeat: "wiederholt dieselben Zeichen",
    sequences: "ist eine Folge wie abc oder 123",
    straightRow: "ist eine Tastenreihe auf der Tastatur",
    keyPattern: "ist ein Muster auf der Tastatur",
    userInputs: "enthält deine E-Mail-Adresse oder deinen Namen",
    recentYears: "ist eine Jahreszahl der letzten Jahre",
    dates: "ist ein Datum",
    name: "ist ein Name",
    word: "ist ein einzelnes Wort",
    easy: "ist zu leicht zu erraten",
  },
  fields: {
    name: "Name",
    displayName: "Name",
    email: "E-Mail",
    password: "Passwort",
    title: "Titel",
    description: "Beschreibung",
    welcome: "Begrüßung",
    text: "Text",
    reason: "Grund",
    topic: "Thema",
    prompt: "Impuls",
    headline: "Überschrift",
    affiliation: "Organisation",
    interests: "Interessen",
    lookingFor: "Ich suche",
    offering: "Ich biete",
    capacity: "Kapazität",
    startsAt: "Beginn",
    endsAt: "Ende",
    timeZone: "Zeitzone",
    tags: "Themen",
    agenda: "Programm",
    place: "Ort",
    link: "Link",
    phone: "Telefon",
    guests: "Gäste",
    csv: "CSV",
    rating: "Bewertung",
    comment: "Kommentar",
  },
};

export const VALIDATION_STRINGS = catalogue("validation", en, de);
const V = VALIDATION_STRINGS;
type Why = keyof typeof en.passwordWhy;

/** The English reasons of server/http/api/passwords.ts, by their key here. */
const PASSWORD_WHY: Record<string, Why> = Object.fromEntries(
  Object.entries(en.passwordWhy).map(([k, v]) => [v, k as Why]),
);

/** How the schemas word a refusal (shared/protocol/*.ts, names.ts, server/http/api): pattern → the page's words. */
const PROBLEMS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(?:an? (?:entry|[\w ]+?) )?must not be empty$/, () => V.empty],
  [/^must say what happened$/, () => V.sayWhatHappened],
  [/^is required$/, () => V.required],
  [/^(?:(?:each )?[\w ]+? )?(?:must be )?at most (\d+) characters$/, (m) => V.tooLong(Number(m[1]))],
  [/^is too long$/, () => V.tooLong(200)],
  [/^must be at least (\d+) characters$/, (m) => V.tooShort(Number(m[1]))],
  [/^must have at least (\d+) characters besides spaces$/, (m) => V.tooShortBesidesSpaces(Number(m[1]))],
  [/^must be at most (\d+)$/, (m) => V.tooBig(Number(m[1]))],
  [/^must be at least (\d+)$/, (m) => V.tooSmall(Number(m[1]))],
  [/^must be (\d+) to (\d+)$/, (m) => V.range(Number(m[1]), Number(m[2]))],
  [/^has more than (\d+) [\w ]+$/, (m) => V.tooMany(Number(m[1]))],
  [/^must be (?:text|a zone's name)$/, () => V.text],
  [/^must be a number(?: of [\w ]+)?$/, () => V.aNumber],
  [/^must be a whole number(?: of [\w ]+| ≥ 1)?$/, () => V.wholeNumber],
  [/^must be true or false$/, () => V.trueOrFalse],
  [/^must be a list of .+$/, () => V.aList],
  [/^(?:is not a valid email address|must be an email address|Invalid email address)$/, () => V.email],
  [/^must be an http\(s\) link$/, () => V.link],
  [/^must be one of (.+)$/, (m) => V.oneOf(m[1] ?? "")],
  [/^must be ("?[\w-]+"?(?:, "?[\w-]+"?)* or "?[\w-]+"?)$/, (m) => V.oneOf(m[1] ?? "")],
  [/^must not contain control characters$/, () => V.controlCharacters],
  [/^must not contain invisible or unassigned characters$/, () => V.invisible],
  [/^must contain a letter or a digit$/, () => V.letterOrDigit],
  [/^mixes alphabets within "(.+)" \(a look-alike name\)/, (m) => V.mixedScripts(m[1] ?? "")],
  [/^must be a time zone like/, () => V.timeZone],
  [/^must be a date and time like/, () => V.dateTime],
  [/^must be after startsAt$/, () => V.afterStart],
  [/^is larger than 1 MB$/, () => V.tooLarge],
  [/^send either guests or csv$/, () => V.either],
  [/^(.+); try a few unrelated words$/, (m) => V.weakPassword(V.passwordWhy[PASSWORD_WHY[m[1] ?? ""] ?? "easy"])],
  // zod's own wording, for checks that give none of their own.
  [/^Too big: expected (?:string|array) to have <=?(\d+)/, (m) => V.tooLong(Number(m[1]))],
  [/^Too small: expected string to have >=1 characters?$/, () => V.empty],
  [/^Too small: expected string to have >=?(\d+)/, (m) => V.tooShort(Number(m[1]))],
  [/^Too big: expected number to be <=?(\d+)/, (m) => V.tooBig(Number(m[1]))],
  [/^Too small: expected number to be >=?(\d+)/, (m) => V.tooSmall(Number(m[1]))],
  [/^Unrecognized keys?: "([^"]+)"/, (m) => V.notAllowed(m[1] ?? "")],
  [/^Invalid input/, () => V.invalid],
];

/** "interests.0" → "Interessen", or null for a field people do not know by name. */
function fieldName(path: string): string | null {
  const first = path.split(".")[0] ?? "";
  return first in V.fields ? V.fields[first as keyof typeof en.fields] : null;
}

function capital(s: string): string {
  return s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
}

/** "Name: darf nicht leer sein." — the field's name when known, else the sentence alone. */
function sentence(field: string | null, problem: string): string {
  const said = field ? `${field}: ${problem}` : capital(problem);
  return /[.!?…]$/.test(said) ? said : `${said}.`;
}

/**
 * A server's field refusal ("name: must not be empty", "invalid chat: text: at most 2000
 * characters") in the page's language, or null when it is no field refusal this page knows.
 */
export function fieldProblem(message: string): string | null {
  const m = /^(?:invalid \w+: )?(?:([a-zA-Z][\w.]*): )?(.+)$/.exec(message.trim());
  if (!m) return null;
  const problem = (m[2] ?? "").trim();
  for (const [pattern, say] of PROBLEMS) {
    const found = pattern.exec(problem);
    if (found) return sentence(m[1] ? fieldName(m[1]) : null, say(found));
  }
  return null;
}

/** A zod issue found by this page's own check of a form, in the page's language (by its code). */
export function issueMessage(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return V.invalid;
  if (locale === "en") return issue.message;
  const bounded = (n: number | bigint) => Number(n);
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return V.tooLong(bounded(issue.maximum));
      if (issue.origin === "array" || issue.origin === "set") return V.tooMany(bounded(issue.maximum));
      if (issue.origin === "number" || issue.origin === "int") return V.tooBig(bounded(issue.maximum));
      break;
    case "too_small":
      if (issue.origin === "string") return bounded(issue.minimum) <= 1 ? V.empty : V.tooShort(bounded(issue.minimum));
      if (issue.origin === "number" || issue.origin === "int") return V.tooSmall(bounded(issue.minimum));
      break;
    case "invalid_format":
      if (issue.format === "email") return V.email;
      if (issue.format === "url") return V.link;
      if (issue.format === "datetime") return V.dateTime;
      break;
    case "unrecognized_keys":
      return V.notAllowed(issue.keys[0] ?? "");
  }
  // Custom and type checks carry the schema's own sentence: said from the table above.
  return problemOnly(issue.message);
}

/** A refusal's reason alone, to go after a field's name the page says itself ("Zeile 3, E-Mail: …"). */
export function problemOnly(problem: string): string {
  if (locale === "en") return problem;
  const said = fieldProblem(problem);
  return said ? said.replace(/\.$/, "").replace(/^./, (c) => c.toLocaleLowerCase(locale)) : problem;
}
