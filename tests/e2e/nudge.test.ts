/**
 * "Ben is on their own too — walk over?" in real Chromium on the real server: four people
 * (English and German, desktop and phone) each stand alone on the default venue's open
 * floor; after 75 s each gets the card naming another person standing alone, "Walk there"
 * walks the avatar towards them and closes the card, "Not now" closes it. Screenshots:
 * test-results/e2e/nudge-*.png.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { isBlocked } from "../../shared/map/model.ts";
import { buildClient, joinAs, launchBrowser, RENDERER_ARGS, screenshot, watchPage, type PageProblems } from "../support/browser.ts";
import { defaultVenueFloor } from "../support/maps.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

const FLOOR = defaultVenueFloor();
type Live = Required<FoyerWindow>;

let server: RunningServer | undefined;
let browser: Browser | undefined;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser(RENDERER_ARGS)]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

/** A free open-floor tile near (tx, ty): walkable, in no zone. */
function openTile(tx: number, ty: number): { tx: number; ty: number } {
  for (let r = 0; r < 20; r++)
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) {
        const x = tx + dx;
        const y = ty + dy;
        if (x < 1 || y < 1 || x >= FLOOR.width - 1 || y >= FLOOR.height - 1 || isBlocked(FLOOR, x, y)) continue;
        if (FLOOR.zones.some((z) => x >= z.rect.x && x < z.rect.x + z.rect.width && y >= z.rect.y && y < z.rect.y + z.rect.height)) continue;
        return { tx: x, ty: y };
      }
  throw new Error(`no open tile near (${tx}, ${ty})`);
}

async function openAlone(size: { width: number; height: number }, name: string, locale: string, goal: { tx: number; ty: number }): Promise<Page> {
  const context = await browser!.newContext({ viewport: size, hasTouch: size.width < 600, isMobile: size.width < 600, locale });
  const page = await context.newPage();
  watchPage(page, problems, name);
  await page.goto(`${server!.url}/?venue=foyer&floor=main`);
  await joinAs(page, name, "coral");
  await page.evaluate(({ tx, ty }) => (window.foyer as Live).venue.walkToTile(tx, ty), goal);
  await page.waitForFunction(
    ({ tx, ty, size }) => {
      const me = (window.foyer as Live).venue.debugSnapshot().me;
      return !!me && Math.floor(me.x / size) === tx && Math.floor(me.y / size) === ty;
    },
    { ...goal, size: TILE_SIZE },
    { timeout: 30_000 },
  );
  return page;
}

const where = (page: Page) => page.evaluate(() => (window.foyer as Live).venue.debugSnapshot().me!);

describe("someone standing alone", () => {
  it("is offered another person on their own after 75 s, in English and German, on a desktop and a phone; Walk there walks, Not now closes", async () => {
    const w = FLOOR.width;
    const h = FLOOR.height;
    const spots = [openTile(4, 4), openTile(w - 5, h - 5), openTile(w - 5, 4), openTile(4, h - 5)];
    const people = [
      { name: "Ana", locale: "en-US", size: { width: 1280, height: 720 }, shot: "nudge-en-1280" },
      { name: "Ben", locale: "de-DE", size: { width: 1280, height: 720 }, shot: "nudge-de-1280" },
      { name: "Cem", locale: "en-US", size: { width: 390, height: 844 }, shot: "nudge-en-390" },
      { name: "Dora", locale: "de-DE", size: { width: 390, height: 844 }, shot: "nudge-de-390" },
    ];
    const pages: Page[] = [];
    for (const [i, p] of people.entries()) pages.push(await openAlone(p.size, p.name, p.locale, spots[i]!));
    const cards = await Promise.all(pages.map((page) => page.waitForSelector("#nudge-card:not(.hidden)", { timeout: 150_000 }).then(() => page.locator("#nudge-card p").innerText())));
    for (const [i, page] of pages.entries()) await screenshot(page, people[i]!.shot);
    const others = (i: number) => people.filter((_, j) => j !== i).map((p) => p.name);
    for (const [i, text] of cards.entries()) {
      const german = people[i]!.locale === "de-DE";
      const named = others(i).find((n) => text.startsWith(`${n} `));
      expect(named, `${people[i]!.name} saw “${text}”`).toBeDefined();
      expect(text).toBe(german ? `${named} ist auch allein — hingehen?` : `${named} is on their own too — walk over?`);
    }
    // Ana walks over: the card closes and she heads off (Walk there uses the pathfinding a click does).
    const before = await where(pages[0]!);
    await pages[0]!.locator("#nudge-card .nudge-go").click();
    await pages[0]!.waitForSelector("#nudge-card.hidden", { state: "attached" });
    await pages[0]!.waitForFunction(({ x, y, size }) => {
      const me = (window.foyer as Live).venue.debugSnapshot().me!;
      return Math.hypot(me.x - x, me.y - y) > 2 * size;
    }, { ...before, size: TILE_SIZE }, { timeout: 10_000 });
    // Ben lets it pass: the card closes and he stays.
    await pages[1]!.getByRole("button", { name: "Nicht jetzt" }).click();
    await pages[1]!.waitForSelector("#nudge-card.hidden", { state: "attached" });
    expect(problems.pageErrors).toEqual([]);
  }, 240_000);
});
