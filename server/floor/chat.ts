/**
 * The floor's chat (issue #11): nearby (the conversation you are in, by the audio's rule
 * in shared/chat/recipients.ts), the floor, the event across every floor of the venue,
 * and direct messages between two people by identity. Also edit and delete (authors;
 * hosts and moderators delete anyone's), history pages, a per-person rate limit and the
 * event channel's announcements-only switch. Plain data with an injected clock: storage
 * is the ChatStore port, other floors come from `floors(venue)`, people are told through
 * the Outbox. Never holds a socket and never renders text.
 */
import { randomUUID } from "node:crypto";
import { nearbyRecipients } from "../../shared/chat/recipients.ts";
import { CHAT_BURST, CHAT_PAGE, CHAT_REFILL_MS, scopeOf, type Channel } from "../../shared/chat/text.ts";
import type { Zone } from "../../shared/map/model.ts";
import type { ChatView, Status } from "../../shared/protocol/chat.ts";
import type { ClientMessage, ServerMessages } from "../../shared/protocol/messages.ts";
import type { Logger } from "../log.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/** A message as stored: people by identity (Person id). */
export interface StoredChat {
  id: string;
  channel: Channel;
  scope: string;
  senderId: string;
  senderName: string;
  recipientId: string | null;
  recipientName: string | null;
  zone: string | null;
  text: string;
  at: number;
  editedAt: number | null;
  deleted: boolean;
}

/** Where chat is kept (server/db/chat.ts; chatMemory.ts without a database). */
export interface ChatStore {
  save(venue: string, eventId: string | null, m: StoredChat): Promise<void>;
  find(venue: string, id: string): Promise<StoredChat | null>;
  /** Newest first, older than `before` (a message id); deleted messages are left out. */
  page(venue: string, scope: string, before: string | undefined, limit: number): Promise<{ messages: StoredChat[]; more: boolean }>;
  edit(venue: string, id: string, text: string, at: number): Promise<void>;
  remove(venue: string, id: string, at: number): Promise<void>;
  announcementsOnly(venue: string, scope: string): Promise<boolean>;
  setAnnouncementsOnly(venue: string, scope: string, only: boolean): Promise<void>;
  /** What a profile card shows beyond the name. */
  profile(personId: string): Promise<{ headline: string | null; pronouns: string | null; interests: string[] } | null>;
}

/** Someone on this floor as chat knows them. */
export interface ChatMember {
  personId: string;
  name: string;
  avatar: string;
  /** host, moderator, speaker or attendee. */
  role: string;
  eventId: string | null;
  status: Status;
}

export interface FloorChatOptions {
  venue: string;
  floor: string;
  outbox: Outbox;
  now(): number;
  log: Logger;
  person(id: string): FloorPerson | undefined;
  people(): Iterable<FloorPerson>;
  zones(): readonly Zone[];
  store: ChatStore;
  /** The venue's live floors (this one included); by default only this one. */
  floors?(venue: string): Promise<FloorChat[]>;
  newId?(): string;
}

/** Nearby messages remembered with who received them, so an edit reaches the same people. */
const REMEMBERED = 2000;
const MODERATORS = new Set(["host", "moderator"]);

type ChatError = Omit<ServerMessages["error"], "type">;

export class FloorChat {
  readonly venue: string;
  readonly floor: string;
  readonly #o: FloorChatOptions;
  readonly #members = new Map<string, ChatMember>();
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #nearby = new Map<string, { message: StoredChat; recipients: string[] }>();

  constructor(o: FloorChatOptions) {
    this.venue = o.venue;
    this.floor = o.floor;
    this.#o = o;
  }

  get store(): ChatStore {
    return this.#o.store;
  }

  join(sessionId: string, member: Omit<ChatMember, "status">): void {
    this.#members.set(sessionId, { ...member, status: "available" });
  }

  leave(sessionId: string): void {
    this.#members.delete(sessionId);
    this.#buckets.delete(sessionId);
  }

  member(sessionId: string): ChatMember | undefined {
    return this.#members.get(sessionId);
  }

  setStatus(sessionId: string, status: Status): void {
    const m = this.#members.get(sessionId);
    if (m) m.status = status;
  }

