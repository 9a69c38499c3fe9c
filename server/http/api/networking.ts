/**
 * Networking (/api/networking), for the person a request comes from (their identity
 * cookie or token): the people they met, contact exchanges — ask, and the asked person
 * accepts or declines; nothing of either card is shown before the accept — and their
 * contacts as vCard or CSV. Hosts get an event's figures, never names or pairs.
 */
import express, { type Response } from "express";
import {
  answerExchangeSchema,
  askExchangeSchema,
  type ContactCard,
  type ContactState,
  type NetworkingOverview,
  type NetworkingStats,
} from "../../../shared/protocol/networking.ts";
import type { Database } from "../../db/database.ts";
import { findPerson, type PersonRecord } from "../../db/events.ts";
import {
  answerExchange,
  askExchange,
  encounterStats,
  exchangeBetween,
  exchangesOf,
  findExchange,
  haveMet,
  peopleMet,
  type ExchangeRecord,
  type SharedContact,
} from "../../db/networking.ts";
import { hostOf, type Auth } from "./auth.ts";
import { ApiError, jsonBody, notFound, validate } from "./errors.ts";
import { requirePerson } from "./people.ts";

export interface NetworkingRoutesOptions {
  db: Database;
  auth: Auth;
}

function share(body: { email?: string | null | undefined; links?: string[] | undefined }): SharedContact {
  return { email: body.email ?? null, links: body.links ?? [] };
}

/** How an exchange looks from `me`'s side. */
function stateFor(me: string, e: ExchangeRecord | undefined): ContactState {
  if (!e) return "none";
  if (e.status === "accepted") return "exchanged";
  if (e.status === "declined") return e.fromId === me ? "declined" : "none";
  return e.fromId === me ? "asked" : "asks-you";
}

/** The other person's card in an accepted exchange. */
async function cardsOf(db: Database, me: string, exchanges: ExchangeRecord[]): Promise<ContactCard[]> {
  const cards: ContactCard[] = [];
  const seen = new Set<string>();
  for (const e of exchanges) {
    if (e.status !== "accepted") continue;
    const otherId = e.fromId === me ? e.toId : e.fromId;
    if (seen.has(otherId)) continue;
    const other = await findPerson(db, otherId);
    if (!other) continue;
    seen.add(otherId);
    const shared = e.fromId === me ? e.to : e.from;
    cards.push({ personId: otherId, name: other.displayName, headline: other.headline, email: shared.email, links: shared.links, exchangedAt: (e.answeredAt ?? e.createdAt).toISOString() });
  }
  return cards.sort((a, b) => a.name.localeCompare(b.name));
}

async function overview(db: Database, me: PersonRecord): Promise<NetworkingOverview> {
  const [met, exchanges] = await Promise.all([peopleMet(db, me.id), exchangesOf(db, me.id)]);
  // The exchange that speaks for a pair: accepted beats pending beats declined.
  const rank = (e: ExchangeRecord) => (e.status === "accepted" ? 2 : e.status === "pending" ? 1 : 0);
  const withOther = new Map<string, ExchangeRecord>();
  for (const e of exchanges) {
    const other = e.fromId === me.id ? e.toId : e.fromId;
    const seen = withOther.get(other);
    if (!seen || rank(e) > rank(seen)) withOther.set(other, e);
  }
  const incoming = [];
  for (const e of exchanges) {
    if (e.status !== "pending" || e.toId !== me.id || withOther.get(e.fromId)?.status === "accepted") continue;
    const from = await findPerson(db, e.fromId);
    if (from) incoming.push({ id: e.id, from: { id: from.id, name: from.displayName, headline: from.headline } });
  }
  return {
    met: met.map((m) => {
      const e = withOther.get(m.id);
      const contact = stateFor(me.id, e);
      return {
        id: m.id,
        name: m.name,
        avatar: m.avatar,
        headline: m.headline,
        interests: m.interests,
        firstMetAt: m.firstMetAt.toISOString(),
        lastMetAt: m.lastMetAt.toISOString(),
        conversations: m.conversations,
        contact,
        exchangeId: contact === "asks-you" && e ? e.id : null,
      };
    }),
    cards: await cardsOf(db, me.id, exchanges),
    incoming,
  };
}

/** A vCard 3.0 text value: backslash, comma, semicolon and newlines escaped. */
function vText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/[,;]/g, (c) => `\\${c}`);
}

