/**
 * A host runs the stage, in real Chromium on the real server with the default venue (issue
 * #12). Hana (a host, by her personal link, her own microphone off) runs the Main stage;
 * Cleo sits in the front row of its audience, far to the side; Ben sits in the back row,
 * well beyond earshot of her. Each has a fake voice; what Ben hears is read from his page's
 * Mixer.
 *
 *  1. Cleo shares her screen; Hana stops it from Cleo's profile card: Cleo's page says a
 *     host stopped it and locks her "Share screen" button;
 *  2. Cleo raises her hand from the room panel, Hana brings her up from the queue: she is
 *     on the stage, and Ben in the back row — who did not hear her before — hears her.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, launchWithVoice, RENDERER_ARGS, screenshot } from "../support/browser.ts";
import { AUDIBLE, arrive, walk, waitUntilHeard, type Attendee } from "../support/mediaPage.ts";
import { eventLinks, SETUP_TOKEN, startServer, type RunningServer } from "../support/server.ts";
import { voices, type VoiceName } from "../support/voices.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

type PageFoyer = Required<FoyerWindow>;

/** The Main audience spans tiles 2–29 × 10–20: Cleo in the front row's far corner, Ben in the back row's middle (15 tiles apart; earshot is 6). */
const SPOTS = { cleo: { tx: 3, ty: 10 }, ben: { tx: 15, ty: 20 } } as const;

let server: RunningServer | undefined;
const browsers: Browser[] = [];
let H: Attendee;
let C: Attendee;
let B: Attendee;

async function launchFor(voice: VoiceName): Promise<Browser> {
  const browser = await launchWithVoice(voices().files[voice], RENDERER_ARGS);
  browsers.push(browser);
  return browser;
}

/** The loudest `listener` hears `speaker` over `ms` (either ear). */
async function loudest(listener: Attendee, speaker: Attendee, ms: number): Promise<number> {
  return listener.page.evaluate(
    ({ id, ms }) =>
      new Promise<number>((resolve) => {
        let peak = 0;
        const started = Date.now();
        const sample = () => {
          const l = (window.foyer as PageFoyer).mixer.levels()[id];
          peak = Math.max(peak, l ? Math.max(l.left, l.right) : 0);
          if (Date.now() - started >= ms) return resolve(peak);
          setTimeout(sample, 25);
        };
        sample();
      }),
    { id: speaker.id, ms },
  );
}

beforeAll(async () => {
  buildClient();
  voices();
  server = await startServer({ env: { FOYER_SETUP_TOKEN: SETUP_TOKEN } });
  const [hanaLink] = await eventLinks(server, [{ name: "Hana Host", role: "host" }]);
  [H, C, B] = await Promise.all([
    launchFor("tone660").then((b) => arrive(hanaLink!, b, "Hana Host", "navy", "Hana")),
    launchFor("tone440").then((b) => arrive(server!.url, b, "Cleo Ndlovu", "teal", "Cleo")),
    launchFor("speech").then((b) => arrive(server!.url, b, "Ben Okri", "coral", "Ben")),
  ]);
  // Hana stays quiet, at the entrance, so Ben's ears carry Cleo alone.
  await H.page.click("#mic-button");
  await Promise.all([walk(C, SPOTS.cleo, 30_000), walk(B, SPOTS.ben, 30_000)]);
}, 240_000);

afterAll(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close().catch(() => {})));
  await server?.stop();
});

describe("a host runs the stage", () => {
  it("Hana stops Cleo's screen share from her card: Cleo's page says a host stopped it and locks the button", async () => {
    await C.page.click("#screen-button");
    await C.page.waitForSelector('#screen-button[data-state="on"]', { timeout: 15_000 });
    // Hana stands far away at the entrance: she finds Cleo in who's-here.
    await H.page.click(`#people-list li[data-id="${C.id}"] button.name`);
    await H.page.waitForSelector("#profile-card .host-actions .mod-stop-screen", { timeout: 5000 });
    await H.page.click("#profile-card .host-actions .mod-stop-screen");

    // Hana is told it was done; Cleo's page says why, and her button stays locked.
    await Promise.all([
      H.page.waitForSelector('.toast:has-text("screen share is stopped until you allow it")', { timeout: 5000 }),
      C.page.waitForSelector('.toast:has-text("A host stopped your screen share")', { timeout: 5000 }),
    ]);
    await C.page.waitForSelector("#screen-button[disabled]", { timeout: 5000 });
    expect(await C.page.textContent("#screen-button .label")).toBe("Screen share stopped by a host");
    await screenshot(C.page, "moderation-screen-stopped-1280");
    await C.page.setViewportSize({ width: 390, height: 844 });
    await C.page.waitForTimeout(300);
    await screenshot(C.page, "moderation-screen-stopped-390");
    await C.page.setViewportSize({ width: 1280, height: 720 });
    await H.page.keyboard.press("Escape");
    expect([H, C, B].flatMap((w) => w.problems.pageErrors)).toEqual([]);
  }, 60_000);

  it("Cleo raises her hand, Hana brings her up, and Ben in the back row hears her", async () => {
    // Before: far apart in the audience, Ben does not hear Cleo.
    expect(await loudest(B, C, 1500)).toBeLessThan(AUDIBLE);

    if (await H.page.locator("#profile-card").count()) await H.page.click("#profile-card .actions button:has-text('Close')");
    await C.page.click("#room-toggle");
    await C.page.click("#room-panel .raise-hand");
    await H.page.waitForFunction(() => document.querySelector("#room-toggle")?.textContent?.includes("1 raised hand"), undefined, { timeout: 10_000 });
    await H.page.click("#room-toggle");
    await H.page.waitForSelector('#room-panel .hands li:has-text("Cleo Ndlovu")', { timeout: 5000 });
    await H.page.click('#room-panel .hands li:has-text("Cleo Ndlovu") button');

    // The server puts her on the stage (tiles 6–25 × 2–7), and she is live.
    await C.page.waitForFunction(
      () => {
        const f = window.foyer as PageFoyer;
        const me = f.avatars.get(f.room.sessionId);
        return !!me && !me.moving && me.y < 8 * 32 && me.x > 6 * 32 && me.x < 26 * 32;
      },
      undefined,
      { timeout: 10_000 },
    );
    await C.page.waitForSelector("#live-badge:not(.hidden)", { timeout: 10_000 });
    const tookMs = await waitUntilHeard(B, C, 10_000);
    console.log(`[moderation] Ben in the back row hears Cleo ${tookMs} ms after she stood on the stage`);
    expect(await loudest(B, C, 1000)).toBeGreaterThan(AUDIBLE);
    await screenshot(C.page, "moderation-brought-up-cleo");
    expect([H, C, B].flatMap((w) => w.problems.pageErrors)).toEqual([]);
  }, 60_000);
});
