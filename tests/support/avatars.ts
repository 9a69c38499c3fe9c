/**
 * Test and benchmark clients see avatars the way the browser does: through the `pos`
 * message mirrored by shared/protocol/positions.ts. `follow(room)` must run right after
 * the join resolves; `avatarsOf(room)` is then the avatars that client can see.
 */
import { followAvatars, type AvatarMirror, type PositionSource } from "../../shared/protocol/positions.ts";
import type { AvatarView } from "../../shared/protocol/state.ts";

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
