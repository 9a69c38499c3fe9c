/**
 * Maps made for WorkAdventure (and other Tiled-based venues) carry their meaning in their
 * own conventions: `area` objects and tile layers with properties such as `start`,
 * `silent`, `jitsiRoom` and `exitUrl`. This rewrites those into Foyer's zones, in the
 * canonical map, so what is stored is plain Foyer and a second import changes nothing.
 * What Foyer has no use for (websites, variables, sounds…) is dropped, and every drop is
 * reported as a warning for the host; it never makes the map refused.
 * Written from WorkAdventure's public map-building documentation; no code of theirs.
 */
import { TILE_SIZE } from "../constants.ts";
import { asBool } from "./values.ts";
import type { FloorWarning } from "./parse.ts";
import { ZONE_KINDS, zoneKind, type ZoneKind } from "./zoneKinds.ts";
import type { TiledLayer, TiledMap, TiledObject, TiledObjectLayer, TiledProperty, TiledTileLayer } from "./tiled.ts";

/** Properties with no Foyer meaning, and why, as the host reads it. */
const UNUSED_PROPERTIES: Record<string, string> = {
  openWebsite: "Foyer has no embedded websites",
  openTab: "Foyer has no embedded websites",
  openWebsiteTrigger: "Foyer has no embedded websites",
  openWebsiteWidth: "Foyer has no embedded websites",
  openWebsitePolicy: "Foyer has no embedded websites",
  openWebsiteAllowApi: "Foyer has no embedded websites",
  openWebsiteTriggerMessage: "Foyer has no embedded websites",
  playAudio: "Foyer plays no sounds from the map",
  playAudioLoop: "Foyer plays no sounds from the map",
  audioVolume: "Foyer plays no sounds from the map",
  focusable: "Foyer's camera does not zoom to areas",
  zoomMargin: "Foyer's camera does not zoom to areas",
  jitsiTrigger: "Foyer's coffee corners open without a key press",
  jitsiTriggerMessage: "Foyer's coffee corners open without a key press",
  jitsiWidth: "Foyer has no Jitsi settings",
  jitsiConfig: "Foyer has no Jitsi settings",
  jitsiInterfaceConfig: "Foyer has no Jitsi settings",
  jitsiUrl: "Foyer has no Jitsi settings",
  jitsiNoPrefix: "Foyer has no Jitsi settings",
  jitsiClosable: "Foyer has no Jitsi settings",
  exitInstance: "Foyer has no map instances",
  script: "Foyer runs no map scripts",
  bindVariable: "Foyer runs no map scripts",
};

/** Object classes with no Foyer meaning, and why. */
const UNUSED_CLASSES: Record<string, string> = {
  website: "Foyer has no embedded websites",
  variable: "Foyer runs no map scripts",
  clock: "Foyer draws no clocks",
  area: "Foyer has no use for it",
};

const MEETING_PROPERTIES = ["jitsiRoom", "jitsiRoomName", "bbbMeeting", "meetingRoomLabel", "livekitRoom"];
const WA_MEANING_PROPERTIES = ["start", "startLayer", "silent", "exitUrl", "exitSceneUrl", ...MEETING_PROPERTIES];

