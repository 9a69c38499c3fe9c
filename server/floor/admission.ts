/**
 * Who may enter a floor, decided once per join in the room's onAuth: the person is the
 * one their identity token names (never the name the client sends), and the venue's
 * current event lets them in or says why not (shared/events/window.ts has the rules).
 * Talks to storage only through the injected deps, so it is tested on plain data.
 */
import { decideAccess, eventFor, type EventAccess, type EventRole, type EventWindow } from "../../shared/events/window.ts";
import type { PresentedToken } from "../identity.ts";

export interface AdmittedPerson {
  id: string;
  displayName: string;
  avatar: string;
  accountId: string | null;
  /** Interest tags from their profile (shown on the who's-here state). */
  interests?: string[];
}

export interface AdmissionEvent extends EventWindow {
  id: string;
  access: EventAccess;
  capacity: number | null;
  passwordHash: string | null;
}

export interface AdmissionDeps {
  now(): number;
  personByToken(token: string): Promise<AdmittedPerson | null>;
  /** A new guest identity made by the server (a program joined without one). */
  newGuest(profile: { displayName: string; avatar: string }): Promise<{ person: AdmittedPerson; token: string }>;
  /** The person changed the name or avatar they show (their own choice, on their identity). */
  updateProfile(personId: string, profile: { displayName: string; avatar: string }): Promise<void>;
  eventsOf(venue: string): Promise<AdmissionEvent[]>;
  /** The account that owns the venue, if any. */
  venueOwner(venue: string): Promise<string | null>;
  invitationFor(eventId: string, personId: string): Promise<{ id: string; role: EventRole } | null>;
  roleAt(eventId: string, personId: string): Promise<EventRole | null>;
  /** People at the event right now, on every floor. */
  present(eventId: string): Promise<number>;
  verifyPassword(hash: string, password: string): Promise<boolean>;
  /** Is this identity banned from the venue, or from this event of it (moderation, issue #12)? */
  banned?(venue: string, eventId: string | null, personId: string): Promise<boolean>;
}

export interface JoinRequest {
  venue: string;
  token: PresentedToken;
  name: string;
  avatar: string;
  password?: string | undefined;
}

export interface Admission {
  person: AdmittedPerson;
  role: EventRole;
  eventId: string | null;
  invitationId: string | null;
  /** Set when the server made the identity: the client keeps it to come back as the same person. */
  issuedToken: string | null;
}

/** A join refused; the message is what the person is told. */
export class AdmissionRefused extends Error {
  override name = "AdmissionRefused";
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export async function admit(deps: AdmissionDeps, req: JoinRequest): Promise<Admission> {
  if (req.token.kind === "malformed") throw new AdmissionRefused("identity", "identity: your Foyer identity is not valid; reload the page to join again");
  let person: AdmittedPerson | null = null;
  if (req.token.kind === "token") {
    person = await deps.personByToken(req.token.token);
    if (!person) throw new AdmissionRefused("identity", "identity: your Foyer identity has expired or was not issued here; reload the page to join again");
  }
  const now = deps.now();
  const event = eventFor(await deps.eventsOf(req.venue), now);
  const owner = await deps.venueOwner(req.venue);
  if (person && (await deps.banned?.(req.venue, event?.id ?? null, person.id)))
    throw new AdmissionRefused("banned", "access: a host banned you from this event, so you cannot rejoin");

  const decide = async (who: AdmittedPerson | null) => {
    if (!event) return null;
    const [invitation, role, present] = who
      ? await Promise.all([deps.invitationFor(event.id, who.id), deps.roleAt(event.id, who.id), deps.present(event.id)])
      : [null, null, await deps.present(event.id)];
    const passwordOk = req.password === undefined || event.passwordHash === null ? null : await deps.verifyPassword(event.passwordHash, req.password);
    const decision = decideAccess({
      event: { ...event, hasPassword: event.passwordHash !== null },
      now,
      present,
      isVenueHost: owner !== null && who?.accountId === owner,
      invitation,
      role,
      passwordOk,
    });
    if (!decision.ok) throw new AdmissionRefused(decision.reason, `access: ${decision.message}`);
    return decision;
  };

  let issuedToken: string | null = null;
  let decision;
  if (!person) {
    // No identity yet (a program, or a page from before identities): if the event would let
    // a stranger in, the server makes a guest identity on the spot; nothing is stored otherwise.
    decision = await decide(null);
    const made = await deps.newGuest({ displayName: req.name, avatar: req.avatar });
    person = made.person;
    issuedToken = made.token;
  } else {
    decision = await decide(person);
    if (person.displayName !== req.name || person.avatar !== req.avatar) {
      await deps.updateProfile(person.id, { displayName: req.name, avatar: req.avatar });
      person = { ...person, displayName: req.name, avatar: req.avatar };
    }
  }
  if (!decision) {
    const isVenueHost = owner !== null && person.accountId === owner;
    return { person, role: isVenueHost ? "host" : "attendee", eventId: null, invitationId: null, issuedToken };
  }
  return { person, role: decision.role, eventId: event?.id ?? null, invitationId: decision.invitationId, issuedToken };
}
