/**
 * Events (/api/venues/:venue/events, /api/events/:id…): hosts create and run them —
 * window, agenda, welcome, access, guest lists with personal links, roles, attendance,
 * feedback; attendees see the public side (what is on, accept an invitation, rate it).
 * Every host route checks that the signed-in host owns the event's venue; access to the
 * venue itself is enforced again where people enter (the room's onAuth).
 */
import { hash as argon2Hash } from "@node-rs/argon2";
import { parse as parseCsv } from "csv-parse/sync";
import express, { type Request, type Response } from "express";
import { z } from "zod";
import { eventFor, eventPhase } from "../../../shared/events/window.ts";
import {
  acceptInvitationSchema,
  addGuestsSchema,
  createEventSchema,
  feedbackSchema,
  guestSchema,
  setRoleSchema,
  updateEventSchema,
  type PublicEvent,
} from "../../../shared/protocol/events.ts";
import type { Database } from "../../db/database.ts";
import {
  addFeedback,
  addInvitations,
  attendeeCount,
  attended,
  bindInvitation,
  createEvent,
  DuplicateGuestError,
  FeedbackExistsError,
  findEvent,
  findInvitationByToken,
  findPerson,
  hasFeedback,
  listAttendance,
  listFeedback,
  listInvitations,
  listVenueEvents,
  removeInvitation,
  renewInvitationToken,
  setRole,
  updateEvent,
  type EventRecord,
  type InvitationRecord,
} from "../../db/events.ts";
import { findVenue, type OwnedVenue } from "../../db/hosts.ts";
import { hashToken, newToken } from "../../identity.ts";
import { hostOf, type Auth } from "./auth.ts";
import { ApiError, badRequest, chain, jsonBody, notFound, validate } from "./errors.ts";
import { mailLanguage, type Mailer } from "../../mail.ts";
import { requirePerson } from "./people.ts";
import { ownedVenue, venueOf } from "./venues.ts";

export interface EventRoutesOptions {
  db: Database;
  auth: Auth;
  mailer: Mailer | null;
  /** The URL people open (FOYER_PUBLIC_URL or the request's own origin). */
  publicUrl: string | undefined;
  /** Live rooms of the venue must re-read its events (opened, ended, changed). */
  onEventChanged: (venueSlug: string) => void | Promise<void>;
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

function windowOf(e: EventRecord) {
  return {
    startsAt: e.startsAt.getTime(),
    endsAt: e.endsAt.getTime(),
    openedAt: e.openedAt?.getTime() ?? null,
    closedAt: e.closedAt?.getTime() ?? null,
  };
}

export function publicEvent(e: EventRecord, now = Date.now()): PublicEvent {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    welcome: e.welcome,
    startsAt: e.startsAt.toISOString(),
    endsAt: (e.closedAt && e.closedAt < e.endsAt ? e.closedAt : e.endsAt).toISOString(),
    timeZone: e.timeZone,
    access: e.access,
    hasPassword: e.passwordHash !== null,
    phase: eventPhase(windowOf(e), now),
    agenda: e.agenda.map((a) => ({ startsAt: a.startsAt.toISOString(), endsAt: iso(a.endsAt), title: a.title, place: a.place })),
    tags: e.tags,
  };
}

function hostEvent(e: EventRecord) {
  return { ...publicEvent(e), capacity: e.capacity, openedAt: iso(e.openedAt), closedAt: iso(e.closedAt), createdAt: e.createdAt.toISOString() };
}

function linkFor(base: string, venueSlug: string, token: string): string {
  return `${base}/?venue=${encodeURIComponent(venueSlug)}&invite=${token}`;
}

function publicGuest(i: InvitationRecord) {
  return { id: i.id, name: i.name, email: i.email, role: i.role, used: i.personId !== null, usedAt: iso(i.usedAt), createdAt: i.createdAt.toISOString() };
}

