/**
 * Every message that crosses the room connection, one zod schema each, imported by
 * both the server (to validate on arrival) and the client (to type what it sends and
 * receives). A message that fails its schema is answered with an `error` naming the
 * field; it never reaches room logic.
 */
import { z } from "zod";
import { AVATARS, MAX_VIEWPORT_TILES, NAME_MAX_LENGTH, NAME_MIN_LENGTH } from "../constants.ts";
import { issuePath } from "./describe.ts";
import { mediaRequestSchema } from "./media.ts";
import { chatClientMessages, type ChatServerMessages } from "./chat.ts";
import { moderationClientMessages, type ModerationServerMessages } from "./moderation.ts";
import { mixerClientMessages, type MixerServerMessages } from "./mixer.ts";
import { knockClientMessages, type FollowInfo, type KnockServerMessages } from "./knock.ts";
import { nameProblem, normalizeName } from "./names.ts";
import { profileClientMessages, type ProfileServerMessages } from "./profile.ts";
import type { VenueServerMessages } from "./venue.ts";
import type { NudgeServerMessages } from "./nudge.ts";

const axis = z.union([z.literal(-1), z.literal(0), z.literal(1)], { error: "must be -1, 0 or 1" });

/** A person's name as others see it (shared/protocol/names.ts has the rules). */
export const displayNameSchema = z
  .string({ error: "must be text" })
  .transform(normalizeName)
  .superRefine((name, ctx) => {
    const problem = nameProblem(name, NAME_MIN_LENGTH, NAME_MAX_LENGTH);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const avatarSchema = z.enum(AVATARS, { error: `must be one of ${AVATARS.join(", ")}` });

export const viewportSchema = z.object({
  width: z.number().int().min(1).max(1000),
  height: z.number().int().min(1).max(1000),
}).strict();

/** Options sent with joinOrCreate("floor", …). */
/** Venue and floor names in URLs and join options. */
export const SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;
export const slugSchema = z.string().regex(SLUG_PATTERN, "must be a slug (a-z, 0-9, -)");
/** The built-in venue, used when a link names none. */
export const DEFAULT_VENUE = "foyer";

export const joinOptionsSchema = z.object({
  venue: slugSchema.default(DEFAULT_VENUE),
  floor: slugSchema.default("main"),
  /** Arriving through a portal: the spawn zone to appear in (default: any spawn). */
  spawn: z.string().min(1).max(120).optional(),
  name: displayNameSchema,
  avatar: avatarSchema,
  viewport: viewportSchema.optional(),
  /** The event's password, for an event that has one. */
  password: z.string().min(1).max(200).optional(),
}).strict();
export type JoinOptions = z.input<typeof joinOptionsSchema>;

/** Client → server messages, by type. */
export const clientMessages = {
  /** The direction the person is holding (arrow keys / WASD); 0,0 = stop. */
  move: z.object({ dx: axis, dy: axis, seq: z.number().int().min(0).max(2 ** 31) }).strict(),
  /** Walk to a tile along a path (click on the map). */
  walkTo: z.object({ tx: z.number().int().min(0).max(4096), ty: z.number().int().min(0).max(4096) }).strict(),
  /** Where is this person? (from the who's-here list, to walk over); answered with `located`. */
  locate: z.object({ id: z.string().min(1).max(64) }).strict(),
  /** "Send me everyone I see again": the client's copy of positions missed an arrival. */
  resync: z.object({}).strict(),
  /** The client's visible area in tiles; the server clamps it to MAX_VIEWPORT_TILES. */
  viewport: viewportSchema,
  /** Media signalling (shared/protocol/media.ts); answered with `mediaResponse`. */
  media: mediaRequestSchema,
  /** The sender muted or unmuted their microphone: relayed at once to whoever hears them (`speaking`). */
  speaking: z.object({ muted: z.boolean({ error: "must be true or false" }) }).strict(),
  /** Chat, reactions, status and profile cards (shared/protocol/chat.ts). */
  ...chatClientMessages,
  /** Moderation, raised hands and reports (shared/protocol/moderation.ts). */
  ...moderationClientMessages,
  /** Mixer rounds (shared/protocol/mixer.ts). */
  ...mixerClientMessages,
  /** Closing a spot, knocking, following (shared/protocol/knock.ts). */
  ...knockClientMessages,
  /** Editing your interests, intents and affiliation (shared/protocol/profile.ts). */
  ...profileClientMessages,
} as const;
export type ClientMessageType = keyof typeof clientMessages;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof clientMessages)[T]>;

/** `{ type, data }` for one message type, so a parsed message's data is typed by its type. */
function envelope<K extends ClientMessageType>(type: K) {
  return z.object({ type: z.literal(type), data: clientMessages[type] });
}
const receivedMessage = z.discriminatedUnion("type", [
  envelope("move"),
  envelope("walkTo"),
  envelope("locate"),
  envelope("resync"),
  envelope("viewport"),
  envelope("media"),
  envelope("speaking"),
  envelope("chatSend"),
  envelope("chatEdit"),
  envelope("chatDelete"),
  envelope("chatHistory"),
  envelope("chatAnnouncements"),
  envelope("chatGroup"),
  envelope("react"),
  envelope("status"),
  envelope("profile"),
  envelope("moderate"),
  envelope("hand"),
  envelope("report"),
  envelope("block"),
  envelope("mixer"),
  envelope("spot"),
  envelope("knock"),
  envelope("knockAnswer"),
  envelope("follow"),
  envelope("unfollow"),
  envelope("editProfile"),
]);
/** A client message that passed its schema: a union discriminated by `type`. */
export type ReceivedMessage = z.infer<typeof receivedMessage>;
// Every message type must be in the union above (a compile error here names the missing one).
const everyTypeReceived: Record<ClientMessageType, true> = { move: true, walkTo: true, locate: true, resync: true, viewport: true, media: true, speaking: true, chatSend: true, chatEdit: true, chatDelete: true, chatHistory: true, chatAnnouncements: true, chatGroup: true, react: true, status: true, profile: true, moderate: true, hand: true, report: true, block: true, mixer: true, spot: true, knock: true, knockAnswer: true, follow: true, unfollow: true, editProfile: true } satisfies Record<ReceivedMessage["type"], true>;

export function isClientMessageType(type: unknown): type is ClientMessageType {
  return typeof type === "string" && Object.hasOwn(clientMessages, type);
}

/**
 * A message type as a client may have sent it — any msgpack value — as short, safe text
 * for an error reply. Never converts an object implicitly (a `toString` key must not run).
 */
export function describeMessageType(type: unknown): string {
  if (typeof type === "string") return type.slice(0, 40);
  if (typeof type === "number" || typeof type === "bigint" || typeof type === "boolean") return String(type).slice(0, 40);
  if (type === null) return "(null)";
  if (Array.isArray(type)) return "(an array)";
  return `(${typeof type === "object" ? "an object" : typeof type})`;
}

export type ParsedClientMessage =
  | { ok: true; message: ReceivedMessage }
  | { ok: false; field?: string; message: string };

/** Checks a payload against its type's schema; a failure names the field (relative to the payload). */
export function parseClientMessage(type: ClientMessageType, payload: unknown): ParsedClientMessage {
  const parsed = receivedMessage.safeParse({ type, data: payload });
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const path = (issue ? issuePath(issue) : []).slice(1).join(".");
  const text = issue?.message ?? "invalid";
  return path ? { ok: false, field: path, message: `${path}: ${text}` } : { ok: false, message: text };
}
parseClientMessage.types = Object.keys(everyTypeReceived);

export const ERROR_CODES = [
  "invalid_message",
  "unknown_message",
  "message_too_large",
  "rate_limited",
  "unreachable",
  "zone_full",
  "not_found",
  "forbidden",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Server → client messages, by type. */
export interface ServerMessages extends ChatServerMessages, ModerationServerMessages, KnockServerMessages, MixerServerMessages, VenueServerMessages, ProfileServerMessages, NudgeServerMessages {
  mediaResponse: import("./media.ts").MediaResponse;
  mediaEvent: import("./media.ts").MediaEvent;
  /** Something the client sent was refused; `type` is the refused message's type. */
  error: { code: ErrorCode; type: string; message: string; field?: string };
  /** The server is shutting down or the host removed you; the client should say so. */
  notice: { kind: "shutdown" | "kicked" | "ended"; message: string };
  /** Answer to `locate`: the tile the person stands on now. */
  located: { id: string; tx: number; ty: number };
  /** `id`, whom you hear, muted or unmuted their microphone (ahead of their media pausing). */
  speaking: { id: string; muted: boolean };
  /** You and `id` (a session on this floor) talked long enough to be in each other's "people I met". */
  met: { id: string };
  /** You walked into a portal (or your floor was deleted): leave this floor and join `floor`, appearing at `spawn`. */
  portal: {
    venue: string;
    floor: string;
    spawn?: string;
    /** The portal's name ("" when a host's deletion moves you). */
    via: string;
    /** You are following someone through it: follow them on there (`follow` with personId). */
    follow?: FollowInfo;
    /** The floor you stood on was deleted by a host: you go to `floor`, whose name is `floorName` (the client says why). */
    removed?: { floorName: string };
  };
}

export { describeIssue } from "./describe.ts";

export function clampViewport(v: { width: number; height: number }): { width: number; height: number } {
  return {
    width: Math.min(v.width, MAX_VIEWPORT_TILES.width),
    height: Math.min(v.height, MAX_VIEWPORT_TILES.height),
  };
}
