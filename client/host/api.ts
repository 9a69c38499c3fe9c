/**
 * The host view's calls to the event API: JSON with the session cookie, every answer
 * checked by a schema, and a refusal carrying the server's message and, for a guest
 * CSV, every bad row (`problems`).
 */
import { z } from "zod";
import { locale } from "../i18n/index.ts";
import { publicEventSchema } from "../ui/eventApi.ts";

export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: { line: number; field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

const refusalBody = z.object({
  error: z.string(),
  problems: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })).optional(),
});

export async function call<S extends z.ZodType>(path: string, schema: S, init: { method?: string; json?: unknown } = {}): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    credentials: "same-origin",
    // The server writes mails (invitations) in the language of the page that asked.
    headers: { "Accept-Language": locale, ...(init.json !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const r = refusalBody.safeParse(body);
    throw new ApiRefusal(res.status, r.success ? r.data.error : `${res.status} ${res.statusText}`, r.success ? (r.data.problems ?? []) : []);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${path}: unexpected answer (${parsed.error.issues[0]?.path.join(".") || "body"}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

export const hostEventSchema = publicEventSchema.extend({
  capacity: z.number().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type HostEvent = z.infer<typeof hostEventSchema>;

export const venuesAnswer = z.object({ venues: z.array(z.object({ slug: z.string(), name: z.string() })) });
export const eventsAnswer = z.object({ events: z.array(hostEventSchema) });
export const eventAnswer = z.object({ event: hostEventSchema });

export const guestSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.string(),
  used: z.boolean(),
  usedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Guest = z.infer<typeof guestSchema>;
export const guestsAnswer = z.object({ guests: z.array(guestSchema) });
export const addedGuestsAnswer = z.object({
  guests: z.array(guestSchema.extend({ link: z.string() })),
  emailed: z.number(),
  emailErrors: z.array(z.string()),
  mail: z.boolean(),
});
export type AddedGuests = z.infer<typeof addedGuestsAnswer>;
export const linkAnswer = z.object({ link: z.string() });

export const attendanceAnswer = z.object({
  attendance: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      via: z.string(),
      floor: z.string(),
      joinedAt: z.string(),
      leftAt: z.string().nullable(),
      minutes: z.number(),
    }),
  ),
  people: z.number(),
});
export type Attendance = z.infer<typeof attendanceAnswer>;

export const feedbackAnswer = z.object({
  responses: z.number(),
  attendees: z.number(),
  responseRate: z.number().nullable(),
  average: z.number().nullable(),
  distribution: z.array(z.number()),
  newPeopleAverage: z.number().nullable(),
  comments: z.array(z.object({ rating: z.number(), comment: z.string(), at: z.string() })),
});
export type FeedbackSummary = z.infer<typeof feedbackAnswer>;

export const eventPath = (id: string) => `/api/events/${encodeURIComponent(id)}`;
export const okAnswer = z.object({ ok: z.boolean() });
