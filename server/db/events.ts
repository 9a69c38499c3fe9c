// Queries on people (identities), events, their agenda and guest lists, roles,
// attendance and feedback. Trusts its arguments: server/http/api validates input and
// checks who may do what; these functions only read and write.
import type { Database } from "./database.ts";
import { Prisma } from "./generated/client.ts";
import type { EventAccess, EventRole } from "../../shared/events/window.ts";

// ---------------------------------------------------------------- people

export interface PersonRecord {
  id: string;
  displayName: string;
  avatar: string;
  headline: string | null;
  pronouns: string | null;
  interests: string[];
  lookingFor: string[];
  offering: string[];
  affiliation: string | null;
  accountId: string | null;
}

const personSelect = {
  id: true,
  displayName: true,
  avatar: true,
  headline: true,
  pronouns: true,
  interests: true,
  lookingFor: true,
  offering: true,
  affiliation: true,
  accountId: true,
} as const;

/** A JSON column that holds a list of strings (anything else in it is dropped). */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((i): i is string => typeof i === "string") : [];
}

function toPerson(row: { interests: unknown; lookingFor: unknown; offering: unknown } & Omit<PersonRecord, "interests" | "lookingFor" | "offering">): PersonRecord {
  return { ...row, interests: stringList(row.interests), lookingFor: stringList(row.lookingFor), offering: stringList(row.offering) };
}

export interface ProfileInput {
  displayName: string;
  avatar: string;
  headline?: string | null | undefined;
  pronouns?: string | null | undefined;
  interests?: string[] | undefined;
  lookingFor?: string[] | undefined;
  offering?: string[] | undefined;
  affiliation?: string | null | undefined;
}

export async function createPerson(
  db: Database,
  input: ProfileInput & { tokenHash: string; tokenExpiresAt: Date; accountId?: string | null },
): Promise<PersonRecord> {
  const row = await db.prisma.person.create({
    data: {
      tokenHash: input.tokenHash,
      tokenExpiresAt: input.tokenExpiresAt,
      displayName: input.displayName,
      avatar: input.avatar,
      headline: input.headline ?? null,
      pronouns: input.pronouns ?? null,
      interests: input.interests ?? [],
      accountId: input.accountId ?? null,
    },
    select: personSelect,
  });
  return toPerson(row);
}

/** The person whose token this is, if it has not expired. */
export async function findPersonByToken(db: Database, tokenHash: string, now = new Date()): Promise<PersonRecord | null> {
  const row = await db.prisma.person.findUnique({ where: { tokenHash }, select: { ...personSelect, tokenExpiresAt: true } });
  if (!row || row.tokenExpiresAt <= now) return null;
  const { tokenExpiresAt: _expires, ...person } = row;
  return toPerson(person);
}

export async function findPerson(db: Database, id: string): Promise<PersonRecord | null> {
  const row = await db.prisma.person.findUnique({ where: { id }, select: personSelect });
  return row ? toPerson(row) : null;
}

export async function findPersonByAccount(db: Database, accountId: string): Promise<PersonRecord | null> {
  const row = await db.prisma.person.findUnique({ where: { accountId }, select: personSelect });
  return row ? toPerson(row) : null;
}

export async function updatePerson(
  db: Database,
  id: string,
  input: Partial<ProfileInput> & { accountId?: string; tokenExpiresAt?: Date; tokenHash?: string },
): Promise<PersonRecord> {
  const data: Prisma.PersonUpdateInput = { lastSeenAt: new Date() };
  if (input.displayName !== undefined) data.displayName = input.displayName;
  if (input.avatar !== undefined) data.avatar = input.avatar;
  if (input.headline !== undefined) data.headline = input.headline;
  if (input.pronouns !== undefined) data.pronouns = input.pronouns;
  if (input.interests !== undefined) data.interests = input.interests;
  if (input.lookingFor !== undefined) data.lookingFor = input.lookingFor;
  if (input.offering !== undefined) data.offering = input.offering;
  if (input.affiliation !== undefined) data.affiliation = input.affiliation;
  if (input.tokenExpiresAt !== undefined) data.tokenExpiresAt = input.tokenExpiresAt;
  if (input.tokenHash !== undefined) data.tokenHash = input.tokenHash;
  if (input.accountId !== undefined) data.account = { connect: { id: input.accountId } };
  const row = await db.prisma.person.update({ where: { id }, data, select: personSelect });
  return toPerson(row);
}

// ---------------------------------------------------------------- events

export interface AgendaRecord {
  startsAt: Date;
  endsAt: Date | null;
  title: string;
  place: string;
}

export interface EventRecord {
  id: string;
  venueId: string;
  title: string;
  description: string;
  welcome: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  access: EventAccess;
  capacity: number | null;
  passwordHash: string | null;
  openedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  agenda: AgendaRecord[];
  /** Interest tags the host defined for the event. */
  tags: string[];
}

