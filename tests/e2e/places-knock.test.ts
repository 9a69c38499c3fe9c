/**
 * Knocking from the Places list (the map's text version) in real Chromium on the real
 * server: Ben, in the Lounge corner, closes it; on Ada's list the corner says "closed (knock
 * to come in)" and has a Knock button. From across the hall it walks her up to the corner,
 * where being stopped at its edge knocks; Ben lets her in and "Go there" in the list takes
 * her in. Cat, already at its edge, knocks from the list at once (the knock message), and
 * Ben declines.
 *
 * Screenshots of the list go to /tmp/shots-places-knock/ (1280×720 and 390×844).
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { buildClient, joinAs, launchBrowser, openPage, RENDERER_ARGS, type OpenPage } from "../support/browser.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const CORNER = "Lounge corner"; // tiles 1–8 × 31–37 of the main hall
const INSIDE = { tx: 4, ty: 35 };
const AT_THE_EDGE = { tx: 10, ty: 33 };
const SHOTS = "/tmp/shots-places-knock";

let server: RunningServer | undefined;
let browser: Browser | undefined;
const opened: OpenPage[] = [];
beforeAll(async () => {
  buildClient();
  // A shared two-core machine can take a while to start a server: wait longer than the default.
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" }, timeoutMs: 150_000 }), launchBrowser(RENDERER_ARGS)]);
}, 240_000);
afterAll(async () => {
  for (const p of opened) await p.context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
});

async function arrive(name: string, avatar: string): Promise<Page> {
  const p = await openPage(browser!, name);
  opened.push(p);
  await p.page.goto(server!.url);
  await joinAs(p.page, name, avatar);
  return p.page;
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** The tile the server has this page's person on. */
function serverTile(page: Page): Promise<{ tx: number; ty: number } | null> {
  return page.evaluate((size) => {
    const f = window.foyer!;
    const me = f.avatars?.get(f.room!.sessionId);
    return me ? { tx: Math.floor(me.x / size), ty: Math.floor(me.y / size) } : null;
  }, TILE_SIZE);
}

const spotOf = (page: Page) => page.evaluate(() => window.foyer!.venue!.debugSnapshot().spot);

async function openPlaces(page: Page) {
  if (await page.locator("#places").isHidden()) await page.locator("#places-open").click();
  await page.waitForSelector("#places:not(.hidden)");
  return page.locator(`#places li[data-place="${CORNER}"]`);
}

describe("knocking from the Places list", () => {
  let ben: Page;
  let ada: Page;

  it("the list shows the closed corner with Knock; from across the hall Ada walks up and knocks, Ben lets her in, Go there takes her in", async () => {
    [ben, ada] = await Promise.all([arrive("Ben Places", "coral"), arrive("Ada Places", "teal")]);
    await ben.evaluate((t) => window.foyer!.room!.send("walkTo", t), INSIDE);
    await ben.waitForFunction((corner) => window.foyer!.venue!.debugSnapshot().spot === corner, CORNER, { timeout: 25_000 });
    const door = ben.locator("#spot-door");
    await door.waitFor({ state: "visible", timeout: 5000 });
    await door.click();
    await ada.waitForFunction((corner) => window.foyer!.room!.state.closed?.get(corner) === "inside", CORNER, { timeout: 5000 });

    const row = await openPlaces(ada);
    const knock = row.locator("button.place-knock");
    await knock.waitFor({ state: "visible", timeout: 5000 });
    expect(await knock.getAttribute("aria-label")).toBe(`Knock: ${CORNER}`);
    expect(await row.locator(".place-about").textContent()).toContain("closed (knock to come in)");
    // Ben, inside, has no Knock on his own spot.
    const benRow = await openPlaces(ben);
    await expect.poll(() => benRow.locator(".place-about").textContent(), { timeout: 5000 }).toContain("You are here");
    expect(await benRow.locator("button.place-knock").isHidden()).toBe(true);
    await ben.locator("#places-open").click(); // closed again, out of the way of the prompt
    await row.scrollIntoViewIfNeeded();
    await shot(ada, "places-knock-1280");
    await ada.setViewportSize({ width: 390, height: 844 });
    await ada.waitForTimeout(400);
    await row.scrollIntoViewIfNeeded();
    await shot(ada, "places-knock-390");
    await ada.setViewportSize({ width: 1280, height: 720 });

    const far = await serverTile(ada);
    expect(far!.tx - 8 > 4 || far!.ty < 31 - 4).toBe(true); // out of knocking reach: the button walks her up first
    await knock.click();
    await expect.poll(() => ada.locator("#toasts").textContent(), { timeout: 5000 }).toContain(`Walking up to ${CORNER}; you knock when you get there.`);
    const prompt = ben.locator(".knock-card.prompt");
    await prompt.waitFor({ state: "visible", timeout: 30_000 });
    expect(await prompt.locator("p").textContent()).toBe(`Ada Places knocks at ${CORNER}`);
    await ada.locator(".knock-card.notice").waitFor({ state: "visible", timeout: 5000 });
    expect(await ada.locator(".knock-card.notice p").textContent()).toBe(`You knocked at ${CORNER}. Waiting for the people inside…`);
    expect(await spotOf(ada)).not.toBe(CORNER);
    await shot(ada, "places-knock-waiting-1280");

    await prompt.locator("button", { hasText: "Let in" }).click();
    await ada.locator(".knock-card.notice").waitFor({ state: "detached", timeout: 5000 });
    await row.locator("button.place-go").click();
    await ada.waitForFunction((corner) => window.foyer!.venue!.debugSnapshot().spot === corner, CORNER, { timeout: 20_000 });
    // Her own screen puts her in the corner as soon as her predicted step crosses its edge; the
    // server's tile follows one step later.
    await expect
      .poll(async () => {
        const t = await serverTile(ada);
        return t !== null && t.tx <= 8 && t.ty >= 31;
      }, { timeout: 5000 })
      .toBe(true);
    // In it, her list has no Knock for it any more.
    await expect.poll(() => knock.isHidden(), { timeout: 5000 }).toBe(true);
  }, 240_000);

  it("at the corner's edge, Knock knocks at once; Ben declines and Cat is told so", async () => {
    const cat = await arrive("Cat Places", "navy");
    await cat.evaluate((t) => window.foyer!.room!.send("walkTo", t), AT_THE_EDGE);
    await expect.poll(() => serverTile(cat), { timeout: 25_000 }).toEqual(AT_THE_EDGE);
    const row = await openPlaces(cat);
    const knock = row.locator("button.place-knock");
    await knock.waitFor({ state: "visible", timeout: 5000 });
    await knock.click();
    const prompt = ben.locator(".knock-card.prompt", { hasText: "Cat Places" });
    await prompt.waitFor({ state: "visible", timeout: 10_000 });
    // She knocked from where she stands: nobody walked her anywhere.
    expect(await serverTile(cat)).toEqual(AT_THE_EDGE);
    await prompt.locator("button", { hasText: "Decline" }).click();
    await expect.poll(() => cat.locator("#toasts").textContent(), { timeout: 5000 }).toContain(`Sorry — the people at ${CORNER} can't let you in right now.`);
  }, 120_000);
});
