import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CATALOGUES, chooseLocale, plural } from "../../client/i18n/index.ts";

const root = join(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return d.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every client module that defines a catalogue, and every module named like a strings module. */
const clientFiles = sources(join(root, "client"));
const catalogueFiles = clientFiles.filter((f) => !f.endsWith("i18n/index.ts") && /\bcatalogue\(\s*"/.test(readFileSync(f, "utf8")));
const stringsModules = clientFiles.filter((f) => /(Strings|strings)\.ts$/.test(f));

const MARK = /⟦\d+⟧/g;

/** Calls a catalogue function with probes that print as ⟦i⟧ (arrays of one also join and list as that). */
function probe(fn: (...args: unknown[]) => unknown): { text: string; marks: string[] } {
  const tries: ((i: number) => unknown)[] = [(i) => [`⟦${i}⟧`], (i) => `⟦${i}⟧`, (i) => 700 + i];
  let lastError: unknown;
  for (const make of tries) {
    try {
      const out = fn(...Array.from({ length: fn.length }, (_, i) => make(i)));
      if (typeof out !== "string") throw new Error(`returned ${typeof out}`);
      return { text: out, marks: (out.match(MARK) ?? []).sort() };
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

function compare(path: string, en: unknown, de: unknown, problems: string[]): void {
  if (typeof en === "string") {
    if (typeof de !== "string") problems.push(`${path}: German is ${typeof de}, English a string`);
    else if ((en.trim() === "") !== (de.trim() === "")) problems.push(`${path}: empty in ${en.trim() ? "German" : "English"}`);
    return;
  }
  if (typeof en === "function") {
    if (typeof de !== "function") return void problems.push(`${path}: German is ${typeof de}, English a function`);
    if (en.length !== de.length) return void problems.push(`${path}: English takes ${en.length} arguments, German ${de.length}`);
    const a = probe(en as (...args: unknown[]) => unknown);
    const b = probe(de as (...args: unknown[]) => unknown);
    if (!a.text.trim() || !b.text.trim()) problems.push(`${path}: says nothing`);
    if (a.marks.join() !== b.marks.join()) problems.push(`${path}: English uses ${a.marks.join(" ") || "no placeholder"}, German ${b.marks.join(" ") || "no placeholder"}`);
    for (const n of [0, 1, 2, 5]) {
      try {
        const args = Array.from({ length: en.length }, () => n);
        if ((en as (...x: number[]) => unknown)(...args) === "" || (de as (...x: number[]) => unknown)(...args) === "") problems.push(`${path}(${n}): empty`);
      } catch {
        // not a function of numbers
      }
    }
    return;
  }
  if (Array.isArray(en)) {
    if (!Array.isArray(de) || de.length !== en.length) return void problems.push(`${path}: English has ${en.length} entries, German ${Array.isArray(de) ? de.length : typeof de}`);
    en.forEach((v, i) => compare(`${path}[${i}]`, v, de[i], problems));
    return;
  }
  if (en && typeof en === "object") {
    if (!de || typeof de !== "object") return void problems.push(`${path}: missing in German`);
    const enKeys = Object.keys(en);
    const deKeys = Object.keys(de);
    for (const k of enKeys) {
      if (!(k in de)) problems.push(`${path}.${k}: missing in German`);
      else compare(`${path}.${k}`, (en as Record<string, unknown>)[k], (de as Record<string, unknown>)[k], problems);
    }
    for (const k of deKeys) if (!(k in en)) problems.push(`${path}.${k}: only in German`);
  }
}

describe("string catalogues (English and German)", () => {
  beforeAll(async () => {
    for (const f of catalogueFiles) await import(pathToFileURL(f).href);
  });

  it("every strings module is a two-language catalogue", () => {
    const plain = stringsModules.filter((f) => !catalogueFiles.includes(f)).map((f) => relative(root, f));
    expect(plain).toEqual([]);
  });

  it("no string is missing or empty in either language, and every sentence takes the same placeholders", () => {
    expect(CATALOGUES.length).toBeGreaterThanOrEqual(catalogueFiles.length);
    const names = CATALOGUES.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]); // names unique
    const problems: string[] = [];
    for (const c of CATALOGUES) compare(c.name, c.en, c.de, problems);
    expect(problems).toEqual([]);
  });
});

describe("choosing the page's language", () => {
  it("the address wins, then the stored choice, then the browser's languages", () => {
    expect(chooseLocale("de", "en", ["en-US"])).toBe("de");
    expect(chooseLocale("EN", "de", ["de-DE"])).toBe("en");
    expect(chooseLocale(null, "de", ["en-GB"])).toBe("de");
    expect(chooseLocale(null, null, ["de-AT", "en"])).toBe("de");
    expect(chooseLocale(null, null, ["fr-FR", "de-CH"])).toBe("de");
    expect(chooseLocale(null, null, ["fr-FR", "en-GB", "de"])).toBe("en");
  });

  it("anything else falls back to English", () => {
    expect(chooseLocale("xx", "klingon", ["fr", "es"])).toBe("en");
    expect(chooseLocale(undefined, undefined, [])).toBe("en");
  });

  it("plural forms follow the language's rules", () => {
    const people = (n: number, lang: "en" | "de") => plural(n, { one: `${n} person`, other: `${n} people`, zero: "nobody" }, lang);
    expect([0, 1, 2].map((n) => people(n, "en"))).toEqual(["nobody", "1 person", "2 people"]);
    expect(plural(1, { one: "1 Person", other: "Personen" }, "de")).toBe("1 Person");
    expect(plural(3, { one: "1 Person", other: "Personen" }, "de")).toBe("Personen");
  });
});
