/**
 * What a VenueRoom keeps per connection (the socket, its guard) and what onAuth hands
 * onJoin, plus the room's test-only hook. Types and small helpers only.
 */
import type { Client } from "@colyseus/core";
import type { Admission } from "../floor/admission.ts";
import type { FloorPerson } from "../floor/person.ts";
import type { MessageGuard } from "./guard.ts";

/** A person's connection: the floor knows the person, the room knows the socket. */
export interface Attendee {
  readonly person: FloorPerson;
  client: Client;
  readonly guard: MessageGuard;
  /** Disconnected by the server for abuse: no reconnection spot is kept. */
  kicked: boolean;
}

export interface AuthData {
  name: string;
  avatar: string;
  spawn?: string;
  viewport?: { width: number; height: number };
  /** Who they are and their role at the event (null without an admission rule, e.g. in-process tests). */
  admission: Admission | null;
}

/** Test-only message (FOYER_TEST_HOOKS=1): its handler throws, to prove the floor carries on. */
export const TEST_THROW_MESSAGE = "test:throw";

export function throwForTest(): never {
  throw new Error("a handler made to throw (test hook)");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
