/**
 * Walking in, in real Chromium (WebGL as the browser offers it) on the real server: the
 * loading screen gives way to the join form, the form explains what is wrong with a
 * name, a name full of markup is shown as plain text, joining is quick, and a closed
 * tab reopened within the grace period is back on its spot without asking again.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECONNECT_GRACE_SECONDS, TILE_SIZE } from "../../shared/constants.ts";
import { isCanvasBlank, joinAs, launchBrowser, screenshot, waitForJoinForm, watchPage, type FoyerHandle, type PageProblems, buildClient } from "../support/browser.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const MARKUP_NAME = "<img src=x onerror=alert(1)>";

let server: RunningServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };
const dialogs: string[] = [];

function track(p: Page, label: string): void {
  watchPage(p, problems, label);
  p.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss().catch(() => {});
  });
}

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  track(page, "first tab");
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

/** The own avatar as the page predicts it, the server's copy, and the session id. */
async function mySpot(p: Page): Promise<{ id: string; me: { x: number; y: number }; server: { x: number; y: number; moving: boolean } }> {
  return p.evaluate(() => {
    const f = window.foyer!;
    const s = f.avatars!.get(f.room!.sessionId)!;
    return { id: f.room!.sessionId, me: f.venue!.debugSnapshot().me!, server: { x: s.x, y: s.y, moving: s.moving } };
  });
}