/** A CSV cell that a spreadsheet would run as a formula gets a leading quote. */
function csvCell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function sendCsv(res: Response, filename: string, header: string[], rows: (string | number | null)[][]): void {
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
  res.type("text/csv; charset=utf-8").send([header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n");
}

const csvRow = z.object({
  name: z.string(),
  email: z.string().optional(),
  role: z.string().optional(),
});

/** Parses a guest list CSV: every bad row is reported with its line, nothing partial. */
function guestsFromCsv(text: string): { guests: z.infer<typeof guestSchema>[]; problems: { line: number; field: string; message: string }[] } {
  let records: { record: unknown; info: { lines: number } }[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    const line = typeof err === "object" && err !== null && "lines" in err && typeof err.lines === "number" ? err.lines : 1;
    throw new ApiError(400, "csv", `line ${line}: ${err instanceof Error ? err.message : "cannot be read as CSV"}`, {
      problems: [{ line, field: "csv", message: err instanceof Error ? err.message : "cannot be read as CSV" }],
    });
  }
  const guests: z.infer<typeof guestSchema>[] = [];
  const problems: { line: number; field: string; message: string }[] = [];
  if (records.length === 0) problems.push({ line: 1, field: "csv", message: "has no guests (a header row with name, email, role, then one row per guest)" });
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const row = csvRow.safeParse(record);
    if (!row.success) {
      problems.push({ line: info.lines, field: "name", message: "the header needs a name column" });
      break;
    }
    const candidate = {
      name: row.data.name,
      ...(row.data.email ? { email: row.data.email.toLowerCase() } : {}),
      ...(row.data.role ? { role: row.data.role.toLowerCase() } : {}),
    };
    const parsed = guestSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ line: info.lines, field: String(issue?.path[0] ?? "row"), message: issue?.message ?? "is invalid" });
      continue;
    }
    const email = parsed.data.email;
    if (email) {
      const first = seen.get(email);
      if (first !== undefined) {
        problems.push({ line: info.lines, field: "email", message: `${email} is already on line ${first}` });
        continue;
      }
      seen.set(email, info.lines);
    }
    guests.push(parsed.data);
  }
  return { guests, problems };
}

