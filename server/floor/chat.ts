/**
 * The floor's chat (issue #11): nearby (the conversation you are in, by the audio's rule
 * in shared/chat/recipients.ts), the floor, the event across every floor of the venue,
 * direct messages between two people by identity and group conversations of up to
 * GROUP_MAX. Also edit and delete (authors; hosts and moderators delete anyone's), history
 * pages, a per-person rate limit and the event channel's announcements-only switch. Plain
 * data with an injected clock: storage is the ChatStore port, the rest of the venue (who is
 * where, delivery to other floors) is the FloorVenue line, people are told through the
 * Outbox. Never holds a socket and never renders text.
 */
import { randomUUID } from "node:crypto";
import { nearbyRecipients } from "../../shared/chat/recipients.ts";
import { CHAT_BURST, CHAT_PAGE, CHAT_REFILL_MS, GROUP_MAX, scopeOf, type Channel } from "../../shared/chat/text.ts";
import type { Zone } from "../../shared/map/model.ts";
import type { ChatGroupView, ChatView, Status } from "../../shared/protocol/chat.ts";
import type { ClientMessage, ServerMessages } from "../../shared/protocol/messages.ts";
import type { InterestsView } from "../../shared/protocol/profile.ts";
import type { Logger } from "../log.ts";
import { sendToMany, type Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";
import { FloorVenue, soloVenue, type Audience, type VenueConnector } from "./venue.ts";

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
  /** Group conversations: start one, read one, add people, the newest ones of a person. */
  createGroup(venue: string, group: ChatGroupView & { createdById: string; at: number }): Promise<void>;
  group(venue: string, id: string): Promise<ChatGroupView | null>;
  addToGroup(venue: string, id: string, members: ChatGroupView["members"]): Promise<void>;
  groupsOf(venue: string, personId: string, limit: number): Promise<ChatGroupView[]>;
  /** What a profile card shows beyond the name. */
  profile(personId: string): Promise<CardProfile | null>;
  /** The person edited their interests, intents and affiliation in the venue (headline when given). */
  saveProfile(personId: string, edit: InterestsView & { headline?: string | null }): Promise<CardProfile>;
}

/** A profile card's fields beyond the name (shared/protocol/profile.ts has the limits). */
export type CardProfile = InterestsView & { headline: string | null; pronouns: string | null };

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
  /** The floor's name as people see it (the who's-here list of other floors). */
  floorName?: string;
  /** The line to the venue's other floors (server/venueHub.ts); by default this floor alone. */
  line?: VenueConnector;
  /** Are these two identities kept apart (one blocked the other: blocks.ts)? History leaves out what one said to the other's eyes. */
  apart?(a: string, b: string): boolean;
  /** Whom this identity blocked (blocks.ts): a message they send to other floors carries it, as those floors cannot know. */
  blockedBy?(personId: string): string[];
  newId?(): string;
  /** Floor-channel messages wait for `flush()` (the floor's tick) and go out together; by default each at once. */
  batch?: boolean;
}

/** Nearby messages remembered with who received them, so an edit reaches the same people. */
const REMEMBERED = 2000;
const MODERATORS = new Set(["host", "moderator"]);
/** A person's group conversations announced to them on joining: the newest this many. */
const GROUPS_ON_JOIN = 20;
/** A history page with blocked people's messages left out reads on this many stored pages at most to fill up. */
const PAGES_TO_FILL = 4;

type ChatError = Omit<ServerMessages["error"], "type">;

export class FloorChat {
  readonly venue: string;
  readonly floor: string;
  readonly #o: FloorChatOptions;
  readonly #members = new Map<string, ChatMember>();
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #nearby = new Map<string, { message: StoredChat; recipients: string[] }>();
  /** Floor-channel messages of this tick, by event (batching). */
  readonly #pending = new Map<string | null, ChatView[]>();
  /** Who is where in the venue, and delivery beyond this floor. */
  readonly line: FloorVenue;

