/**
 * Talk beyond voice on the venue page (issue #11): wires the chat panel, the reaction
 * bar, status, profile cards and the interests editor to the room connection and the venue scene. One call
 * from client/main.ts once the room is joined.
 */
import { STATUSES } from "../../shared/protocol/chat.ts";
import type { Connection, FloorRoom } from "../net/connection.ts";
import type { VenueScene } from "../scenes/VenueScene.ts";
import { ChatPanel } from "./chat.ts";
import { CHAT_STRINGS as S, REACTION_EMOJI } from "./chatStrings.ts";
import { DEFAULT_VENUE } from "../../shared/protocol/messages.ts";
import { fetchVenueEvent } from "./eventApi.ts";
import { InterestsEditor } from "./interests.ts";
import { ProfileCard } from "./profileCard.ts";
import { ReactionBar } from "./reactions.ts";
import { followVenue, pickPeople } from "./whosHere.ts";

export interface Talk {
  chat: ChatPanel;
  reactions: ReactionBar;
  card: ProfileCard;
}

/** `follow`: the profile card's "Follow" (client/ui/follow.ts). */
export function startTalk(conn: Connection, room: FloorRoom, venue: VenueScene, follow: (id: string) => void): Talk {
  const me = () => {
    // The first state may not have arrived yet.
    const p = room.state.people?.get(room.sessionId);
    return { personId: p?.personId ?? "", name: p?.name ?? "", role: p?.role ?? "attendee" };
  };
  const chat = new ChatPanel({ send: (type, message) => conn.send(type, message), onServer: (type, handler) => conn.onServer(type, handler), me, nearby: () => venue.conversation(), pickPeople: (into, already) => pickPeople(venue, into, already) });
  chat.start();
  followVenue(conn, room, venue, chat);
  const reactions = new ReactionBar((type, message) => conn.send(type, message));
  const card = new ProfileCard({ message: (personId, name) => chat.openDirect(personId, name), walkOver: (id) => venue.walkOver(id), follow, me: () => room.sessionId });
  venue.onPersonPick = (id) => conn.send("profile", { id });
  venue.statusLabel = (status) => S.statusShort[STATUSES.find((s) => s === status) ?? "available"];
  conn.onServer("profile", (p) => card.show(p));
  // Interests and intents: "My interests…" in who's-here, the map's marker for shared ones.
  const venueSlug = new URLSearchParams(location.search).get("venue") ?? DEFAULT_VENUE;
  new InterestsEditor({ conn, venue, eventTags: async () => (await fetchVenueEvent(venueSlug))?.tags ?? [] }).start();
  conn.onServer("reaction", (r) => venue.showReaction(r.id, `${REACTION_EMOJI[r.kind]} ${S.reactionNames[r.kind]}`));
  // Who a nearby message reaches changes as people walk: keep the line under the tabs current.
  const timer = window.setInterval(() => chat.nearbyChanged(), 1000);
  room.onLeave(() => window.clearInterval(timer));
  return { chat, reactions, card };
}
