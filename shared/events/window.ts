/**
 * When an event is on and who may come in: pure rules over plain data, used by the server
 * (the room's onAuth and every event route enforce them) and the page (the waiting and
 * closed screens say the same). Times are epoch milliseconds; no clock is read here.
 */

export const EVENT_ROLES = ["host", "moderator", "speaker", "attendee"] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

export const EVENT_ACCESS = ["open", "invite"] as const;
export type EventAccess = (typeof EVENT_ACCESS)[number];

export interface EventWindow {
  startsAt: number;
  endsAt: number;
  /** A host opened the doors early (null: they open at startsAt). */
  openedAt: number | null;
  /** A host ended it early (null: it ends at endsAt). */
  closedAt: number | null;
}

export type EventPhase = "upcoming" | "open" | "ended";

export function opensAt(e: EventWindow): number {
  return e.openedAt !== null ? Math.min(e.openedAt, e.startsAt) : e.startsAt;
}

export function endsAt(e: EventWindow): number {
  return e.closedAt !== null ? Math.min(e.closedAt, e.endsAt) : e.endsAt;
}

export function eventPhase(e: EventWindow, now: number): EventPhase {
  if (now < opensAt(e)) return "upcoming";
  if (now >= endsAt(e)) return "ended";
  return "open";
}

/**
 * Of a venue's events, the one a visitor meets now: the open one (the earliest, if
 * several overlap), else the next to open, else the one that ended last. Null if the
 * venue has no events (then it is simply open, as a venue without a programme).
 */
export function eventFor<E extends EventWindow>(events: readonly E[], now: number): E | null {
  let open: E | null = null;
  let next: E | null = null;
  let last: E | null = null;
  for (const e of events) {
    const phase = eventPhase(e, now);
    if (phase === "open" && (!open || opensAt(e) < opensAt(open))) open = e;
    else if (phase === "upcoming" && (!next || opensAt(e) < opensAt(next))) next = e;
    else if (phase === "ended" && (!last || endsAt(e) > endsAt(last))) last = e;
  }
  return open ?? next ?? last;
}

export interface AccessRequest {
  event: EventWindow & { access: EventAccess; capacity: number | null; hasPassword: boolean };
  now: number;
  /** People at the event right now (all floors), not counting this one. */
  present: number;
  /** Owns the venue: always let in, also before the doors open, to set things up. */
  isVenueHost: boolean;
  /** This person's invitation to the event, if they have one. */
  invitation: { id: string; role: EventRole } | null;
  /** A role a host gave this person at the event. */
  role: EventRole | null;
  /** Whether the event password was given correctly (null: none given). */
  passwordOk: boolean | null;
}

export type AccessDecision =
  | { ok: true; role: EventRole; invitationId: string | null }
  | { ok: false; reason: "not_started" | "ended" | "not_invited" | "full" | "password"; message: string };

export function decideAccess(r: AccessRequest): AccessDecision {
  if (r.isVenueHost) return { ok: true, role: "host", invitationId: r.invitation?.id ?? null };
  const phase = eventPhase(r.event, r.now);
  if (phase === "upcoming") return { ok: false, reason: "not_started", message: "the event has not started yet; the doors open at its start time" };
  if (phase === "ended") return { ok: false, reason: "ended", message: "the event has ended" };
  const role = r.role ?? r.invitation?.role ?? "attendee";
  if (r.event.access === "invite" && !r.invitation && r.role === null) {
    return { ok: false, reason: "not_invited", message: "this event is invite-only; open the personal link from your invitation" };
  }
  if (r.event.hasPassword && r.passwordOk !== true && !r.invitation && r.role === null) {
    return { ok: false, reason: "password", message: r.passwordOk === false ? "the event password is wrong" : "this event needs its password" };
  }
  const privileged = role !== "attendee";
  if (r.event.capacity !== null && r.present >= r.event.capacity && !privileged) {
    return { ok: false, reason: "full", message: `the event is full (${r.event.capacity} people); try again in a while` };
  }
  return { ok: true, role, invitationId: r.invitation?.id ?? null };
}
