/**
 * Blocking (issue #12): anyone may block someone by identity, and from then on the two are
 * apart on every floor — neither hears, sees or gets chat from the other. Blocks persist
 * per person (BlockStore; server/db/blocks.ts). This module only knows who blocked whom
 * among the people on this floor and answers `apart`; media, the interest view and chat
 * ask it. Never holds a socket; people are told through the Outbox.
 */
import type { ClientMessage, ServerMessages } from "../../shared/protocol/messages.ts";
import type { BlockedPerson } from "../../shared/protocol/moderation.ts";
import type { Logger } from "../log.ts";
import { sendToMany, type Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/** Where blocks are kept, by identity. */
export interface BlockStore {
  /** Everyone `personId` blocked, with their names. */
  list(personId: string): Promise<BlockedPerson[]>;
  /** Block (or unblock) `blockedId` for `personId`; blocking twice keeps one block. */
  set(personId: string, blockedId: string, blocked: boolean): Promise<void>;
}

/** For tests and servers without a database: blocks in memory, names from whoever told us. */
export function memoryBlockStore(nameOf: (personId: string) => string | undefined = () => undefined): BlockStore {
  const blocks = new Map<string, Set<string>>();
  return {
    list: async (personId) => [...(blocks.get(personId) ?? [])].map((id) => ({ personId: id, name: nameOf(id) ?? "Someone" })),
    set: async (personId, blockedId, blocked) => {
      const mine = blocks.get(personId) ?? new Set<string>();
      if (blocked) mine.add(blockedId);
      else mine.delete(blockedId);
      blocks.set(personId, mine);
    },
  };
}

export interface FloorBlocksOptions {
  outbox: Outbox;
  log: Logger;
  store: BlockStore;
  /** A session's identity on this floor (undefined: not here). */
  personOf(sessionId: string): string | undefined;
  /** Sessions of an identity on this floor. */
  sessionsOf(personId: string): string[];
  /** Someone's block list changed (or arrived): media and views must follow at once. */
  changed(sessions: string[]): void;
}

export class FloorBlocks {
  readonly #o: FloorBlocksOptions;
  /** Who blocked whom, by identity, for the people on this floor (loaded when they arrive). */
  readonly #blocked = new Map<string, Set<string>>();
  /** Sessions per identity whose list is loaded (an identity's list goes when its last session does). */
  readonly #present = new Map<string, number>();

  constructor(o: FloorBlocksOptions) {
    this.#o = o;
  }

  /** Has `by` blocked `whom` (identities)? */
  blocks(by: string, whom: string): boolean {
    return this.#blocked.get(by)?.has(whom) ?? false;
  }

  /** Everyone `by` blocked (identities), while `by` is on this floor. */
  blockedBy(by: string): string[] {
    return [...(this.#blocked.get(by) ?? [])];
  }

  /** Are these two identities apart (either blocked the other)? */
  apartPeople(a: string, b: string): boolean {
    return a !== b && (this.blocks(a, b) || this.blocks(b, a));
  }

  /** `apart` while anyone on this floor blocked someone; null otherwise (nothing to check, nothing to cost). */
  active(): ((a: string, b: string) => boolean) | null {
    return this.#blocked.size === 0 ? null : this.#apart;
  }

  readonly #apart = (a: string, b: string): boolean => this.apart(a, b);

  /** Are these two sessions apart? */
  apart(a: string, b: string): boolean {
    if (this.#blocked.size === 0) return false;
    const pa = this.#o.personOf(a);
    const pb = this.#o.personOf(b);
    return pa !== undefined && pb !== undefined && this.apartPeople(pa, pb);
  }

  /** Someone arrived: read their blocks, tell them the list, and separate them from whoever they blocked. */
  join(sessionId: string, personId: string): void {
    this.#present.set(personId, (this.#present.get(personId) ?? 0) + 1);
    this.#o.store
      .list(personId)
      .then((people) => {
        if (!this.#present.has(personId)) return;
        const ids = new Set(people.map((p) => p.personId));
        if (ids.size > 0) this.#blocked.set(personId, ids);
        this.#o.outbox.send(sessionId, "blocks", { people });
        if (ids.size > 0) this.#o.changed([sessionId]);
      })
      .catch((err: unknown) => this.#o.log.warn({ err, person: personId }, "could not read blocks"));
  }

  leave(personId: string): void {
    const n = (this.#present.get(personId) ?? 1) - 1;
    if (n > 0) return void this.#present.set(personId, n);
    this.#present.delete(personId);
    this.#blocked.delete(personId);
  }

  /** `block`: block or unblock someone; both sides are separated (or joined) at once, the list follows. */
  block(p: FloorPerson, m: ClientMessage<"block">): void {
    const me = this.#o.personOf(p.id);
    if (!me) return;
    if (m.personId === me) {
      this.#o.outbox.send(p.id, "error", { code: "invalid_message", type: "block", field: "personId", message: "personId: that is you; you cannot block yourself" });
      return;
    }
    const mine = this.#blocked.get(me) ?? new Set<string>();
    if (m.blocked) mine.add(m.personId);
    else mine.delete(m.personId);
    if (mine.size > 0) this.#blocked.set(me, mine);
    else this.#blocked.delete(me);
    const mySessions = this.#o.sessionsOf(me);
    this.#o.changed([...mySessions, ...this.#o.sessionsOf(m.personId)]);
    this.#o.store
      .set(me, m.personId, m.blocked)
      .then(() => this.#o.store.list(me))
      .then((people) => {
        for (const s of mySessions) this.#o.outbox.send(s, "blocks", { people });
      })
      .catch((err: unknown) => {
        this.#o.log.warn({ err, person: me }, "could not store a block");
        this.#o.outbox.send(p.id, "error", { code: "not_found", type: "block", message: "the block could not be saved; try again in a moment" });
      });
  }
}

function isChat(type: keyof ServerMessages, _message: unknown): _message is ServerMessages["chat"] {
  return type === "chat";
}

/**
 * Chat's outbox on this floor: a chat line from someone a recipient is kept apart from
 * never reaches them (whichever floor it was said on; the venue's line delivers here).
 */
export function blockingOutbox(outbox: Outbox, blocks: Pick<FloorBlocks, "apartPeople">, personOf: (sessionId: string) => string | undefined): Outbox {
  /** One reader's copy: without the lines of people they are kept apart from (none left: nothing). */
  const sendOne: Outbox["send"] = (sessionId, type, message) => {
    const me = personOf(sessionId);
    if (me !== undefined && isChat(type, message) && blocks.apartPeople(me, message.from.personId)) return;
    if (me !== undefined && isChats(type, message)) {
      const left = message.messages.filter((m) => !blocks.apartPeople(me, m.from.personId));
      if (left.length === 0) return;
      if (left.length < message.messages.length) return outbox.send(sessionId, "chats", { messages: left });
    }
    outbox.send(sessionId, type, message);
  };
  return {
    send: sendOne,
    sendMany(sessionIds, type, message) {
      const senders = chatSenders(type, message);
      if (senders.length === 0) return sendToMany(outbox, sessionIds, type, message);
      // The few kept apart from a sender get their own copy; everyone else shares one.
      const shared: string[] = [];
      for (const id of sessionIds) {
        const me = personOf(id);
        if (me === undefined || !senders.some((s) => blocks.apartPeople(me, s))) shared.push(id);
        else sendOne(id, type, message);
      }
      sendToMany(outbox, shared, type, message);
    },
    refuse: (sessionId, type, message) => outbox.refuse(sessionId, type, message),
  };
}

function isChats(type: keyof ServerMessages, _message: unknown): _message is ServerMessages["chats"] {
  return type === "chats";
}

/** Whose lines a message carries (chat and chats), for keeping blocked people's words away. */
function chatSenders(type: keyof ServerMessages, message: unknown): string[] {
  if (isChat(type, message)) return [message.from.personId];
  if (isChats(type, message)) return [...new Set(message.messages.map((m) => m.from.personId))];
  return [];
}
