/**
 * Talking beyond voice in real Chromium on the real server: two people chat in a coffee
 * corner and a third outside sees nothing, a direct message from a profile card, a
 * reaction seen by a neighbour, and a message full of markup shown as text.
 */
import type { Browser, Page } from "playwright-core";
import { TILE_SIZE } from "../../shared/constants.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBlocked, zonesOfKind, type Floor } from "../../shared/map/model.ts";
import { buildClient, joinAs, launchBrowser, openPage, RENDERER_ARGS, screenshot, type OpenPage } from "../support/browser.ts";
import { defaultVenueFloor } from "../support/maps.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const FLOOR: Floor = defaultVenueFloor();
let server: RunningServer | undefined;
let browser: Browser | undefined;
const pages: OpenPage[] = [];

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser(RENDERER_ARGS)]);
}, 120_000);
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

async function person(name: string, avatar: string): Promise<Page> {
  const p = await openPage(browser!, name);
  pages.push(p);
  await p.page.goto(server!.url);
  await joinAs(p.page, name, avatar).catch(async (err: unknown) => {
    const why = await p.page.evaluate(() => `${document.getElementById("join-error")?.textContent} | ${document.getElementById("loading-label")?.textContent} | room=${!!window.foyer?.room} me=${!!window.foyer?.venue?.debugSnapshot().me}`);
    throw new Error(`${name} could not join: ${why} ${String(err)}\n${[...p.problems.pageErrors, ...p.problems.consoleErrors].join("\n")}`);
  });
  return p.page;
}

/** Two free tiles inside the first coffee corner. */
function cornerTiles(): { tx: number; ty: number }[] {
  const z = zonesOfKind(FLOOR, "coffee-corner")[0]!;
  const free: { tx: number; ty: number }[] = [];
  for (let ty = z.rect.y + 1; ty < z.rect.y + z.rect.height - 1; ty++)
    for (let tx = z.rect.x + 1; tx < z.rect.x + z.rect.width - 1; tx++) if (!isBlocked(FLOOR, tx, ty)) free.push({ tx, ty });
  return [free[0]!, free[free.length - 1]!];
}

async function walkInto(page: Page, t: { tx: number; ty: number }): Promise<void> {
  await page.evaluate((t) => window.foyer!.room!.send("walkTo", t), t);
  await page.waitForFunction(() => window.foyer!.venue!.debugSnapshot().spot !== null, undefined, { timeout: 20_000 });
  // Also where the server has them (the mirror of its positions), standing still: the
  // page's own prediction runs ahead, and who hears a message is decided on the server.
  const at = { x: t.tx * TILE_SIZE + TILE_SIZE / 2, y: t.ty * TILE_SIZE + TILE_SIZE / 2 };
  await page.waitForFunction(
    ({ x, y }) => {
      const f = window.foyer!;
      const me = f.avatars?.get(f.room!.sessionId);
      return !!me && !me.moving && Math.abs(me.x - x) <= 1 && Math.abs(me.y - y) <= 1;
    },
    at,
    { polling: 25, timeout: 20_000 },
  );
}

async function say(page: Page, channel: string, text: string): Promise<void> {
  await page.locator(`.chat-tab[data-channel="${channel}"]`).click();
  await page.locator(".chat-input").fill(text);
  await page.locator(".chat-input").press("Enter");
}

const shown = (page: Page) => page.locator(".chat-list .chat-text").allTextContents();

describe("chat in the venue", () => {
  let ann: Page;
  let ben: Page;
  let cat: Page;

  it("two people in a coffee corner chat, and the person outside sees nothing", async () => {
    ann = await person("Ann Chat", "teal");
    ben = await person("Ben Chat", "coral");
    cat = await person("Cat Chat", "amber");
    const [a, b] = cornerTiles();
    await Promise.all([walkInto(ann, a!), walkInto(ben, b!)]);
    await ann.waitForFunction(() => document.querySelector(".chat-help")?.textContent?.includes("Ben Chat"), undefined, { timeout: 5000 });
    await say(ann, "nearby", "Just the two of us here?");
    await ben.waitForFunction(() => [...document.querySelectorAll(".chat-text")].some((e) => e.textContent === "Just the two of us here?"), undefined, { timeout: 5000 });
    await say(ben, "nearby", "Yes — ask away");
    await ann.waitForFunction(() => [...document.querySelectorAll(".chat-text")].some((e) => e.textContent === "Yes — ask away"), undefined, { timeout: 5000 });
    await cat.waitForTimeout(500);
    expect(await cat.evaluate(() => window.foyer!.talk!.chat.debugTexts("nearby"))).toEqual([]);
    expect(await shown(cat)).toEqual([]);
    await screenshot(ann, "chat-nearby-1280");
  });

  it("a message full of markup is shown as text, its link is safe", async () => {
    await say(ann, "floor", `<img src=x onerror="window.pwned=1"><b>bold</b> see https://example.org/talk. javascript:alert(1)`);
    await cat.waitForFunction(() => document.querySelector(".chat-tab[data-channel=floor] .chat-badge")?.textContent === "1", undefined, { timeout: 5000 });
    await cat.locator('.chat-tab[data-channel="floor"]').click();
    const item = cat.locator(".chat-list .chat-message").last();
    expect(await item.locator(".chat-text").textContent()).toBe(`<img src=x onerror="window.pwned=1"><b>bold</b> see https://example.org/talk. javascript:alert(1)`);
    expect(await item.locator("img, b").count()).toBe(0);
    const links = item.locator("a");
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute("href")).toBe("https://example.org/talk");
    expect(await links.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await cat.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("a direct message from the profile card reaches only its person", async () => {
    await ann.locator("#people-list button.name", { hasText: "Cat Chat" }).click();
    await ann.locator("#profile-card").waitFor({ timeout: 5000 });
    await ann.locator("#profile-card button.primary").click();
    await ann.locator(".chat-input").fill("Hi Cat, coffee after the keynote?");
    await ann.locator(".chat-input").press("Enter");
    await cat.waitForFunction(() => [...document.querySelectorAll(".chat-tab")].some((t) => t.textContent?.startsWith("Ann Chat")), undefined, { timeout: 5000 });
    expect(await cat.locator('.chat-tab', { hasText: "Ann Chat" }).locator(".chat-badge").textContent()).toBe("1");
    await ben.waitForTimeout(300);
    expect(await ben.locator(".chat-tab", { hasText: "Ann Chat" }).count()).toBe(0);
    await cat.locator(".chat-tab", { hasText: "Ann Chat" }).click();
    expect(await shown(cat)).toEqual(["Hi Cat, coffee after the keynote?"]);
  });

  it("a wave by key 1 is seen above the avatar by the neighbour", async () => {
    await ann.locator("#game canvas").click({ position: { x: 5, y: 5 } }).catch(() => {});
    await ann.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ann.keyboard.press("1");
    const annId = await ann.evaluate(() => window.foyer!.room!.sessionId);
    await ben.waitForFunction((id) => window.foyer!.venue!.debugReaction(id)?.includes("Wave"), annId, { timeout: 5000 });
  });

  it("screenshots of the panel at 1280×720 and 390×844", async () => {
    await ben.locator('.chat-tab[data-channel="nearby"]').click();
    await screenshot(ben, "chat-panel-1280");
    await cat.setViewportSize({ width: 390, height: 844 });
    await cat.waitForTimeout(500);
    await screenshot(cat, "chat-panel-390");
    for (const p of pages) {
      expect(p.problems.pageErrors).toEqual([]);
    }
  });
});
