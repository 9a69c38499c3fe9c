// Moderation's audit log and bans (issue #12). Implements the floor's ModerationStore
// port (server/floor/moderation.ts) and the admission rule's ban check; trusts its
// arguments: the floor checks who may do what.
import type { Database } from "./database.ts";
import type { ModerationStore } from "../floor/moderation.ts";

export function moderationStore(db: Database): ModerationStore {
  return {
    async record(r) {
      await db.prisma.moderationAction.create({
        data: {
          venue: r.venue,
          eventId: r.eventId,
          floor: r.floor,
          actorId: r.actorId,
          actorName: r.actorName,
          actorRole: r.actorRole,
          targetId: r.targetId,
          targetName: r.targetName,
          action: r.action,
          detail: r.detail,
          reason: r.reason,
          allowed: r.allowed,
          createdAt: new Date(r.at),
        },
      });
    },
    async ban(b) {
      await db.prisma.ban.create({ data: { venue: b.venue, eventId: b.eventId, personId: b.personId, byId: b.byId, reason: b.reason } });
    },
  };
}

/** Is this person banned from the venue, or from this event of it? */
export async function isBanned(db: Database, venue: string, eventId: string | null, personId: string): Promise<boolean> {
  const scopes = eventId === null ? [{ eventId: null }] : [{ eventId: null }, { eventId }];
  return (await db.prisma.ban.count({ where: { venue, personId, OR: scopes } })) > 0;
}

export interface ModerationEntry {
  id: string;
  at: string;
  floor: string;
  eventId: string | null;
  actor: { id: string; name: string; role: string };
  target: { id: string; name: string } | null;
  action: string;
  detail: string | null;
  reason: string | null;
  allowed: boolean;
}

/** A venue's moderation log, newest first. */
export async function moderationLog(db: Database, venue: string, limit: number): Promise<ModerationEntry[]> {
  const rows = await db.prisma.moderationAction.findMany({ where: { venue }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    floor: r.floor,
    eventId: r.eventId,
    actor: { id: r.actorId, name: r.actorName, role: r.actorRole },
    target: r.targetId === null ? null : { id: r.targetId, name: r.targetName ?? "" },
    action: r.action,
    detail: r.detail,
    reason: r.reason,
    allowed: r.allowed,
  }));
}
