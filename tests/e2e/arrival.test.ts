/**
 * Arriving, in real Chromium (a fake microphone playing a tone, Chromium's fake camera)
 * on the real server with real media: the join form's device check shows the
 * microphone's level moving and the camera's picture, lists both devices, and
 * "Join with my microphone muted" walks in with the microphone open but muted — the Mic
 * button says so and a click unmutes it.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, joinAs, launchWithVoice, openPage, RENDERER_ARGS, screenshot, waitForJoinForm } from "../support/browser.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { voices } from "../support/voices.ts";

let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer(), launchWithVoice(voices().files.tone440, RENDERER_ARGS)]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

describe("arriving", () => {
  it("the device check shows the microphone's level and the camera, and 'join muted' walks in muted", async () => {
    const { page, problems } = await openPage(browser!, "ada");
    await page.goto(`${server!.url}/?venue=foyer&floor=main`);
    await waitForJoinForm(page);
    await page.locator("#device-check summary").click();
    // The level moves with the tone; the preview shows moving video.
    await expect.poll(() => page.evaluate(() => (document.getElementById("check-level") as HTMLMeterElement).value), { timeout: 10_000 }).toBeGreaterThan(0.02);
    await expect.poll(() => page.evaluate(() => (document.getElementById("check-video") as HTMLVideoElement).videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator("#check-mic option").count()).toBeGreaterThan(0);
    expect(await page.locator("#check-cam option").count()).toBeGreaterThan(0);
    await screenshot(page, "arrival-device-check");
    // Taller than a phone's screen now: the form scrolls, so Enter stays within reach.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator("#join-button").scrollIntoViewIfNeeded();
    const box = (await page.locator("#join-button").boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.y).toBeGreaterThanOrEqual(0);
    await screenshot(page, "arrival-device-check-390");
    await page.locator("#join-name").scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.locator("#join-muted").check();
    await joinAs(page, "Ada Arrives", "amber");
    // The preview let go of the devices; the bar's microphone is open and muted.
    expect(await page.evaluate(() => (document.getElementById("check-video") as HTMLVideoElement).srcObject)).toBeNull();
    const mic = page.locator("#mic-button");
    await expect.poll(() => mic.getAttribute("data-state"), { timeout: 15_000 }).toBe("muted");
    expect(await page.evaluate(() => window.foyer?.media?.local("mic")?.paused)).toBe(true);
    await mic.click();
    await expect.poll(() => mic.getAttribute("data-state"), { timeout: 5000 }).toBe("on");
    expect(problems.pageErrors).toEqual([]);
  });
});
