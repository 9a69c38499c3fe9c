/**
 * Portals across a venue: does every portal of a floor lead somewhere — a floor of the
 * venue and, if it names one, a spawn zone on that floor? A dangling portal strands
 * whoever walks into it ("floor could not be loaded"), so saving one is refused with a
 * message naming the portal. Pure: the caller says which floors exist and their spawns.
 */
import type { PortalZone } from "./model.ts";
import type { FloorProblem } from "./parse.ts";

/** The venue's floors by slug, each with the names of its spawn zones. */
export type VenueSpawns = ReadonlyMap<string, readonly string[]>;

const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");

/** One problem per portal whose target floor or spawn does not exist. */
export function danglingPortals(portals: readonly Pick<PortalZone, "id" | "name" | "target" | "targetSpawn">[], floors: VenueSpawns): FloorProblem[] {
  const problems: FloorProblem[] = [];
  for (const p of portals) {
    const where = `object ${p.id} "${p.name}"`;
    const spawns = floors.get(p.target);
    if (!spawns) {
      const others = [...floors.keys()];
      problems.push({
        where,
        problem: `portal leads to floor "${p.target}", which does not exist in this venue; choose one of ${list(others)} as its target, or add that floor first`,
      });
    } else if (p.targetSpawn !== undefined && !spawns.includes(p.targetSpawn)) {
      problems.push({
        where,
        problem: `portal leads to spawn "${p.targetSpawn}" on floor "${p.target}", which has no spawn zone of that name; choose one of ${list(spawns)}, or leave it empty for the floor's first spawn`,
      });
    }
  }
  return problems;
}

/** Slugs of the floors that `portals` lead to. */
export function portalTargets(portals: readonly Pick<PortalZone, "target">[]): string[] {
  return [...new Set(portals.map((p) => p.target))];
}

/** A zone object of a stored map, read without parsing the whole map. */
interface StoredZone {
  id: number;
  /** As parseFloor names it: the object's name, else `<kind> <id>`. */
  name: string;
  kind: string;
  props: Map<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** Every zone object (an object with a class and no tile) of a stored Tiled map, groups included. */
function storedZones(map: unknown): StoredZone[] {
  const out: StoredZone[] = [];
  const walk = (layers: unknown) => {
    if (!Array.isArray(layers)) return;
    for (const l of layers) {
      if (!isRecord(l)) continue;
      if (l.type === "group") walk(l.layers);
      if (l.type !== "objectgroup" || !Array.isArray(l.objects)) continue;
      for (const o of l.objects) {
        if (!isRecord(o) || o.gid !== undefined) continue;
        const kind = text(o.class) || text(o.type);
        if (!kind) continue;
        const id = typeof o.id === "number" ? o.id : 0;
        const props = new Map<string, unknown>();
        if (Array.isArray(o.properties)) for (const p of o.properties) if (isRecord(p) && typeof p.name === "string") props.set(p.name, p.value);
        out.push({ id, name: text(o.name) || `${kind} ${id}`, kind, props });
      }
    }
  };
  walk(isRecord(map) ? map.layers : undefined);
  return out;
}

/** The names of a stored map's spawn zones. */
export function spawnNamesOf(map: unknown): string[] {
  return storedZones(map).filter((z) => z.kind === "spawn").map((z) => z.name);
}

/** The portals of a stored map: name, target floor and spawn. */
export function portalsOf(map: unknown): Pick<PortalZone, "id" | "name" | "target" | "targetSpawn">[] {
  return storedZones(map)
    .filter((z) => z.kind === "portal" && text(z.props.get("target")) !== "")
    .map((z) => ({ id: z.id, name: z.name, target: text(z.props.get("target")), targetSpawn: text(z.props.get("targetSpawn")) || undefined }));
}