  constructor(o: FloorChatOptions) {
    this.venue = o.venue;
    this.floor = o.floor;
    this.#o = o;
    this.line = new FloorVenue({
      venue: o.venue,
      floor: o.floor,
      floorName: o.floorName ?? o.floor,
      outbox: o.outbox,
      connect: o.line ?? soloVenue,
      sessionsOf: (personId) => this.sessionsOf(personId),
      sessionsAt: (eventId) => this.sessionsAt(eventId),
      everyone: () => [...this.#members.keys()].filter((id) => this.#o.person(id)?.connected !== false),
    });
  }

  get store(): ChatStore {
    return this.#o.store;
  }

  join(sessionId: string, member: Omit<ChatMember, "status">): void {
    this.#members.set(sessionId, { ...member, status: "available" });
    this.#showIn(sessionId, true);
    // Their group conversations, so each shows (and pages its history) from the start.
    this.store.groupsOf(this.venue, member.personId, GROUPS_ON_JOIN).then(
      (groups) => groups.forEach((g) => this.#o.outbox.send(sessionId, "chatGroup", g)),
      (err: unknown) => this.#o.log.warn({ err, person: sessionId }, "could not read someone's group conversations"),
    );
  }

  leave(sessionId: string): void {
    if (this.#members.delete(sessionId)) this.line.gone(sessionId);
    this.#buckets.delete(sessionId);
  }

  /** Their connection dropped or came back (the roster shows them away meanwhile). */
  connection(sessionId: string): void {
    this.#showIn(sessionId);
  }

  /** The floor closes: its people leave the venue's roster. */
  close(): void {
    this.line.close();
  }

  #showIn(sessionId: string, welcome = false): void {
    const m = this.#members.get(sessionId);
    if (!m) return;
    const connected = this.#o.person(sessionId)?.connected !== false;
    this.line.here(sessionId, { personId: m.personId, name: m.name, avatar: m.avatar, role: m.role, status: m.status, connected }, welcome);
  }

  member(sessionId: string): ChatMember | undefined {
    return this.#members.get(sessionId);
  }

  setStatus(sessionId: string, status: Status): void {
    const m = this.#members.get(sessionId);
    if (!m || m.status === status) return;
    m.status = status;
    this.#showIn(sessionId);
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
    sendToMany(this.#o.outbox, sessions, type, message);
  }

  /** Send this tick's floor-channel messages: one message alone as `chat`, several as one `chats`. */
  flush(): void {
    if (this.#pending.size === 0) return;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [event, messages] of pending) {
      const sessions = this.sessionsAt(event);
      if (messages.length === 1) this.tell(sessions, "chat", messages[0]!);
      else this.tell(sessions, "chats", { messages });
    }
  }

  #floorMessage(event: string | null, view: ChatView): void {
    if (!this.#o.batch) return this.tell(this.sessionsAt(event), "chat", view);
    const list = this.#pending.get(event);
    if (list) list.push(view);
    else this.#pending.set(event, [view]);
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
      this.#floorMessage(event, this.view(stored, p.id));
    } else if (m.channel === "event") {
      const scope = scopeOf({ channel: "event", event, floor: this.floor });
      if (!MODERATORS.has(me.role) && (await this.store.announcementsOnly(this.venue, scope))) {
        return { code: "forbidden", field: "channel", message: "channel: the event channel is for announcements by hosts right now" };
      }
      stored = { ...base, channel: "event", scope, recipientId: null, recipientName: null, zone: null };
      this.line.deliver({ event, except: this.#o.blockedBy?.(me.personId) }, "chat", this.view(stored, p.id));
    } else if (m.channel === "group") {
      const group = await this.store.group(this.venue, m.group ?? "");
      if (!group || !group.members.some((g) => g.personId === me.personId)) return { code: "not_found", field: "group", message: "group: you are not in that conversation" };
      stored = { ...base, channel: "group", scope: scopeOf({ channel: "group", event, floor: this.floor, group: group.id }), recipientId: null, recipientName: null, zone: null };
      this.line.deliver({ persons: group.members.map((g) => g.personId), except: this.#o.blockedBy?.(me.personId) }, "chat", { ...this.view(stored, p.id), group });
    } else {
      const to = m.to ?? "";
      if (to === me.personId) return { code: "invalid_message", field: "to", message: "to: that is you; pick someone else to message" };
      const them = this.line.whereIs(to);
      const other = them[0];
      if (!other) return { code: "not_found", field: "to", message: "to: that person is not in the venue right now" };
      if (this.#o.blockedBy?.(me.personId).includes(to)) return { code: "forbidden", field: "to", message: `to: you blocked ${other.name}; unblock them to send a message` };
      if (them.every((t) => t.status === "busy")) return { code: "forbidden", field: "to", message: `to: ${other.name} is busy (do not disturb) and gets no direct messages` };
      stored = { ...base, channel: "direct", scope: scopeOf({ channel: "direct", event, floor: this.floor, pair: [me.personId, to] }), recipientId: to, recipientName: other.name, zone: null };
      this.line.deliver({ persons: [to, me.personId] }, "chat", this.view(stored, p.id));
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
    this.flush(); // a message still waiting for the tick goes out before its edit
    if (m.channel === "nearby") {
      const remembered = this.#nearby.get(m.id);
      if (remembered) return this.tell(remembered.recipients, "chatUpdated", update);
    }
    const part = m.scope.split(":")[1] ?? "-";
    const event = part === "-" ? null : part;
    let to: Audience = { persons: [m.senderId] };
    if (m.channel === "direct") to = { persons: [m.senderId, ...(m.recipientId ? [m.recipientId] : [])] };
    else if (m.channel === "event") to = { event };
    else if (m.channel === "group") to = { persons: (await this.store.group(this.venue, part))?.members.map((g) => g.personId) ?? [m.senderId] };
    else if (m.channel === "floor" && m.scope === scopeOf({ channel: "floor", event, floor: this.floor })) return this.tell(this.sessionsAt(event), "chatUpdated", update);
    this.line.deliver(to, "chatUpdated", update);
  }

  // ------------------------------------------------------------ group conversations

  /** Start a group with `add` (you are in it), or add them to a group you are in; every member is told. */
  group(p: FloorPerson, m: ClientMessage<"chatGroup">): void {
    this.#run(p, "chatGroup", async () => {
      const me = this.#members.get(p.id);
      if (!me) return null;
      const adding: ChatGroupView["members"] = [];
      for (const personId of new Set(m.add)) {
        if (personId === me.personId) continue;
        const there = this.line.whereIs(personId)[0];
        if (!there) return { code: "not_found", field: "add", message: "add: one of those people is not in the venue right now" };
        adding.push({ personId, name: there.name });
      }
      let group: ChatGroupView;
      if (m.group === undefined) {
        if (adding.length === 0) return { code: "invalid_message", field: "add", message: "add: name at least one other person" };
        group = { id: this.#o.newId?.() ?? randomUUID(), members: [{ personId: me.personId, name: me.name }, ...adding] };
        if (group.members.length > GROUP_MAX) return { code: "invalid_message", field: "add", message: `add: a group holds at most ${GROUP_MAX} people` };
        await this.store.createGroup(this.venue, { ...group, createdById: me.personId, at: this.#o.now() });
      } else {
        const found = await this.store.group(this.venue, m.group);
        if (!found || !found.members.some((g) => g.personId === me.personId)) return { code: "not_found", field: "group", message: "group: you are not in that conversation" };
        const fresh = adding.filter((a) => !found.members.some((g) => g.personId === a.personId));
        if (found.members.length + fresh.length > GROUP_MAX) return { code: "invalid_message", field: "add", message: `add: a group holds at most ${GROUP_MAX} people` };
        await this.store.addToGroup(this.venue, found.id, fresh);
        group = { id: found.id, members: [...found.members, ...fresh] };
      }
      this.line.deliver({ persons: group.members.map((g) => g.personId) }, "chatGroup", group);
      return null;
    });
  }

  // ------------------------------------------------------------ history and settings

  history(p: FloorPerson, m: ClientMessage<"chatHistory">): void {
    this.#run(p, "chatHistory", async () => {
      const me = this.#members.get(p.id);
      if (!me) return null;
      let group: ChatGroupView | null = null;
      if (m.channel === "group") {
        group = await this.store.group(this.venue, m.group ?? "");
        if (!group || !group.members.some((g) => g.personId === me.personId)) return { code: "not_found", field: "group", message: "group: you are not in that conversation" };
      }
      const scope = scopeOf({ channel: m.channel, event: me.eventId, floor: this.floor, pair: [me.personId, m.with ?? ""], group: group?.id ?? "" });
      const page = await this.#visiblePage(me.personId, scope, m.before);
      const answer: ServerMessages["chatHistory"] = { channel: m.channel, messages: page.messages.map((s) => (group ? { ...this.view(s, ""), group } : this.view(s, ""))), more: page.more };
      if (m.with !== undefined) answer.with = m.with;
      if (group) answer.group = group.id;
      this.#o.outbox.send(p.id, "chatHistory", answer);
      if (m.channel === "event") this.#o.outbox.send(p.id, "chatSettings", { announcementsOnly: await this.store.announcementsOnly(this.venue, scope) });
      return null;
    });
  }

  /**
   * A page of history without the messages of people kept apart from `me` (blocked, either
   * way), as live delivery leaves them out (blocks.ts blockingOutbox). Short pages are filled
   * from older ones, so a conversation someone flooded still shows what others said.
   */
  async #visiblePage(me: string, scope: string, before: string | undefined): Promise<{ messages: StoredChat[]; more: boolean }> {
    const apart = this.#o.apart;
    let page = await this.store.page(this.venue, scope, before, CHAT_PAGE);
    if (!apart) return page;
    const shown: StoredChat[] = [];
    for (let round = 1; ; round++) {
      shown.push(...page.messages.filter((s) => !apart(me, s.senderId)));
      const last = page.messages.at(-1);
      if (shown.length >= CHAT_PAGE || !page.more || !last || round >= PAGES_TO_FILL) break;
      page = await this.store.page(this.venue, scope, last.id, CHAT_PAGE);
    }
    return { messages: shown.slice(0, CHAT_PAGE), more: page.more || shown.length > CHAT_PAGE };
  }

  announcements(p: FloorPerson, m: ClientMessage<"chatAnnouncements">): void {
    this.#run(p, "chatAnnouncements", async () => {
      const me = this.#members.get(p.id);
      if (!me || me.role !== "host") return { code: "forbidden", field: "only", message: "only: only hosts can make the event channel announcements-only" };
      await this.store.setAnnouncementsOnly(this.venue, scopeOf({ channel: "event", event: me.eventId, floor: this.floor }), m.only);
      this.line.deliver({ event: me.eventId }, "chatSettings", { announcementsOnly: m.only });
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
}
