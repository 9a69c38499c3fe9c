/**
 * Who's here across the venue (issue #11), wired on the venue page: the server's roster of
 * the other floors goes into the who's-here list, its "Walk me there" takes you to that
 * floor (arriving at its entrance, the way a portal does) and then walks you up to the
 * person, "Message" opens a direct conversation, and picked people become a group
 * conversation. One call from chatSession.ts once the room is joined.
 */
import type { RosterEntry } from "../../shared/protocol/venue.ts";
import type { Connection, FloorRoom } from "../net/connection.ts";
import type { VenueScene } from "../scenes/VenueScene.ts";
import type { ChatPanel } from "./chat.ts";
import { $, toast } from "./dom.ts";
import { PEOPLE_STRINGS as S } from "./peopleStrings.ts";

/** Set while you change floors to find someone: who, to walk over once you are there. */
const WALK_TO_KEY = "foyer.walkTo";
/** How long to wait on the new floor for them to show up in its state. */
const ARRIVAL_WAIT_MS = 15_000;

export function followVenue(conn: Connection, room: FloorRoom, venue: VenueScene, chat: ChatPanel): void {
  const list = venue.people.venue;
  conn.onServer("roster", (m) => list.set(m));
  conn.onServer("rosterChanged", (m) => list.change(m));
  list.actions = {
    walkThere: (who) => walkThere(conn, who),
    message: (personId, name) => chat.openDirect(personId, name),
    together: (members, into) => (into === null ? chat.openGroup(members) : chat.addToGroup(into, members)),
  };
  walkOnArrival(conn, room, venue);
}

/** Pick people in who's-here for a conversation (the chat panel's "Add people…"). */
export function pickPeople(venue: VenueScene, into: string | null, already: { personId: string; name: string }[]): void {
  const people = $("people");
  if (people.classList.contains("collapsed")) $("people-toggle").click();
  venue.people.venue.startPicking(into, already);
}

/** Leave this floor for theirs (its entrance, as through a portal), remembering whom to walk to. */
function walkThere(conn: Connection, who: RosterEntry): void {
  sessionStorage.setItem(WALK_TO_KEY, JSON.stringify({ personId: who.personId, name: who.name }));
  sessionStorage.setItem("foyer.portal", "1");
  toast(S.goingTo(who.name, who.floorName));
  const next = new URLSearchParams(location.search);
  next.set("floor", who.floor);
  next.set("spawn", "");
  next.delete("invite");
  void conn.leave().finally(() => location.assign(`/?${next.toString()}`));
}

function walkOnArrival(conn: Connection, room: FloorRoom, venue: VenueScene): void {
  const raw = sessionStorage.getItem(WALK_TO_KEY);
  if (raw === null) return;
  sessionStorage.removeItem(WALK_TO_KEY);
  let wanted: { personId: string; name: string };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null || !("personId" in parsed) || !("name" in parsed)) return;
    const { personId, name } = parsed;
    if (typeof personId !== "string" || typeof name !== "string") return;
    wanted = { personId, name };
  } catch {
    return;
  }
  const until = Date.now() + ARRIVAL_WAIT_MS;
  const look = () => {
    // You need to be on the floor yourself (your avatar) before there is anywhere to walk from.
    const mine = conn.avatars?.avatars.get(room.sessionId);
    const them = [...(room.state.people?.values() ?? [])].find((p) => p.personId === wanted.personId && p.id !== room.sessionId);
    if (mine && them) return venue.walkOver(them.id);
    if (Date.now() > until) return toast(S.notThere(wanted.name));
    window.setTimeout(look, 200);
  };
  look();
}
