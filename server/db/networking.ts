// Queries on networking: encounters ("who I met") and contact exchanges with consent.
// Trusts its arguments: server/http/api/networking.ts validates input and decides who may
// see what; these functions only read and write.
import type { Database } from "./database.ts";

// ---------------------------------------------------------------- encounters

/** Two people met (talked long enough): one row per pair and event, counting conversations. */
export async function recordEncounter(
  db: Database,
  m: { venue: string; eventId: string | null; a: string; b: string; at: Date },
): Promise<void> {
  const [personAId, personBId] = m.a < m.b ? [m.a, m.b] : [m.b, m.a];
  const scope = m.eventId ?? `venue:${m.venue}`;
  await db.prisma.encounter.upsert({
    where: { scope_personAId_personBId: { scope, personAId, personBId } },
    create: { scope, eventId: m.eventId, venue: m.venue, personAId, personBId, firstMetAt: m.at, lastMetAt: m.at },
    update: { lastMetAt: m.at, conversations: { increment: 1 } },
  });
}

export interface MetPerson {
  id: string;
  name: string;
  avatar: string;
  headline: string | null;
  interests: string[];
  firstMetAt: Date;
  lastMetAt: Date;
  conversations: number;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Everyone this person met, across events, most recent first (one entry per person). */
export async function peopleMet(db: Database, personId: string): Promise<MetPerson[]> {
  const rows = await db.prisma.encounter.findMany({
    where: { OR: [{ personAId: personId }, { personBId: personId }] },
    orderBy: { lastMetAt: "desc" },
    take: 2000,
  });
  const byOther = new Map<string, { firstMetAt: Date; lastMetAt: Date; conversations: number }>();
  for (const r of rows) {
    const other = r.personAId === personId ? r.personBId : r.personAId;
    const seen = byOther.get(other);
    if (!seen) byOther.set(other, { firstMetAt: r.firstMetAt, lastMetAt: r.lastMetAt, conversations: r.conversations });
    else {
      if (r.firstMetAt < seen.firstMetAt) seen.firstMetAt = r.firstMetAt;
      seen.conversations += r.conversations;
    }
  }
  const people = await db.prisma.person.findMany({
    where: { id: { in: [...byOther.keys()] } },
    select: { id: true, displayName: true, avatar: true, headline: true, interests: true },
  });
  const found = new Map(people.map((p) => [p.id, p]));
  return [...byOther].flatMap(([id, e]) => {
    const p = found.get(id);
    return p ? [{ id, name: p.displayName, avatar: p.avatar, headline: p.headline, interests: stringList(p.interests), ...e }] : [];
  });
}

/** Pairs among these people who met before, in any event (each pair once). */
export async function metAmong(db: Database, personIds: readonly string[]): Promise<[string, string][]> {
  if (personIds.length < 2) return [];
  const ids = [...personIds];
  const rows = await db.prisma.encounter.findMany({ where: { personAId: { in: ids }, personBId: { in: ids } }, select: { personAId: true, personBId: true }, distinct: ["personAId", "personBId"] });
  return rows.map((r) => [r.personAId, r.personBId]);
}

export async function haveMet(db: Database, a: string, b: string): Promise<boolean> {
  const [personAId, personBId] = a < b ? [a, b] : [b, a];
  return (await db.prisma.encounter.count({ where: { personAId, personBId } })) > 0;
}

/** An event's figures for its hosts: no names, no pairs. */
export async function encounterStats(db: Database, eventId: string): Promise<{ encounters: number; peopleWhoMet: number; medianMet: number; mostMet: number }> {
  const rows = await db.prisma.encounter.findMany({ where: { eventId }, select: { personAId: true, personBId: true } });
  const perPerson = new Map<string, number>();
  for (const r of rows) for (const id of [r.personAId, r.personBId]) perPerson.set(id, (perPerson.get(id) ?? 0) + 1);
  const counts = [...perPerson.values()].sort((x, y) => x - y);
  const mid = counts.length === 0 ? 0 : counts.length % 2 ? counts[(counts.length - 1) / 2]! : (counts[counts.length / 2 - 1]! + counts[counts.length / 2]!) / 2;
  return { encounters: rows.length, peopleWhoMet: counts.length, medianMet: mid, mostMet: counts.at(-1) ?? 0 };
}

// ---------------------------------------------------------------- contact exchanges

export interface SharedContact {
  email: string | null;
  links: string[];
}

export interface ExchangeRecord {
  id: string;
  fromId: string;
  toId: string;
  status: "pending" | "accepted" | "declined";
  from: SharedContact;
  to: SharedContact;
  createdAt: Date;
  answeredAt: Date | null;
}

type ExchangeRow = {
  id: string;
  fromId: string;
  toId: string;
  status: string;
  fromEmail: string | null;
  fromLinks: unknown;
  toEmail: string | null;
  toLinks: unknown;
  createdAt: Date;
  answeredAt: Date | null;
};

function toExchange(r: ExchangeRow): ExchangeRecord {
  const status = r.status === "accepted" || r.status === "declined" ? r.status : "pending";
  return {
    id: r.id,
    fromId: r.fromId,
    toId: r.toId,
    status,
    from: { email: r.fromEmail, links: stringList(r.fromLinks) },
    to: { email: r.toEmail, links: stringList(r.toLinks) },
    createdAt: r.createdAt,
    answeredAt: r.answeredAt,
  };
}

/** Every exchange this person is part of, newest first. */
export async function exchangesOf(db: Database, personId: string): Promise<ExchangeRecord[]> {
  const rows = await db.prisma.contactExchange.findMany({ where: { OR: [{ fromId: personId }, { toId: personId }] }, orderBy: { createdAt: "desc" }, take: 2000 });
  return rows.map(toExchange);
}

export async function findExchange(db: Database, id: string): Promise<ExchangeRecord | null> {
  const row = await db.prisma.contactExchange.findUnique({ where: { id } });
  return row ? toExchange(row) : null;
}

export async function exchangeBetween(db: Database, fromId: string, toId: string): Promise<ExchangeRecord | null> {
  const row = await db.prisma.contactExchange.findUnique({ where: { fromId_toId: { fromId, toId } } });
  return row ? toExchange(row) : null;
}

/** Ask (or ask again after a decline): pending, with what the asker shares. */
export async function askExchange(db: Database, fromId: string, toId: string, share: SharedContact): Promise<ExchangeRecord> {
  const data = { status: "pending", fromEmail: share.email, fromLinks: share.links, toEmail: null, toLinks: [], answeredAt: null };
  const row = await db.prisma.contactExchange.upsert({
    where: { fromId_toId: { fromId, toId } },
    create: { fromId, toId, ...data },
    update: data,
  });
  return toExchange(row);
}

/** The asked person answers: accepted with what they share, or declined (sharing nothing). */
export async function answerExchange(db: Database, id: string, answer: { accept: true; share: SharedContact } | { accept: false }): Promise<ExchangeRecord> {
  const row = await db.prisma.contactExchange.update({
    where: { id },
    data: answer.accept
      ? { status: "accepted", toEmail: answer.share.email, toLinks: answer.share.links, answeredAt: new Date() }
      : { status: "declined", answeredAt: new Date() },
  });
  return toExchange(row);
}
