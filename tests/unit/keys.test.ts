import { describe, expect, it } from "vitest";
import { nextIndex } from "../../client/ui/keys.ts";

describe("arrow keys within a list, picker or toolbar", () => {
  it("a list moves with up and down, wrapping at both ends, and ignores left and right", () => {
    expect(nextIndex(0, 3, "ArrowDown", "vertical")).toBe(1);
    expect(nextIndex(2, 3, "ArrowDown", "vertical")).toBe(0);
    expect(nextIndex(0, 3, "ArrowUp", "vertical")).toBe(2);
    expect(nextIndex(1, 3, "ArrowLeft", "vertical")).toBeNull();
    expect(nextIndex(1, 3, "w", "vertical")).toBeNull();
  });

  it("a row moves with left and right; a picker grid with all four; Home and End jump to the ends", () => {
    expect(nextIndex(1, 4, "ArrowRight", "horizontal")).toBe(2);
    expect(nextIndex(1, 4, "ArrowDown", "horizontal")).toBeNull();
    expect(nextIndex(3, 8, "ArrowDown", "both")).toBe(4);
    expect(nextIndex(3, 8, "ArrowLeft", "both")).toBe(2);
    expect(nextIndex(5, 8, "Home", "both")).toBe(0);
    expect(nextIndex(5, 8, "End", "vertical")).toBe(7);
  });

  it("from outside the group the first arrow lands on an end; an empty group takes no key", () => {
    expect(nextIndex(-1, 5, "ArrowDown", "vertical")).toBe(0);
    expect(nextIndex(-1, 5, "ArrowUp", "vertical")).toBe(4);
    expect(nextIndex(-1, 0, "ArrowDown", "vertical")).toBeNull();
  });
});
