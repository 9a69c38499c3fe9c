/**
 * A ChatStore in memory, for floors without a database (in-process rooms, unit tests).
 * Same contract as server/db/chat.ts: newest first, deleted messages left out.
 */
import type { ChatGroupView } from "../../shared/protocol/chat.ts";
import type { CardProfile, ChatStore, StoredChat } from "./chat.ts";

export function memoryChatStore(): ChatStore & { all(): StoredChat[] } {
  const messages: (StoredChat & { venue: string })[] = [];
  const settings = new Map<string, boolean>();
  const groups = new Map<string, ChatGroupView & { venue: string; at: number }>();
  const profiles = new Map<string, CardProfile>();
  const copy = (g: ChatGroupView): ChatGroupView => ({ id: g.id, members: g.members.map((m) => ({ ...m })) });
  return {
    all: () => messages,
    async save(venue, _eventId, m) {
      messages.push({ ...m, venue });
    },
    async find(venue, id) {
      const m = messages.find((x) => x.venue === venue && x.id === id);
      return m ? { ...m } : null;
    },
    async page(venue, scope, before, limit) {
      const mine = messages.filter((m) => m.venue === venue && m.scope === scope && !m.deleted).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      const from = before === undefined ? 0 : mine.findIndex((m) => m.id === before) + 1;
      const page = mine.slice(from, from + limit);
      return { messages: page, more: from + limit < mine.length };
    },
    async edit(venue, id, text, at) {
      for (const m of messages) if (m.venue === venue && m.id === id) Object.assign(m, { text, editedAt: at });
    },
    async remove(venue, id) {
      for (const m of messages) if (m.venue === venue && m.id === id) m.deleted = true;
    },
    async announcementsOnly(venue, scope) {
      return settings.get(`${venue} ${scope}`) ?? false;
    },
    async setAnnouncementsOnly(venue, scope, only) {
      settings.set(`${venue} ${scope}`, only);
    },
    async createGroup(venue, g) {
      groups.set(g.id, { ...copy(g), venue, at: g.at });
    },
    async group(venue, id) {
      const g = groups.get(id);
      return g && g.venue === venue ? copy(g) : null;
    },
    async addToGroup(venue, id, members) {
      const g = groups.get(id);
      if (g && g.venue === venue) g.members.push(...members.map((m) => ({ ...m })));
    },
    async groupsOf(venue, personId, limit) {
      const mine = [...groups.values()].filter((g) => g.venue === venue && g.members.some((m) => m.personId === personId));
      return mine.sort((a, b) => b.at - a.at).slice(0, limit).map(copy);
    },
    async profile(personId) {
      const p = profiles.get(personId);
      return p ? { ...p, interests: [...p.interests], lookingFor: [...p.lookingFor], offering: [...p.offering] } : null;
    },
    async saveProfile(personId, edit) {
      const before = profiles.get(personId);
      const saved = { headline: edit.headline === undefined ? (before?.headline ?? null) : edit.headline, pronouns: before?.pronouns ?? null, interests: [...edit.interests], lookingFor: [...edit.lookingFor], offering: [...edit.offering], affiliation: edit.affiliation };
      profiles.set(personId, saved);
      return { ...saved };
    },
  };
}
