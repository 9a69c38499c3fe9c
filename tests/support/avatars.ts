/**
 * Test and benchmark clients see avatars the way the browser does: through the `pos`
 * message mirrored by shared/protocol/positions.ts. `follow(room)` must run right after
 * the join resolves; `avatarsOf(room)` is then the avatars that client can see.
 */
import { followAvatars, type AvatarMirror, type PositionSource } from "../../shared/protocol/positions.ts";
import { Client, type Room } from "colyseus.js";
import type { JoinOptions } from "../../shared/protocol/messages.ts";
import type { AvatarView, FloorStateView } from "../../shared/protocol/state.ts";
import { waitFor } from "./server.ts";

const mirrors = new WeakMap<object, AvatarMirror>();

export function follow<R extends PositionSource>(room: R): R {
  mirrors.set(room, followAvatars(room));
  return room;
}

export function mirrorOf(room: object): AvatarMirror {
  const m = mirrors.get(room);
  if (!m) throw new Error("avatarsOf: call follow(room) right after joining");
  return m;
}

export function avatarsOf(room: object): Map<string, AvatarView> {
  return mirrorOf(room).avatars;
}

/**
 * Join a floor as a real colyseus.js client, mirror its avatars at once, and wait until
 * the client sees itself standing there. `token`: an identity (the foyer_person cookie's value).
 */
export async function joinFloor(
  wsUrl: string,
  options: JoinOptions,
  timeoutMs = 10_000,
  token?: string,
  /** Handlers to register at once, before anything the server says on joining is missed. */
  listen?: (room: Room<FloorStateView>) => void,
): Promise<Room<FloorStateView>> {
  const client = new Client(wsUrl);
  if (token) client.auth.token = token;
  const room = follow(await client.joinOrCreate<FloorStateView>("floor", options));
  listen?.(room);
  await waitFor(() => avatarsOf(room).get(room.sessionId), `${options.name}'s own avatar`, timeoutMs);
  return room;
}
