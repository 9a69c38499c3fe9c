import type Phaser from "phaser";
import type { AvatarView } from "../shared/protocol/state.ts";
import type { MediaClient } from "./media/MediaClient.ts";
import type { Mixer } from "./media/Mixer.ts";
import type { FloorRoom } from "./net/connection.ts";
import type { VenueScene } from "./scenes/VenueScene.ts";
import type { MediaControls } from "./ui/media.ts";
/**
 * What the page puts on `window.foyer`, for tests and debugging in the browser console.
 * The end-to-end tests type their page code with it, so they break at type-check time
 * when this changes. Everything but `game` appears once the person has joined.
 */
export interface FoyerWindow {
  game: Phaser.Game;
  room?: FloorRoom;
  /** The avatars this page sees (shared/protocol/positions.ts AvatarMirror). */
  avatars?: ReadonlyMap<string, AvatarView>;
  venue?: VenueScene;
  media?: MediaClient;
  mixer?: Mixer;
  controls?: MediaControls;
}
