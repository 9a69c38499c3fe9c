/**
 * What the floor's modules may say to people: a message to one person, and a refusal
 * that counts toward disconnecting them. The room delivers both; no module holds a socket,
 * which is what lets the floor run in a unit test.
 */
import type { ClientMessageType, ServerMessages } from "../../shared/protocol/messages.ts";

export interface Outbox {
  send<K extends keyof ServerMessages>(personId: string, type: K, message: ServerMessages[K]): void;
  /**
   * The same message to many people. A room encodes it once and writes the same bytes to
   * every socket (a floor message at 1000 people is one encode, not 1000); without it,
   * `sendToMany` sends one at a time.
   */
  sendMany?<K extends keyof ServerMessages>(personIds: Iterable<string>, type: K, message: ServerMessages[K]): void;
  /** A message the guard let through was refused after all (a media request's data): it counts like any refused message. */
  refuse(personId: string, type: ClientMessageType, message: string): void;
}

/** The same message to each of `personIds`: at once where the outbox can, else one by one. */
export function sendToMany<K extends keyof ServerMessages>(outbox: Outbox, personIds: Iterable<string>, type: K, message: ServerMessages[K]): void {
  if (outbox.sendMany) outbox.sendMany(personIds, type, message);
  else for (const id of personIds) outbox.send(id, type, message);
}
