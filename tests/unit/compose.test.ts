// docker-compose.yml cannot be run here (no docker), so its wiring is checked as text:
// Foyer and coturn share one TURN secret, the TURN URLs Foyer hands out point at the port
// coturn listens on and publishes, and Foyer's environment passes its own config checks.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";

const compose = fs.readFileSync(path.join(import.meta.dirname, "../../docker-compose.yml"), "utf8");

/** The lines of one service (or the x-foyer anchor): the key's line and everything indented under it. */
function block(name: string): string {
  const lines = compose.split("\n");
  const at = lines.findIndex((l) => new RegExp(`^ {0,2}${name}:`).test(l));
  expect(at, `${name} in docker-compose.yml`).toBeGreaterThanOrEqual(0);
  const indent = lines[at]!.search(/\S/);
  const out = [lines[at]!];
  for (const l of lines.slice(at + 1)) {
    if (l.trim() !== "" && !l.trim().startsWith("#") && l.search(/\S/) <= indent) break;
    out.push(l);
  }
  return out.join("\n");
}

/** Compose's ${VAR:-default} and ${VAR:?message}, with these values for the variables. */
function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::[-?][^}]*)?\}/g, (whole, name: string) => {
    const d = /:-([^}]*)\}$/.exec(whole);
    return vars[name] ?? d?.[1] ?? "";
  });
}

const VARS = { FOYER_PUBLIC_IP: "203.0.113.7", FOYER_TURN_SECRET: "a-long-random-shared-secret-123" };

describe("docker-compose.yml", () => {
  it("Foyer and coturn use one TURN secret, which must be set", () => {
    const foyer = block("x-foyer");
    const coturn = block("coturn");
    expect(foyer).toMatch(/FOYER_TURN_SECRET: \$\{FOYER_TURN_SECRET:\?/);
    expect(coturn).toMatch(/--static-auth-secret=\$\{FOYER_TURN_SECRET:\?/);
    expect(coturn).toContain("--use-auth-secret");
  });

  it("the TURN URLs Foyer hands out reach the port coturn listens on and publishes", () => {
    const foyer = substitute(block("x-foyer"), VARS);
    const coturn = substitute(block("coturn"), VARS);
    const urls = /FOYER_TURN_URLS: (\S+)/.exec(foyer)![1]!.split(",");
    const port = /--listening-port=(\d+)/.exec(coturn)![1]!;
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const m = /^turns?:([^:?]+):(\d+)\?transport=(udp|tcp)$/.exec(url);
      expect(m, url).not.toBeNull();
      expect(m![1]).toBe(VARS.FOYER_PUBLIC_IP);
      expect(m![2]).toBe(port);
      expect(coturn).toContain(`"${port}:${port}/${m![3]}"`);
    }
    expect(coturn).toContain(`--external-ip=${VARS.FOYER_PUBLIC_IP}`);
    const min = /--min-port=(\d+)/.exec(coturn)![1];
    const max = /--max-port=(\d+)/.exec(coturn)![1];
    expect(coturn).toContain(`"${min}-${max}:${min}-${max}/udp"`);
  });

  it("each Foyer service's environment passes Foyer's own configuration checks, TURN on", () => {
    const env: Record<string, string> = {};
    for (const part of [block("x-foyer"), block("foyer-1")]) {
      for (const m of substitute(part, VARS).matchAll(/^ {4,6}([A-Z][A-Z0-9_]+): "?([^"\n]*)"?$/gm)) env[m[1]!] = m[2]!;
    }
    const config = loadConfig(env);
    expect(config.media?.turn).toMatchObject({ secret: VARS.FOYER_TURN_SECRET });
    expect(config.media?.turn?.urls).toHaveLength(2);
  });
});
