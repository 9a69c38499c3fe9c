/**
 * The event API's request bodies, one zod schema each, shared by the server (validates)
 * and the host view (types what it sends): events with agenda, guest lists, people's
 * profiles and feedback. Times travel as ISO 8601 strings with an offset; a time zone
 * is an IANA name the runtime knows.
 */
import { z } from "zod";
import { AVATARS } from "../constants.ts";
import { EVENT_ACCESS, EVENT_ROLES } from "../events/window.ts";
import { displayNameSchema } from "./messages.ts";
import { eventTagsSchema, interestsSchema } from "./profile.ts";

const text = (max: number) => z.string({ error: "must be text" }).trim().max(max, `must be at most ${max} characters`);
const instant = z.iso.datetime({ offset: true, error: "must be a date and time like 2026-12-24T18:00:00+01:00" });

export const timeZoneSchema = z.string({ error: "must be text" }).refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a time zone like Europe/Berlin" },
);

export const agendaItemSchema = z
  .object({
    startsAt: instant,
    endsAt: instant.optional(),
    title: text(120).min(1, "must not be empty"),
    /** Where: a floor, a stage or a table (free text the host writes, e.g. "Stage hall"). */
    place: text(120).optional(),
  })
  .strict();

const eventFields = {
  title: text(120).min(1, "must not be empty"),
  description: text(4000).optional(),
  welcome: text(1000).optional(),
  startsAt: instant,
  endsAt: instant,
  timeZone: timeZoneSchema,
  access: z.enum(EVENT_ACCESS, { error: 'must be "open" or "invite"' }),
  capacity: z.number({ error: "must be a number" }).int("must be a whole number").min(1).max(100_000).nullable().optional(),
  /** Optional event password; null removes it. */
  password: z.string({ error: "must be text" }).min(4, "must be at least 4 characters").max(200).nullable().optional(),
  agenda: z.array(agendaItemSchema).max(100, "has more than 100 items").optional(),
  /** The event's interest tags, offered to everyone editing their profile (plus their own). */
  tags: eventTagsSchema.optional(),
};

function windowOk(e: { startsAt?: string | undefined; endsAt?: string | undefined }): boolean {
  return !e.startsAt || !e.endsAt || Date.parse(e.endsAt) > Date.parse(e.startsAt);
}

export const createEventSchema = z
  .object(eventFields)
  .strict()
  .refine(windowOk, { path: ["endsAt"], message: "must be after startsAt" });

/** Every field optional; `open: true` opens the doors now, `end: true` ends it now. */
export const updateEventSchema = z
  .object({
    title: eventFields.title.optional(),
    description: eventFields.description,
    welcome: eventFields.welcome,
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    timeZone: timeZoneSchema.optional(),
    access: eventFields.access.optional(),
    capacity: eventFields.capacity,
    password: eventFields.password,
    agenda: eventFields.agenda,
    tags: eventFields.tags,
    open: z.literal(true, { error: "must be true" }).optional(),
    end: z.literal(true, { error: "must be true" }).optional(),
  })
  .strict()
  .refine(windowOk, { path: ["endsAt"], message: "must be after startsAt" });

export const guestSchema = z
  .object({
    name: text(80).min(1, "must not be empty"),
    email: z.email({ error: "is not a valid email address" }).max(254).optional(),
    role: z.enum(EVENT_ROLES, { error: `must be one of ${EVENT_ROLES.join(", ")}` }).optional(),
  })
  .strict();

export const addGuestsSchema = z
  .object({
    guests: z.array(guestSchema).min(1, "must list at least one guest").max(2000, "has more than 2000 guests").optional(),
    /** A CSV file's text: a header row with name, email (optional) and role (optional). */
    csv: z.string({ error: "must be text" }).max(1_000_000, "is larger than 1 MB").optional(),
    /** Send each new guest their link by email (when the server has FOYER_SMTP_URL). */
    sendEmail: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.guests === undefined) !== (b.csv === undefined), { path: ["guests"], message: "send either guests or csv" });

export const profileSchema = z
  .object({
    name: displayNameSchema,
    avatar: z.enum(AVATARS, { error: `must be one of ${AVATARS.join(", ")}` }),
    headline: text(120).optional(),
    pronouns: text(40).optional(),
    interests: interestsSchema.optional(),
  })
  .strict();

export const acceptInvitationSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "is not an invitation link's token") }).strict();

export const feedbackSchema = z
  .object({
    rating: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be 1 to 5").max(5, "must be 1 to 5"),
    comment: text(4000).optional(),
    newPeople: z.number({ error: "must be a number" }).int("must be a whole number").min(0).max(1000).optional(),
  })
  .strict();

export const setRoleSchema = z
  .object({ role: z.enum(EVENT_ROLES, { error: `must be one of ${EVENT_ROLES.join(", ")}` }) })
  .strict();

export type CreateEvent = z.infer<typeof createEventSchema>;
export type UpdateEvent = z.infer<typeof updateEventSchema>;
export type GuestInput = z.infer<typeof guestSchema>;
export type Profile = z.infer<typeof profileSchema>;
export type FeedbackInput = z.infer<typeof feedbackSchema>;

/** What the page learns about a venue's event before joining (public). */
export interface PublicEvent {
  id: string;
  title: string;
  description: string;
  welcome: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  access: "open" | "invite";
  hasPassword: boolean;
  phase: "upcoming" | "open" | "ended";
  agenda: { startsAt: string; endsAt: string | null; title: string; place: string }[];
  /** Interest tags the host defined for the event. */
  tags: string[];
}
