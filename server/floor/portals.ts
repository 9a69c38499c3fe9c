/**
 * Portals: which portal a step walked into (one that was not already under the walker's
 * feet), so the floor can send the person to its target floor. Never moves anyone or
 * talks to clients: the floor does both with the answer.
 */
import { rectContainsTile, zonesOfKind, type Floor, type PortalZone } from "../../shared/map/model.ts";
import { tileOf, type Position } from "../../shared/movement/step.ts";

export class Portals {
  /** Looked up for every step someone takes, so kept apart from the other zones. */
  readonly #portals: readonly PortalZone[];

  constructor(floor: Pick<Floor, "zones">) {
    this.#portals = zonesOfKind(floor, "portal");
  }

  /** The portal a step from `from` to `to` entered, if any. */
  entered(from: Position, to: Position): PortalZone | undefined {
    if (this.#portals.length === 0) return undefined;
    const portal = this.#at(to);
    return portal && this.#at(from) !== portal ? portal : undefined;
  }

  #at(p: Position): PortalZone | undefined {
    const t = tileOf(p);
    return this.#portals.find((z) => rectContainsTile(z.rect, t.tx, t.ty));
  }
}
