import { describe, expect, it } from "vitest";
import { recordTick, resetTickStats, snapshot } from "../../server/stats.ts";

describe("tick figures per floor", () => {
  it("two venues' main floors are reported apart, keyed venue/floor", () => {
    resetTickStats();
    recordTick("foyer", "main", 1);
    recordTick("foyer", "main", 3);
    recordTick("meetup", "main", 8);
    const { floors } = snapshot();
    expect(Object.keys(floors).sort()).toEqual(["foyer/main", "meetup/main"]);
    expect(floors["foyer/main"]).toMatchObject({ ticks: 2, max: 3 });
    expect(floors["meetup/main"]).toMatchObject({ ticks: 1, p50: 8 });
  });

  it("a reset starts the figures afresh (the sync benchmark measures one window)", () => {
    recordTick("foyer", "main", 1);
    resetTickStats();
    expect(snapshot().floors).toEqual({});
  });
});
