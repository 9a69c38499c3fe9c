import { describe, expect, it } from "vitest";
import { stackLabels, type FigureBox, type LabelBox } from "../../client/scenes/labels.ts";

const box = (x: number, bottom: number, width = 80): LabelBox => ({ x, bottom, width, height: 16 });
const overlaps = (a: LabelBox, la: number, b: LabelBox, lb: number) =>
  Math.abs(a.x - b.x) < (a.width + b.width) / 2 && a.bottom - la - a.height < b.bottom - lb && b.bottom - lb - b.height < a.bottom - la;

describe("name labels of people standing together", () => {
  it("leaves labels of people apart where they are", () => {
    expect(stackLabels([box(100, 100), box(300, 100), box(100, 200)])).toEqual([0, 0, 0]);
  });

  it("lifts the label of the person further back above the one in front", () => {
    const labels = [box(100, 100), box(132, 104)];
    const lifts = stackLabels(labels);
    expect(lifts[1]).toBe(0); // in front: stays
    expect(lifts[0]).toBeGreaterThan(0);
    expect(overlaps(labels[0]!, lifts[0]!, labels[1]!, lifts[1]!)).toBe(false);
  });

  it("a packed coffee corner: every name readable, none lifted more than needed", () => {
    const labels: LabelBox[] = [];
    for (let i = 0; i < 6; i++) labels.push(box(100 + (i % 3) * 32, 100 + Math.floor(i / 3) * 32, 90));
    const lifts = stackLabels(labels);
    for (let a = 0; a < labels.length; a++)
      for (let b = a + 1; b < labels.length; b++) expect(overlaps(labels[a]!, lifts[a]!, labels[b]!, lifts[b]!)).toBe(false);
    expect(Math.max(...lifts)).toBeLessThanOrEqual(6 * 17);
  });

  it("no label covers the person standing right behind", () => {
    // Feet at y = 132 (front) and y = 100 (one tile behind); labels 30 px above the feet.
    const figure = (x: number, feet: number): FigureBox => ({ left: x - 10, top: feet - 28, right: x + 10, bottom: feet + 2 });
    const figures = [figure(100, 132), figure(100, 100)];
    const labels = [box(100, 102), box(100, 70)];
    const lifts = stackLabels(labels, figures);
    labels.forEach((l, i) => {
      const top = l.bottom - lifts[i]! - l.height;
      const bottom = l.bottom - lifts[i]!;
      for (const f of figures) {
        const apart = l.x + l.width / 2 <= f.left || l.x - l.width / 2 >= f.right || bottom <= f.top || top >= f.bottom;
        expect(apart, `label ${i} covers a figure`).toBe(true);
      }
    });
    expect(overlaps(labels[0]!, lifts[0]!, labels[1]!, lifts[1]!)).toBe(false);
  });
});
