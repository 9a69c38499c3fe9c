/**
 * "You are on your own — walk over?" (issue #13): the server's suggestion to someone who
 * has stood alone for a while, outside mixer rounds, of the nearest conversation with room
 * or another person standing alone. One schema, so server and page agree on the shape.
 */
import { z } from "zod";

export const nudgeSchema = z.object({
  /** alone: `name` stands on their own too; conversation: `name` and `others` more are talking. */
  kind: z.enum(["alone", "conversation"]),
  /** The person to walk to (session id on this floor) and their name. */
  id: z.string(),
  name: z.string(),
  /** How many others are in that conversation besides `name` (0 for kind alone). */
  others: z.number().int().min(0),
  /** The table or coffee corner they are in, or null on the open floor. */
  place: z.string().nullable(),
  /** Where to walk (pathfinding, like "walk me there"). */
  tile: z.object({ tx: z.number().int(), ty: z.number().int() }),
});
export type Nudge = z.infer<typeof nudgeSchema>;

export interface NudgeServerMessages {
  /** You have been on your own for a while: here is someone to talk to. */
  nudge: Nudge;
}
