/**
 * Mixer rounds on the wire (issue #13): a host starts N rounds of M seconds with groups
 * of 2–5, attendees opt in, and each person is told their round, place, group and
 * icebreaker. One schema per client message, spread into messages.ts's `clientMessages`;
 * the server checks who may start or stop a mixer, never the client.
 */
import { z } from "zod";

export const MIXER_LIMITS = {
  rounds: { min: 1, max: 12 },
  /** Round length in seconds (the host's controls speak minutes; tests run rounds of seconds). */
  seconds: { min: 2, max: 3600 },
  /** Time between "the mixer starts" and round 1, for people to opt in. */
  startIn: { min: 0, max: 600 },
  size: { min: 2, max: 5 },
  prompt: 300,
} as const;

const whole = (what: string, { min, max }: { min: number; max: number }) =>
  z.number({ error: `must be a number of ${what}` }).int(`must be a whole number of ${what}`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

const startSchema = z
  .object({
    action: z.literal("start"),
    rounds: whole("rounds", MIXER_LIMITS.rounds),
    seconds: whole("seconds", MIXER_LIMITS.seconds),
    startIn: whole("seconds", MIXER_LIMITS.startIn).optional(),
    minSize: whole("people", MIXER_LIMITS.size),
    maxSize: whole("people", MIXER_LIMITS.size),
    /** The host's own icebreaker; without it each group gets one from the built-in list. */
    prompt: z.string({ error: "must be text" }).trim().max(MIXER_LIMITS.prompt, `must be at most ${MIXER_LIMITS.prompt} characters`).optional(),
    /** Keep people of the same affiliation (organisation) out of one group while possible. */
    avoidSameAffiliation: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict()
  .refine((s) => s.minSize <= s.maxSize, { message: "must be at least minSize", path: ["maxSize"] });

export const mixerCommandSchema = z.discriminatedUnion(
  "action",
  [
    startSchema,
    /** A host ends the mixer now (everyone is told). */
    z.object({ action: z.literal("stop") }).strict(),
    /** Opt in ("Join the mixer") or out. */
    z.object({ action: z.literal("join") }).strict(),
    z.object({ action: z.literal("leave") }).strict(),
    /** Sit this round out (you stay in for the next one). */
    z.object({ action: z.literal("skip") }).strict(),
    /** Put me at my group's place now (instead of walking there). */
    z.object({ action: z.literal("teleport") }).strict(),
    /** Tell me how the mixer looks now (a page that just joined asks; answered with `mixer`). */
    z.object({ action: z.literal("view") }).strict(),
  ],
  { error: "must be one of start, stop, join, leave, skip, teleport, view" },
);
export type MixerCommand = z.infer<typeof mixerCommandSchema>;

export const mixerClientMessages = {
  /** Mixer rounds: a host's start/stop, everyone's join/leave/skip/teleport. */
  mixer: mixerCommandSchema,
} as const;

/** Your group in this round. */
export interface MixerGroupView {
  /** The table or coffee corner, or null: meet on the open floor near the first member. */
  place: string | null;
  /** The tile to walk to (inside the place), or null. */
  tile: { tx: number; ty: number } | null;
  /** Everyone in the group, you included (session ids on this floor and names). */
  members: { id: string; name: string }[];
  /** A built-in icebreaker (index into shared/mixer/icebreakers.ts), or null when the host wrote one. */
  icebreaker: number | null;
  prompt: string | null;
}

/** What the mixer looks like for one person; sent whenever it changes for them. */
export interface MixerView {
  /** idle: no mixer; lobby: started, round 1 comes in `remainingMs`; round: a round runs; done: the last round ended. */
  phase: "idle" | "lobby" | "round" | "done";
  round: number;
  rounds: number;
  /** Each round's length. */
  seconds: number;
  /** Until round 1 (lobby) or the end of this round, at the moment this was sent. */
  remainingMs: number;
  /** You opted in. */
  joined: boolean;
  participants: number;
  /** You may start and stop mixers (host, moderator). */
  mayRun: boolean;
  /** Your group this round (null: waiting for the next round, skipped, or not in). */
  group: MixerGroupView | null;
  skipped: boolean;
}

export interface MixerServerMessages {
  mixer: MixerView;
}
