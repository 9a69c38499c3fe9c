import { describe, expect, it } from "vitest";
import { nameProblem, normalizeName } from "../../shared/protocol/names.ts";

const check = (raw: string) => nameProblem(normalizeName(raw), 1, 32);

describe("what a person may be called", () => {
  it("accepts ordinary names in any one script", () => {
    for (const name of ["Ada Lovelace-2", "Zoë", "Дмитрий", "山田 太郎", "やまだ タロウ", "김민준", "Ιωάννης", "محمد", "Ivan Иванов", "O'Brien", "Ada ❤️", "👩‍💻 Sam"]) {
      expect(check(name), name).toBeNull();
    }
  });

  it("folds spaces and compatibility forms, so look-alike spellings become one", () => {
    expect(normalizeName("  Ａｄａ \u00a0 Lovelace ")).toBe("Ada Lovelace");
  });

  it("refuses blank and invisible names", () => {
    for (const name of ["", "   ", "\u200b", "\u3164", "\u115f", "A\u200bda", "\u2800", "A\u200dB", "\u00ad"]) {
      expect(check(name), JSON.stringify(name)).not.toBeNull();
    }
    expect(check("\u200b")).toMatch(/empty|invisible/);
    expect(check("\u3164")).toMatch(/invisible/);
  });

  it("refuses control characters, bidi overrides and unpaired surrogates", () => {
    expect(check("evil\u202ename")).toMatch(/control/);
    expect(check("a\u0000b")).toMatch(/control/);
    expect(check("a\ud800b")).toMatch(/invisible or unassigned/);
  });

  it("refuses a word that mixes alphabets, the way look-alike names are made", () => {
    expect(check("P\u0430ypal")).toMatch(/mixes alphabets within "P\u0430ypal"/);
    expect(check("Ad\u0430 Lovelace")).toMatch(/mixes alphabets/);
  });

  it("wants a letter or digit, and at most the length allowed", () => {
    expect(check("!!!")).toMatch(/letter or a digit/);
    expect(check("x".repeat(33))).toMatch(/at most 32/);
  });
});
