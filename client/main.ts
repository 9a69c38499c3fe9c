/**
 * Entry point: fetch the floor, load its art behind a progress bar, then either resume
 * a spot a closed tab left behind or ask for a name and avatar, and walk in. When the
 * venue runs an event, its waiting or closed page comes first while the doors are shut.
 */
import Phaser from "phaser";
import { getStateCallbacks } from "colyseus.js";
import { parseFloor } from "../shared/map/parse.ts";
import { DEFAULT_VENUE } from "../shared/protocol/messages.ts";
import { MediaClient } from "./media/MediaClient.ts";
import { Mixer } from "./media/Mixer.ts";
import { driveMix } from "./media/mixClock.ts";
import { Connection, loadProfile, type FloorRoom } from "./net/connection.ts";
import { LoadingScene, type LoadingData } from "./scenes/LoadingScene.ts";
import { avatarSpriteUrl } from "./scenes/assets.ts";
import { VenueScene } from "./scenes/VenueScene.ts";
import type { FoyerWindow } from "./foyerWindow.ts";
import { $, show } from "./ui/dom.ts";
import { acceptInvitation, fetchVenueEvent, saveIdentity } from "./ui/eventApi.ts";
import { decorateJoinForm } from "./ui/eventJoin.ts";
import { showClosedPage, showWaitingPage } from "./ui/eventPages.ts";
import { followEvent } from "./ui/eventSession.ts";
import { startModeration } from "./ui/moderation.ts";
import { EVENT_STRINGS } from "./ui/eventStrings.ts";
import { showWelcome } from "./ui/welcome.ts";
import { showJoinForm } from "./ui/join.ts";
import { DeviceCheck, type DeviceChoice } from "./ui/deviceCheck.ts";
import { MediaControls } from "./ui/media.ts";
import { NetworkingPanel } from "./ui/networking.ts";
import { MixerCard } from "./ui/mixer.ts";
import { profileButtons } from "./ui/profileCard.ts";
import { PlacesPanel } from "./ui/places.ts";
import { SpotLine } from "./ui/spot.ts";
import { KnockPanel } from "./ui/knock.ts";
import { carryFollow, FollowBanner, resumeFollow } from "./ui/follow.ts";
import { startTalk } from "./ui/chatSession.ts";
import { translatePage } from "./i18n/page.ts";
import { languageSwitcher } from "./i18n/switcher.ts";
import { VENUE_STRINGS } from "./ui/venueStrings.ts";
import { fromServer } from "./ui/serverStrings.ts";
// Last, so its small-screen layout wins over each panel's own sheet.
import "./ui/access.css";

const expose = (foyer: FoyerWindow) => (window.foyer = foyer);

const params = new URLSearchParams(location.search);
const VENUE = params.get("venue") ?? DEFAULT_VENUE;
const FLOOR = params.get("floor") ?? "main";
/** Set when arriving through a portal: join at once with the saved profile, at this spawn. */
const PORTAL_SPAWN = params.get("spawn");
/** A personal invitation link's token (`/?venue=…&invite=…`). */
const INVITE = params.get("invite");
const floorUrl = `/api/floors/${encodeURIComponent(FLOOR)}?venue=${encodeURIComponent(VENUE)}`;

// The page in its language before anything shows; the switcher sits on the join form and in the top bar.
translatePage(VENUE_STRINGS.page);
document.querySelector("#join .card")?.prepend(languageSwitcher("join-lang"));
$("hud").append(languageSwitcher("hud-lang"));

/** An Error whose message is the server's refusal, said for people. */
function refused(err: unknown): Error {
  return new Error(fromServer(err instanceof Error ? err.message : String(err)));
}

