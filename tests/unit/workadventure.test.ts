import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { isBlocked, zonesOfKind } from "../../shared/map/model.ts";
import { importTiled, type TiledImportInput, type TiledObjectLayer } from "../../shared/map/tiled.ts";
import { exitOf, floorSlugOf, looksLikeZoneKind, rectanglesOf } from "../../shared/map/workadventure.ts";
import { FIXTURES, type FixtureName } from "../fixtures/tiled/fixtures.ts";

const dir = new URL("../fixtures/tiled/", import.meta.url);
/** A fixture as saved on disk, checked to still match its builder. */
function fixture(name: FixtureName): TiledImportInput {
  const onDisk = JSON.parse(fs.readFileSync(new URL(`${name}.tmj`, dir), "utf8")) as unknown;
  expect(onDisk).toEqual(FIXTURES[name]().map);
  return { map: onDisk };
}

describe("a WorkAdventure map with area objects", () => {
  it("imports without edits: entry, meeting room, quiet room and exit become Foyer zones", () => {
    const { floor } = importTiled(fixture("workadventure-areas"));
    expect(zonesOfKind(floor, "spawn").map((z) => [z.name, z.rect])).toEqual([["from-lobby", { x: 1, y: 1, width: 2, height: 2 }]]);
    expect(zonesOfKind(floor, "coffee-corner").map((z) => z.name)).toEqual(["Standup"]);
    expect(zonesOfKind(floor, "silent").map((z) => z.name)).toEqual(["Library"]);
    expect(zonesOfKind(floor, "portal")).toEqual([
      { kind: "portal", id: 4, name: "To the lobby", rect: { x: 6, y: 6, width: 2, height: 1 }, target: "lobby", targetSpawn: "from-hall" },
    ]);
  });

  it("drops what Foyer has no use for, and says so, counted by kind", () => {
    const { warnings } = importTiled(fixture("workadventure-areas"));
    const text = warnings.map((w) => `${w.where}: ${w.warning}`);
    expect(text).toContain('map: dropped: 3 website objects (Foyer has no embedded websites): "Agenda", "Sponsors", "object 7"');
    expect(text).toContain('map: dropped: 1 variable object (Foyer runs no map scripts): "doorOpen"');
    expect(text).toContain('map: dropped: 1 playAudio area (Foyer plays no sounds from the map): "Jukebox"');
    expect(text).toContain('map: dropped: 1 jitsiTrigger property (Foyer\'s coffee corners open without a key press): "Standup"');
    expect(text).toContain('map: dropped: 1 focusable property (Foyer\'s camera does not zoom to areas): "Standup"');
    expect(text.some((w) => /dropped: 1 exit \(leads outside this venue/.test(w))).toBe(true);
    expect(text).toContain('map: portal "To the lobby" leads to floor "lobby"; add a floor with that slug (import its map as a new floor) before publishing');
  });

  it("draws the layers after floorLayer above avatars", () => {
    const { floor } = importTiled(fixture("workadventure-areas"));
    expect(floor.layers.map((l) => [l.name, l.above])).toEqual([["floor", false], ["walls", false], ["roof", true]]);
  });

  it("stores plain Foyer: importing the stored map again changes nothing and warns of nothing", () => {
    const first = importTiled(fixture("workadventure-areas"));
    const again = importTiled({ map: JSON.parse(JSON.stringify(first.map)) });
    expect(again.map).toEqual(first.map);
    expect(again.warnings).toEqual([]);
  });
});

describe("a WorkAdventure map with zones as tile layers", () => {
  it("turns start, startLayer, jitsiRoom, silent and exitUrl layers into zones covering their tiles", () => {
    const { floor, map } = importTiled(fixture("workadventure-layers"));
    expect(zonesOfKind(floor, "spawn").map((z) => [z.name, z.rect])).toEqual([
      ["from-garden", { x: 1, y: 6, width: 1, height: 1 }],
      ["start", { x: 1, y: 1, width: 2, height: 1 }],
    ]);
    // An L of five tiles: two rectangles, no tile outside the author's shape.
    expect(zonesOfKind(floor, "coffee-corner").map((z) => [z.name, z.rect])).toEqual([
      ["Sprint review", { x: 7, y: 1, width: 3, height: 1 }],
      ["Sprint review 2", { x: 7, y: 2, width: 1, height: 2 }],
    ]);
    expect(zonesOfKind(floor, "silent").map((z) => z.rect)).toEqual([{ x: 1, y: 4, width: 2, height: 2 }]);
    expect(zonesOfKind(floor, "portal").map((z) => [z.name, z.target, z.targetSpawn])).toEqual([["exit-to-hall", "main-hall", "stage-door"]]);
    // The layers are still drawn as authored, with the WorkAdventure properties consumed.
    expect(floor.layers.map((l) => l.name)).toContain("meeting");
    expect(map.properties).toEqual([{ name: "mapName", type: "string", value: "Hall" }]);
  });

  it("warns of the exit to another site, the unused Jitsi width and the map script", () => {
    const text = importTiled(fixture("workadventure-layers")).warnings.map((w) => w.warning);
    expect(text).toContain('dropped: 1 exit (leads outside this venue (https://example.org/)): "exit-to-web"');
    expect(text).toContain('dropped: 1 jitsiWidth layer (Foyer has no Jitsi settings): "meeting"');
    expect(text).toContain("dropped: 1 script map property (Foyer runs no map scripts)");
  });

  it("a second import makes no second set of zones", () => {
    const first = importTiled(fixture("workadventure-layers"));
    const again = importTiled({ map: JSON.parse(JSON.stringify(first.map)) });
    expect(again.floor.zones).toEqual(first.floor.zones);
    expect(again.warnings).toEqual([]);
  });
});

describe("collision and depth as authors draw them", () => {
  it("a visible layer flagged collision is drawn and blocks", () => {
    const { floor } = importTiled(fixture("collision-objects"));
    expect(floor.layers.find((l) => l.name === "fence")).toMatchObject({ visible: true, collision: true });
    expect(isBlocked(floor, 2, 6)).toBe(true);
  });

  it("shapes on a collision object layer block, even when the layer is hidden; a flagged ellipse blocks its tile", () => {
    const { floor } = importTiled(fixture("collision-objects"));
    expect([isBlocked(floor, 7, 5), isBlocked(floor, 8, 5)]).toEqual([true, true]); // counter
    expect(isBlocked(floor, 9, 4)).toBe(true); // planter polygon
    expect(isBlocked(floor, 4, 3)).toBe(true); // pillar
    expect(isBlocked(floor, 4, 4)).toBe(false);
  });

  it("tile objects: kept with their size and flips; one whose tile collides blocks its footprint", () => {
    const { floor } = importTiled(fixture("collision-objects"));
    expect(floor.objects.map((o) => [o.id, o.gid, o.width, o.height, o.flipX, o.above])).toEqual([
      [10, 5, 32, 32, true, false],
      [11, 6, 32, 64, false, false],
      [12, 7, 32, 64, false, false],
    ]);
    expect(floor.collections).toEqual([
      {
        firstGid: 5,
        name: "furniture",
        tiles: [
          { id: 0, image: "../tiles/chair.png", width: 32, height: 32 },
          { id: 1, image: "../tiles/bookcase.png", width: 32, height: 64 },
        ],
      },
    ]);
    expect(floor.tilesets.find((t) => t.name === "tall")).toMatchObject({ tileWidth: 32, tileHeight: 64 });
    expect([isBlocked(floor, 8, 5), isBlocked(floor, 8, 6)]).toEqual([true, true]); // bookcase
    expect(isBlocked(floor, 2, 4)).toBe(false); // chair: walkable
  });

  it("a group's `above` reaches the layers inside it", () => {
    const { floor } = importTiled(fixture("collision-objects"));
    expect(floor.layers.find((l) => l.name === "outside/trees")?.above).toBe(true);
  });
});

describe("small rules", () => {
  it("exit URLs: a map file and an entry become a floor slug and a spawn", () => {
    expect(exitOf("other.tmj#entry")).toEqual({ kind: "portal", target: "other", targetSpawn: "entry" });
    expect(exitOf("maps/Roof Top.json")).toEqual({ kind: "portal", target: "roof-top" });
    expect(exitOf("#other-entry").kind).toBe("none");
    expect(exitOf("/_/global/example.org/map.json").kind).toBe("none");
    expect(floorSlugOf("Conference Hall.tmj")).toBe("conference-hall");
  });

  it("a class close to a Foyer kind is a typo to refuse, others are foreign content", () => {
    expect(["Spawn", "coffee_corner", "stgae", "portals"].map(looksLikeZoneKind)).toEqual([true, true, true, true]);
    expect(["website", "area", "disco", "chair"].map(looksLikeZoneKind)).toEqual([false, false, false, false]);
  });

  it("rectangles cover exactly the set tiles", () => {
    const data = [1, 1, 0, 1, 0, 0, 1, 1, 1];
    const rects = rectanglesOf(data, 3, 3);
    const covered = new Array<number>(9).fill(0);
    for (const r of rects) for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) covered[y * 3 + x]!++;
    expect(covered).toEqual(data);
  });

  it("objects without a class stay annotations; the zones layer made from tile layers is an object layer", () => {
    const { map } = importTiled(fixture("workadventure-layers"));
    const made = map.layers.find((l): l is TiledObjectLayer => l.type === "objectgroup" && l.name === "zones (from layers)");
    expect(made?.objects).toHaveLength(6);
  });
});
