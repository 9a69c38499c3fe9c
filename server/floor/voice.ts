/**
 * Mute and unmute, heard at once. A speaker's page says `speaking { muted }` through the
 * room as it silences (or opens) its own track; the producer pause/resume follows over
 * media signalling. Everyone who receives the speaker's media now is told at once
 * (`speaking { id, muted }`) and closes or opens that voice in their mix, so nobody waits
 * for the pause to travel through the media server. Plain data: no socket, no mediasoup.
 */
import type { Outbox } from "./outbox.ts";

/**
 * Tell every listener who receives `speakerId`'s media (`heard(listener)`: the speakers a
 * listener is subscribed to) that the speaker muted or unmuted. Returns how many were told.
 */
export function relaySpeaking(
  speakerId: string,
  muted: boolean,
  people: Iterable<{ readonly id: string }>,
  heard: (listenerId: string) => Iterable<string>,
  outbox: Outbox,
): number {
  let told = 0;
  for (const p of people) {
    if (p.id === speakerId) continue;
    for (const s of heard(p.id)) {
      if (s !== speakerId) continue;
      outbox.send(p.id, "speaking", { id: speakerId, muted });
      told++;
      break;
    }
  }
  return told;
}