  /** Sessions on this floor of a person (a second tab is a second session). */
  sessionsOf(personId: string): string[] {
    return [...this.#members].filter(([, m]) => m.personId === personId).map(([id]) => id);
  }

  /** Sessions on this floor at an event (null: no event). */
  sessionsAt(eventId: string | null): string[] {
    return [...this.#members].filter(([id, m]) => m.eventId === eventId && this.#o.person(id)?.connected !== false).map(([id]) => id);
  }

  tell<K extends keyof ServerMessages>(sessions: Iterable<string>, type: K, message: ServerMessages[K]): void {
    for (const id of sessions) this.#o.outbox.send(id, type, message);
  }

  // ------------------------------------------------------------ saying something

  send(p: FloorPerson, m: ClientMessage<"chatSend">): void {
    this.#run(p, "chatSend", () => this.#send(p, m));
  }

  async #send(p: FloorPerson, m: ClientMessage<"chatSend">): Promise<ChatError | null> {
    const me = this.#members.get(p.id);
    if (!me) return null;
    if (!this.#take(p.id)) {
      return { code: "rate_limited", field: "text", message: `text: you are sending messages too fast; at most ${CHAT_BURST} in a row, then one a second` };
    }
    const base = { id: this.#o.newId?.() ?? randomUUID(), senderId: me.personId, senderName: me.name, text: m.text, at: this.#o.now(), editedAt: null, deleted: false };
    const event = me.eventId;
    let stored: StoredChat;
    if (m.channel === "nearby") {
      const people = [...this.#o.people()].filter((q) => q.connected && this.#members.has(q.id)).map((q) => ({ id: q.id, x: q.walker.x, y: q.walker.y }));
      const talk = nearbyRecipients(p.id, people, this.#o.zones());
      stored = { ...base, channel: "nearby", scope: scopeOf({ channel: "nearby", event, floor: this.floor, zone: talk.zone }), recipientId: null, recipientName: null, zone: talk.zone };
      this.#remember(stored, talk.recipients);
      this.tell(talk.recipients, "chat", this.view(stored, p.id));
    } else if (m.channel === "floor") {
      stored = { ...base, channel: "floor", scope: scopeOf({ channel: "floor", event, floor: this.floor }), recipientId: null, recipientName: null, zone: null };
      this.tell(this.sessionsAt(event), "chat", this.view(stored, p.id));
    } else if (m.channel === "event") {
      const scope = scopeOf({ channel: "event", event, floor: this.floor });
      if (!MODERATORS.has(me.role) && (await this.store.announcementsOnly(this.venue, scope))) {
        return { code: "forbidden", field: "channel", message: "channel: the event channel is for announcements by hosts right now" };
      }
      stored = { ...base, channel: "event", scope, recipientId: null, recipientName: null, zone: null };
      const view = this.view(stored, p.id);
      for (const f of await this.#floors()) f.tell(f.sessionsAt(event), "chat", view);
    } else {
      const to = m.to ?? "";
      if (to === me.personId) return { code: "invalid_message", field: "to", message: "to: that is you; pick someone else to message" };
      const floors = await this.#floors();
      const them = floors.flatMap((f) => f.sessionsOf(to).flatMap((s) => f.member(s) ?? []));
      const other = them[0];
      if (!other) return { code: "not_found", field: "to", message: "to: that person is not in the venue right now" };
      if (them.every((t) => t.status === "busy")) return { code: "forbidden", field: "to", message: `to: ${other.name} is busy (do not disturb) and gets no direct messages` };
      stored = { ...base, channel: "direct", scope: scopeOf({ channel: "direct", event, floor: this.floor, pair: [me.personId, to] }), recipientId: to, recipientName: other.name, zone: null };
      const view = this.view(stored, p.id);
      for (const f of floors) f.tell([...f.sessionsOf(to), ...f.sessionsOf(me.personId)], "chat", view);
    }
    // Delivered first, stored after: nobody waits for the disk to see a message.
    await this.store.save(this.venue, event, stored);
    return null;
  }

  // ------------------------------------------------------------ edit and delete

  edit(p: FloorPerson, m: ClientMessage<"chatEdit">): void {
    this.#run(p, "chatEdit", async () => {
      const me = this.#members.get(p.id);
      const found = me && (await this.#find(m.id));
      if (!me || !found) return { code: "not_found", field: "id", message: "id: that message does not exist (any more)" };
      if (found.senderId !== me.personId) return { code: "forbidden", field: "id", message: "id: you can only edit your own messages" };
      const at = this.#o.now();
      found.text = m.text;
      found.editedAt = at;
      await this.store.edit(this.venue, found.id, m.text, at);
      await this.#announce(found, { id: found.id, text: m.text, editedAt: at });
      return null;
    });
  }

  remove(p: FloorPerson, m: ClientMessage<"chatDelete">): void {
    this.#run(p, "chatDelete", async () => {
      const me = this.#members.get(p.id);
      const found = me && (await this.#find(m.id));
      if (!me || !found) return { code: "not_found", field: "id", message: "id: that message does not exist (any more)" };
      if (found.senderId !== me.personId && !MODERATORS.has(me.role)) return { code: "forbidden", field: "id", message: "id: only its author, hosts and moderators can delete a message" };
      const at = this.#o.now();
      found.deleted = true;
      await this.store.remove(this.venue, found.id, at);
      await this.#announce(found, { id: found.id, text: null, editedAt: at });
      return null;
    });
  }

  async #find(id: string): Promise<StoredChat | null> {
    const found = this.#nearby.get(id)?.message ?? (await this.store.find(this.venue, id));
    return found && !found.deleted ? found : null;
  }

  /** An edit or deletion reaches whoever got the message. */
  async #announce(m: StoredChat, update: ServerMessages["chatUpdated"]): Promise<void> {
    if (m.channel === "nearby") {
      const remembered = this.#nearby.get(m.id);
      if (remembered) return this.tell(remembered.recipients, "chatUpdated", update);
    }
    for (const f of await this.#floors()) {
      const event = m.scope.split(":")[1] ?? "-";
      const at = (e: string) => f.sessionsAt(e === "-" ? null : e);
      if (m.channel === "direct") f.tell([...f.sessionsOf(m.senderId), ...(m.recipientId ? f.sessionsOf(m.recipientId) : [])], "chatUpdated", update);
      else if (m.channel === "event") f.tell(at(event), "chatUpdated", update);
      else if (m.channel === "floor" && m.scope === scopeOf({ channel: "floor", event: event === "-" ? null : event, floor: f.floor })) f.tell(at(event), "chatUpdated", update);
      else if (m.channel === "nearby") f.tell(f.sessionsOf(m.senderId), "chatUpdated", update);
    }
  }

  // ------------------------------------------------------------ history and settings

  history(p: FloorPerson, m: ClientMessage<"chatHistory">): void {
    this.#run(p, "chatHistory", async () => {
      const me = this.#members.get(p.id);
      if (!me) return null;
      const scope = scopeOf({ channel: m.channel, event: me.eventId, floor: this.floor, pair: [me.personId, m.with ?? ""] });
      const page = await this.store.page(this.venue, scope, m.before, CHAT_PAGE);
      const answer: ServerMessages["chatHistory"] = { channel: m.channel, messages: page.messages.map((s) => this.view(s, "")), more: page.more };
      if (m.with !== undefined) answer.with = m.with;
      this.#o.outbox.send(p.id, "chatHistory", answer);
      if (m.channel === "event") this.#o.outbox.send(p.id, "chatSettings", { announcementsOnly: await this.store.announcementsOnly(this.venue, scope) });
      return null;
    });
  }

  announcements(p: FloorPerson, m: ClientMessage<"chatAnnouncements">): void {
    this.#run(p, "chatAnnouncements", async () => {
      const me = this.#members.get(p.id);
      if (!me || me.role !== "host") return { code: "forbidden", field: "only", message: "only: only hosts can make the event channel announcements-only" };
      await this.store.setAnnouncementsOnly(this.venue, scopeOf({ channel: "event", event: me.eventId, floor: this.floor }), m.only);
      for (const f of await this.#floors()) f.tell(f.sessionsAt(me.eventId), "chatSettings", { announcementsOnly: m.only });
      return null;
    });
  }

  /** A stored message as people see it; `session` is the author's session when sent live. */
  view(s: StoredChat, session: string): ChatView {
    const v: ChatView = { id: s.id, channel: s.channel, from: { personId: s.senderId, id: session, name: s.senderName }, text: s.text, at: s.at };
    if (s.recipientId) v.to = { personId: s.recipientId, name: s.recipientName ?? "" };
    if (s.channel === "nearby") v.zone = s.zone;
    if (s.editedAt !== null) v.editedAt = s.editedAt;
    return v;
  }

  // ------------------------------------------------------------ plumbing

  /** Run a handler; its refusal is told to the person, a failure is logged (the floor carries on). */
  #run(p: FloorPerson, type: string, work: () => Promise<ChatError | null>): void {
    work().then(
      (error) => {
        if (error) this.#o.outbox.send(p.id, "error", { ...error, type });
      },
      (err: unknown) => {
        this.#o.log.error({ err, person: p.id, type }, "chat failed");
        this.#o.outbox.send(p.id, "error", { code: "not_found", type, message: "chat is unavailable right now; try again in a moment" });
      },
    );
  }

  /** Token bucket: CHAT_BURST at once, one more every CHAT_REFILL_MS. */
  #take(sessionId: string): boolean {
    const now = this.#o.now();
    const b = this.#buckets.get(sessionId) ?? { tokens: CHAT_BURST, at: now };
    b.tokens = Math.min(CHAT_BURST, b.tokens + (now - b.at) / CHAT_REFILL_MS);
    b.at = now;
    this.#buckets.set(sessionId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  #remember(m: StoredChat, recipients: string[]): void {
    this.#nearby.set(m.id, { message: m, recipients });
    if (this.#nearby.size > REMEMBERED) this.#nearby.delete(this.#nearby.keys().next().value ?? "");
  }

  async #floors(): Promise<FloorChat[]> {
    const floors = this.#o.floors ? await this.#o.floors(this.venue) : [];
    return floors.includes(this) ? floors : [this, ...floors];
  }
}
