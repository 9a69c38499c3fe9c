/**
 * The venue page's calls about events and people: the venue's current event, making
 * this browser's identity (the join form), accepting an invitation, and feedback. Every
 * answer is checked against a schema before the page reads it.
 */
import { z } from "zod";
import type { FeedbackInput, Profile, PublicEvent } from "../../shared/protocol/events.ts";
import { api, ignored } from "../editor/api.ts";

const agendaItem = z.object({ startsAt: z.string(), endsAt: z.string().nullable(), title: z.string(), place: z.string() });

export const publicEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  welcome: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  access: z.enum(["open", "invite"]),
  hasPassword: z.boolean(),
  phase: z.enum(["upcoming", "open", "ended"]),
  agenda: z.array(agendaItem),
  // An older server sends no tags.
  tags: z.array(z.string()).default([]),
}) satisfies z.ZodType<PublicEvent>;

export type AgendaItem = z.infer<typeof agendaItem>;

export async function fetchVenueEvent(venue: string): Promise<PublicEvent | null> {
  const { event } = await api(`/api/venues/${encodeURIComponent(venue)}/event`, z.object({ event: publicEventSchema.nullable() }));
  return event;
}

/** Creates (or updates) this browser's identity; the server sets the HttpOnly cookie. */
export async function saveIdentity(profile: Pick<Profile, "name"> & { avatar: string }): Promise<void> {
  await api("/api/people", ignored, { method: "POST", json: profile });
}

export async function acceptInvitation(token: string): Promise<{ event: PublicEvent; role: string; name: string }> {
  return api("/api/invitations/accept", z.object({ event: publicEventSchema, role: z.string(), name: z.string() }), {
    method: "POST",
    json: { token },
  });
}

/** Whether this browser's person came to the event and has rated it (none: no identity). */
export async function myFeedback(eventId: string): Promise<{ given: boolean; attended: boolean }> {
  try {
    return await api(`/api/events/${encodeURIComponent(eventId)}/feedback/mine`, z.object({ given: z.boolean(), attended: z.boolean() }));
  } catch {
    return { given: false, attended: false };
  }
}

export async function sendFeedback(eventId: string, feedback: FeedbackInput): Promise<void> {
  await api(`/api/events/${encodeURIComponent(eventId)}/feedback`, ignored, { method: "POST", json: feedback });
}
