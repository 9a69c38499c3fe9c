/**
 * axe-core (the accessibility engine browsers' own audits use) run inside real Chromium
 * on every page a person meets: the join form, the venue after joining (with the places
 * list and the device list open), the floor editor and the host page, both signed in as
 * a host. Each must have no serious or critical violation; the report names every rule
 * and element that failed, so a failure says what to fix.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { joinAs, openPage, serverAndBrowser, screenshot, waitForJoinForm, type OpenPage } from "../support/browser.ts";
import { SETUP_TOKEN } from "../support/server.ts";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const HOST = { email: "host@example.com", password: "correct horse battery", name: "Hana Host" };

const suite = serverAndBrowser({ FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN, FOYER_MEDIA: "off" });
let attendee: OpenPage;
let host: OpenPage;


/** One failed rule: its id, impact, and each element with what is wrong there. */
interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Run axe-core on the page as it is now; the serious and critical violations. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    type AxeResult = { violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.map(String).join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
      }));
  });
}

/** Fails with axe's own words for every serious or critical problem on the page. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const found = await seriousViolations(page);
  const report = found.map((v) => `${v.impact} ${v.id} (${v.help}):\n  ${v.nodes.join("\n  ")}`).join("\n");
  expect(report, `${what}: serious or critical accessibility violations`).toBe("");
}

describe("accessibility (axe-core)", () => {
  it("the join form", async () => {
    attendee = await openPage(suite.browser, "attendee");
    await attendee.page.goto(`${suite.server.url}/?venue=foyer&floor=main`);
    await waitForJoinForm(attendee.page);
    await expectAccessible(attendee.page, "join form");
  });

  it("the venue after joining, with the places list and the device list open", async () => {
    const page = attendee.page;
    await joinAs(page, "Ada Attendee", "teal");
    await page.waitForSelector("#mediabar:not(.hidden)");
    await expectAccessible(page, "venue");
    await page.locator("#places-open").click();
    await page.waitForSelector("#places:not(.hidden) .place-go");
    await page.locator("#devices-button").click();
    await page.waitForSelector("#device-panel:not(.hidden)");
    await screenshot(page, "a11y-venue");
    await expectAccessible(page, "venue with places and devices open");
  });

  it("the floor editor, signed in as a host", async () => {
    host = await openPage(suite.browser, "host");
    const page = host.page;
    page.on("dialog", (d) => void d.dismiss().catch(() => {}));
    await page.goto(`${suite.server.url}/editor?venue=foyer&floor=main&setup=${SETUP_TOKEN}`);
    await page.waitForSelector("#login:not(.hidden) #login-email", { state: "visible", timeout: 15_000 });
    await expectAccessible(page, "editor sign-in form");
    await page.locator("#login-email").fill(HOST.email);
    await page.locator("#login-password").fill(HOST.password);
    await page.locator("#login-name").fill(HOST.name);
    await page.locator("#signup-button").click();
    await page.waitForFunction(() => !!window.editor?.state.history, undefined, { timeout: 20_000 });
    await screenshot(page, "a11y-editor");
    await expectAccessible(page, "editor");
  });

  it("the host page, signed in", async () => {
    const page = host.page;
    await page.goto(`${suite.server.url}/host`);
    await page.waitForSelector("#new-event", { state: "visible", timeout: 15_000 });
    await screenshot(page, "a11y-host");
    await expectAccessible(page, "host page");
    expect(attendee.problems.pageErrors).toEqual([]);
    expect(host.problems.pageErrors).toEqual([]);
  });
});
