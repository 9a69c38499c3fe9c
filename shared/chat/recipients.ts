/**
 * Who receives a "nearby" chat message: the conversation the sender is in, by the very
 * rule the audio uses (shared/audibility/model.ts `hear`). Inside a coffee corner or at a
 * table that is everyone in the same spot and nobody outside; on the open floor it is
 * everyone within hearing; a stage reaches its audience. Text never leaks the way a
 * faint voice does: overhearing a corner from outside delivers nothing. Pure: no I/O.
 */
import { DEFAULT_AUDIBILITY, hear, spotAt, type AudibilityOptions, type Participant } from "../audibility/model.ts";
import type { Zone } from "../map/model.ts";

export interface NearbyConversation {
  /** Everyone who receives the message, the sender first. */
  recipients: string[];
  /** The private spot, stage or audience the sender stands in (null on the open floor or in a silent zone). */
  zone: string | null;
  /** True in a silent zone: the message reaches nobody but the sender. */
  silent: boolean;
}

/**
 * The people who receive a nearby message from `senderId`. Whether someone has a
 * microphone does not matter: chat is for people who cannot or do not want to speak.
 */
export function nearbyRecipients(
  senderId: string,
  people: readonly Participant[],
  zones: readonly Zone[],
  opts: AudibilityOptions = DEFAULT_AUDIBILITY,
): NearbyConversation {
  const sender = people.find((p) => p.id === senderId);
  if (!sender) return { recipients: [], zone: null, silent: false };
  const ss = spotAt(zones, sender.x, sender.y);
  const zone = ss.kind === "open" ? null : ss.zone.name;
  if (ss.kind === "silent") return { recipients: [senderId], zone: null, silent: true };
  const speaking = { ...sender, speaking: true };
  const recipients = [senderId];
  for (const p of people) {
    if (p.id === senderId) continue;
    const heard = hear({ ...p, speaking: true }, spotAt(zones, p.x, p.y), speaking, ss, opts);
    if (heard && heard.via !== "overhear") recipients.push(p.id);
  }
  return { recipients, zone, silent: false };
}
