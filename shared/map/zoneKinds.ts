/**
 * Every kind of zone a host can place, declared once: its Tiled class, what the editor
 * and the map previews call it and colour it, and the properties it takes (which are
 * required). The parser validates against this list and the editor builds its zone
 * form from it; nothing else may keep its own list of kinds.
 */

/**
 * How a property is written in Tiled and typed in the editor: `int` a whole number
 * 1…1000, `bool` a checkbox, `text` free text, `names` zone names, comma-separated.
 */
export type ZonePropertyType = "int" | "bool" | "text" | "names";

export interface ZonePropertySpec {
  /** The Tiled custom property name. */
  readonly key: string;
  readonly type: ZonePropertyType;
  readonly required: boolean;
  /** The editor's label for the field. */
  readonly label: string;
  /** Longest text accepted (`text` and `names`). */
  readonly maxLength?: number;
  /** What a missing required property is, in the parser's message. */
  readonly meaning?: string;
}

export interface ZoneKindSpec {
  /** The Tiled class (or `type`) of the zone object. */
  readonly name: string;
  /** Short name people read: "coffee corner". */
  readonly label: string;
  /** What it does, in a few words, after the label in the editor's kind list. */
  readonly summary: string;
  /** `#rrggbb`, for the editor's and the previews' zone outlines. */
  readonly colour: string;
  readonly properties: readonly ZonePropertySpec[];
}

export const ZONE_KINDS = [
  { name: "spawn", label: "spawn", summary: "where people appear", colour: "#22c55e", properties: [] },
  {
    name: "coffee-corner",
    label: "coffee corner",
    summary: "private chat",
    colour: "#f59e0b",
    properties: [
      { key: "capacity", type: "int", required: false, label: "Capacity (people, optional)" },
      { key: "overhear", type: "bool", required: false, label: "Overhear: people close by hear a faint version" },
    ],
  },
  {
    name: "table",
    label: "table",
    summary: "private, with seats",
    colour: "#06b6d4",
    properties: [
      { key: "seats", type: "int", required: true, label: "Seats", meaning: "a whole number ≥ 1" },
      { key: "topic", type: "text", required: false, label: "Topic", maxLength: 120 },
      { key: "overhear", type: "bool", required: false, label: "Overhear" },
    ],
  },
  {
    name: "stage",
    label: "stage",
    summary: "heard by its audience",
    colour: "#ec4899",
    properties: [
      {
        key: "audience",
        type: "names",
        required: true,
        label: "Audience zone name(s), comma-separated",
        meaning: "the name(s) of the audience zone(s), comma-separated",
      },
    ],
  },
  { name: "audience", label: "audience", summary: "listens to a stage", colour: "#8b5cf6", properties: [] },
  { name: "silent", label: "silent", summary: "nobody is heard", colour: "#64748b", properties: [] },
  {
    name: "sign",
    label: "sign",
    summary: "text people read nearby",
    colour: "#84cc16",
    properties: [{ key: "text", type: "text", required: true, label: "Text on the sign", maxLength: 500, meaning: "the words people read on the sign" }],
  },
  {
    name: "portal",
    label: "portal",
    summary: "to another floor",
    colour: "#3b82f6",
    properties: [
      {
        key: "target",
        type: "text",
        required: true,
        label: "Target floor (slug)",
        maxLength: 64,
        meaning: "the slug of the floor this portal leads to",
      },
      { key: "targetSpawn", type: "text", required: false, label: "Arrive at spawn (name, optional)", maxLength: 120 },
    ],
  },
] as const satisfies readonly ZoneKindSpec[];

export type ZoneKind = (typeof ZONE_KINDS)[number]["name"];

/** How a zone of a class Foyer does not know is drawn (the parser refuses it). */
export const UNKNOWN_ZONE_COLOUR = "#ef4444";

/** The kind's declaration, or undefined for a class Foyer does not know. */
export function zoneKind(name: string): (typeof ZONE_KINDS)[number] | undefined {
  return ZONE_KINDS.find((k) => k.name === name);
}

export function isZoneKind(name: string): name is ZoneKind {
  return zoneKind(name) !== undefined;
}
