// Chat messages and channel settings (issue #11), and the profile fields a profile card
// shows. Implements the floor's ChatStore port (server/floor/chat.ts); trusts its
// arguments: the floor checks who may do what.
import type { Database } from "./database.ts";
import type { Prisma } from "./generated/client.ts";
import type { ChatStore, StoredChat } from "../floor/chat.ts";
import { findPerson, updatePerson, type PersonRecord } from "./events.ts";

function cardOf(p: PersonRecord) {
  return { headline: p.headline, pronouns: p.pronouns, interests: p.interests, lookingFor: p.lookingFor, offering: p.offering, affiliation: p.affiliation };
}

const PAGE_MAX = 200;

type Row = {
  id: string;
  channel: string;
  scope: string;
  senderId: string;
  senderName: string;
  recipientId: string | null;
  recipientName: string | null;
  zone: string | null;
  text: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
};

function toStored(r: Row): StoredChat | null {
  if (r.channel !== "nearby" && r.channel !== "floor" && r.channel !== "event" && r.channel !== "direct" && r.channel !== "group") return null;
  return {
    id: r.id,
    channel: r.channel,
    scope: r.scope,
    senderId: r.senderId,
    senderName: r.senderName,
    recipientId: r.recipientId,
    recipientName: r.recipientName,
    zone: r.zone,
    text: r.text,
    at: r.createdAt.getTime(),
    editedAt: r.editedAt?.getTime() ?? null,
    deleted: r.deletedAt !== null,
  };
}

/**
 * Messages are written a moment after they were said, the moment's messages in one
 * statement: at 1000 people and 100 messages a second one INSERT each cost the embedded
 * database (PGlite runs in the server's own thread) a third of a core. Everything that reads
 * or changes messages waits for what is queued first; `save` resolves once its row is written.
 */
const WRITE_AFTER_MS = 50;

export function chatStore(db: Database): ChatStore & { flush(): Promise<void> } {
  type Data = Prisma.ChatMessageCreateManyInput;
  let queued: Data[] = [];
  let waiting: Promise<void> | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  const writeQueued = async (): Promise<void> => {
    const rows = queued;
    queued = [];
    waiting = null;
    writing = rows.length > 0 ? db.prisma.chatMessage.createMany({ data: rows }) : Promise.resolve();
    await writing;
  };
  const settled = async (): Promise<void> => {
    await waiting?.catch(() => {});
    await writing.catch(() => {});
  };
  return {
    /** Written what is queued: the server waits for it before it closes the database. */
    flush: settled,
    save(venue, eventId, m) {
      queued.push({
        id: m.id,
        venue,
        eventId,
        channel: m.channel,
        scope: m.scope,
        senderId: m.senderId,
        senderName: m.senderName,
        recipientId: m.recipientId,
        recipientName: m.recipientName,
        zone: m.zone,
        text: m.text,
        createdAt: new Date(m.at),
      });
      waiting ??= new Promise<void>((r) => setTimeout(r, WRITE_AFTER_MS)).then(writeQueued);
      return waiting;
    },
    async find(venue, id) {
      await settled();
      const row = await db.prisma.chatMessage.findFirst({ where: { id, venue } });
      return row ? toStored(row) : null;
    },
    async page(venue, scope, before, limit) {
      await settled();
      const take = Math.min(limit, PAGE_MAX) + 1;
      const cursor = before ? await db.prisma.chatMessage.findFirst({ where: { id: before, venue, scope }, select: { createdAt: true, id: true } }) : null;
      const rows = await db.prisma.chatMessage.findMany({
        where: {
          venue,
          scope,
          deletedAt: null,
          // `createdAt <= cursor` is what lets the index start at the cursor (the OR alone made
          // PostgreSQL walk the channel from its newest message down to it).
          ...(cursor ? { createdAt: { lte: cursor.createdAt }, OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] } : {}),
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take,
      });
      const more = rows.length === take;
      const messages = rows.slice(0, take - 1).flatMap((r) => toStored(r) ?? []);
      return { messages, more };
    },
    async edit(venue, id, text, at) {
      await settled();
      await db.prisma.chatMessage.updateMany({ where: { id, venue }, data: { text, editedAt: new Date(at) } });
    },
    async remove(venue, id, at) {
      await settled();
      await db.prisma.chatMessage.updateMany({ where: { id, venue }, data: { deletedAt: new Date(at) } });
    },
    async announcementsOnly(venue, scope) {
      const row = await db.prisma.chatSetting.findUnique({ where: { venue_scope: { venue, scope } } });
      return row?.announcementsOnly ?? false;
    },
    async setAnnouncementsOnly(venue, scope, only) {
      await db.prisma.chatSetting.upsert({ where: { venue_scope: { venue, scope } }, create: { venue, scope, announcementsOnly: only }, update: { announcementsOnly: only } });
    },
    async createGroup(venue, g) {
      await db.prisma.chatGroup.create({
        data: { id: g.id, venue, createdById: g.createdById, createdAt: new Date(g.at), members: { create: g.members.map((m) => ({ personId: m.personId, name: m.name })) } },
      });
    },
    async group(venue, id) {
      const row = await db.prisma.chatGroup.findFirst({ where: { id, venue }, include: { members: { orderBy: { addedAt: "asc" } } } });
      return row ? { id: row.id, members: row.members.map((m) => ({ personId: m.personId, name: m.name })) } : null;
    },
    async addToGroup(venue, id, members) {
      if (members.length === 0) return;
      const group = await db.prisma.chatGroup.findFirst({ where: { id, venue }, select: { id: true } });
      if (!group) return;
      await db.prisma.chatGroupMember.createMany({ data: members.map((m) => ({ groupId: id, personId: m.personId, name: m.name })), skipDuplicates: true });
    },
    async groupsOf(venue, personId, limit) {
      const rows = await db.prisma.chatGroup.findMany({
        where: { venue, members: { some: { personId } } },
        orderBy: { createdAt: "desc" },
        take: limit,
        include: { members: { orderBy: { addedAt: "asc" } } },
      });
      return rows.map((r) => ({ id: r.id, members: r.members.map((m) => ({ personId: m.personId, name: m.name })) }));
    },
    async profile(personId) {
      const p = await findPerson(db, personId);
      return p ? cardOf(p) : null;
    },
    async saveProfile(personId, edit) {
      return cardOf(await updatePerson(db, personId, edit));
    },
  };
}
