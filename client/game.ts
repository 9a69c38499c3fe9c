/**
 * The venue itself — Phaser, the floor's art, the room connection, media and every panel
 * of the floor — in its own chunk. client/main.ts shows the join form first and loads this
 * while the person types (issue #15: the form must not wait for the game engine).
 */
import Phaser from "phaser";
import { getStateCallbacks } from "colyseus.js";
import { parseFloor } from "../shared/map/parse.ts";
import type { PublicEvent } from "../shared/protocol/events.ts";
import type { JoinOptions } from "../shared/protocol/messages.ts";
import { MediaClient } from "./media/MediaClient.ts";
import { Mixer } from "./media/Mixer.ts";
import { driveMix } from "./media/mixClock.ts";
import { Connection, type FloorRoom } from "./net/connection.ts";
import { LoadingScene, type LoadingData } from "./scenes/LoadingScene.ts";
import { VenueScene } from "./scenes/VenueScene.ts";
import type { FoyerWindow } from "./foyerWindow.ts";
import { $, show } from "./ui/dom.ts";
import { followEvent } from "./ui/eventSession.ts";
import { startModeration } from "./ui/moderation.ts";
import type { DeviceChoice } from "./ui/deviceCheck.ts";
import { MediaControls } from "./ui/media.ts";
import { NetworkingPanel } from "./ui/networking.ts";
import { MixerCard } from "./ui/mixer.ts";
import { NudgeCard } from "./ui/nudge.ts";
import { profileButtons } from "./ui/profileCard.ts";
import { PlacesPanel } from "./ui/places.ts";
import { SpotLine } from "./ui/spot.ts";
import { KnockPanel } from "./ui/knock.ts";
import { carryFollow, FollowBanner, resumeFollow } from "./ui/follow.ts";
import { startTalk } from "./ui/chatSession.ts";
import { VENUE_STRINGS } from "./ui/venueStrings.ts";

const expose = (foyer: FoyerWindow) => (window.foyer = foyer);

/** Which floor of which venue this page is for. */
export interface FloorAddress {
  venue: string;
  floor: string;
  floorUrl: string;
}

/** What the page knows when the person walks in. */
export interface Arrival {
  /** Made inside the Enter gesture (so the browser lets it play), or null to make one now. */
  mixer: Mixer | null;
  /** What the join form's device check chose (devices, join muted). */
  devices?: DeviceChoice;
  /** The venue's event as the page knows it now. */
  event: () => PublicEvent | null;
}

/** The loaded venue: the floor drawn behind the join form, ready to join. */
export interface Engine {
  readonly conn: Connection;
  /** Join the floor's room (name, avatar, spawn, password as the person gave them). */
  join(options: Omit<JoinOptions, "venue" | "floor" | "viewport"> & { password?: string }): Promise<FloorRoom>;
  /** Start playing in a joined (or rejoined) room. */
  enter(room: FloorRoom, arrival: Arrival): void;
  /** Following someone through a portal: go on following them here. */
  resumeFollow(): void;
}

/** Fetch the floor, start Phaser and load the floor's art (the progress bar fills meanwhile). */
export async function startEngine(at: FloorAddress): Promise<Engine> {
  const res = await fetch(at.floorUrl);
  if (!res.ok) throw new Error(VENUE_STRINGS.floorFailed(at.floor, res.status));
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
  expose({ game, ready: true });
  performance.mark("foyer:engine-ready"); // read by bench:web

  const conn = new Connection();
  const enter = (room: FloorRoom, arrival: Arrival) => {
    venue.attach(conn, room);
    followEvent(conn, room, at.venue, arrival.event);
    // A host published a new version of this floor: redraw in place.
    const $state = getStateCallbacks(room)(room.state as never) as unknown as {
      listen(prop: "mapVersion", cb: (v: number) => void): void;
    };
    $state.listen("mapVersion", (v) => void venue.reloadFloor(at.floorUrl, v));
    // Walking into a portal (or a host deleted this floor): go to the target floor, arriving at its spawn.
    conn.onServer("portal", (p) => {
      const next = new URLSearchParams({ venue: p.venue, floor: p.floor, spawn: p.spawn ?? "" });
      sessionStorage.setItem("foyer.portal", "1");
      if (p.removed) sessionStorage.setItem("foyer.floorRemoved", p.removed.floorName); // said on the next page
      carryFollow(p); // following someone through it: go on following them there
      void conn.leave().finally(() => location.assign(`/?${next.toString()}`));
    });
    show("hud", true);
    const audio = arrival.mixer ?? new Mixer();
    const media = new MediaClient(conn);
    const controls = new MediaControls(media, audio, (id) => venue.nameOf(id), arrival.devices);
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
    // Standing alone a while: someone to talk to, "Walk there" or "Not now" (server/floor/nudge.ts).
    new NudgeCard({ conn, walkToTile: (tx, ty) => venue.walkToTile(tx, ty) });
    conn.onServer("met", () => void met.refresh());
    const talk = startTalk(conn, room, venue, (id) => following.follow(id));
    // Hosts run the room: moderation on cards and who's-here, the room panel, the spotlight (issue #12).
    const roomControls = startModeration({ conn, room, venue, card: talk.card, controls, media, eventId: () => arrival.event()?.id ?? null });
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
    expose({ game, ready: true, room, avatars: conn.avatars?.avatars, venue, media, mixer: audio, controls, talk, places, roomControls });
  };

  return {
    conn,
    join: (options) => conn.join({ ...options, venue: at.venue, floor: at.floor, viewport: venue.viewportTiles() }),
    enter,
    resumeFollow: () => resumeFollow((type, m) => conn.send(type, m)),
  };
}
