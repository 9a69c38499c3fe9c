/**
 * Which tile layers the venue draws for a floor, and the map JSON Phaser reads them from:
 * restacked into fewer layers when that helps (shared/map/drawLayers.ts), else the map as
 * authored. Worked out once per floor (the loader and the scene ask for the same one).
 */
import { restackLayers, type DrawnLayer } from "../../shared/map/drawLayers.ts";
import type { Floor } from "../../shared/map/model.ts";

export interface DrawPlan {
  map: object;
  layers: (DrawnLayer & { visible: boolean })[];
}

const plans = new WeakMap<Floor, DrawPlan>();

export function drawPlan(floor: Floor, mapJson: unknown): DrawPlan {
  const known = plans.get(floor);
  if (known) return known;
  const restacked = restackLayers(mapJson, floor);
  const plan: DrawPlan = restacked
    ? { map: restacked.map, layers: restacked.layers.map((l) => ({ ...l, visible: true })) }
    : { map: mapJson as object, layers: floor.layers.map((l) => ({ name: l.name, above: l.above, opacity: l.opacity, visible: l.visible })) };
  plans.set(floor, plan);
  return plan;
}

/** The plan worked out before for this floor (the scene draws what the loader loaded). */
export function knownDrawPlan(floor: Floor): DrawPlan | undefined {
  return plans.get(floor);
}
