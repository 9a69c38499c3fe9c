import { describe, expect, it } from "vitest";
import type { Zone } from "../../shared/map/model.ts";
import { FloorError, parseFloor } from "../../shared/map/parse.ts";
import { ZONE_KINDS, type ZonePropertySpec, type ZoneKind } from "../../shared/map/zoneKinds.ts";
import { makeMap, ROOM_PLAN, ROOM_ZONES, type ZoneSpec } from "../support/maps.ts";

/** An audience zone for a probing stage to link. */
const HALL: ZoneSpec = { name: "Hall", class: "audience", x: 1, y: 5, w: 1, h: 1 };

const sample = (p: ZonePropertySpec): string | number | boolean =>
  p.type === "int" ? 4 : p.type === "bool" ? true : p.type === "names" ? HALL.name : "terrace";

const parsed = (p: ZonePropertySpec): unknown => (p.type === "names" ? [HALL.name] : sample(p));

/** A floor with one "Probe" zone of `kind` carrying `props`. */
const probe = (kind: string, props: Record<string, string | number | boolean>) =>
  makeMap(ROOM_PLAN, [...ROOM_ZONES, HALL, { name: "Probe", class: kind, x: 6, y: 4, w: 2, h: 2, props }]);

function problemsOf(input: unknown): string[] {
  try {
    parseFloor(input);
  } catch (err) {
    if (err instanceof FloorError) return err.problems.map((p) => `${p.where}: ${p.problem}`);
    throw err;
  }
  return [];
}

// The compiler holds the registry and the floor model together: each kind declares
// exactly the properties its Zone type carries.
type Fields<K extends ZoneKind> = Exclude<keyof Extract<Zone, { kind: K }>, "kind" | "id" | "name" | "rect">;
type Declared<K extends ZoneKind> = Extract<(typeof ZONE_KINDS)[number], { name: K }>["properties"][number]["key"];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const declaredAsModelled: { [K in ZoneKind]: Same<Fields<K>, Declared<K>> } = {
  spawn: true,
  "coffee-corner": true,
  table: true,
  stage: true,
  audience: true,
  silent: true,
  sign: true,
  portal: true,
};

describe("the zone kinds registry", () => {
  it("declares each kind once, with its own #rrggbb colour and the properties the floor model carries", () => {
    const names = ZONE_KINDS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    for (const k of ZONE_KINDS) expect(k.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(ZONE_KINDS.map((k) => k.colour)).size).toBe(ZONE_KINDS.length);
    expect(Object.values(declaredAsModelled).every(Boolean)).toBe(true);
  });

  it("the parser accepts every declared kind with only its required properties", () => {
    for (const k of ZONE_KINDS) {
      const props = Object.fromEntries(k.properties.filter((p) => p.required).map((p) => [p.key, sample(p)]));
      expect(problemsOf(probe(k.name, props)), k.name).toEqual([]);
    }
  });

  it("every property a kind declares reaches the parsed zone", () => {
    for (const k of ZONE_KINDS) {
      const props = Object.fromEntries(k.properties.map((p) => [p.key, sample(p)]));
      const zone = parseFloor(probe(k.name, props)).zones.find((z) => z.name === "Probe");
      expect(zone?.kind).toBe(k.name);
      for (const p of k.properties) expect(zone, `${k.name}.${p.key}`).toHaveProperty(p.key, parsed(p));
    }
  });

  it("a zone missing a required property is refused, naming the zone and the property", () => {
    for (const k of ZONE_KINDS) {
      for (const missing of k.properties.filter((p) => p.required)) {
        const props = Object.fromEntries(k.properties.filter((p) => p.required && p !== missing).map((p) => [p.key, sample(p)]));
        expect(problemsOf(probe(k.name, props)).join("\n")).toMatch(new RegExp(`"Probe": property "${missing.key}" is required`));
      }
    }
  });

  it("an unknown class is refused with the list of declared kinds", () => {
    expect(problemsOf(probe("disco", {})).join("\n")).toContain(`unknown zone class "disco"; expected one of ${ZONE_KINDS.map((k) => k.name).join(", ")}`);
  });
});
