/**
 * The wire side of "talk beyond voice" (issue #11): chat, reactions, status and profile
 * cards, one zod schema per client message (spread into clientMessages in messages.ts)
 * and the shapes the server sends back. Text limits live in shared/chat/text.ts.
 */
import { z } from "zod";
import { CHAT_TEXT_MAX, cleanText, GROUP_MAX } from "../chat/text.ts";

export const REACTIONS = ["wave", "clap", "thumbs-up", "heart", "laugh", "raised-hand"] as const;
export type Reaction = (typeof REACTIONS)[number];
export const STATUSES = ["available", "busy", "away"] as const;
export type Status = (typeof STATUSES)[number];

const id = z.string({ error: "must be text" }).min(1, "must not be empty").max(64, "at most 64 characters");
const text = z
  .string({ error: "must be text" })
  .transform(cleanText)
  .refine((t) => t.length > 0, "must not be empty")
  .refine((t) => t.length <= CHAT_TEXT_MAX, `at most ${CHAT_TEXT_MAX} characters`);

export const chatClientMessages = {
  /** Say something: `to` is the person (identity id) of a direct message, `group` the group conversation's id. */
  chatSend: z
    .object({ channel: z.enum(["nearby", "floor", "event", "direct", "group"], { error: "must be nearby, floor, event, direct or group" }), to: id.optional(), group: id.optional(), text })
    .strict()
    .refine((m) => m.channel !== "direct" || m.to !== undefined, { message: "a direct message needs the person it is for", path: ["to"] })
    .refine((m) => m.channel !== "group" || m.group !== undefined, { message: "a group message needs the group's id", path: ["group"] }),
  /** Change your own message. */
  chatEdit: z.object({ id, text }).strict(),
  /** Remove your own message (hosts and moderators: anyone's). */
  chatDelete: z.object({ id }).strict(),
  /** A page of history, newest first, older than `before` (a message id); `with` is the other person of a direct conversation. */
  chatHistory: z
    .object({ channel: z.enum(["floor", "event", "direct", "group"], { error: "must be floor, event, direct or group" }), with: id.optional(), group: id.optional(), before: id.optional() })
    .strict()
    .refine((m) => m.channel !== "direct" || m.with !== undefined, { message: "direct history needs the other person", path: ["with"] })
    .refine((m) => m.channel !== "group" || m.group !== undefined, { message: "group history needs the group's id", path: ["group"] }),
  /**
   * Start a group conversation with these people (identity ids; you are in it too), or add
   * them to the group `group` you are in. Answered with `chatGroup` to every member.
   */
  chatGroup: z
    .object({
      group: id.optional(),
      add: z
        .array(id, { error: "must be a list of people" })
        .min(1, "name at least one person")
        .max(GROUP_MAX - 1, `a group holds at most ${GROUP_MAX} people`),
    })
    .strict(),
  /** Hosts: the event channel is for announcements only (or open to everyone again). */
  chatAnnouncements: z.object({ only: z.boolean({ error: "must be true or false" }) }).strict(),
  /** A reaction shown above your avatar for a few seconds. */
  react: z.object({ kind: z.enum(REACTIONS, { error: `must be one of ${REACTIONS.join(", ")}` }) }).strict(),
  /** Available, busy (do not disturb) or away. */
  status: z.object({ status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(", ")}` }) }).strict(),
  /** Someone's profile card (by their id on this floor); answered with `profile`. */
  profile: z.object({ id }).strict(),
} as const;

export interface ChatAuthor {
  /** Identity (Person id): what direct messages are addressed to. */
  personId: string;
  /** Their session on a floor when they sent it (empty in history). */
  id: string;
  name: string;
}

/** A group conversation and who is in it (by identity). */
export interface ChatGroupView {
  id: string;
  members: { personId: string; name: string }[];
}

export interface ChatView {
  id: string;
  channel: "nearby" | "floor" | "event" | "direct" | "group";
  /** Group messages: the conversation (its id and members). */
  group?: ChatGroupView;
  from: ChatAuthor;
  /** Direct messages: the person it is for, and their name. */
  to?: { personId: string; name: string };
  /** Nearby: the spot it was said in (null on the open floor). */
  zone?: string | null;
  text: string;
  /** ms since epoch. */
  at: number;
  editedAt?: number;
}

export interface ChatServerMessages {
  chat: ChatView;
  /**
   * Several floor-channel messages of one server tick (50 ms), oldest first: at 1000 people
   * and 50 messages a second, one write per person a tick instead of one per message.
   */
  chats: { messages: ChatView[] };
  /** A message was edited (`text`) or deleted (`text` null). */
  chatUpdated: { id: string; text: string | null; editedAt: number };
  /** Answer to chatHistory: newest first; `more` when older messages exist. */
  chatHistory: { channel: "floor" | "event" | "direct" | "group"; with?: string; group?: string; messages: ChatView[]; more: boolean };
  /** A group conversation you are in was started or someone was added (also each of yours on joining). */
  chatGroup: ChatGroupView;
  /** Whether only hosts and moderators may post in the event channel. */
  chatSettings: { announcementsOnly: boolean };
  /** Someone you see reacted. */
  reaction: { id: string; kind: Reaction };
  /** Answer to `profile`. */
  profile: { id: string; personId: string; name: string; avatar: string; role: string; status: Status; headline: string | null; pronouns: string | null; interests: string[]; lookingFor: string[]; offering: string[]; affiliation: string | null };
}
