// Portals across a venue's floors: does each lead to a floor and spawn that exist? And the
// editor's empty new floor: valid as it is, with nothing leading anywhere.
import { describe, expect, it } from "vitest";
import { blankFloorLike } from "../../shared/map/edit.ts";
import { zonesOfKind } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { danglingPortals, portalsOf, spawnNamesOf } from "../../shared/map/portals.ts";
import { importTiled } from "../../shared/map/tiled.ts";
import { makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";

const stairs = { id: 7, name: "Stairs", target: "roof" };
const venue = new Map([
  ["ground", ["Entrance"]],
  ["roof", ["Helipad", "Bar"]],
]);

describe("portals across a venue", () => {
  it("a portal to an existing floor, with no spawn or an existing one, leads somewhere", () => {
    expect(danglingPortals([stairs, { ...stairs, targetSpawn: "Bar" }], venue)).toEqual([]);
  });

  it("a portal to a floor the venue does not have is named, with the floors it could lead to", () => {
    expect(danglingPortals([{ ...stairs, target: "attic" }], venue)).toEqual([
      { where: 'object 7 "Stairs"', problem: 'portal leads to floor "attic", which does not exist in this venue; choose one of "ground", "roof" as its target, or add that floor first' },
    ]);
  });

  it("a portal to a spawn the floor does not have is named, with the spawns it could arrive at", () => {
    expect(danglingPortals([{ ...stairs, targetSpawn: "Garden" }], venue)[0]!.problem).toBe(
      'portal leads to spawn "Garden" on floor "roof", which has no spawn zone of that name; choose one of "Helipad", "Bar", or leave it empty for the floor\'s first spawn',
    );
  });

  it("reads spawns and portals from a stored map without parsing it, named as parseFloor names them", () => {
    const map = makeMap(ROOM_PLAN, [...ROOM_ZONES, { id: 9, name: "", class: "spawn", x: 4, y: 4, w: 1, h: 1 }, { name: "Up", class: "portal", x: 5, y: 5, w: 1, h: 1, props: { target: "roof", targetSpawn: "Bar" } }]);
    const floor = parseFloor(map);
    expect(spawnNamesOf(map)).toEqual(zonesOfKind(floor, "spawn").map((z) => z.name));
    expect(spawnNamesOf(map)).toEqual(["Entrance", "spawn 9"]);
    expect(portalsOf(map)).toEqual(zonesOfKind(floor, "portal").map(({ id, name, target, targetSpawn }) => ({ id, name, target, targetSpawn })));
    expect(spawnNamesOf(null)).toEqual([]);
  });

  it("an empty new floor keeps the tilesets and size, is valid, and has a spawn and no portal", () => {
    const { map } = importTiled({ map: makeMap(ROOM_PLAN, ROOM_ZONES) });
    const blank = blankFloorLike(map);
    const floor = parseFloor(blank);
    expect({ width: floor.width, height: floor.height, tilesets: blank.tilesets }).toEqual({ width: map.width, height: map.height, tilesets: map.tilesets });
    expect(floor.zones.map((z) => `${z.kind} ${z.name}`)).toEqual(["spawn Entrance"]);
  });
});