type Meaning =
  | { kind: "portal"; target: string; targetSpawn?: string }
  | { kind: "spawn" }
  | { kind: "coffee-corner"; label?: string }
  | { kind: "silent" }
  | { kind: "none"; why: string };

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const propMap = (props: TiledProperty[] | undefined) => new Map((props ?? []).map((p) => [p.name, p.value]));
const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** A floor slug from a map file name ("Conference Hall.tmj" → "conference-hall"). */
export function floorSlugOf(file: string): string {
  const base = file.split("/").pop() ?? file;
  return base
    .replace(/\.(tmj|json)$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

/** What an exit URL means on a Foyer floor, or why it cannot be a portal. */
export function exitOf(url: string): Meaning {
  const [pathAndQuery = "", hash = ""] = url.trim().split("#", 2);
  const path = pathAndQuery.split("?")[0] ?? "";
  let spawn: string | undefined;
  try {
    spawn = decodeURIComponent(hash).trim() || undefined;
  } catch {
    spawn = hash.trim() || undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(path) || path.startsWith("/_/") || path.startsWith("/@/"))
    return { kind: "none", why: `leads outside this venue (${url})` };
  if (path === "") return { kind: "none", why: "leads to another place on the same map, which Foyer has no portal for" };
  const target = floorSlugOf(path);
  if (!target) return { kind: "none", why: `names no map file (${url})` };
  return spawn ? { kind: "portal", target, targetSpawn: spawn } : { kind: "portal", target };
}

/** The Foyer meaning of a set of WorkAdventure properties, if it has one. */
function meaningOf(props: Map<string, unknown>): Meaning | null {
  const exit = text(props.get("exitUrl")) || text(props.get("exitSceneUrl"));
  if (exit) return exitOf(exit);
  if (asBool(props.get("start")) || asBool(props.get("startLayer"))) return { kind: "spawn" };
  for (const key of MEETING_PROPERTIES) {
    const v = text(props.get(key));
    if (v) return { kind: "coffee-corner", label: text(props.get("meetingRoomLabel")) || text(props.get("jitsiRoomName")) || v };
  }
  if (asBool(props.get("silent"))) return { kind: "silent" };
  return null;
}

/** A class that is probably a misspelt Foyer zone kind: refused, not dropped. */
export function looksLikeZoneKind(cls: string): boolean {
  const c = cls.toLowerCase().replace(/[\s_]+/g, "-");
  return ZONE_KINDS.some((k) => c === k.name || editDistance(c, k.name) <= 2);
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

/** The set tiles of a layer as few rectangles (greedy: widest run, then as tall as it stays). */
export function rectanglesOf(data: readonly number[], width: number, height: number): Rect[] {
  const used = new Uint8Array(width * height);
  const set = (x: number, y: number) => data[y * width + x] !== 0 && !used[y * width + x];
  const out: Rect[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (!set(x, y)) continue;
      let w = 1;
      while (x + w < width && set(x + w, y)) w++;
      let h = 1;
      outer: while (y + h < height) {
        for (let i = 0; i < w; i++) if (!set(x + i, y + h)) break outer;
        h++;
      }
      for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) used[(y + j) * width + x + i] = 1;
      out.push({ x, y, width: w, height: h });
    }
  return out;
}

/** Counts "dropped: 3 website objects (…)" instead of one line per object. */
class Drops {
  #counts = new Map<string, { what: string; why: string; n: number; names: string[] }>();
  add(what: string, why: string, name: string): void {
    const key = `${what}\u0000${why}`;
    const entry = this.#counts.get(key) ?? { what, why, n: 0, names: [] };
    entry.n++;
    if (name && entry.names.length < 3) entry.names.push(name);
    this.#counts.set(key, entry);
  }
  warnings(): FloorWarning[] {
    return [...this.#counts.values()].map(({ what, why, n, names }) => ({
      where: "map",
      warning: `dropped: ${n} ${what}${n === 1 ? "" : "s"} (${why})${names.length ? `: ${names.map((s) => JSON.stringify(s)).join(", ")}${n > names.length ? ", …" : ""}` : ""}`,
    }));
  }
}

/**
 * Rewrite foreign conventions in a canonical map into Foyer zones, in place. Returns the
 * warnings; anything it cannot use is removed from the map and named in them.
 */
