/**
 * What the page keeps in localStorage between visits: the person's name and avatar, and
 * the reconnection token of a tab closed by accident. No network code here, so the join
 * form's small first chunk can ask "is there a spot to resume?" before colyseus.js loads.
 */
import { RECONNECT_GRACE_SECONDS } from "../../shared/constants.ts";

export const TOKEN_KEY = "foyer.reconnect";
const PROFILE_KEY = "foyer.profile";

export interface SavedToken {
  token: string;
  floor: string;
  /** Last moment this page was known to be connected (ms since epoch). */
  seenAt: number;
}

export interface Profile {
  name: string;
  avatar: string;
}

export function readToken(): SavedToken | null {
  try {
    const raw = localStorage.getItem(TOKEN_KEY);
    if (!raw) return null;
    const t = JSON.parse(raw) as Partial<SavedToken>;
    if (typeof t.token !== "string" || typeof t.seenAt !== "number" || typeof t.floor !== "string") return null;
    // The server holds the spot for RECONNECT_GRACE_SECONDS after the drop; leave a margin.
    if (Date.now() - t.seenAt > (RECONNECT_GRACE_SECONDS - 1) * 1000) return null;
    return { token: t.token, floor: t.floor, seenAt: t.seenAt };
  } catch {
    return null;
  }
}

export function loadProfile(): Profile | null {
  try {
    const p = JSON.parse(localStorage.getItem(PROFILE_KEY) ?? "null") as Partial<Profile> | null;
    return p && typeof p.name === "string" && typeof p.avatar === "string" ? { name: p.name, avatar: p.avatar } : null;
  } catch {
    return null;
  }
}

export function saveProfile(p: Profile): void {
  localStorage.setItem(PROFILE_KEY, JSON.stringify(p));
}
