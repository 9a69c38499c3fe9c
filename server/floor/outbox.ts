/**
 * What the floor's modules may say to people: a message to one person, and a refusal
 * that counts toward disconnecting them. The room delivers both; no module holds a socket,
 * which is what lets the floor run in a unit test.
 */
import type { ClientMessageType, ServerMessages } from "../../shared/protocol/messages.ts";

export interface Outbox {
  send<K extends keyof ServerMessages>(personId: string, type: K, message: ServerMessages[K]): void;
  /** A message the guard let through was refused after all (a media request's data): it counts like any refused message. */
  refuse(personId: string, type: ClientMessageType, message: string): void;
}
