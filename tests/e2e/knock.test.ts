/**
 * Knocking and following in real Chromium on the real server (the built-in venue): Ben,
 * in the Lounge corner, closes it with the HUD's button; Ada walks against it and is
 * stopped at its edge, which knocks; Ben sees "Ada knocks at Lounge corner — Let in /
 * Decline" and lets her in; Ada walks in. Then Ada follows Ben from his profile card:
 * "Following Ben · Stop" is on her screen and her avatar walks after him to where he goes,
 * and up the stairs: her page follows him to the roof terrace and on to him there.
 *
 * Screenshots go to test-results/e2e/knock-*.png (the prompt at 1280×720 and 390×844).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { buildClient, joinAs, launchBrowser, openPage, RENDERER_ARGS, screenshot, type OpenPage } from "../support/browser.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const CORNER = "Lounge corner"; // tiles 1–8 × 31–37 of the main hall
const INSIDE = { tx: 4, ty: 35 };
const AT_THE_EDGE = { tx: 10, ty: 33 };
const AWAY = { tx: 16, ty: 40 };
const STAIRS = { tx: 31, ty: 24 }; // the main hall's stairs to the roof terrace
const TERRACE_CORNER = { tx: 28, ty: 10 };

let server: RunningServer | undefined;
let browser: Browser | undefined;
const opened: OpenPage[] = [];

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser(RENDERER_ARGS)]);
}, 120_000);
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

/** The tile the server has this page's person on, and whether they walk. */
function serverTile(page: Page): Promise<{ tx: number; ty: number; moving: boolean } | null> {
  return page.evaluate((size) => {
    const f = window.foyer!;
    const me = f.avatars?.get(f.room!.sessionId);
    return me ? { tx: Math.floor(me.x / size), ty: Math.floor(me.y / size), moving: me.moving } : null;
  }, TILE_SIZE);
}

/** Ask the server to walk this page's person to a tile (as a click on the map does). */
async function send(page: Page, t: { tx: number; ty: number }): Promise<void> {
  await page.evaluate((t) => window.foyer!.room!.send("walkTo", t), t);
}

