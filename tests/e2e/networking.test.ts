/**
 * Meeting people, in real Chromium on the real server: two people stand together for
 * 30 s (the default threshold) and each finds the other in "People you met"; one asks to
 * exchange contacts, the other accepts, both cards appear; a third person, who was not
 * there and not asked, sees nothing. Ada on a laptop (1280×720), Ben on a phone (390×844).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, joinAs, launchBrowser, screenshot, watchPage, type PageProblems } from "../support/browser.ts";
import { startServer, type RunningServer } from "../support/server.ts";

let server: RunningServer | undefined;
let browser: Browser | undefined;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };

async function open(name: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser!.newContext({ viewport, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  watchPage(page, problems, name);
  await page.goto(server!.url);
  await joinAs(page, name, name === "Ada" ? "violet" : name === "Ben" ? "teal" : "amber");
  return page;
}

/** Open the panel (it starts folded) and return its list of people. */
async function metPanel(page: Page) {
  await page.waitForSelector("#met", { state: "visible" });
  if (await page.locator("#met.collapsed").count()) await page.locator("#met-toggle").click();
  return page.locator("#met");
}

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

describe("people you met", () => {
  let ada: Page;
  let ben: Page;

  it("two people who stand together for 30 s each see the other in 'People you met'", async () => {
    ada = await open("Ada", { width: 1280, height: 720 });
    ben = await open("Ben", { width: 390, height: 844 });
    const adaPanel = await metPanel(ada);
    expect(await adaPanel.locator(".met-none").textContent()).toMatch(/Nobody yet/);
    // Ben walks over to Ada from the who's-here list (the panel is folded on a phone until he opens it).
    if (await ben.locator("#people.collapsed").count()) await ben.locator("#people-toggle").click();
    await ben.locator("#people-list button.name", { hasText: "Ada" }).click();
    // A name opens Ada's profile card (chat, #11), which offers to walk over.
    await ben.locator("#profile-card").getByRole("button", { name: "Walk over" }).click();
    await ben.locator("#people-toggle").click(); // fold it again, as on a phone you would

    await adaPanel.locator(".met-person", { hasText: "Ben" }).waitFor({ timeout: 60_000 });
    const benPanel = await metPanel(ben);
    await benPanel.locator(".met-person", { hasText: "Ada" }).waitFor({ timeout: 15_000 });
    expect(await adaPanel.locator(".met-person").count()).toBe(1);
  }, 120_000);

  it("Ada asks to exchange contacts, Ben accepts, and both cards appear", async () => {
    const adaPanel = ada.locator("#met");
    await adaPanel.locator(".met-share summary").click();
    await adaPanel.locator('.met-share input[type="email"]').fill("ada@example.org");
    await adaPanel.locator('.met-share input[type="url"]').fill("https://ada.example.org");
    await adaPanel.locator(".met-person", { hasText: "Ben" }).getByRole("button", { name: "Exchange contacts" }).click();
    await adaPanel.locator(".met-state.asked").waitFor({ timeout: 10_000 });
    // Nothing of Ada's card reaches Ben before he accepts.
    const benPanel = ben.locator("#met");
    const request = benPanel.locator(".met-request", { hasText: "Ada" });
    await request.waitFor({ timeout: 15_000 });
    expect(await benPanel.textContent()).not.toContain("ada@example.org");
    await screenshot(ben, "networking-request-390");

    await benPanel.locator(".met-share summary").click();
    await benPanel.locator('.met-share input[type="email"]').fill("ben@example.org");
    await request.getByRole("button", { name: "Accept" }).click();
    const adasCardInBen = benPanel.locator(".met-card", { hasText: "Ada" });
    await adasCardInBen.waitFor({ timeout: 10_000 });
    expect(await adasCardInBen.textContent()).toContain("ada@example.org");
    expect(await adasCardInBen.textContent()).toContain("ada.example.org");
    const bensCardInAda = adaPanel.locator(".met-card", { hasText: "Ben" });
    await bensCardInAda.waitFor({ timeout: 15_000 });
    expect(await bensCardInAda.textContent()).toContain("ben@example.org");
    expect(await adaPanel.locator(".met-export a").allTextContents()).toEqual(["Download vCard", "Download CSV"]);
    await screenshot(ada, "networking-cards-1280");
    await screenshot(ben, "networking-cards-390");
  }, 60_000);

  it("a third person, who was not there and not asked, sees nothing", async () => {
    const cleo = await open("Cleo", { width: 390, height: 844 });
    const panel = await metPanel(cleo);
    await panel.locator(".met-none").waitFor();
    await cleo.waitForTimeout(1000); // the first read has landed
    expect(await panel.locator(".met-person, .met-card, .met-request").count()).toBe(0);
    expect(await panel.textContent()).not.toMatch(/Ada|Ben/);
    await screenshot(cleo, "networking-nobody-390");
    expect(problems.pageErrors).toEqual([]);
  }, 60_000);
});
