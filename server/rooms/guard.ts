/**
 * The edge of the room: every client message passes through a MessageGuard before any
 * room logic sees it. It enforces size and rate limits and the message's schema, and
 * counts rejections so a client that keeps sending garbage can be disconnected while
 * everyone else carries on. The type and payload are whatever a hostile client made
 * msgpack decode to (objects with a `toString` key, BigInts, …): nothing here converts
 * them implicitly, so no input can throw.
 */
import {
  MAX_MEDIA_MESSAGE_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  MAX_REJECTS_PER_MINUTE,
} from "../../shared/constants.ts";
import { CHAT_MESSAGE_BYTES, CHAT_TEXT_TYPES } from "../../shared/chat/text.ts";
import {
  describeMessageType,
  isClientMessageType,
  parseClientMessage,
  type ErrorCode,
  type ReceivedMessage,
  type ServerMessages,
} from "../../shared/protocol/messages.ts";

export type GuardResult =
  | ({ ok: true } & ReceivedMessage)
  | { ok: false; error: ServerMessages["error"]; disconnect: boolean };

/** JSON length of a decoded payload; BigInts count as their digits. Infinity if it cannot be measured. */
function payloadSize(payload: unknown): number {
  if (payload === undefined) return 0;
  try {
    return JSON.stringify(payload, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))?.length ?? 0;
  } catch {
    return Infinity;
  }
}

export class MessageGuard {
  #tokens = MAX_MESSAGES_PER_SECOND;
  #lastRefill: number;
  #rejects: number[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#lastRefill = now();
  }

  check(type: unknown, payload: unknown): GuardResult {
    const now = this.#now();
    const typeName = describeMessageType(type);
    // Token bucket: MAX_MESSAGES_PER_SECOND sustained, same burst.
    this.#tokens = Math.min(
      MAX_MESSAGES_PER_SECOND,
      this.#tokens + ((now - this.#lastRefill) / 1000) * MAX_MESSAGES_PER_SECOND,
    );
    this.#lastRefill = now;
    if (this.#tokens < 1) {
      return this.#reject(now, "rate_limited", typeName, `too many messages; at most ${MAX_MESSAGES_PER_SECOND} per second`);
    }
    this.#tokens -= 1;

    if (!isClientMessageType(type)) {
      return this.#reject(
        now,
        "unknown_message",
        typeName,
        `unknown message type ${typeName}; expected one of ${describeKnownTypes()}`,
      );
    }
    const size = payloadSize(payload);
    const limit = type === "media" ? MAX_MEDIA_MESSAGE_BYTES : CHAT_TEXT_TYPES.has(type) ? CHAT_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
    if (size === Infinity) {
      return this.#reject(now, "invalid_message", type, `invalid ${type}: the message could not be read as JSON data`);
    }
    if (size > limit) {
      return this.#reject(now, "message_too_large", type, `message is ${size} bytes; at most ${limit}`, CHAT_TEXT_TYPES.has(type) ? "text" : undefined);
    }
    const parsed = parseClientMessage(type, payload);
    if (!parsed.ok) {
      return this.#reject(now, "invalid_message", type, `invalid ${type}: ${parsed.message}`, parsed.field);
    }
    return { ok: true, ...parsed.message };
  }

  /** Count a message refused after the guard let it through (e.g. a media request's data). */
  refuse(code: ErrorCode, type: string, message: string, field?: string): Extract<GuardResult, { ok: false }> {
    return this.#reject(this.#now(), code, type, message, field);
  }

  #reject(now: number, code: ErrorCode, type: string, message: string, field?: string): Extract<GuardResult, { ok: false }> {
    this.#rejects.push(now);
    while (this.#rejects.length && this.#rejects[0]! < now - 60_000) this.#rejects.shift();
    const error: ServerMessages["error"] = { code, type, message };
    if (field !== undefined) error.field = field;
    return { ok: false, error, disconnect: this.#rejects.length > MAX_REJECTS_PER_MINUTE };
  }
}

let knownTypes: string | undefined;
function describeKnownTypes(): string {
  return (knownTypes ??= parseClientMessage.types.join(", "));
}
