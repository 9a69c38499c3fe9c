/**
 * Interests and intents on a person's profile (issue #13): interest tags (the event's own
 * tags, which its host defines, plus free ones), what they are looking for and offering,
 * and their affiliation. One schema for editing it in the venue (`editProfile`) and one
 * for an event's tags, shared by server and client; plus the pure rule for "shares an
 * interest with you" that the who's-here filter and the map marker both use.
 */
import { z } from "zod";

export const PROFILE_LIMITS = {
  /** Characters in one interest tag, and tags per person. */
  tag: 40,
  interests: 20,
  /** Characters in one "looking for" / "offering" entry, and entries in each list. */
  intent: 60,
  intents: 5,
  affiliation: 80,
  headline: 120,
  /** Tags a host defines for one event. */
  eventTags: 40,
} as const;

/** A tag as compared: NFC, trimmed, inner spaces collapsed, lower case ("Open  Source" = "open source"). */
export function normalTag(tag: string): string {
  return tag.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase();
}

/** The same tags in the given order, each once (compared as normalTag does), trimmed. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.normalize("NFC").trim().replace(/\s+/g, " ");
    const key = normalTag(tag);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** The tags of `theirs` that are also in `mine` (as they wrote them). */
export function sharedTags(mine: readonly string[], theirs: readonly string[]): string[] {
  const own = new Set(mine.map(normalTag));
  return theirs.filter((t) => own.has(normalTag(t)));
}

/** Does any of `tags` match what someone typed in a search box (a part of a tag, any case)? */
export function tagMatches(tags: readonly string[], query: string): boolean {
  const q = normalTag(query);
  return q !== "" && tags.some((t) => normalTag(t).includes(q));
}

const text = (max: number, what: string) =>
  z.string({ error: "must be text" }).trim().max(max, `${what} must be at most ${max} characters`);

const tagList = (max: number, count: number, what: string) =>
  z
    .array(text(max, `each ${what}`).min(1, `an ${what} must not be empty`), { error: `must be a list of ${what}s` })
    .max(count, `has more than ${count} ${what}s`)
    .transform(uniqueTags);

export const interestsSchema = tagList(PROFILE_LIMITS.tag, PROFILE_LIMITS.interests, "interest");
const intentsSchema = (what: string) =>
  z
    .array(text(PROFILE_LIMITS.intent, `each entry`).min(1, "an entry must not be empty"), { error: `must be a list of what you are ${what}` })
    .max(PROFILE_LIMITS.intents, `has more than ${PROFILE_LIMITS.intents} entries`)
    .transform(uniqueTags);

/** The profile fields a person edits in the venue; every field replaces what was saved. */
export const profileEditSchema = z
  .object({
    headline: text(PROFILE_LIMITS.headline, "the headline").nullable().optional(),
    interests: interestsSchema,
    lookingFor: intentsSchema("looking for"),
    offering: intentsSchema("offering"),
    /** Organisation, company, school or team; empty = none. */
    affiliation: text(PROFILE_LIMITS.affiliation, "the affiliation").nullable(),
  })
  .strict();
export type ProfileEdit = z.infer<typeof profileEditSchema>;

/** An event's own interest tags, as its host lists them. */
export const eventTagsSchema = tagList(PROFILE_LIMITS.tag, PROFILE_LIMITS.eventTags, "tag");

/** What a person's interests and intents are, as saved and shown on their card. */
export interface InterestsView {
  interests: string[];
  lookingFor: string[];
  offering: string[];
  affiliation: string | null;
}

export const profileClientMessages = {
  /** Save my interests, intents, affiliation (and headline); answered with `profileSaved`. */
  editProfile: profileEditSchema,
} as const;

export interface ProfileServerMessages {
  /** Your profile edit was saved: what is saved now. */
  profileSaved: InterestsView & { headline: string | null };
}
