/**
 * Which passwords hosts may choose: long enough, and not guessable — checked with
 * zxcvbn-ts (its common-password, name and keyboard-pattern dictionaries), not a list of
 * our own. Says what is wrong in a sentence the sign-up form shows under the field.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;
/** zxcvbn's "safely unguessable" (about 10^8 guesses or more); 0–2 are refused. */
const MIN_SCORE = 3;
/** Only this much is scored (zxcvbn's time grows with length; the rest only adds strength). */
const SCORED_LENGTH = 100;

let checker: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  return (checker ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs }));
}

const WHY: Record<string, string> = {
  topTen: "is one of the ten most used passwords",
  topHundred: "is one of the hundred most used passwords",
  common: "is a very common password",
  similarToCommon: "is too close to a very common password",
  simpleRepeat: "repeats the same characters",
  extendedRepeat: "repeats the same characters",
  sequences: "is a sequence like abc or 123",
  straightRow: "is a row of keys on the keyboard",
  keyPattern: "is a pattern on the keyboard",
  userInputs: "contains your email address or name",
  recentYears: "is a recent year",
  dates: "is a date",
  namesByThemselves: "is a name",
  wordByItself: "is a single word",
};

/** Why `password` is refused for this person, or null. */
export function passwordProblem(password: string, personal: string[]): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim().length < MIN_PASSWORD_LENGTH) return `must have at least ${MIN_PASSWORD_LENGTH} characters besides spaces`;
  const result = zxcvbn().check(password.slice(0, SCORED_LENGTH), personal.filter((p) => p.length > 0));
  if (result.score >= MIN_SCORE) return null;
  const warning = result.feedback.warning;
  const why = (warning && WHY[warning]) ?? "is too easy to guess";
  return `${why}; try a few unrelated words`;
}