export function adoptForeignConventions(map: TiledMap): FloorWarning[] {
  const drops = new Drops();
  const warnings: FloorWarning[] = [];
  const newZones: TiledObject[] = [];
  const names = new Set<string>();
  const portals = new Map<string, string[]>();
  let hadSpawn = false;

  // Names and spawns already there, so new zones get unique names.
  const walk = (list: TiledLayer[], fn: (l: TiledLayer, path: string, collision: boolean) => void, prefix = "", collision = false) => {
    for (const l of list) {
      const p = propMap(l.properties);
      const c = collision || asBool(p.get("collision")) || asBool(p.get("collides"));
      fn(l, prefix + l.name, c);
      if (l.type === "group") walk(l.layers, fn, `${prefix}${l.name}/`, c);
    }
  };
  walk(map.layers, (l) => {
    if (l.type !== "objectgroup") return;
    for (const o of l.objects) {
      const cls = o.class ?? o.type ?? "";
      if (!zoneKind(cls)) continue;
      names.add(o.name.trim() || `${cls} ${o.id}`);
      if (cls === "spawn") hadSpawn = true;
    }
  });
  const unique = (base: string) => {
    let name = base.slice(0, 120) || "zone";
    for (let n = 2; names.has(name); n++) name = `${base.slice(0, 110)} ${n}`;
    names.add(name);
    return name;
  };
  const zoneProps = (m: Meaning): TiledProperty[] => {
    if (m.kind !== "portal") return [];
    const props: TiledProperty[] = [{ name: "target", type: "string", value: m.target }];
    if (m.targetSpawn) props.push({ name: "targetSpawn", type: "string", value: m.targetSpawn.slice(0, 120) });
    return props;
  };
  const notePortal = (m: Meaning, name: string) => {
    if (m.kind !== "portal") return;
    portals.set(m.target, [...(portals.get(m.target) ?? []), name]);
  };
  const dropUnused = (props: TiledProperty[] | undefined, what: string, name: string): TiledProperty[] | undefined => {
    if (!props) return props;
    const kept: TiledProperty[] = [];
    for (const p of props) {
      const why = UNUSED_PROPERTIES[p.name];
      if (why) drops.add(`${p.name} ${what}`, why, name);
      else if (!WA_MEANING_PROPERTIES.includes(p.name)) kept.push(p);
    }
    return kept.length ? kept : undefined;
  };

  // 1. Objects: `area` objects become zones; classes Foyer has no use for are dropped.
  walk(map.layers, (l, _path, layerCollision) => {
    if (l.type !== "objectgroup") return;
    const kept: TiledObject[] = [];
    for (const o of l.objects) {
      const cls = (o.class ?? o.type ?? "").trim();
      if (o.gid !== undefined || cls === "" || zoneKind(cls)) {
        kept.push(o);
        continue;
      }
      const props = propMap(o.properties);
      const label = o.name || `object ${o.id}`;
      if (asBool(props.get("collides")) || asBool(props.get("collision")) || layerCollision) {
        // A collision shape with a class of its own ("wall", "collider"): it still blocks.
        delete o.class;
        delete o.type;
        kept.push(o);
        continue;
      }
      if (looksLikeZoneKind(cls)) {
        kept.push(o); // parseFloor refuses it with the list of kinds: a typo, not foreign content
        continue;
      }
      const meaning = cls === "area" ? meaningOf(props) : null;
      if (!meaning || meaning.kind === "none") {
        if (meaning?.kind === "none") drops.add("exit", meaning.why, label);
        else {
          const unused = (o.properties ?? []).find((p) => UNUSED_PROPERTIES[p.name]);
          if (cls === "area" && unused) drops.add(`${unused.name} area`, UNUSED_PROPERTIES[unused.name]!, label);
          else drops.add(`${cls} object`, UNUSED_CLASSES[cls] ?? "Foyer has no use for this class", label);
        }
        continue;
      }
      const kind: ZoneKind = meaning.kind;
      const name = unique(o.name.trim() || (meaning.kind === "coffee-corner" && meaning.label) || `${kind} ${o.id}`);
      o.name = name;
      o.class = kind;
      o.type = kind;
      const rest = dropUnused(o.properties, "property", name);
      const props2 = [...zoneProps(meaning), ...(rest ?? [])];
      if (props2.length) o.properties = props2;
      else delete o.properties;
      notePortal(meaning, name);
      kept.push(o);
    }
    l.objects = kept;
  });

  // 2. Tile layers whose tiles mark a zone (WorkAdventure's older convention).
  const startLayers: TiledTileLayer[] = [];
  walk(map.layers, (l) => {
    if (l.type !== "tilelayer") return;
    const props = propMap(l.properties);
    let meaning = meaningOf(props);
    if (!meaning && l.name === "start") {
      startLayers.push(l);
      return;
    }
    l.properties = dropUnused(l.properties, "layer", l.name);
    if (!l.properties) delete l.properties;
    if (!meaning) return;
    if (meaning.kind === "none") {
      drops.add("exit", meaning.why, l.name);
      return;
    }
    addLayerZones(l, meaning);
  });
  // A layer named "start" is WorkAdventure's default entry, unless the map came with
  // Foyer spawns (then it is already translated, or the host chose other spawns).
  if (!hadSpawn) for (const l of startLayers) addLayerZones(l, { kind: "spawn" });

  function addLayerZones(l: TiledTileLayer, meaning: Exclude<Meaning, { kind: "none" }>): void {
    const rects = rectanglesOf(l.data, map.width, map.height);
    if (rects.length === 0) {
      warnings.push({ where: `layer "${l.name}"`, warning: `marks a ${meaning.kind === "coffee-corner" ? "meeting room" : meaning.kind} but has no tiles; nothing was made of it` });
      return;
    }
    for (const r of rects) {
      const name = unique(meaning.kind === "coffee-corner" && meaning.label ? meaning.label : l.name);
      const obj: TiledObject = {
        id: map.nextobjectid++,
        name,
        class: meaning.kind,
        type: meaning.kind,
        x: r.x * TILE_SIZE,
        y: r.y * TILE_SIZE,
        width: r.width * TILE_SIZE,
        height: r.height * TILE_SIZE,
        rotation: 0,
        visible: true,
      };
      const props = zoneProps(meaning);
      if (props.length) obj.properties = props;
      newZones.push(obj);
      notePortal(meaning, name);
    }
  }

  if (newZones.length) {
    const layer: TiledObjectLayer = {
      id: map.nextlayerid++,
      name: "zones (from layers)",
      type: "objectgroup",
      visible: true,
      opacity: 1,
      x: 0,
      y: 0,
      draworder: "topdown",
      objects: newZones,
    };
    map.layers.push(layer);
  }

  map.properties = dropUnused(map.properties, "map property", "");
  if (!map.properties) delete map.properties;

  for (const [target, zones] of portals)
    warnings.push({
      where: "map",
      warning: `${zones.length === 1 ? "portal" : `${zones.length} portals`} ${zones.map((z) => JSON.stringify(z)).slice(0, 3).join(", ")} lead${zones.length === 1 ? "s" : ""} to floor "${target}"; add a floor with that slug (import its map as a new floor) before publishing`,
    });
  return [...drops.warnings(), ...warnings];
}
