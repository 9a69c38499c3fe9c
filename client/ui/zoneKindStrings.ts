/**
 * What each zone kind (shared/map/zoneKinds.ts) is called where people read it — the
 * editor's kind list, its zone fields and map labels, the venue's Places list — in English
 * and German. Keyed by the kind's Tiled class, so a kind added there without a name here
 * is a type error (and tests/unit/i18n.test.ts names it).
 */
import { isZoneKind, type ZONE_KINDS, type ZoneKind } from "../../shared/map/zoneKinds.ts";
import { catalogue, number, plural, type Translation } from "../i18n/index.ts";

type PropertyKey<K extends ZoneKind> = Extract<(typeof ZONE_KINDS)[number], { name: K }>["properties"][number] extends infer P
  ? P extends { key: infer Key extends string }
    ? Key
    : never
  : never;

/** Every kind: its name, its summary in the kind list, and the label of each of its fields. */
type KindWords = { readonly [K in ZoneKind]: { name: string; summary: string; fields: { readonly [P in PropertyKey<K>]: string } } };

const kinds = {
  spawn: { name: "spawn", summary: "where people appear", fields: {} },
  "coffee-corner": {
    name: "coffee corner",
    summary: "private chat",
    fields: { capacity: "Capacity (people, optional)", overhear: "Overhear: people close by hear a faint version" },
  },
  table: { name: "table", summary: "private, with seats", fields: { seats: "Seats", topic: "Topic", overhear: "Overhear" } },
  stage: { name: "stage", summary: "heard by its audience", fields: { audience: "Audience zone name(s), comma-separated" } },
  audience: { name: "audience", summary: "listens to a stage", fields: {} },
  silent: { name: "silent", summary: "nobody is heard", fields: {} },
  sign: { name: "sign", summary: "text people read nearby", fields: { text: "Text on the sign" } },
  portal: { name: "portal", summary: "to another floor", fields: { target: "Target floor (slug)", targetSpawn: "Arrive at spawn (name, optional)" } },
} satisfies KindWords;

const en = {
  kinds,
  /** The editor's label on a zone: its name, kind and (for a table) seats. */
  mapLabel: (zone: string, kind: string) => `${zone} (${kind})`,
  tableLabel: (zone: string, kind: string, seats: number) => `${zone} (${kind} · ${plural(seats, { one: "1 seat", other: `${number(seats)} seats` }, "en")})`,
  unknownSeats: (zone: string, kind: string) => `${zone} (${kind} · ? seats)`,
};

const de: Translation<typeof en> = {
  kinds: {
    spawn: { name: "Startpunkt", summary: "hier erscheinen die Leute", fields: {} },
    "coffee-corner": {
      name: "Kaffee-Ecke",
      summary: "privates Gespräch",
      fields: { capacity: "Kapazität (Personen, optional)", overhear: "Mithören: Wer nah dran ist, hört leise mit" },
    },
    table: { name: "Tisch", summary: "privat, mit Plätzen", fields: { seats: "Plätze", topic: "Thema", overhear: "Mithören" } },
    stage: { name: "Bühne", summary: "ihr Publikum hört zu", fields: { audience: "Publikumszone(n), durch Kommas getrennt" } },
    audience: { name: "Publikum", summary: "hört einer Bühne zu", fields: {} },
    silent: { name: "Ruheraum", summary: "niemand ist zu hören", fields: {} },
    sign: { name: "Schild", summary: "Text, den man in der Nähe liest", fields: { text: "Text auf dem Schild" } },
    portal: { name: "Durchgang", summary: "zu einer anderen Etage", fields: { target: "Zieletage (Slug)", targetSpawn: "Ankunft am Startpunkt (Name, optional)" } },
  },
  mapLabel: (zone, kind) => `${zone} (${kind})`,
  tableLabel: (zone, kind, seats) => `${zone} (${kind} · ${plural(seats, { one: "1 Platz", other: `${number(seats)} Plätze` }, "de")})`,
  unknownSeats: (zone, kind) => `${zone} (${kind} · ? Plätze)`,
};

export const ZONE_KIND_STRINGS = catalogue("zoneKinds", en, de);

/** A kind's name in the page's language; a class Foyer does not know is shown as written. */
export function kindName(kind: string): string {
  return isZoneKind(kind) ? ZONE_KIND_STRINGS.kinds[kind].name : kind;
}

/** The label of a kind's field in the page's language, or `fallback` (the registry's English). */
export function fieldLabel(kind: string, key: string, fallback: string): string {
  if (!isZoneKind(kind)) return fallback;
  const fields: Record<string, string> = ZONE_KIND_STRINGS.kinds[kind].fields;
  return fields[key] ?? fallback;
}
