import { describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { FloorError, parseFloor } from "../../shared/map/parse.ts";
import { placesOf } from "../../shared/map/places.ts";
import { signNear } from "../../client/ui/signs.ts";
import { SpotJoinAnnouncer, type JoinedSpot } from "../../client/ui/spotJoins.ts";
import { stickIntent } from "../../client/ui/touch.ts";
import { defaultVenueFloor, makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";

const at = (tx: number, ty: number) => ({ x: tx * TILE_SIZE + 16, y: ty * TILE_SIZE + 16 });

describe("signs from the map", () => {
  it("the default venue's signpost comes in as a sign with its words, and the list of places reads them", () => {
    const floor = defaultVenueFloor();
    const sign = floor.zones.find((z) => z.kind === "sign");
    expect(sign).toMatchObject({ name: "Signpost", rect: { x: 30, y: 35, width: 3, height: 2 } });
    expect(sign?.kind === "sign" && sign.text).toMatch(/^Welcome to Foyer!.*roof terrace\.$/);
    expect(placesOf(floor.zones, [], new Map(), null).find((p) => p.kind === "sign")).toMatchObject({ title: "Signpost", text: expect.stringContaining("the café") });
  });

  it("a sign without text, or with more than 500 characters, is refused naming the sign", () => {
    const problems = (props: Record<string, string>) => {
      try {
        parseFloor(makeMap(ROOM_PLAN, [...ROOM_ZONES, { name: "Way out", class: "sign", x: 6, y: 4, w: 1, h: 1, props }]));
        return "";
      } catch (err) {
        if (err instanceof FloorError) return err.message;
        throw err;
      }
    };
    expect(problems({})).toMatch(/"Way out": property "text" is required \(the words people read on the sign\)/);
    expect(problems({ text: "x".repeat(501) })).toMatch(/"Way out": property "text" must be text of at most 500 characters/);
    expect(problems({ text: "Exit this way" })).toBe("");
  });

  it("a sign is near when you stand in its zone or on a tile touching it, not two tiles off", () => {
    const zones = defaultVenueFloor().zones;
    expect(signNear(zones, at(30, 35).x, at(30, 35).y)?.name).toBe("Signpost");
    expect(signNear(zones, at(31, 37).x, at(31, 37).y)?.name).toBe("Signpost"); // the entrance row just below it
    expect(signNear(zones, at(29, 34).x, at(29, 34).y)?.name).toBe("Signpost"); // diagonally next to it
    expect(signNear(zones, at(31, 38).x, at(31, 38).y)).toBeUndefined();
    expect(signNear(zones, at(27, 35).x, at(27, 35).y)).toBeUndefined();
  });
});

describe("'… joined your table', said calmly", () => {
  const table: JoinedSpot = { name: "t1", title: "Climate tech", kind: "table" };
  const names: Record<string, string> = { ben: "Ben", ada: "Ada", cy: "Cy" };
  const make = () => new SpotJoinAnnouncer((who, spot) => `${who.join(" and ")} joined your ${spot.kind}, ${spot.title}.`, 4000);
  const nameOf = (id: string) => names[id] ?? "?";

  it("says nothing about the people already there when you arrive, then names who steps in", () => {
    const a = make();
    expect(a.update(table, ["ada"], nameOf, 0)).toBeNull();
    expect(a.update(table, ["ada"], nameOf, 500)).toBeNull();
    expect(a.update(table, ["ada", "ben"], nameOf, 1000)).toBe("Ben joined your table, Climate tech.");
    expect(a.update(table, ["ada", "ben"], nameOf, 1500)).toBeNull();
  });

  it("gathers arrivals within the quiet period into one sentence, and drops someone who left before it was said", () => {
    const a = make();
    a.update(table, [], nameOf, 0);
    expect(a.update(table, ["ben"], nameOf, 100)).toBe("Ben joined your table, Climate tech.");
    expect(a.update(table, ["ben", "ada"], nameOf, 1000)).toBeNull();
    expect(a.update(table, ["ben", "ada", "cy"], nameOf, 2000)).toBeNull();
    expect(a.update(table, ["ben", "cy"], nameOf, 3000)).toBeNull(); // Ada left again
    expect(a.update(table, ["ben", "cy"], nameOf, 4200)).toBe("Cy joined your table, Climate tech.");
  });

  it("outside any spot, or after moving to another, nobody is announced", () => {
    const a = make();
    expect(a.update(null, [], nameOf, 0)).toBeNull();
    expect(a.update(null, ["ben"], nameOf, 5000)).toBeNull();
    a.update(table, ["ben"], nameOf, 6000);
    const corner: JoinedSpot = { name: "c1", title: "Lounge corner", kind: "coffee-corner" };
    expect(a.update(corner, ["ada"], nameOf, 12_000)).toBeNull();
    expect(a.update(corner, ["ada", "cy"], nameOf, 13_000)).toBe("Cy joined your coffee-corner, Lounge corner.");
  });
});

describe("the touch joystick", () => {
  it("walks nowhere inside the dead zone, straight near an axis and diagonally between", () => {
    expect(stickIntent(5, 5, 40)).toEqual({ dx: 0, dy: 0 });
    expect(stickIntent(30, 3, 40)).toEqual({ dx: 1, dy: 0 });
    expect(stickIntent(-2, -30, 40)).toEqual({ dx: 0, dy: -1 });
    expect(stickIntent(0, 30, 40)).toEqual({ dx: 0, dy: 1 });
    expect(stickIntent(-30, 1, 40)).toEqual({ dx: -1, dy: 0 });
    expect(stickIntent(-30, -1, 40)).toEqual({ dx: -1, dy: 0 });
    expect(stickIntent(25, 25, 40)).toEqual({ dx: 1, dy: 1 });
    expect(stickIntent(-25, 25, 40)).toEqual({ dx: -1, dy: 1 });
    expect(stickIntent(25, -25, 40)).toEqual({ dx: 1, dy: -1 });
  });
});