describe("walking in", () => {
  it("the loading screen gives way to the join form", async () => {
    await page.goto(server!.url);
    await waitForJoinForm(page);
    await page.waitForSelector("#loading", { state: "hidden", timeout: 30_000 });
    expect(await page.locator("#loading").isVisible()).toBe(false);
    expect(await page.locator("#join-name").isVisible()).toBe(true);
  });

  it("refuses an empty name and says why", async () => {
    await page.locator('#avatar-picker button[data-avatar="violet"]').click();
    await page.locator("#join-name").fill("");
    await page.keyboard.press("Enter");
    // Either the app's own message or the browser's (the input is `required`): the
    // person is told, and nothing is sent.
    await page.waitForFunction(
      () => {
        const input = document.getElementById("join-name") as HTMLInputElement;
        return (document.getElementById("join-error")?.textContent ?? "").trim() !== "" || (!input.validity.valid && input.validationMessage !== "");
      },
      undefined,
      { timeout: 5000 },
    );
    // Spaces only get past `required`; the app's own check must catch them, visibly.
    await page.locator("#join-name").fill("   ");
    await page.keyboard.press("Enter");
    const error = page.locator("#join-error");
    await expect.poll(() => error.textContent(), { timeout: 5000 }).toMatch(/please type your name/i);
    expect(await error.isVisible()).toBe(true);
    expect(await page.locator("#join").isVisible()).toBe(true);
    expect(await page.evaluate(() => !!window.foyer?.room)).toBe(false);
  });

  it("shows a name with markup as plain text, and walks in within 2 s", async () => {
    const ms = await joinAs(page, MARKUP_NAME, "amber");
    console.log(`[join] Enter → standing in the venue: ${ms} ms`);
    expect(ms).toBeLessThan(2000);
    expect(await page.locator("#loading").isVisible()).toBe(false);
    expect(await page.locator("#join").isVisible()).toBe(false);

    const list = page.locator("#people-list");
    await expect.poll(() => list.textContent(), { timeout: 5000 }).toContain(MARKUP_NAME);
    expect(await page.locator("#people-list li.me .name").textContent()).toBe(`${MARKUP_NAME} (you)`);
    expect(await page.locator("#people-list img").count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length)).toBe(0);
    expect(dialogs).toEqual([]);

    const renderer = await page.evaluate(() => window.foyer!.game.config.renderType);
    console.log(`[join] Phaser renderer: ${renderer === 2 ? "WebGL" : renderer === 1 ? "Canvas" : renderer}`);
    const shot = await screenshot(page, "join");
    expect(isCanvasBlank(shot), "the venue is not drawn").toBe(false);
  });

  it("without a microphone the page stays usable as listen-only and says so", async () => {
    // This browser has no capture device: the mic button shows it and the bar explains.
    const mic = page.locator("#mic-button");
    await expect.poll(() => mic.getAttribute("data-state"), { timeout: 10_000 }).toBe("blocked");
    expect(await mic.textContent()).toMatch(/Mic blocked/);
    expect(await page.locator("#media-status").textContent()).toMatch(/listen-only/);
    expect(await page.locator("#media-status").getAttribute("title")).toMatch(/You can still listen|you can listen/);
    // Still on the floor and able to walk.
    const me = await page.evaluate(async () => {
      const f = window.foyer as Required<FoyerHandle>;
      const before = f.venue.debugSnapshot().me!;
      f.room.send("move", { dx: 0, dy: -1, seq: 999_999 });
      await new Promise((r) => setTimeout(r, 600));
      f.room.send("move", { dx: 0, dy: 0, seq: 1_000_000 });
      return before;
    });
    expect(me).not.toBeNull();
  });

  it("closing the tab and reopening it within the grace period lands on the same spot", async () => {
    // Step off the entrance first, so "the same spot" cannot be a fresh spawn: click a
    // free tile a few rows up (outside the spawn zone, rows 37–41).
    const before = await mySpot(page);
    const target = { tx: Math.floor(before.server.x / TILE_SIZE), ty: 33 };
    // The camera eases after the avatar; under load it may still be moving, and a click
    // computed from a moving camera lands on another tile. So wait for it to hold still.
    await page.waitForFunction(
      () => {
        const cam = window.foyer!.game.scene.getScene("venue").cameras.main;
        const w = window as unknown as { __camAt?: string };
        const at = `${cam.worldView.x},${cam.worldView.y}`;
        const still = w.__camAt === at;
        w.__camAt = at;
        return still;
      },
      undefined,
      { polling: 100, timeout: 10_000 },
    );
    const click = await page.evaluate(
      ({ wx, wy }) => {
        const game = window.foyer!.game;
        const cam = game.scene.getScene("venue").cameras.main;
        return { x: (wx - cam.worldView.x) * cam.zoom, y: (wy - cam.worldView.y) * cam.zoom };
      },
      { wx: target.tx * TILE_SIZE + TILE_SIZE / 2, wy: target.ty * TILE_SIZE + TILE_SIZE / 2 },
    );
    await page.mouse.click(click.x, click.y);
    await page.waitForFunction(
      ({ x, y }) => {
        const f = window.foyer!;
        const s = f.avatars!.get(f.room!.sessionId)!;
        const me = f.venue!.debugSnapshot().me!;
        return !s.moving && s.x === x && s.y === y && Math.abs(me.x - x) <= 1 && Math.abs(me.y - y) <= 1;
      },
      { x: target.tx * TILE_SIZE + TILE_SIZE / 2, y: target.ty * TILE_SIZE + TILE_SIZE / 2 },
      { polling: 25, timeout: 20_000 },
    );
    const left = await mySpot(page);

    const closedAt = Date.now();
    await page.close();
    const again = await context.newPage();
    track(again, "reopened tab");
    await again.goto(server!.url);
    // Resuming shows no form; a failed resume would show it and wait for input.
    const outcome = await again.waitForFunction(
      () => {
        const f = window.foyer;
        if (f?.room && f.venue?.debugSnapshot().me) return "resumed";
        return document.getElementById("join")?.classList.contains("hidden") === false ? "asked to join" : false;
      },
      undefined,
      { polling: "raf", timeout: 15_000 },
    );
    const reopenedMs = Date.now() - closedAt;
    console.log(`[join] closed → back on the floor in the reopened tab: ${reopenedMs} ms`);
    expect(await outcome.jsonValue()).toBe("resumed");
    expect(reopenedMs).toBeLessThan(RECONNECT_GRACE_SECONDS * 1000);
    expect(await again.locator("#join").isVisible()).toBe(false);

    const back = await mySpot(again);
    expect(back.id).toBe(left.id);
    expect(Math.abs(back.me.x - left.server.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(back.me.y - left.server.y)).toBeLessThanOrEqual(2);
    expect(Math.abs(back.server.x - left.server.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(back.server.y - left.server.y)).toBeLessThanOrEqual(2);
    // Listed again as present, not away.
    await expect
      .poll(() => again.locator("#people-list li.me .name").textContent(), { timeout: 5000 })
      .toBe(`${MARKUP_NAME} (you)`);

    if (problems.consoleErrors.length) console.warn(`[join] console errors:\n${problems.consoleErrors.join("\n")}`);
    expect(problems.pageErrors).toEqual([]);
  });
});
