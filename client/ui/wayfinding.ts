/**
 * Finding your way on the floor, wired on the venue page once the room is joined: the
 * minimap, the map's signs, the calm "Ben joined your table" announcement, and on touch
 * screens the joystick and pinch to zoom. One call from client/main.ts.
 */
import { spotAt } from "../../shared/audibility/model.ts";
import type { AvatarView } from "../../shared/protocol/state.ts";
import type { VenueScene } from "../scenes/VenueScene.ts";
import { el } from "./el.ts";
import { Minimap } from "./minimap.ts";
import { SignCard } from "./signs.ts";
import { SpotJoinAnnouncer, type JoinedSpot } from "./spotJoins.ts";
import { isTouchDevice, Joystick, pinchToZoom } from "./touch.ts";
import { WAYFINDING_STRINGS as S } from "./wayfindingStrings.ts";
import "./wayfinding.css";

export interface Wayfinding {
  minimap: Minimap;
  signs: SignCard;
  joystick: Joystick | null;
  /** The live region that says who joined your spot. */
  joins: HTMLElement;
}

const JOINS_CHECK_MS = 500;

export function startWayfinding(opts: { venue: VenueScene; avatars: () => ReadonlyMap<string, AvatarView> | undefined; myId: () => string }): Wayfinding {
  const { venue } = opts;
  const people = () => opts.avatars()?.values() ?? [];
  const minimap = new Minimap({
    floor: () => venue.floor,
    people: () => [...people()].map((a) => ({ id: a.id, x: a.x, y: a.y })),
    myId: opts.myId,
    me: () => venue.myPosition(),
    view: () => venue.cameras.main.worldView,
    walkTo: (x, y) => venue.walkToPoint(x, y),
  });
  const signs = new SignCard({ zones: () => venue.floor.zones, me: () => venue.myPosition() });
  venue.onSignPick = (sign) => signs.pick(sign);

  // "Ben joined your table": its own polite region, so it never cuts off "You can hear …".
  const joins = el("p", { id: "joins-announcer", class: "sr-only" });
  joins.setAttribute("role", "status");
  joins.setAttribute("aria-live", "polite");
  document.body.append(joins);
  const announcer = new SpotJoinAnnouncer((names, spot) => (spot.kind === "table" ? S.joinedTable(names, spot.title) : S.joinedCorner(names, spot.title)));
  window.setInterval(() => {
    const me = venue.myPosition();
    const here = me ? spotAt(venue.floor.zones, me.x, me.y) : null;
    const zone = here?.kind === "private" ? here.zone : null;
    const spot: JoinedSpot | null = zone ? { name: zone.name, kind: zone.kind, title: zone.kind === "table" && zone.topic ? zone.topic : zone.name } : null;
    const myId = opts.myId();
    const inside: string[] = [];
    if (zone)
      for (const a of people()) {
        if (a.id === myId) continue;
        const s = spotAt(venue.floor.zones, a.x, a.y);
        if (s.kind === "private" && s.zone.name === zone.name) inside.push(a.id);
      }
    const said = announcer.update(spot, inside, (id) => venue.nameOf(id), performance.now());
    if (said !== null) joins.textContent = said;
  }, JOINS_CHECK_MS);

  let joystick: Joystick | null = null;
  if (isTouchDevice()) {
    const deps = {
      setIntent: (i: { dx: -1 | 0 | 1; dy: -1 | 0 | 1 }) => (venue.stickIntent = i),
      zoom: () => venue.zoom,
      setZoom: (z: number) => venue.setZoom(z),
      pinchStarted: () => venue.pinchStarted(),
    };
    joystick = new Joystick(deps);
    pinchToZoom(deps);
    document.body.classList.add("touch");
  }
  return { minimap, signs, joystick, joins };
}