async function main(): Promise<void> {
  // Asked while the art loads; a venue whose event cannot be read is treated as open (the room decides).
  const eventAtStart = fetchVenueEvent(VENUE).catch(() => null);
  const res = await fetch(floorUrl);
  if (!res.ok) throw new Error(VENUE_STRINGS.floorFailed(FLOOR, res.status));
  const doc = (await res.json()) as { slug: string; name: string; version: number; map: unknown };
  const floor = parseFloor(doc.map);
  $("floor-name").textContent = doc.name;

  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: "game",
    pixelArt: true,
    backgroundColor: "#2b2d3a",
    scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
    scene: [],
  });
  expose({ game });

  await new Promise<void>((resolve) => {
    const loading: LoadingData = { floor, mapJson: doc.map, version: doc.version, onLoaded: resolve };
    game.registry.set("loading", loading);
    game.scene.add("loading", LoadingScene, true);
  });
  game.scene.add("venue", VenueScene, true, { floor, version: doc.version });
  const venue = game.scene.getScene("venue") as VenueScene;
  show("loading", false);

  const conn = new Connection();
  let mixer: Mixer | null = null;
  /** What the join form's device check chose (devices, join muted). */
  let devices: DeviceChoice | undefined;
  let event = await eventAtStart;
  const enter = (room: FloorRoom) => {
    venue.attach(conn, room);
    followEvent(conn, room, VENUE, () => event);
    // A host published a new version of this floor: redraw in place.
    const $state = getStateCallbacks(room)(room.state as never) as unknown as {
      listen(prop: "mapVersion", cb: (v: number) => void): void;
    };
    $state.listen("mapVersion", (v) => void venue.reloadFloor(floorUrl, v));
    // Walking into a portal: go to the target floor, arriving at its spawn.
    conn.onServer("portal", (p) => {
      const next = new URLSearchParams({ venue: p.venue, floor: p.floor, spawn: p.spawn ?? "" });
      sessionStorage.setItem("foyer.portal", "1");
      carryFollow(p); // following someone through it: go on following them there
      void conn.leave().finally(() => location.assign(`/?${next.toString()}`));
    });
    show("hud", true);
    const audio = mixer ?? new Mixer();
    const media = new MediaClient(conn);
    const controls = new MediaControls(media, audio, (id) => venue.nameOf(id), devices);
    // The mix follows the newest positions on pos messages and a timer that runs while hidden (client/media/mixClock.ts).
    if (conn.avatars) {
      const clock = driveMix(audio, { mirror: conn.avatars, myId: room.sessionId, zones: () => venue.floor.zones });
      venue.onFrame = (me) => clock.self(me);
      room.onLeave(() => clock.stop());
    }
    media.on("trackPaused", (t) => audio.trackPaused(t));
    conn.onServer("speaking", (m) => audio.setMuted(m.id, m.muted));
    const spotLine = new SpotLine();
    // Closing your spot, knocks, and following someone (client/ui/knock.ts, follow.ts).
    const knocks = new KnockPanel({ conn, room, admitted: (zone) => venue.letIn(zone) });
    knocks.start();
    const following = new FollowBanner({ send: (type, m) => conn.send(type, m), onServer: (type, h) => conn.onServer(type, h), moving: (on) => venue.setFollowing(on) });
    following.start();
    venue.onSpotChange = (spot) => {
      spotLine.set(spot);
      knocks.spotChanged(spot);
    };
    if (audio.ctx.state !== "running") {
      // A resumed tab had no click to unlock sound yet; the first key or click does it.
      const unlock = () => void audio.ctx.resume();
      window.addEventListener("pointerdown", unlock, { once: true });
      window.addEventListener("keydown", unlock, { once: true });
    }
    void controls.start();
    // People you met (and contact cards): re-read when the room says you met someone.
    const met = new NetworkingPanel();
    met.start();
    profileButtons.push((p) => met.contactButton(p.personId));
    // Mixer rounds: countdown, place, group and icebreaker; a host's start and end.
    new MixerCard({ conn, myId: () => room.sessionId, floor: () => venue.floor, me: () => venue.debugSnapshot().me, walkToTile: (tx, ty) => venue.walkToTile(tx, ty) });
    conn.onServer("met", () => void met.refresh());
    const talk = startTalk(conn, room, venue, (id) => following.follow(id));
    // Hosts run the room: moderation on cards and who's-here, the room panel, the spotlight (issue #12).
    const roomControls = startModeration({ conn, room, venue, card: talk.card, controls, media, eventId: () => event?.id ?? null });
    // The list view of the floor (the map's text version): places, who is there, "go there".
    const places = new PlacesPanel({
      floor: () => venue.floor,
      people: () => conn.avatars?.avatars.values() ?? [],
      occupancy: () => room.state.occupancy,
      myId: () => room.sessionId,
      me: () => venue.myPosition(),
      nameOf: (id) => venue.nameOf(id),
      walkToTile: (tx, ty) => venue.walkToTile(tx, ty),
      closed: () => room.state.closed,
      knock: (zone) => conn.send("knock", { zone }),
    });
    expose({ game, room, avatars: conn.avatars?.avatars, venue, media, mixer: audio, controls, talk, places, roomControls });
  };

  const resumed = PORTAL_SPAWN === null ? await conn.resume() : null;
  if (resumed) {
    enter(resumed);
    if (event) showWelcome(event, false);
    return;
  }
  const profile = loadProfile();
  if (PORTAL_SPAWN !== null && profile && sessionStorage.getItem("foyer.portal")) {
    sessionStorage.removeItem("foyer.portal");
    mixer ??= new Mixer();
    const room = await conn.join({
      venue: VENUE,
      floor: FLOOR,
      name: profile.name,
      avatar: profile.avatar as never,
      viewport: venue.viewportTiles(),
      ...(PORTAL_SPAWN ? { spawn: PORTAL_SPAWN } : {}),
    });
    enter(room);
    resumeFollow((type, m) => conn.send(type, m));
    if (event) showWelcome(event, false);
    return;
  }
  if (event?.phase === "upcoming") event = await showWaitingPage(event, VENUE);
  if (event?.phase === "ended") {
    await showClosedPage(event);
    return;
  }
  const eventFields = decorateJoinForm(event, INVITE !== null);
  const deviceCheck = new DeviceCheck();
  showJoinForm({
    profile,
    spriteUrl: avatarSpriteUrl,
    onSubmit: async (p) => {
      // Created inside the Enter/click gesture, so the browser lets it play sound.
      mixer ??= new Mixer();
      const password = eventFields.password();
      if (event?.hasPassword && INVITE === null && password === "") throw new Error(EVENT_STRINGS.joinPasswordMissing);
      // Who you are: the server's identity cookie (rides along on the room's WebSocket).
      await saveIdentity({ name: p.name, avatar: p.avatar }).catch((err: unknown) => {
        throw refused(err);
      });
      if (INVITE !== null) {
        const accepted = await acceptInvitation(INVITE).catch((err: unknown) => {
          throw refused(err);
        });
        event = accepted.event;
      }
      const room = await conn
        .join({ venue: VENUE, floor: FLOOR, name: p.name, avatar: p.avatar as never, viewport: venue.viewportTiles(), ...(password ? { password } : {}) })
        .catch((err: unknown) => {
          throw refused(err);
        });
      deviceCheck.stop();
      devices = deviceCheck.choice();
      enter(room);
      if (event) showWelcome(event);
    },
  });
}

main().catch((err: unknown) => {
  $("loading-label").textContent = VENUE_STRINGS.startFailed(err instanceof Error ? err.message : String(err));
  show("loading", true);
});