export function createEventRouter(opts: EventRoutesOptions): express.Router {
  const { db, auth } = opts;
  const router = express.Router();
  const json = jsonBody(2 * 1024 * 1024);
  const owner = chain(auth.requireHost, ownedVenue(db));

  /** The event in the URL, if the signed-in host owns its venue (404/403 otherwise). */
  async function ownedEvent(req: Request, res: Response): Promise<{ event: EventRecord; venue: OwnedVenue }> {
    const host = hostOf(res);
    const id = String(req.params.event ?? "");
    const event = /^[a-z0-9]{1,40}$/.test(id) ? await findEvent(db, id) : null;
    if (!event) throw notFound("event", `event "${id.slice(0, 40)}" does not exist`);
    const venue = await venueById(event.venueId);
    if (!venue || venue.ownerId !== host.id) throw new ApiError(403, "event", "you do not host this event");
    return { event, venue };
  }

  async function venueById(id: string): Promise<OwnedVenue | null> {
    const row = await db.prisma.venue.findUnique({ where: { id }, select: { id: true, slug: true, name: true, ownerId: true, createdAt: true } });
    return row;
  }

  function base(req: Request): string {
    return opts.publicUrl?.replace(/\/$/, "") ?? `${req.protocol}://${req.headers.host ?? "localhost"}`;
  }

  async function changed(venueSlug: string): Promise<void> {
    try {
      await opts.onEventChanged(venueSlug);
    } catch {
      // Rooms re-read events on their own timer too; a failed nudge is not an error for the host.
    }
  }

  // ---- hosts: events of a venue

  router.post("/venues/:venue/events", owner, json, async (req, res) => {
    const venue = venueOf(res);
    const body = validate(createEventSchema, req.body);
    const event = await createEvent(db, venue.id, {
      title: body.title,
      description: body.description ?? "",
      welcome: body.welcome ?? "",
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      timeZone: body.timeZone,
      access: body.access,
      capacity: body.capacity ?? null,
      passwordHash: body.password ? await argon2Hash(body.password) : null,
      agenda: (body.agenda ?? []).map((a) => ({ startsAt: new Date(a.startsAt), endsAt: a.endsAt ? new Date(a.endsAt) : null, title: a.title, place: a.place ?? "" })),
      tags: body.tags ?? [],
    });
    await changed(venue.slug);
    res.status(201).json({ event: hostEvent(event) });
  });

  router.get("/venues/:venue/events", owner, async (_req, res) => {
    const events = await listVenueEvents(db, venueOf(res).id);
    res.json({ events: events.map(hostEvent) });
  });

  /** Public: what a visitor of the venue meets now (null when the venue has no events). */
  router.get("/venues/:venue/event", async (req, res) => {
    const slug = String(req.params.venue ?? "");
    const venue = /^[a-z0-9-]{1,64}$/.test(slug) ? await findVenue(db, slug) : null;
    if (!venue) throw notFound("venue", `venue "${slug.slice(0, 64)}" does not exist`);
    const now = Date.now();
    const events = await listVenueEvents(db, venue.id);
    const current = eventFor(events.map((e) => ({ ...windowOf(e), e })), now);
    res.json({ event: current ? publicEvent(current.e, now) : null });
  });

  // ---- hosts: one event

  router.get("/events/:event", auth.requireHost, async (req, res) => {
    const { event } = await ownedEvent(req, res);
    res.json({ event: hostEvent(event) });
  });

  router.patch("/events/:event", auth.requireHost, json, async (req, res) => {
    const { event, venue } = await ownedEvent(req, res);
    const body = validate(updateEventSchema, req.body);
    const startsAt = body.startsAt ? new Date(body.startsAt) : event.startsAt;
    const endsAt = body.endsAt ? new Date(body.endsAt) : event.endsAt;
    if (endsAt <= startsAt) throw badRequest("endsAt", "must be after startsAt");
    const now = new Date();
    const update: Parameters<typeof updateEvent>[2] = { startsAt, endsAt };
    if (body.title !== undefined) update.title = body.title;
    if (body.description !== undefined) update.description = body.description;
    if (body.welcome !== undefined) update.welcome = body.welcome;
    if (body.timeZone !== undefined) update.timeZone = body.timeZone;
    if (body.access !== undefined) update.access = body.access;
    if (body.capacity !== undefined) update.capacity = body.capacity;
    if (body.tags !== undefined) update.tags = body.tags;
    if (body.password !== undefined) update.passwordHash = body.password === null ? null : await argon2Hash(body.password);
    if (body.agenda !== undefined)
      update.agenda = body.agenda.map((a) => ({ startsAt: new Date(a.startsAt), endsAt: a.endsAt ? new Date(a.endsAt) : null, title: a.title, place: a.place ?? "" }));
    // Open early: the doors open now. Extending past a host's early end reopens it.
    if (body.open) {
      update.openedAt = now;
      update.closedAt = null;
      if (endsAt <= now) throw badRequest("open", "the event's end is in the past; move endsAt first");
    } else if (body.endsAt && event.closedAt && endsAt > now) update.closedAt = null;
    if (body.end) update.closedAt = now;
    const saved = await updateEvent(db, event.id, update);
    await changed(venue.slug);
    res.json({ event: hostEvent(saved) });
  });

  // ---- hosts: the guest list

  router.get("/events/:event/guests", auth.requireHost, async (req, res) => {
    const { event } = await ownedEvent(req, res);
    res.json({ guests: (await listInvitations(db, event.id)).map(publicGuest), mail: opts.mailer !== null });
  });

  router.post("/events/:event/guests", auth.requireHost, json, async (req, res) => {
    const { event, venue } = await ownedEvent(req, res);
    const body = validate(addGuestsSchema, req.body);
    let guests = body.guests ?? [];
    if (body.csv !== undefined) {
      const parsed = guestsFromCsv(body.csv);
      if (parsed.problems.length > 0) {
        const first = parsed.problems[0]!;
        throw new ApiError(400, "csv", `line ${first.line}: ${first.field}: ${first.message}${parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ""}`, {
          problems: parsed.problems,
        });
      }
      guests = parsed.guests;
    }
    const tokens = guests.map(() => newToken());
    let added: InvitationRecord[];
    try {
      added = await addInvitations(
        db,
        event.id,
        guests.map((g, i) => ({ name: g.name, email: g.email?.toLowerCase() ?? null, role: g.role ?? "attendee", tokenHash: hashToken(tokens[i]!) })),
      );
    } catch (err) {
      if (err instanceof DuplicateGuestError) throw new ApiError(409, "email", err.message);
      throw err;
    }
    const links = added.map((g, i) => ({ ...publicGuest(g), link: linkFor(base(req), venue.slug, tokens[i]!) }));
    let emailed = 0;
    const emailErrors: string[] = [];
    if (body.sendEmail && opts.mailer) {
      for (const g of links) {
        if (!g.email) continue;
        try {
          await opts.mailer.sendInvitation({ to: g.email, name: g.name, event: publicEvent(event), link: g.link, lang: mailLanguage(req) });
          emailed++;
        } catch (err) {
          emailErrors.push(`${g.email}: ${err instanceof Error ? err.message : "could not be sent"}`);
        }
      }
    }
    res.status(201).json({ guests: links, emailed, emailErrors, mail: opts.mailer !== null });
  });

  router.delete("/events/:event/guests/:guest", auth.requireHost, async (req, res) => {
    const { event } = await ownedEvent(req, res);
    if (!(await removeInvitation(db, event.id, String(req.params.guest)))) throw notFound("guest", "is not on this guest list");
    res.json({ ok: true });
  });

  /** A new personal link (shown once; the old one stops working). */
  router.post("/events/:event/guests/:guest/link", auth.requireHost, async (req, res) => {
    const { event, venue } = await ownedEvent(req, res);
    const token = newToken();
    if (!(await renewInvitationToken(db, event.id, String(req.params.guest), hashToken(token)))) throw notFound("guest", "is not on this guest list");
    res.json({ link: linkFor(base(req), venue.slug, token) });
  });

  router.put("/events/:event/roles/:person", auth.requireHost, json, async (req, res) => {
    const { event } = await ownedEvent(req, res);
    const body = validate(setRoleSchema, req.body);
    const person = await findPerson(db, String(req.params.person));
    if (!person) throw notFound("person", "does not exist");
    await setRole(db, event.id, person.id, body.role);
    res.json({ personId: person.id, role: body.role });
  });

  // ---- hosts: how it went

  router.get("/events/:event/attendance", auth.requireHost, async (req, res) => {
    const { event } = await ownedEvent(req, res);
    const now = Date.now();
    const rows = (await listAttendance(db, event.id)).map((a) => ({
      personId: a.personId,
      name: a.name,
      via: a.invitationName !== null ? `invitation: ${a.invitationName}` : "open link",
      floor: a.floor,
      joinedAt: a.joinedAt.toISOString(),
      leftAt: iso(a.leftAt),
      minutes: Math.round(((a.leftAt?.getTime() ?? now) - a.joinedAt.getTime()) / 60_000),
    }));
    if (req.query.format === "csv") {
      sendCsv(res, "attendance.csv", ["name", "via", "floor", "joined", "left", "minutes"], rows.map((r) => [r.name, r.via, r.floor, r.joinedAt, r.leftAt, r.minutes]));
      return;
    }
    res.json({ attendance: rows, people: new Set(rows.map((r) => r.personId)).size });
  });

  router.get("/events/:event/feedback", auth.requireHost, async (req, res) => {
    const { event } = await ownedEvent(req, res);
    const rows = await listFeedback(db, event.id);
    if (req.query.format === "csv") {
      sendCsv(res, "feedback.csv", ["rating", "newPeople", "comment", "at"], rows.map((r) => [r.rating, r.newPeople, r.comment, r.createdAt.toISOString()]));
      return;
    }
    const attendees = await attendeeCount(db, event.id);
    const distribution = [1, 2, 3, 4, 5].map((n) => rows.filter((r) => r.rating === n).length);
    const average = rows.length ? rows.reduce((s, r) => s + r.rating, 0) / rows.length : null;
    const newPeople = rows.flatMap((r) => (r.newPeople === null ? [] : [r.newPeople]));
    res.json({
      responses: rows.length,
      attendees,
      responseRate: attendees ? rows.length / attendees : null,
      average,
      distribution,
      newPeopleAverage: newPeople.length ? newPeople.reduce((s, n) => s + n, 0) / newPeople.length : null,
      comments: rows.filter((r) => r.comment.length > 0).map((r) => ({ rating: r.rating, comment: r.comment, at: r.createdAt.toISOString() })),
    });
  });

  // ---- attendees

  /** Opening a personal link: the invitation becomes this person's (the first to open it). */
  router.post("/invitations/accept", json, async (req, res) => {
    const person = await requirePerson(db, req);
    const body = validate(acceptInvitationSchema, req.body);
    const invitation = await findInvitationByToken(db, hashToken(body.token));
    if (!invitation) throw notFound("token", "this invitation link is not valid (it may have been replaced by a newer one)");
    if (!(await bindInvitation(db, invitation.id, person.id))) {
      throw new ApiError(409, "token", "this invitation link has already been used by someone else; ask the host for your own");
    }
    const event = await findEvent(db, invitation.eventId);
    if (!event) throw notFound("token", "the event of this invitation no longer exists");
    res.json({ event: publicEvent(event), role: invitation.role, name: invitation.name });
  });

  /** Has this person rated the event, and may they? */
  router.get("/events/:event/feedback/mine", async (req, res) => {
    const person = await requirePerson(db, req);
    const id = String(req.params.event ?? "");
    const event = /^[a-z0-9]{1,40}$/.test(id) ? await findEvent(db, id) : null;
    if (!event) throw notFound("event", "does not exist");
    res.json({ given: await hasFeedback(db, event.id, person.id), attended: await attended(db, event.id, person.id) });
  });

  router.post("/events/:event/feedback", json, async (req, res) => {
    const person = await requirePerson(db, req);
    const id = String(req.params.event ?? "");
    const event = /^[a-z0-9]{1,40}$/.test(id) ? await findEvent(db, id) : null;
    if (!event) throw notFound("event", "does not exist");
    const body = validate(feedbackSchema, req.body);
    if (!(await attended(db, event.id, person.id))) throw new ApiError(403, "event", "only people who came can rate this event");
    try {
      await addFeedback(db, { eventId: event.id, personId: person.id, rating: body.rating, comment: body.comment ?? "", newPeople: body.newPeople ?? null });
    } catch (err) {
      if (err instanceof FeedbackExistsError) throw new ApiError(409, "event", err.message);
      throw err;
    }
    res.status(201).json({ ok: true });
  });

  return router;
}