const eventSelect = {
  id: true,
  venueId: true,
  title: true,
  description: true,
  welcome: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  access: true,
  capacity: true,
  passwordHash: true,
  openedAt: true,
  closedAt: true,
  createdAt: true,
  tags: true,
  agenda: { select: { startsAt: true, endsAt: true, title: true, place: true }, orderBy: { position: "asc" } },
} as const;

function toEvent(row: Omit<EventRecord, "access" | "tags"> & { access: string; tags: unknown }): EventRecord {
  return { ...row, access: row.access === "invite" ? "invite" : "open", tags: stringList(row.tags) };
}

export interface EventInput {
  title: string;
  description: string;
  welcome: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  access: EventAccess;
  capacity: number | null;
  passwordHash: string | null;
  agenda: AgendaRecord[];
  tags: string[];
}

export async function createEvent(db: Database, venueId: string, input: EventInput): Promise<EventRecord> {
  const { agenda, ...fields } = input;
  const row = await db.prisma.event.create({
    data: { ...fields, venueId, agenda: { create: agenda.map((a, position) => ({ ...a, position })) } },
    select: eventSelect,
  });
  return toEvent(row);
}

export async function findEvent(db: Database, id: string): Promise<EventRecord | null> {
  const row = await db.prisma.event.findUnique({ where: { id }, select: eventSelect });
  return row ? toEvent(row) : null;
}

export async function listVenueEvents(db: Database, venueId: string): Promise<EventRecord[]> {
  const rows = await db.prisma.event.findMany({ where: { venueId }, select: eventSelect, orderBy: { startsAt: "asc" } });
  return rows.map(toEvent);
}

export async function listVenueEventsBySlug(db: Database, venueSlug: string): Promise<EventRecord[]> {
  const rows = await db.prisma.event.findMany({ where: { venue: { slug: venueSlug } }, select: eventSelect, orderBy: { startsAt: "asc" } });
  return rows.map(toEvent);
}

/** Changes an event; `agenda`, when given, replaces the whole agenda. One transaction. */
export async function updateEvent(
  db: Database,
  id: string,
  input: Partial<EventInput> & { openedAt?: Date; closedAt?: Date | null },
): Promise<EventRecord> {
  const { agenda, ...fields } = input;
  const row = await db.prisma.$transaction(async (tx) => {
    if (agenda) {
      await tx.agendaItem.deleteMany({ where: { eventId: id } });
      await tx.agendaItem.createMany({ data: agenda.map((a, position) => ({ ...a, position, eventId: id })) });
    }
    return tx.event.update({ where: { id }, data: fields, select: eventSelect });
  });
  return toEvent(row);
}

// ---------------------------------------------------------------- guest lists

export interface InvitationRecord {
  id: string;
  eventId: string;
  name: string;
  email: string | null;
  role: EventRole;
  personId: string | null;
  createdAt: Date;
  usedAt: Date | null;
}

const invitationSelect = {
  id: true,
  eventId: true,
  name: true,
  email: true,
  role: true,
  personId: true,
  createdAt: true,
  usedAt: true,
} as const;

function toRole(role: string): EventRole {
  return role === "host" || role === "moderator" || role === "speaker" ? role : "attendee";
}

function toInvitation(row: Omit<InvitationRecord, "role"> & { role: string }): InvitationRecord {
  return { ...row, role: toRole(row.role) };
}

export class DuplicateGuestError extends Error {
  override name = "DuplicateGuestError";
  constructor(readonly email: string) {
    super(`${email} is already on the guest list`);
  }
}

/** Adds guests (all or none: one transaction). A duplicate email throws DuplicateGuestError. */
export async function addInvitations(
  db: Database,
  eventId: string,
  guests: { name: string; email: string | null; role: EventRole; tokenHash: string }[],
): Promise<InvitationRecord[]> {
  try {
    const rows = await db.prisma.$transaction(
      guests.map((g) => db.prisma.invitation.create({ data: { ...g, eventId }, select: invitationSelect })),
    );
    return rows.map(toInvitation);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const taken = await db.prisma.invitation.findFirst({
        where: { eventId, email: { in: guests.flatMap((g) => (g.email ? [g.email] : [])) } },
        select: { email: true },
      });
      throw new DuplicateGuestError(taken?.email ?? "an address");
    }
    throw err;
  }
}

export async function listInvitations(db: Database, eventId: string): Promise<InvitationRecord[]> {
  const rows = await db.prisma.invitation.findMany({ where: { eventId }, select: invitationSelect, orderBy: { createdAt: "asc" } });
  return rows.map(toInvitation);
}

export async function findInvitationByToken(db: Database, tokenHash: string): Promise<InvitationRecord | null> {
  const row = await db.prisma.invitation.findUnique({ where: { tokenHash }, select: invitationSelect });
  return row ? toInvitation(row) : null;
}

