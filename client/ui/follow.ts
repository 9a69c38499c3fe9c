/**
 * Following someone on the venue page (issue #11): "Following Ada · Stop" in the HUD while
 * the server walks your avatar after her, and carrying the follow through a portal (the
 * portal message names whom to follow; the next floor's page asks to follow her there).
 * The server moves you; this only shows it and says "follow" / "unfollow".
 */
import type { FollowInfo } from "../../shared/protocol/knock.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { Connection } from "../net/connection.ts";
import { toast } from "./dom.ts";
import { el } from "./el.ts";
import { FOLLOW_STRINGS as S } from "./knockStrings.ts";
import { fromServer } from "./serverStrings.ts";
import "./knock.css";

const CARRIED_KEY = "foyer.follow";

export interface FollowDeps {
  send: Connection["send"];
  onServer: Connection["onServer"];
  /** The server walks you now (true) or you walk yourself again: the scene follows the server's position smoothly. */
  moving(byServer: boolean): void;
}

export class FollowBanner {
  readonly #d: FollowDeps;
  readonly #text = el("span", {});
  readonly #box = el("span", { id: "following", class: "hidden" });
  /** Whom you follow (the name the server said, or the one carried through a portal). */
  #with: FollowInfo | null = null;

  constructor(deps: FollowDeps) {
    this.#d = deps;
    const stop = el("button", { text: S.stop });
    stop.type = "button";
    stop.addEventListener("click", () => this.#d.send("unfollow", {}));
    this.#box.append(this.#text, stop);
    this.#box.setAttribute("role", "status");
    this.#box.setAttribute("aria-label", S.bannerLabel);
  }

  start(): void {
    const spot = document.getElementById("spot");
    (spot?.parentElement ?? document.body).insertBefore(this.#box, spot?.nextSibling ?? null);
    this.#d.onServer("following", (f) => this.#show(f));
    this.#d.onServer("error", (e) => {
      if (e.type === "follow") toast(fromServer(e.message), "warn");
    });
  }

  /** The profile card's "Follow". */
  follow(id: string): void {
    this.#d.send("follow", { id });
  }

  /** Who you follow now, for a portal message that did not say (null: nobody). */
  get with(): FollowInfo | null {
    return this.#with;
  }

  #show(f: ServerMessages["following"]): void {
    if (f.state === "off") {
      this.#with = null;
      sessionStorage.removeItem(CARRIED_KEY);
      this.#box.classList.add("hidden");
      this.#d.moving(false);
      if (f.message) toast(fromServer(f.message));
      return;
    }
    const name = f.with?.name || this.#with?.name || carried()?.name || S.someone;
    if (f.with) this.#with = { personId: f.with.personId, name };
    this.#text.textContent = f.state === "waiting" ? S.waiting(name) : S.following(name);
    this.#box.classList.remove("hidden");
    this.#d.moving(true);
  }
}

/** Walking into a portal while following someone through it: remember whom, for the next floor's page. */
export function carryFollow(p: ServerMessages["portal"]): void {
  if (p.follow) sessionStorage.setItem(CARRIED_KEY, JSON.stringify(p.follow));
  else sessionStorage.removeItem(CARRIED_KEY);
}

/** On the next floor: ask to go on following whoever was carried through the portal. */
export function resumeFollow(send: Connection["send"]): void {
  const who = carried();
  if (who) send("follow", { personId: who.personId });
}

function carried(): FollowInfo | null {
  const raw = sessionStorage.getItem(CARRIED_KEY);
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === "object" && v !== null && "personId" in v && "name" in v && typeof v.personId === "string" && typeof v.name === "string") return { personId: v.personId, name: v.name };
  } catch {
    // A broken entry is no follow.
  }
  return null;
}
