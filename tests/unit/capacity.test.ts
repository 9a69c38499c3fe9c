import { describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { mayEnter, occupancy } from "../../shared/map/capacity.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { makeMap } from "../support/maps.ts";

const plan = ["#".repeat(20), ...Array.from({ length: 8 }, () => "#" + ".".repeat(18) + "#"), "#".repeat(20)];
const floor = parseFloor(
  makeMap(plan, [
    { name: "Spawn", class: "spawn", x: 1, y: 1, w: 1, h: 1 },
    { name: "Table", class: "table", x: 4, y: 2, w: 3, h: 3, props: { seats: 2 } },
    { name: "Open corner", class: "coffee-corner", x: 10, y: 2, w: 3, h: 3 },
  ]),
);
const at = (tx: number, ty: number) => ({ x: tx * TILE_SIZE + 16, y: ty * TILE_SIZE + 16 });

describe("seats and capacity", () => {
  it("counts who sits at the table", () => {
    expect(occupancy(floor.zones, [at(4, 2), at(5, 3), at(1, 1)]).get("Table")).toBe(2);
    expect(occupancy(floor.zones, []).has("Open corner")).toBe(false); // no capacity, no count
  });

  it("a full table cannot be entered, but those seated can move around it", () => {
    const counts = occupancy(floor.zones, [at(4, 2), at(5, 3)]);
    const refused = mayEnter(floor.zones, counts, at(3, 3), at(4, 3));
    expect(refused).toMatchObject({ ok: false, zone: { name: "Table" }, limit: 2 });
    expect(mayEnter(floor.zones, counts, at(4, 2), at(5, 2)).ok).toBe(true);
    expect(mayEnter(floor.zones, counts, at(3, 3), at(3, 4)).ok).toBe(true);
  });

  it("a table with a free seat can be entered; a corner without capacity always", () => {
    const counts = occupancy(floor.zones, [at(4, 2)]);
    expect(mayEnter(floor.zones, counts, at(3, 3), at(4, 3)).ok).toBe(true);
    expect(mayEnter(floor.zones, counts, at(9, 3), at(10, 3)).ok).toBe(true);
  });
});
