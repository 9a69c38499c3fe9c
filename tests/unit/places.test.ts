import { describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { isBlocked, rectContainsTile } from "../../shared/map/model.ts";
import { placesOf, placeTarget } from "../../shared/map/places.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { defaultVenueFloor } from "../support/maps.ts";

const floor = defaultVenueFloor();
const at = (id: string, tx: number, ty: number) => ({ id, x: tx * TILE_SIZE + 16, y: ty * TILE_SIZE + 16 });
const zone = (name: string) => floor.zones.find((z) => z.name === name)!;

describe("the floor as a list of places", () => {
  it("lists stages, tables (by topic), coffee corners, the quiet room, the stairs and the signpost, in that order, and no spawn or audience", () => {
    const places = placesOf(floor.zones, [], new Map(), null);
    expect(places.map((p) => p.kind)).toEqual(["stage", ...Array(6).fill("table"), "coffee-corner", "coffee-corner", "coffee-corner", "silent", "portal", "sign"]);
    expect(places.find((p) => p.kind === "table")).toMatchObject({ title: "Open source maintainers", limit: 8, taken: 0, people: [] });
    expect(places.find((p) => p.kind === "portal")).toMatchObject({ title: "Stairs to the terrace", leadsTo: "terrace" });
    expect(places.some((p) => p.name === "Entrance" || p.name === "Main audience")).toBe(false);
  });

  it("names who is seen in each place, counts seats from the room, and marks where you stand", () => {
    const ada = at("ada", 34, 4); // at the first table
    const ben = at("ben", 2, 32); // in the Lounge corner
    const places = placesOf(floor.zones, [ada, ben], new Map([["Open source maintainers", 3]]), ben);
    const table = places.find((p) => p.name === "Open source maintainers")!;
    // The room counts three at the table; this page sees only Ada there.
    expect(table).toMatchObject({ taken: 3, limit: 8, people: ["ada"], here: false });
    expect(places.find((p) => p.name === "Lounge corner")).toMatchObject({ taken: 1, people: ["ben"], here: true });
    expect(places.filter((p) => p.here).map((p) => p.name)).toEqual(["Lounge corner"]);
  });

  it("'go there' picks a free tile inside the place on your side of it, reachable from the entrance", () => {
    const paths = new Pathfinder(floor);
    const entrance = { tx: 30, ty: 39 };
    for (const name of ["Open source maintainers", "Café corner", "Main stage", "Stairs to the terrace", "Quiet room"]) {
      const z = zone(name);
      const t = placeTarget(floor, z, entrance);
      expect(t, name).not.toBeNull();
      expect(rectContainsTile(z.rect, t!.tx, t!.ty), name).toBe(true);
      expect(isBlocked(floor, t!.tx, t!.ty), name).toBe(false);
      expect(paths.find(entrance, t!), name).not.toBeNull();
    }
    // From the north the table is entered at its north edge, from the south at its south edge.
    const table = zone("Climate tech");
    expect(placeTarget(floor, table, { tx: 37, ty: 0 })!.ty).toBeLessThan(placeTarget(floor, table, { tx: 37, ty: 43 })!.ty);
  });
});
