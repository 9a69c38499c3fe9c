/**
 * Hosts running the room, on your page (issue #12): wires the profile card's and
 * who's-here's moderation buttons, the room panel (raised hands, blocked people, host
 * tools), the megaphone banner, "Live · N listening" while you are on a stage, the
 * spotlight, and what a host did to you (a mute locks the mic button until allowed).
 * The page predicts the stage's rule like the server (shared mayEnter); the server
 * enforces everything.
 */
import type { StageZone } from "../../shared/map/capacity.ts";
import type { BlockedPerson } from "../../shared/protocol/moderation.ts";
import type { MediaClient } from "../media/MediaClient.ts";
import type { Connection, FloorRoom } from "../net/connection.ts";
import type { VenueScene } from "../scenes/VenueScene.ts";
import { $, toast } from "./dom.ts";
import { el } from "./el.ts";
import type { MediaControls } from "./media.ts";
import { decorateListEntry, moderationSection, RUNS_THE_ROOM, type ModerationContext } from "./moderationActions.ts";
import { RoomPanel } from "./moderationPanel.ts";
import { MODERATION_STRINGS as S } from "./moderationStrings.ts";
import type { ProfileCard } from "./profileCard.ts";
import { Spotlight } from "./spotlight.ts";
import { fromServer } from "./serverStrings.ts";
import "./moderation.css";

/** Roles that stand on a stage without being brought up (as server/floor/stage.ts). */
const ON_STAGE_ROLES = new Set(["speaker", "host"]);
/** A refused step onto the stage is said at most this often (a held key must not spam). */
const REFUSED_EVERY_MS = 2000;

export interface ModerationWiring {
  conn: Connection;
  room: FloorRoom;
  venue: VenueScene;
  card: ProfileCard;
  controls: MediaControls;
  media: MediaClient;
  /** The event people came in for, if any (a host ends it for everyone). */
  eventId(): string | null;
}

export interface RoomControls {
  panel: RoomPanel;
  spotlight: Spotlight;
}

/** The megaphone's banner: across the top, for everyone on the floor, until dismissed or replaced. */
function showBanner(from: string, text: string): void {
  document.getElementById("megaphone-banner")?.remove();
  const close = el("button", { text: S.dismiss });
  close.type = "button";
  const banner = el("div", { class: "megaphone-banner", id: "megaphone-banner" }, el("strong", { text: S.megaphoneFrom(from) }), el("p", { text }), close);
  banner.setAttribute("role", "alert");
  close.addEventListener("click", () => banner.remove());
  document.body.append(banner);
}

export function startModeration(o: ModerationWiring): RoomControls {
  const { conn, room, venue } = o;
  let blocked: BlockedPerson[] = [];
  /** A host brought you up (a temporary speaker) and has not brought you down. */
  let broughtUp = false;
  let refusedAt = -Infinity;
  const myRole = () => room.state.people?.get(room.sessionId)?.role ?? "attendee";
  const ctx: ModerationContext & { eventId(): string | null } = {
    send: (type, message) => conn.send(type, message),
    myRole,
    zones: () => venue.floor.zones,
    isBlocked: (personId) => blocked.some((b) => b.personId === personId),
    eventId: o.eventId,
  };
  const panel = new RoomPanel(ctx);
  o.card.sections.push((p, close) => moderationSection(ctx, p, close));
  venue.people.decorate = (li, p, isMe) => {
    // Someone you blocked is not shown (nor heard, nor seen on the floor: the server keeps you apart).
    if (!isMe && ctx.isBlocked(p.personId)) li.hidden = true;
    decorateListEntry(ctx, li, p, isMe, (id) => conn.send("profile", { id }));
  };
  venue.stageRule = (stage: StageZone) => {
    const may = ON_STAGE_ROLES.has(myRole()) || broughtUp;
    const now = performance.now();
    if (!may && now - refusedAt > REFUSED_EVERY_MS) {
      refusedAt = now;
      toast(S.stageRefused(stage.name));
    }
    return may;
  };

  const live = el("div", { class: "live-badge hidden", id: "live-badge" });
  live.setAttribute("role", "status");
  $("hud").append(live);

  conn.onServer("moderated", (m) => {
    toast(fromServer(m.message), m.action === "mute" || m.action === "stop" ? "warn" : "info", 10_000);
    if (m.source && (m.action === "mute" || m.action === "unmute" || m.action === "stop" || m.action === "allow")) {
      void o.controls.hold(m.source, m.action === "mute" || m.action === "stop");
    }
    if (m.action === "bringUp") broughtUp = true;
    if (m.action === "bringDown") broughtUp = false;
  });
  // Ending the event: the door's "ended" notice follows at once and says it (eventSession.ts), so no second toast.
  conn.onServer("moderationDone", (m) => {
    if (m.action !== "endEvent") toast(fromServer(m.message));
  });
  conn.onServer("megaphone", (m) => showBanner(m.from, m.text));
  conn.onServer("reported", (m) => toast(S.reported(m.name, m.by, m.reason), "warn", 15_000));
  let hands = 0;
  conn.onServer("hands", (m) => {
    if (m.queue.length > hands && RUNS_THE_ROOM.has(myRole())) toast(S.hands(m.queue.length));
    hands = m.queue.length;
    panel.hands = m.queue;
  });
  conn.onServer("hand", (m) => {
    toast(m.raised ? S.handUp : S.handDown);
    panel.handUp = m.raised;
  });
  conn.onServer("blocks", (m) => {
    blocked = m.people;
    panel.blocked = m.people;
    venue.people.redraw();
  });
  conn.onServer("live", (m) => {
    live.classList.toggle("hidden", !m.onStage);
    live.textContent = S.live(m.listening);
  });
  conn.onServer("error", (e) => {
    if (e.type === "move" && e.code === "forbidden") toast(fromServer(e.message));
    else if (e.type === "moderate" || e.type === "report" || e.type === "block") toast(fromServer(e.message), "warn");
  });
  const spotlight = new Spotlight({
    tracks: () => o.media.remoteTracks(),
    position: (id) => conn.avatars?.avatars.get(id),
    myId: () => room.sessionId,
    zones: () => venue.floor.zones,
    nameOf: (id) => venue.nameOf(id),
  });
  room.onLeave(() => spotlight.stop());
  return { panel, spotlight };
}
