/**
 * The first visit (issue #15), in real Chromium on a cold cache against the real server:
 * the join form comes before the game engine — what is fetched before it is on screen
 * (page, scripts, styles, the event, the avatar previews) stays within 300 kB and holds
 * no Phaser; the engine then loads by itself while the person types; Enter pressed before
 * it has arrived waits for it and walks in; hashed bundles are cached for good and the
 * page is revalidated; a floor that cannot load says so even with the form up.
 * The timings are `npm run bench:web`'s (tests/bench/web.ts); this file holds the budget.
 */
import type { Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, serverAndBrowser, waitForJoinForm } from "../support/browser.ts";
import { beforeJoinForm, engineReady, JOIN_FORM_MARK, kB, openToJoinForm } from "../support/firstLoad.ts";

const BUDGET_BYTES = 300_000;
const suite = serverAndBrowser({ FOYER_MEDIA: "off" });

describe("first load", () => {
  it("shows the join form from ≤ 300 kB, without the game engine, which then loads by itself", async () => {
    const { page, context, problems } = await openPage(suite.browser, "cold");
    const responses: Response[] = [];
    page.on("response", (r) => responses.push(r));
    await openToJoinForm(page, `${suite.server.url}/?venue=foyer&floor=main`);
    expect(await page.locator("#join-name").isVisible()).toBe(true);
    // While the person types (here: does nothing), the engine arrives and draws the floor.
    await engineReady(page);
    const load = await beforeJoinForm(page);
    console.log(
      `[first-load] join form after ${load.formMs} ms; before it: ${kB(load.bytesBefore)} in ${load.before.length} requests ` +
        `(HTML+JS+CSS ${kB(load.codeBytesBefore)}):\n  ${load.before.map((f) => `${kB(f.bytes).padStart(9)} ${f.kind} ${new URL(f.url).pathname}`).join("\n  ")}`,
    );
    expect(load.before.filter((f) => /\/static\/game-/.test(f.url)).map((f) => f.url), "the engine chunk is fetched before the form").toEqual([]);
    expect(load.codeBytesBefore, "the join form's HTML, scripts and styles").toBeLessThanOrEqual(BUDGET_BYTES);
    expect(load.bytesBefore, "everything fetched before the form").toBeLessThanOrEqual(BUDGET_BYTES);
    // Nothing was checked by size zero: the page and its entry script were really counted.
    expect(load.before.find((f) => f.kind === "navigation")?.bytes ?? 0).toBeGreaterThan(0);
    expect(load.before.some((f) => /\/static\/main-[^/]+\.js$/.test(f.url) && f.bytes > 0)).toBe(true);

    const engine = await page.evaluate((mark) => {
      const at = performance.getEntriesByName(mark)[0]!.startTime;
      const e = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((r) => /\/static\/game-/.test(r.name));
      return e ? { startMs: e.startTime, bytes: e.transferSize, at } : null;
    }, JOIN_FORM_MARK);
    expect(engine, "the engine chunk was fetched").not.toBeNull();
    expect(engine!.startMs).toBeGreaterThanOrEqual(engine!.at);
    console.log(`[first-load] engine chunk ${kB(engine!.bytes)}, requested ${Math.round(engine!.startMs - engine!.at)} ms after the form`);

    // Hashed bundles never change: cached for a year; the page itself is always revalidated.
    const statics = responses.filter((r) => new URL(r.url()).pathname.startsWith("/static/"));
    expect(statics.length).toBeGreaterThanOrEqual(3);
    for (const r of statics) expect(`${new URL(r.url()).pathname}: ${r.headers()["cache-control"]}`).toBe(`${new URL(r.url()).pathname}: public, max-age=31536000, immutable`);
    const doc = responses.find((r) => r.request().resourceType() === "document");
    expect(doc?.headers()["cache-control"]).toBe("no-cache");
    expect(statics.find((r) => /\/static\/game-/.test(r.url()))?.headers()["content-encoding"]).toBe("br");
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await context.close();
  });

  it("Enter pressed before the engine has arrived says so, waits for it, and walks in", async () => {
    const { page, context, problems } = await openPage(suite.browser, "early");
    // A slow line: the engine chunk is held back until the person has pressed Enter.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await context.route(/\/static\/game-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${suite.server.url}/?venue=foyer&floor=main`);
    await waitForJoinForm(page);
    await page.locator("#join-name").fill("Early Ada");
    await page.keyboard.press("Enter");
    const button = page.locator("#join-button");
    await expect.poll(() => button.textContent(), { timeout: 5000 }).toBe("Entering…");
    expect(await button.isDisabled()).toBe(true);
    expect(await page.evaluate(() => window.foyer?.ready ?? false)).toBe(false);
    expect(await page.locator("#join").isVisible()).toBe(true);

    release();
    await page.waitForFunction(() => !!window.foyer?.room && !!window.foyer.venue?.debugSnapshot().me && !!document.getElementById("join")?.classList.contains("hidden"), undefined, {
      timeout: 30_000,
    });
    expect(await page.locator("#people-list li.me .name").textContent()).toBe("Early Ada (you)");
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await context.close();
  });

  it("a floor that does not exist says so, even with the form already up", async () => {
    const { page, context } = await openPage(suite.browser, "no floor");
    await page.goto(`${suite.server.url}/?venue=foyer&floor=nowhere`);
    const label = page.locator("#loading-label");
    await expect.poll(() => label.textContent(), { timeout: 30_000 }).toMatch(/Floor "nowhere" could not be loaded \(404\)/);
    expect(await label.isVisible()).toBe(true);
    expect(await page.locator("#join").isVisible()).toBe(false);
    await context.close();
  });
});
