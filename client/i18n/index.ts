/**
 * The page's language (English or German) and the typed string catalogues every page reads.
 *
 * HOW TO ADD A STRING: open the catalogue of your area (client/ui/*Strings.ts,
 * client/host/strings.ts, client/editor/strings.ts …). Each one is written as
 *
 *     const en = { title: "Chat", unread: (n: number) => plural(n, { one: "1 unread", other: `${n} unread` }) };
 *     const de: Translation<typeof en> = { title: "Chat", unread: (n) => plural(n, { one: "1 ungelesen", other: `${n} ungelesen` }) };
 *     export const CHAT_STRINGS = catalogue("chat", en, de);
 *
 * Add the key to `en` AND to `de` (a key missing in `de` is a type error; tests/unit/i18n.test.ts
 * also fails on an empty string or a function whose placeholders differ between the languages).
 * Code reads `CHAT_STRINGS.title`: the object of the page's language. Put a number into a sentence
 * with `plural()` (Intl.PluralRules), a date with `dateTime()` (Intl.DateTimeFormat), never by hand.
 * German on attendee pages says "du"; host and editor pages too (one voice everywhere).
 *
 * HOW TO ADD A LANGUAGE: add its code to LOCALES and its name to LANGUAGE_NAMES, give every
 * `catalogue(...)` call a third object, and teach `chooseLocale` which browser languages map to it.
 *
 * The language is chosen once per page load: `?lang=de` in the address, else the choice stored
 * by the switcher (localStorage), else the browser's languages (de* → German), else English.
 * The switcher stores the choice and reloads (the simplest way to redraw everything).
 */

export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch" };

const STORAGE_KEY = "foyer.lang";

/** A catalogue's shape in another language: same keys, any text, functions with the same parameters. */
export type Translation<T> = T extends (...args: infer A) => infer R
  ? (...args: A) => R extends string ? string : Translation<R>
  : T extends string
    ? string
    : T extends readonly (infer U)[]
      ? readonly Translation<U>[]
      : T extends object
        ? { readonly [K in keyof T]: Translation<T[K]> }
        : T;

function isLocale(value: string | null | undefined): value is Locale {
  return value !== null && value !== undefined && (LOCALES as readonly string[]).includes(value);
}

/** Pure rule: the address's `lang`, then the stored choice, then the first browser language we speak. */
export function chooseLocale(query: string | null | undefined, stored: string | null | undefined, languages: readonly string[]): Locale {
  const q = query?.toLowerCase().slice(0, 2);
  if (isLocale(q)) return q;
  if (isLocale(stored)) return stored;
  for (const language of languages) {
    const l = language.toLowerCase();
    if (l.startsWith("de")) return "de";
    if (l.startsWith("en")) return "en";
  }
  return "en";
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage blocked (private mode, sandboxed frame)
  }
}

function detect(): Locale {
  if (typeof window === "undefined") return "en"; // Node: tests and the server read English unless told
  const query = new URLSearchParams(window.location.search).get("lang");
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
  return chooseLocale(query, readStored(), languages);
}

/** The language of this page load. */
export const locale: Locale = detect();

/** Marks the document as being in the chosen language (screen readers pick their voice from it). */
export function applyDocumentLanguage(doc: Document = document): void {
  doc.documentElement.lang = locale;
}

/** Remembers `next` and reloads the page in it (a `lang` in the address gives way to the choice). */
export function switchLocale(next: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // without storage the address carries the choice
  }
  const url = new URL(window.location.href);
  if (url.searchParams.has("lang") || readStored() !== next) url.searchParams.set("lang", next);
  window.location.assign(url.toString());
}

/** Every catalogue defined on this page, for tests/unit/i18n.test.ts. */
export const CATALOGUES: { name: string; en: unknown; de: unknown }[] = [];

/** A catalogue: its English and German objects; returns the one for the page's language. */
export function catalogue<T extends object>(name: string, en: T, de: Translation<T>): Translation<T> {
  CATALOGUES.push({ name, en, de });
  return locale === "de" ? de : (en as Translation<T>);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** Picks the form of a sentence for `n` by the language's plural rules ("1 Person", "2 Personen"). */
export function plural(n: number, forms: { one: string; other: string; zero?: string }, lang: Locale = locale): string {
  if (n === 0 && forms.zero !== undefined) return forms.zero;
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n) === "one" ? forms.one : forms.other;
}

/** A date/time in the page's language (Intl.DateTimeFormat). */
export function dateTime(date: Date | number, options: Intl.DateTimeFormatOptions, lang: Locale = locale): string {
  return new Intl.DateTimeFormat(lang, options).format(date);
}

/** A number in the page's language ("1.234" in German). */
export function number(n: number, options?: Intl.NumberFormatOptions, lang: Locale = locale): string {
  return new Intl.NumberFormat(lang, options).format(n);
}

/** A list "Ada, Ben and Cy" / "Ada, Ben und Cy". */
export function list(items: readonly string[], lang: Locale = locale): string {
  return new Intl.ListFormat(lang, { style: "long", type: "conjunction" }).format(items);
}
