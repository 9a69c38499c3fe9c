/**
 * The wire side of knocking and following (issue #11): the people in a table or coffee
 * corner close it and answer knocks; anyone follows someone across the floor and through
 * portals. One zod schema per client message (spread into clientMessages in messages.ts)
 * and the shapes the server sends back. The server decides who may do what.
 */
import { z } from "zod";

/** A knocker further than this from the spot's edge (tiles) is too far to knock, or walked away (the knock is withdrawn). */
export const KNOCK_REACH_TILES = 4;

const id = z.string({ error: "must be text" }).min(1, "must not be empty").max(64, "at most 64 characters");
const zone = z.string({ error: "must be a zone's name" }).min(1, "must not be empty").max(120, "at most 120 characters");

export const knockClientMessages = {
  /** Close the table or coffee corner you stand in to newcomers (they knock), or open it again. */
  spot: z.object({ closed: z.boolean({ error: "must be true or false" }) }).strict(),
  /** Knock at a closed table or coffee corner (standing at its edge). */
  knock: z.object({ zone }).strict(),
  /** Inside: let the knocker in, or decline. `id` is the knock's. */
  knockAnswer: z.object({ id, letIn: z.boolean({ error: "must be true or false" }) }).strict(),
  /**
   * Walk after someone: `id` is their session on this floor (the profile card), `personId`
   * their identity (after following them through a portal, before or after they arrive).
   */
  follow: z
    .object({ id: id.optional(), personId: id.optional() })
    .strict()
    .refine((m) => (m.id === undefined) !== (m.personId === undefined), { message: "name exactly one person to follow: id (on this floor) or personId", path: ["id"] }),
  /** Stop following. */
  unfollow: z.object({}).strict(),
} as const;

/** Who closed a spot: a host or moderator (only they open it), or the people inside (knockable). */
export type ClosedBy = "host" | "inside";

/** What happened to your knock, or why a step into a closed spot was refused. */
export type KnockState =
  /** Closed by the people inside: you may knock (the notice offers it). */
  | "closed"
  /** Your knock went in; the people inside see it. */
  | "sent"
  /** You knocked already; still waiting for an answer. */
  | "waiting"
  | "letIn"
  | "declined"
  /** You walked away, or nobody answered in time. */
  | "withdrawn"
  /** Nobody inside can answer (everyone is busy or away). */
  | "nobody"
  /** The spot is open: walk in. */
  | "open";

export interface FollowInfo {
  personId: string;
  name: string;
}

export interface KnockServerMessages {
  /** To everyone inside: the spot was closed or opened (`message` says by whom). */
  spotClosed: { zone: string; closed: boolean; message: string };
  /** To the people inside (not busy): someone knocks. */
  knock: { id: string; zone: string; from: { id: string; name: string } };
  /** To the people who saw a knock: it is answered or withdrawn; `message` (if any) says how. */
  knockGone: { id: string; message: string | null };
  /** To the knocker: the state of their knock at `zone`. */
  knockStatus: { zone: string; state: KnockState; message: string; /** When a knock is possible again (ms from now), for "closed". */ againInMs?: number };
  /** To a follower: following `with` (state on), waiting for them to arrive (after a portal), or stopped (`with` null). */
  following: { state: "on" | "waiting" | "off"; with: FollowInfo | null; message: string | null };
}
