/**
 * What the pages put on `window`, for tests and debugging in the browser console:
 * `window.foyer` on the venue page, `window.editor` on the editor page. The end-to-end
 * tests read them through these types, so they break at type-check time when this changes.
 */
import type Phaser from "phaser";
import type { AvatarView } from "../shared/protocol/state.ts";
import type { MediaClient } from "./media/MediaClient.ts";
import type { Mixer } from "./media/Mixer.ts";
import type { FloorRoom } from "./net/connection.ts";
import type { VenueScene } from "./scenes/VenueScene.ts";
import type { MediaControls } from "./ui/media.ts";
import type { Talk } from "./ui/chatSession.ts";
import type { PlacesPanel } from "./ui/places.ts";
import type { RoomControls } from "./ui/moderation.ts";
import type { EditorWindow } from "./editor/store.ts";

/**
 * `window.foyer`: `game` appears once the engine chunk (client/game.ts) has loaded, `ready`
 * once the floor's art has loaded, everything else once the person has joined.
 */
export interface FoyerWindow {
  game: Phaser.Game;
  ready?: true;
  room?: FloorRoom;
  /** The avatars this page sees (shared/protocol/positions.ts AvatarMirror). */
  avatars?: ReadonlyMap<string, AvatarView>;
  venue?: VenueScene;
  media?: MediaClient;
  mixer?: Mixer;
  controls?: MediaControls;
  /** Chat, reactions and profile cards (client/ui/chatSession.ts). */
  talk?: Talk;
  /** The list view of the floor (client/ui/places.ts). */
  places?: PlacesPanel;
  /** The room panel and the spotlight (client/ui/moderation.ts). */
  roomControls?: RoomControls;
}

declare global {
  interface Window {
    /** Set by client/main.ts on the venue page. */
    foyer?: FoyerWindow;
    /** Set by client/editor/main.ts on the editor page (client/editor/store.ts). */
    editor?: EditorWindow;
  }
}
