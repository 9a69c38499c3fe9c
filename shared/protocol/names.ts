/**
 * What a person's name may be, for attendees (join) and hosts (sign-up) alike: the name
 * others see above an avatar and in who's-here, so it must be visible, plain text, and
 * not a look-alike of someone else's. Normalised (NFKC, spaces folded) before checking.
 * Pure; the rules follow Unicode's own properties, not hand-made character lists.
 */

/** Control characters and bidi overrides: a name always renders as plain text. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/**
 * Invisible characters (zero-width space, Hangul fillers, word joiners, …), private-use,
 * unassigned and unpaired surrogates. Emoji's variation selectors and joiner are fine.
 */
const INVISIBLE = /(?![\uFE0E\uFE0F\u200D])[\p{Default_Ignorable_Code_Point}\p{Co}\p{Cn}\p{Cs}\u2800]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Scripts a letter may be written in, checked in this order. A letter in none of them is
 * counted as "other" (a rarer script): still one script.
 */
const SCRIPTS: readonly [string, RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Georgian", /\p{Script=Georgian}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Devanagari", /\p{Script=Devanagari}/u],
  ["Bengali", /\p{Script=Bengali}/u],
  ["Tamil", /\p{Script=Tamil}/u],
  ["Thai", /\p{Script=Thai}/u],
  ["Ethiopic", /\p{Script=Ethiopic}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Hiragana", /\p{Script=Hiragana}/u],
  ["Katakana", /\p{Script=Katakana}/u],
  ["Han", /\p{Script=Han}/u],
];
/** Scripts that are written together in one word (Japanese; Korean with Hanja). */
const WRITTEN_TOGETHER: readonly (readonly string[])[] = [
  ["Han", "Hiragana", "Katakana"],
  ["Han", "Hangul"],
];

function scriptOf(ch: string): string | undefined {
  if (!/\p{L}/u.test(ch) || /[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) return undefined;
  for (const [name, re] of SCRIPTS) if (re.test(ch)) return name;
  return "other";
}

/** A word that mixes scripts — "Pаypal" with a Cyrillic а — is how look-alike names are made. */
function mixesScripts(word: string): boolean {
  const seen = new Set<string>();
  for (const ch of word) {
    const script = scriptOf(ch);
    if (script) seen.add(script);
  }
  if (seen.size <= 1) return false;
  return !WRITTEN_TOGETHER.some((group) => [...seen].every((s) => group.includes(s)));
}

/** The name as it is stored and shown: NFKC, trimmed, runs of spaces folded to one. */
export function normalizeName(raw: string): string {
  return raw.normalize("NFKC").trim().replace(/\s+/gu, " ");
}

/** Why a (normalised) name is refused, or null if it is fine. */
export function nameProblem(name: string, min: number, max: number): string | null {
  if (name.length < min) return "must not be empty";
  if (name.length > max) return `must be at most ${max} characters`;
  if (UNPRINTABLE.test(name)) return "must not contain control characters";
  if (INVISIBLE.test(name) || (name.includes("\u200D") && !/\p{Extended_Pictographic}/u.test(name))) {
    return "must not contain invisible or unassigned characters";
  }
  if (!LETTER_OR_DIGIT.test(name)) return "must contain a letter or a digit";
  const mixed = name.split(" ").find(mixesScripts);
  if (mixed) return `mixes alphabets within "${mixed}" (a look-alike name); write each word in one alphabet`;
  return null;
}

/** Hosts' names (sign-up) may be longer than attendees' (NAME_MAX_LENGTH). */
export const HOST_NAME_MAX_LENGTH = 80;
