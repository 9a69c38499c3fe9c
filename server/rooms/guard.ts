/**
 * The edge of the room: every client message passes through a MessageGuard before any
 * room logic sees it. It enforces size and rate limits and the message's schema, and
 * counts rejections so a client that keeps sending garbage can be disconnected while
 * everyone else carries on.
 */
import type { z } from "zod";
import {
  MAX_MEDIA_MESSAGE_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  MAX_REJECTS_PER_MINUTE,
} from "../../shared/constants.ts";
import {
  clientMessages,
  describeIssue,
  type ClientMessageType,
  type ErrorCode,
  type ServerMessages,
} from "../../shared/protocol/messages.ts";

export type GuardResult =
  | { ok: true; type: ClientMessageType; data: z.infer<(typeof clientMessages)[ClientMessageType]> }
  | { ok: false; error: ServerMessages["error"]; disconnect: boolean };

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
    const typeName = typeof type === "string" ? type.slice(0, 40) : String(type).slice(0, 40);
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

    let size: number;
    try {
      size = payload === undefined ? 0 : JSON.stringify(payload)?.length ?? 0;
    } catch {
      size = Infinity;
    }
    const limit = type === "media" ? MAX_MEDIA_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
    if (size > limit) {
      return this.#reject(now, "message_too_large", typeName, `message is ${size} bytes; at most ${limit}`);
    }
    if (typeof type !== "string" || !Object.hasOwn(clientMessages, type)) {
      return this.#reject(
        now,
        "unknown_message",
        typeName,
        `unknown message type ${JSON.stringify(typeName)}; expected one of ${Object.keys(clientMessages).join(", ")}`,
      );
    }
    const schema = clientMessages[type as ClientMessageType];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const { field, message } = describeIssue(parsed.error);
      return this.#reject(now, "invalid_message", type, `invalid ${type}: ${message}`, field);
    }
    return { ok: true, type: type as ClientMessageType, data: parsed.data };
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
