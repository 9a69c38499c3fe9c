/**
 * Messages of hosts running the room (issue #12): moderation commands, raising a hand,
 * reporting someone, and what the server tells people about them. One schema per client
 * message, spread into messages.ts's `clientMessages`; the server checks roles, never the
 * client.
 */
import { z } from "zod";

const person = z.string({ error: "must be a person's id on this floor" }).min(1).max(64);
const zone = z.string({ error: "must be a zone's name" }).min(1).max(120);
const videoSource = z.enum(["camera", "screen"], { error: "must be camera or screen" });
const reason = z.string({ error: "must be text" }).trim().max(300, "must be at most 300 characters").optional();

/** What a host or moderator can do (an attendee's attempt is refused and audited). */
export const moderateSchema = z.discriminatedUnion(
  "action",
  [
    /** Pause their microphone on the server; they cannot unmute until `unmute`. */
    z.object({ action: z.literal("mute"), id: person, reason }).strict(),
    /** Allow them to speak again (they unmute themselves). */
    z.object({ action: z.literal("unmute"), id: person, reason }).strict(),
    /** Stop their camera or screen share on the server; they cannot start it again until `allow`. */
    z.object({ action: z.literal("stop"), id: person, source: videoSource, reason }).strict(),
    /** Let them turn that camera or screen share on again. */
    z.object({ action: z.literal("allow"), id: person, source: videoSource, reason }).strict(),
    /** Put them in a zone of this floor (a table, a corner, the stage…). */
    z.object({ action: z.literal("move"), id: person, zone, reason }).strict(),
    /** Remove them from the event, with a message; they may come back. */
    z.object({ action: z.literal("remove"), id: person, reason }).strict(),
    /** Remove them and refuse their identity at this event (or the whole venue). */
    z.object({ action: z.literal("ban"), id: person, scope: z.enum(["event", "venue"], { error: "must be event or venue" }).optional(), reason }).strict(),
    /** Nobody else may walk into this table or coffee corner / may again. */
    z.object({ action: z.literal("close"), zone, reason }).strict(),
    z.object({ action: z.literal("open"), zone, reason }).strict(),
    /** Mute everyone on the floor who is not a host (they cannot unmute until allowed one by one). */
    z.object({ action: z.literal("muteAll"), reason }).strict(),
    /** An announcement to the whole floor, shown as a banner. */
    z.object({ action: z.literal("megaphone"), text: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(500, "must be at most 500 characters") }).strict(),
    /** Invite someone onto the stage (a temporary speaker) or send them back down. */
    z.object({ action: z.literal("bringUp"), id: person }).strict(),
    z.object({ action: z.literal("bringDown"), id: person }).strict(),
    /** Hosts only: end the event you came in for, for everyone on every floor of the venue (attendees are let go). */
    z.object({ action: z.literal("endEvent"), reason }).strict(),
  ],
  { error: "must be one of mute, unmute, stop, allow, move, remove, ban, close, open, muteAll, megaphone, bringUp, bringDown, endEvent" },
);
export type ModerateCommand = z.infer<typeof moderateSchema>;
export type ModerationAction = ModerateCommand["action"] | "report";
/** What a host can hold off for someone: the microphone (mute), the camera or the screen share (stop). */
export type HeldSource = "mic" | "camera" | "screen";

export const moderationClientMessages = {
  /** A host's or moderator's command (shared/protocol/moderation.ts). */
  moderate: moderateSchema,
  /** Raise or lower your hand to be brought onto the stage. */
  hand: z.object({ raised: z.boolean({ error: "must be true or false" }) }).strict(),
  /** Tell the moderators about someone. */
  report: z.object({ id: person, reason: z.string({ error: "must be text" }).trim().min(1, "must say what happened").max(500, "must be at most 500 characters") }).strict(),
  /** Block someone (by identity: you no longer hear, see or get messages from each other), or unblock them. */
  block: z.object({ personId: person, blocked: z.boolean({ error: "must be true or false" }) }).strict(),
} as const;

/** Someone you blocked (the list you unblock from). */
export interface BlockedPerson {
  personId: string;
  name: string;
}

/** One raised hand in the queue hosts see (oldest first). */
export interface RaisedHand {
  id: string;
  name: string;
  at: number;
}

export interface ModerationServerMessages {
  /** A host or moderator did something to you: say it on your page (`muted` also locks the mic button). */
  moderated: { action: ModerationAction; message: string; /** stop and allow: which of your media. */ source?: HeldSource };
  /** Your command was carried out (`message` says what happened). */
  moderationDone: { action: ModerationAction; message: string };
  /** To hosts and moderators: someone was reported. */
  reported: { id: string; name: string; by: string; reason: string };
  /** To hosts and moderators: raised hands, oldest first (sent whenever it changes). */
  hands: { queue: RaisedHand[] };
  /** To you: your hand is up or down (a host brought you up, or you lowered it). */
  hand: { raised: boolean };
  /** To someone on a stage: how many people in its audience hear them (onStage false when they step off). */
  live: { onStage: boolean; listening: number };
  /** To you: everyone you blocked (on joining, and after every block or unblock). */
  blocks: { people: BlockedPerson[] };
  /** A host's megaphone: a banner for the whole floor. */
  megaphone: { from: string; text: string };
}
