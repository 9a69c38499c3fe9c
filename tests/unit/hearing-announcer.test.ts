import { describe, expect, it } from "vitest";
import { ANNOUNCE_EVERY_MS, HearingAnnouncer } from "../../client/ui/hearingAnnouncer.ts";

const say = (names: string[]) => `You can hear ${names.join(" and ")}.`;

/** Feed the announcer one reading every 150 ms (as the media bar does) and collect what it says. */
function run(readings: { from: number; to: number; names: string[] }[]): { at: number; text: string }[] {
  const a = new HearingAnnouncer(say);
  const said: { at: number; text: string }[] = [];
  for (const r of readings)
    for (let t = r.from; t < r.to; t += 150) {
      const text = a.update(r.names, t);
      if (text !== null) said.push({ at: t, text });
    }
  return said;
}

describe("hearing announcer", () => {
  it("says who you hear once, not on every change of volume", () => {
    // The page reads "Ben 64%", "Ben 71%"… every 150 ms for 3 s: one announcement.
    const said = run([{ from: 0, to: 3000, names: ["Ben"] }]);
    expect(said).toEqual([{ at: 0, text: "You can hear Ben." }]);
  });

  it("clears at once when you hear nobody, so a name does not stay after the person left", () => {
    const said = run([
      { from: 0, to: 1000, names: ["Ben"] },
      { from: 1050, to: 4000, names: [] },
    ]);
    expect(said).toEqual([
      { at: 0, text: "You can hear Ben." },
      { at: 1050, text: "" },
    ]);
  });

  it("says a new set of people at most once per quiet period, and the newest set then", () => {
    const said = run([
      { from: 0, to: 600, names: ["Ben"] },
      { from: 600, to: 1200, names: ["Ben", "Ada"] },
      { from: 1200, to: 9000, names: ["Ada", "Ben", "Cy"] },
    ]);
    expect(said.map((s) => s.text)).toEqual(["You can hear Ben.", "You can hear Ada and Ben and Cy."]);
    expect(said[1]!.at - said[0]!.at).toBeGreaterThanOrEqual(ANNOUNCE_EVERY_MS);
    expect(said[1]!.at - said[0]!.at).toBeLessThan(ANNOUNCE_EVERY_MS + 200);
  });

  it("does not repeat the same people in another order, nor after a blip shorter than the quiet period", () => {
    const said = run([
      { from: 0, to: 1000, names: ["Ben", "Ada"] },
      { from: 1000, to: 2000, names: ["Ada", "Ben"] },
      { from: 2000, to: 2300, names: ["Ada"] },
      { from: 2300, to: 8000, names: ["Ben", "Ada"] },
    ]);
    expect(said).toEqual([{ at: 0, text: "You can hear Ada and Ben." }]);
  });

  it("a person who walks away and comes back much later is said again", () => {
    const said = run([
      { from: 0, to: 1000, names: ["Ben"] },
      { from: 1050, to: 7000, names: [] },
      { from: 7050, to: 8000, names: ["Ben"] },
    ]);
    expect(said.map((s) => s.text)).toEqual(["You can hear Ben.", "", "You can hear Ben."]);
  });
});
