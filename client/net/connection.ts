/**
 * The client's one connection to its floor's VenueRoom: join, typed sends, and the
 * reconnection token kept in localStorage so a tab closed by accident and reopened
 * within the grace period rejoins on the same spot (resume).
 */
import { Client, type Room } from "colyseus.js";
import type { ClientMessage, ClientMessageType, JoinOptions, ServerMessages } from "../../shared/protocol/messages.ts";
import { followAvatars, type AvatarMirror } from "../../shared/protocol/positions.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { readToken, saveProfile, TOKEN_KEY, type SavedToken } from "./saved.ts";

export { loadProfile, type Profile } from "./saved.ts";

export type FloorRoom = Room<FloorStateView>;

function endpoint(): string {
  const proto = location.protocol === "https:" ? "wss" : "ws";
  return `${proto}://${location.host}`;
}

export class Connection {
  readonly client = new Client(endpoint());
  room: FloorRoom | null = null;
  /** The avatars near you, mirrored from the room's `pos` messages. */
  avatars: AvatarMirror | null = null;
  #heartbeat: number | undefined;

  /** `password`: the event password, when the venue's event has one and you have no invitation. */
  async join(options: JoinOptions & { password?: string }): Promise<FloorRoom> {
    const room = await this.client.joinOrCreate<FloorStateView>("floor", options);
    saveProfile({ name: options.name, avatar: options.avatar });
    this.#attach(room, options.floor ?? "main");
    return room;
  }

  /** Rejoin the spot a closed tab left, if it is still being held for us. */
  async resume(): Promise<FloorRoom | null> {
    const saved = readToken();
    if (!saved) return null;
    try {
      const room = await this.client.reconnect<FloorStateView>(saved.token);
      this.#attach(room, saved.floor);
      return room;
    } catch {
      localStorage.removeItem(TOKEN_KEY);
      return null;
    }
  }

  send<T extends ClientMessageType>(type: T, message: ClientMessage<T>): void {
    // After leaving (an event ended, a portal) the page may still resize or tick: drop it.
    if (this.room?.connection.isOpen) this.room.send(type, message);
  }

  onServer<T extends keyof ServerMessages>(type: T, handler: (m: ServerMessages[T]) => void): void {
    this.room?.onMessage(type, handler);
  }

  /** Leave on purpose (no reconnection spot is kept). */
  async leave(): Promise<void> {
    localStorage.removeItem(TOKEN_KEY);
    window.clearInterval(this.#heartbeat);
    await this.room?.leave(true);
  }

  #attach(room: FloorRoom, floor: string): void {
    this.room = room;
    // First, in the same task as the join: colyseus.js drops messages nobody handles.
    this.avatars = followAvatars(room);
    const save = () => {
      if (!room.connection.isOpen) return;
      const t: SavedToken = { token: room.reconnectionToken, floor, seenAt: Date.now() };
      localStorage.setItem(TOKEN_KEY, JSON.stringify(t));
    };
    save();
    this.#heartbeat = window.setInterval(save, 1000);
    window.addEventListener("pagehide", save);
    room.onLeave(() => window.clearInterval(this.#heartbeat));
  }
}