/** Wait until the server has them standing still, and say where. */
async function standing(page: Page, what: string, timeoutMs = 25_000): Promise<{ tx: number; ty: number }> {
  const until = Date.now() + timeoutMs;
  let last = "";
  let same = 0;
  for (;;) {
    const t = await serverTile(page);
    const key = t ? `${t.tx},${t.ty},${t.moving}` : "";
    same = key === last ? same + 1 : 0;
    last = key;
    if (t && !t.moving && same >= 4) return t;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last ${key})`);
    await page.waitForTimeout(150);
  }
}

/** Tiles between two places (8-neighbourhood: 1 is next to). */
const apart = (a: { tx: number; ty: number }, b: { tx: number; ty: number }) => Math.max(Math.abs(a.tx - b.tx), Math.abs(a.ty - b.ty));

/** Where a follower comes to stand once she has caught up with `there` (or after 25 s). */
async function cameTo(page: Page, there: { tx: number; ty: number }, what: string): Promise<{ tx: number; ty: number }> {
  const until = Date.now() + 25_000;
  for (;;) {
    const t = await standing(page, what);
    if (apart(t, there) <= 1 || Date.now() > until) return t;
  }
}

/** Open `name`'s profile card from who's-here and press Follow; the "Following …" banner shows. */
async function followFromCard(page: Page, name: string) {
  await page.locator("#people-list button.name", { hasText: name }).click();
  const card = page.locator("#profile-card");
  await card.waitFor({ timeout: 5000 });
  await card.locator("button", { hasText: "Follow" }).click();
  const banner = page.locator("#following");
  await banner.waitFor({ state: "visible", timeout: 5000 });
  return banner;
}

describe("knock, let in, follow", () => {
  let ben: Page;
  let ada: Page;

  it("Ben closes the Lounge corner, Ada knocks, Ben lets her in, and Ada is in the corner", async () => {
    [ben, ada] = await Promise.all([arrive("Ben Knock", "coral"), arrive("Ada Knock", "teal")]);
    await send(ben, INSIDE);
    await ben.waitForFunction((corner) => window.foyer!.venue!.debugSnapshot().spot === corner, CORNER, { timeout: 25_000 });
    await standing(ben, "Ben in the corner");
    const door = ben.locator("#spot-door");
    await door.waitFor({ state: "visible", timeout: 5000 });
    expect(await door.getAttribute("aria-label")).toBe("Close to newcomers");
    await door.click();
    await ada.waitForFunction((corner) => window.foyer!.venue!.debugClosed()[corner] === "inside", CORNER, { timeout: 5000 });
    await ben.waitForFunction(() => document.getElementById("spot-door")?.getAttribute("aria-label") === "Open to everyone", undefined, { timeout: 5000 });

    // Ada walks up, then on into the corner: stopped at its edge, which knocks.
    await send(ada, AT_THE_EDGE);
    await standing(ada, "Ada at the edge");
    await send(ada, INSIDE);
    const prompt = ben.locator(".knock-card.prompt");
    await prompt.waitFor({ state: "visible", timeout: 10_000 });
    expect(await prompt.locator("p").textContent()).toBe(`Ada Knock knocks at ${CORNER}`);
    await ada.locator(".knock-card.notice").waitFor({ state: "visible", timeout: 5000 });
    expect(await ada.locator(".knock-card.notice p").textContent()).toBe(`You knocked at ${CORNER}. Waiting for the people inside…`);
    const stopped = await standing(ada, "Ada stopped at the edge");
    expect(stopped.tx).toBeGreaterThan(8);
    await screenshot(ben, "knock-1-prompt-1280");
    await screenshot(ada, "knock-2-knocking-1280");
    await ben.setViewportSize({ width: 390, height: 844 });
    await ben.waitForTimeout(400);
    await screenshot(ben, "knock-3-prompt-390");
    await ben.setViewportSize({ width: 1280, height: 720 });

    await prompt.locator("button", { hasText: "Let in" }).click();
    await ada.locator(".knock-card.notice").waitFor({ state: "detached", timeout: 5000 });
    await send(ada, { tx: INSIDE.tx + 2, ty: INSIDE.ty - 2 });
    await ada.waitForFunction((corner) => window.foyer!.venue!.debugSnapshot().spot === corner, CORNER, { timeout: 20_000 });
    const inside = await standing(ada, "Ada in the corner");
    expect(inside.tx).toBeLessThanOrEqual(8);
    expect(inside.ty).toBeGreaterThanOrEqual(31);
  }, 240_000);

  it("Ada follows Ben from his profile card: 'Following Ben · Stop' on her screen, and she ends up next to him", async () => {
    const banner = await followFromCard(ada, "Ben Knock");
    expect(await banner.textContent()).toBe("Following Ben KnockStop");

    await send(ben, AWAY);
    const there = await standing(ben, "Ben away from the corner");
    const next = await cameTo(ada, there, "Ada after Ben");
    expect(apart(next, there)).toBe(1);
    // On screen too: her own avatar is drawn where the server walked her.
    const drawn = await ada.evaluate(() => window.foyer!.venue!.debugSnapshot().me);
    expect(Math.floor(drawn!.x / TILE_SIZE)).toBe(next.tx);
    // Nobody is in the corner any more: it opened by itself, on the map too.
    await ada
      .waitForFunction((corner) => window.foyer!.venue!.debugClosed()[corner] === undefined, CORNER, { timeout: 5000 })
      .catch(async (err: unknown) => {
        const seen = await ada.evaluate(() => ({ drawn: window.foyer!.venue!.debugClosed(), state: [...(window.foyer!.room!.state.closed ?? new Map<string, string>())] }));
        throw new Error(`the empty corner still shows closed: ${JSON.stringify(seen)} (${String(err)})`);
      });
    await screenshot(ada, "knock-4-following-1280");

    await banner.locator("button", { hasText: "Stop" }).click();
    await banner.waitFor({ state: "hidden", timeout: 5000 });
  }, 180_000);

  it("Ada follows Ben up the stairs: her page takes her to the roof terrace and she ends up next to him there", async () => {
    await followFromCard(ada, "Ben Knock");

    await send(ben, STAIRS);
    const onTerrace = (page: Page) => page.waitForFunction(() => window.foyer?.room?.state.floor === "terrace", undefined, { timeout: 45_000 });
    await onTerrace(ben);
    await onTerrace(ada);
    expect(new URL(ada.url()).searchParams.get("floor")).toBe("terrace");
    // On the terrace she goes on following him: after he walks on, she stands beside him.
    await standing(ben, "Ben arrived on the terrace");
    await ada.locator("#following").waitFor({ state: "visible", timeout: 20_000 });
    await send(ben, TERRACE_CORNER);
    const there = await standing(ben, "Ben across the terrace");
    const next = await cameTo(ada, there, "Ada after Ben on the terrace");
    expect(apart(next, there)).toBeLessThanOrEqual(1);
    await screenshot(ada, "knock-5-followed-upstairs-1280");
  }, 180_000);
});