export function vCards(cards: ContactCard[]): string {
  return cards
    .map((c) =>
      [
        "BEGIN:VCARD",
        "VERSION:3.0",
        `FN:${vText(c.name)}`,
        `N:;${vText(c.name)};;;`,
        ...(c.headline ? [`TITLE:${vText(c.headline)}`] : []),
        ...(c.email ? [`EMAIL;TYPE=INTERNET:${vText(c.email)}`] : []),
        ...c.links.map((l) => `URL:${vText(l)}`),
        "NOTE:Met at Foyer",
        "END:VCARD",
      ].join("\r\n"),
    )
    .join("\r\n")
    .concat(cards.length ? "\r\n" : "");
}

/** A CSV cell that a spreadsheet would run as a formula gets a leading quote. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function contactsCsv(cards: ContactCard[]): string {
  const rows = [["name", "headline", "email", "links", "exchanged"], ...cards.map((c) => [c.name, c.headline ?? "", c.email ?? "", c.links.join(" "), c.exchangedAt])];
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function download(res: Response, filename: string, type: string, body: string): void {
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
  res.type(type).send(body);
}

export function createNetworkingRouter(opts: NetworkingRoutesOptions): express.Router {
  const { db, auth } = opts;
  const router = express.Router();
  const json = jsonBody(16 * 1024);

  /** The people I met, my contact cards and the requests waiting for my answer. */
  router.get("/", async (req, res) => {
    res.json(await overview(db, await requirePerson(db, req)));
  });

  /** Ask someone I met to exchange contacts, sharing what I chose. */
  router.post("/contacts", json, async (req, res) => {
    const me = await requirePerson(db, req);
    const body = validate(askExchangeSchema, req.body);
    if (body.personId === me.id) throw new ApiError(400, "personId", "is you");
    const other = await findPerson(db, body.personId);
    if (!other || !(await haveMet(db, me.id, other.id))) throw notFound("personId", "is nobody you have met");
    // They asked me first: asking back is accepting.
    const theirs = await exchangeBetween(db, other.id, me.id);
    if (theirs?.status === "pending" || theirs?.status === "accepted") {
      const e = theirs.status === "accepted" ? theirs : await answerExchange(db, theirs.id, { accept: true, share: share(body) });
      res.status(200).json({ exchange: { id: e.id, contact: stateFor(me.id, e) } });
      return;
    }
    const mine = await exchangeBetween(db, me.id, other.id);
    if (mine?.status === "accepted") {
      res.status(200).json({ exchange: { id: mine.id, contact: "exchanged" } });
      return;
    }
    const e = await askExchange(db, me.id, other.id, share(body));
    res.status(201).json({ exchange: { id: e.id, contact: stateFor(me.id, e) } });
  });

  /** The asked person accepts (sharing what they chose) or declines. */
  router.post("/contacts/:id/answer", json, async (req, res) => {
    const me = await requirePerson(db, req);
    const body = validate(answerExchangeSchema, req.body);
    const id = String(req.params.id ?? "");
    const e = /^[a-z0-9]{1,40}$/.test(id) ? await findExchange(db, id) : null;
    // Someone else's exchange is not found, not forbidden: its existence is not theirs to learn.
    if (!e || e.toId !== me.id) throw notFound("exchange", `no contact request "${id.slice(0, 40)}" is waiting for you`);
    if (e.status !== "pending") throw new ApiError(409, "exchange", `was already ${e.status}`);
    const answered = await answerExchange(db, e.id, body.accept ? { accept: true, share: share(body) } : { accept: false });
    res.json({ exchange: { id: answered.id, contact: stateFor(me.id, answered) } });
  });

  router.get("/contacts.vcf", async (req, res) => {
    const me = await requirePerson(db, req);
    download(res, "foyer-contacts.vcf", "text/vcard; charset=utf-8", vCards(await cardsOf(db, me.id, await exchangesOf(db, me.id))));
  });

  router.get("/contacts.csv", async (req, res) => {
    const me = await requirePerson(db, req);
    download(res, "foyer-contacts.csv", "text/csv; charset=utf-8", contactsCsv(await cardsOf(db, me.id, await exchangesOf(db, me.id))));
  });

  /** An event's figures for the host who owns its venue: counts only. */
  router.get("/events/:event", auth.requireHost, async (req, res) => {
    const host = hostOf(res);
    const id = String(req.params.event ?? "");
    const event = /^[a-z0-9]{1,40}$/.test(id) ? await db.prisma.event.findUnique({ where: { id }, select: { id: true, venue: { select: { ownerId: true } } } }) : null;
    if (!event) throw notFound("event", `event "${id.slice(0, 40)}" does not exist`);
    if (event.venue.ownerId !== host.id) throw new ApiError(403, "event", "you do not host this event");
    const stats: NetworkingStats = await encounterStats(db, event.id);
    res.json({ stats });
  });

  return router;
}
