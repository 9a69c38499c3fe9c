/**
 * The venue beyond your floor on the wire (issue #11): who is where — everyone on every
 * floor of the venue, for the who's-here list grouped by floor. The server sends the whole
 * roster once after you join and then only what changed; nothing here is sent by clients.
 */
import { z } from "zod";

/** One person on one floor (a second tab is a second entry). */
export const rosterEntrySchema = z.object({
  /** `<floor>/<session id>`: unique in the venue. */
  key: z.string(),
  floor: z.string(),
  /** The floor's name, as the venue shows it ("Roof terrace"). */
  floorName: z.string(),
  /** Their session on that floor (what `locate` and `profile` take there). */
  id: z.string(),
  /** Their identity: what direct and group messages are addressed to. */
  personId: z.string(),
  name: z.string(),
  avatar: z.string(),
  /** host, moderator, speaker or attendee. */
  role: z.string(),
  /** available, busy or away. */
  status: z.string(),
  /** False while their connection dropped and they may still come back. */
  connected: z.boolean(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

export interface VenueServerMessages {
  /** Everyone in the venue, on every floor (after you join). */
  roster: { people: RosterEntry[] };
  /** Since the last roster: entries added or changed, and keys of entries gone. */
  rosterChanged: { upsert: RosterEntry[]; gone: string[] };
}