/** Binds an unused invitation to a person (the first to open the link); false if someone else has it. */
export async function bindInvitation(db: Database, id: string, personId: string): Promise<boolean> {
  const { count } = await db.prisma.invitation.updateMany({
    where: { id, OR: [{ personId: null }, { personId }] },
    data: { personId, usedAt: new Date() },
  });
  return count > 0;
}

export async function invitationFor(db: Database, eventId: string, personId: string): Promise<InvitationRecord | null> {
  const row = await db.prisma.invitation.findFirst({ where: { eventId, personId }, select: invitationSelect });
  return row ? toInvitation(row) : null;
}

export async function removeInvitation(db: Database, eventId: string, id: string): Promise<boolean> {
  const { count } = await db.prisma.invitation.deleteMany({ where: { eventId, id } });
  return count > 0;
}

/** A new personal link for an invitation (the old one stops working). */
export async function renewInvitationToken(db: Database, eventId: string, id: string, tokenHash: string): Promise<boolean> {
  const { count } = await db.prisma.invitation.updateMany({ where: { eventId, id }, data: { tokenHash } });
  return count > 0;
}

// ---------------------------------------------------------------- roles

export async function roleAt(db: Database, eventId: string, personId: string): Promise<EventRole | null> {
  const row = await db.prisma.eventRole.findUnique({ where: { eventId_personId: { eventId, personId } }, select: { role: true } });
  return row ? toRole(row.role) : null;
}

export async function setRole(db: Database, eventId: string, personId: string, role: EventRole): Promise<void> {
  if (role === "attendee") {
    await db.prisma.eventRole.deleteMany({ where: { eventId, personId } });
    return;
  }
  await db.prisma.eventRole.upsert({
    where: { eventId_personId: { eventId, personId } },
    create: { eventId, personId, role },
    update: { role },
  });
}

// ---------------------------------------------------------------- attendance

export async function startAttendance(
  db: Database,
  input: { eventId: string; personId: string; invitationId: string | null; floor: string },
): Promise<string> {
  const row = await db.prisma.attendance.create({ data: input, select: { id: true } });
  return row.id;
}

export async function endAttendance(db: Database, id: string, at = new Date()): Promise<void> {
  await db.prisma.attendance.updateMany({ where: { id, leftAt: null }, data: { leftAt: at } });
}

export interface AttendanceRecord {
  personId: string;
  name: string;
  invitationId: string | null;
  invitationName: string | null;
  floor: string;
  joinedAt: Date;
  leftAt: Date | null;
}

export async function listAttendance(db: Database, eventId: string): Promise<AttendanceRecord[]> {
  const rows = await db.prisma.attendance.findMany({
    where: { eventId },
    orderBy: { joinedAt: "asc" },
    select: {
      personId: true,
      invitationId: true,
      floor: true,
      joinedAt: true,
      leftAt: true,
      person: { select: { displayName: true } },
    },
  });
  const invitations = new Map((await listInvitations(db, eventId)).map((i) => [i.id, i.name]));
  return rows.map((r) => ({
    personId: r.personId,
    name: r.person.displayName,
    invitationId: r.invitationId,
    invitationName: r.invitationId ? (invitations.get(r.invitationId) ?? null) : null,
    floor: r.floor,
    joinedAt: r.joinedAt,
    leftAt: r.leftAt,
  }));
}

/** Has this person been at the event (so their feedback counts)? */
export async function attended(db: Database, eventId: string, personId: string): Promise<boolean> {
  return (await db.prisma.attendance.count({ where: { eventId, personId } })) > 0;
}

// ---------------------------------------------------------------- feedback

export class FeedbackExistsError extends Error {
  override name = "FeedbackExistsError";
  constructor() {
    super("you have already rated this event");
  }
}

export async function addFeedback(
  db: Database,
  input: { eventId: string; personId: string; rating: number; comment: string; newPeople: number | null },
): Promise<void> {
  try {
    await db.prisma.feedback.create({ data: input });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw new FeedbackExistsError();
    throw err;
  }
}

export async function hasFeedback(db: Database, eventId: string, personId: string): Promise<boolean> {
  return (await db.prisma.feedback.count({ where: { eventId, personId } })) > 0;
}

export interface FeedbackRecord {
  rating: number;
  comment: string;
  newPeople: number | null;
  createdAt: Date;
}

export async function listFeedback(db: Database, eventId: string): Promise<FeedbackRecord[]> {
  return db.prisma.feedback.findMany({
    where: { eventId },
    orderBy: { createdAt: "asc" },
    select: { rating: true, comment: true, newPeople: true, createdAt: true },
  });
}

/** How many different people attended (the feedback response rate's denominator). */
export async function attendeeCount(db: Database, eventId: string): Promise<number> {
  const rows = await db.prisma.attendance.findMany({ where: { eventId }, distinct: ["personId"], select: { personId: true } });
  return rows.length;
}
