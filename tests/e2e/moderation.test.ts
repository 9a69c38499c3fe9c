/**
 * Hosts run the room, in real Chromium on the real server with the default venue (issue
 * #12). Hana (a host, by her personal link) runs a talk that Ada (a speaker) gives from
 * the Main stage; Ben sits in the back row of its audience. Each has a fake voice; what
 * Ben hears is read from his page's Mixer, what Ada sees from her page.
 *
 *  1. Ada on stage sees "Live · N listening"; Ben's page shows her camera large in the
 *     spotlight (most of the screen), which folds to a strip;
 *  2. Hana opens Ada's profile card, sees the host actions, and mutes her: Ben's output
 *     for Ada goes silent within 500 ms, Ada's page says "muted by a host" and her mic
 *     button is locked;
 *  3. Ben raises his hand and Hana brings him up onto the stage;
 *  4. Hana bans Ben with a reason: his page says so, and his rejoin is refused with a message.
 *
 * Screenshots (test-results/e2e): the profile card with moderation actions and the
 * spotlight, at 1280×720 and 390×844.
 */
import os from "node:os";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, launchWithVoice, RENDERER_ARGS, screenshot, waitForJoinForm } from "../support/browser.ts";
import { AUDIBLE, arrive, seesStanding, waitUntilHeard, walk, type Attendee } from "../support/mediaPage.ts";
import { eventLinks, SETUP_TOKEN, startServer, type RunningServer } from "../support/server.ts";
import { voices, type VoiceName } from "../support/voices.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

type PageFoyer = Required<FoyerWindow>;

/** Ada on the Main stage, Ben in its audience's back row, Hana on the open floor in front (spots from tests/e2e/media.test.ts). */
const SPOTS = { ada: { tx: 15, ty: 6 }, ben: { tx: 15, ty: 20 }, hana: { tx: 17, ty: 9 } } as const;
/** Ben's output for Ada below this is silence (WebAudio of a closed voice reads 0). */
const SILENT = 0.002;

let server: RunningServer | undefined;
const browsers: Browser[] = [];
let A: Attendee;
let B: Attendee;
let H: Attendee;

async function launchFor(voice: VoiceName): Promise<Browser> {
  const browser = await launchWithVoice(voices().files[voice], RENDERER_ARGS);
  browsers.push(browser);
  return browser;
}

beforeAll(async () => {
  buildClient();
  voices();
  server = await startServer({ env: { FOYER_SETUP_TOKEN: SETUP_TOKEN } });
  const [hanaLink, adaLink] = await eventLinks(server, [
    { name: "Hana Host", role: "host" },
    { name: "Ada Lovelace", role: "speaker" },
  ]);
  [H, A, B] = await Promise.all([
    launchFor("tone660").then((b) => arrive(hanaLink!, b, "Hana Host", "navy", "Hana")),
    launchFor("tone440").then((b) => arrive(adaLink!, b, "Ada Lovelace", "teal", "Ada")),
    launchFor("speech").then((b) => arrive(server!.url, b, "Ben Okri", "coral", "Ben")),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close().catch(() => {})));
  await server?.stop();
});

describe("a host runs Ada's talk", () => {
  it("Ada on stage sees how many listen; Ben sees her camera large in the spotlight, and can fold it to a strip", async () => {
    // Hana stays quiet (her own microphone off) so Ben's ears carry Ada alone.
    await H.page.click("#mic-button");
    await Promise.all([walk(A, SPOTS.ada, 30_000), walk(B, SPOTS.ben, 30_000), walk(H, SPOTS.hana, 30_000)]);
    await seesStanding(B, A, SPOTS.ada);
    await waitUntilHeard(B, A, 10_000);
    await A.page.waitForSelector("#live-badge:not(.hidden)", { timeout: 10_000 });
    expect(await A.page.textContent("#live-badge")).toMatch(/^Live · [1-9]\d* listening$/);

    await A.page.click("#cam-button");
    const main = B.page.locator("#spotlight:not(.hidden) video.main");
    await main.waitFor({ timeout: 15_000 });
    await B.page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>("#spotlight video.main");
      return !!v && v.videoWidth > 0 && v.readyState >= 2;
    }, undefined, { timeout: 15_000 });
    const box = (await main.boundingBox())!;
    // Most of the screen: at least half of its area (a tile is 200×112 px).
    expect(box.width * box.height).toBeGreaterThan(0.5 * 1280 * 720);
    expect(await B.page.textContent("#spotlight .title")).toBe("Ada Lovelace on stage");
    // Her corner tile stepped aside for it.
    expect(await B.page.locator(`#tiles .tile[data-peer="${A.id}"]:visible`).count()).toBe(0);
    await screenshot(B.page, "moderation-spotlight-1280");
    await B.page.setViewportSize({ width: 390, height: 844 });
    await B.page.waitForTimeout(400);
    await screenshot(B.page, "moderation-spotlight-390");
    await B.page.setViewportSize({ width: 1280, height: 720 });

    await B.page.waitForTimeout(400);
    await B.page.click("#spotlight .fold");
    await B.page.waitForSelector("#spotlight.collapsed", { timeout: 5000 }).catch(async (err: unknown) => {
      const state = await B.page.evaluate(() => ({ spotlights: document.querySelectorAll(".spotlight").length, cls: document.querySelector("#spotlight")?.className, fold: document.querySelector("#spotlight .fold")?.textContent }));
      throw new Error(`the spotlight did not fold: ${JSON.stringify(state)} (${String(err)})`);
    });
    const strip = (await main.boundingBox())!;
    expect(strip.height).toBeLessThan(160);
    await B.page.click("#spotlight .fold");
    await B.page.waitForSelector("#spotlight:not(.collapsed)", { timeout: 10_000 });
  }, 120_000);

  it("Hana mutes Ada from her profile card: Ben's output for Ada is silent within 500 ms, Ada's page says why and locks her mic", async () => {
    await waitUntilHeard(B, A, 5000);
    // Hana picks Ada in who's-here: her card shows the host actions.
    await H.page.click(`#people-list li[data-id="${A.id}"] button.name`);
    await H.page.waitForSelector("#profile-card .host-actions .mod-mute", { timeout: 5000 });
    await screenshot(H.page, "moderation-card-1280");

    // Ben's page watches its own output for Ada from before the click: it must hear her
    // first (so a quiet moment cannot pass for the mute), then the first silent reading counts.
    const silentAt = B.page.evaluate(
      ({ id, silent, audible }) =>
        new Promise<number>((resolve) => {
          let heard = false;
          const check = () => {
            const l = (window.foyer as PageFoyer).mixer.levels()[id];
            const level = l ? Math.max(l.left, l.right) : 0;
            if (level > audible) heard = true;
            if (heard && level < silent) return resolve(Date.now());
            setTimeout(check, 10);
          };
          check();
        }),
      { id: A.id, silent: SILENT, audible: AUDIBLE },
    );
    await B.page.waitForTimeout(300);
    // From the moment Hana's page gets her click (the same machine's clock as Ben's page).
    await H.page.evaluate(() => document.querySelector("#profile-card .mod-mute")!.addEventListener("click", () => ((window as unknown as { clickedAt: number }).clickedAt = Date.now()), { once: true }));
    await H.page.click("#profile-card .mod-mute");
    const clickedAt = await H.page.evaluate(() => (window as unknown as { clickedAt: number }).clickedAt);
    const tookMs = (await silentAt) - clickedAt;
    // 500 ms is what a person must notice; on a machine whose load is many times its cores
    // three Chromiums and the server wait for CPU in turn, so there it is only logged against 1.5 s.
    const load = os.loadavg()[0]!;
    const limit = load < 2 * os.cpus().length ? 500 : 1500;
    console.log(`[moderation] Ben's output for Ada silent ${tookMs} ms after Hana's click (load ${load.toFixed(1)}, limit ${limit} ms)`);
    expect(tookMs).toBeLessThan(limit);
    // And stays silent.
    await B.page.waitForTimeout(600);
    const after = await B.page.evaluate((id) => (window.foyer as PageFoyer).mixer.levels()[id], A.id);
    expect(Math.max(after?.left ?? 0, after?.right ?? 0)).toBeLessThan(SILENT);

    // Ada's page: the reason, and a locked mic button.
    await A.page.waitForSelector('#mic-button[data-state="held"]', { timeout: 3000 });
    expect(await A.page.locator("#mic-button").isDisabled()).toBe(true);
    expect(await A.page.textContent("#mic-button .label")).toBe("Muted by a host");
    await A.page.waitForSelector('.toast:has-text("muted by a host")', { timeout: 3000 });
    await screenshot(A.page, "moderation-muted-ada");

    // Hana's card (still open) at phone size: it fits, scrolling inside if it must.
    await H.page.setViewportSize({ width: 390, height: 844 });
    await H.page.waitForTimeout(300);
    const card = (await H.page.locator("#profile-card").boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(0);
    expect(card.x + card.width).toBeLessThanOrEqual(390);
    await screenshot(H.page, "moderation-card-390");
    await H.page.setViewportSize({ width: 1280, height: 720 });
    await H.page.keyboard.press("Escape");
    const problems = [A, B, H].flatMap((w) => w.problems.pageErrors);
    expect(problems).toEqual([]);
  }, 60_000);

  it("Ben raises his hand from the room panel; Hana sees the queue and brings him up onto the stage", async () => {
    if (await H.page.locator("#profile-card").count()) await H.page.click("#profile-card .actions button:has-text('Close')");
    await B.page.click("#room-toggle");
    await B.page.click("#room-panel .raise-hand");
    await H.page.waitForFunction(() => document.querySelector("#room-toggle")?.textContent?.includes("1 raised hand"), undefined, { timeout: 5000 });
    await H.page.click("#room-toggle");
    await H.page.waitForSelector('#room-panel .hands li:has-text("Ben Okri")', { timeout: 5000 });
    await screenshot(H.page, "moderation-room-panel-1280");
    await H.page.click('#room-panel .hands li:has-text("Ben Okri") button');
    // The server puts him on the stage; his page knows he may stand there now.
    await B.page.waitForFunction(
      () => {
        const f = window.foyer as PageFoyer;
        const me = f.avatars.get(f.room.sessionId);
        return !!me && me.y < 8 * 32;
      },
      undefined,
      { timeout: 10_000 },
    );
    await B.page.waitForSelector("#live-badge:not(.hidden)", { timeout: 10_000 });
    expect([A, B, H].flatMap((w) => w.problems.pageErrors)).toEqual([]);
  }, 60_000);

  it("Hana bans Ben from his card with a reason: his page says so, and coming back is refused with a message", async () => {
    await H.page.keyboard.press("Escape");
    await H.page.click(`#people-list li[data-id="${B.id}"] button.name`);
    await H.page.waitForSelector("#profile-card .host-actions input.reason", { timeout: 15_000 });
    await H.page.fill("#profile-card .host-actions input.reason", "shouting over the talk");
    // Ban asks for a second click, so one stray click bans nobody.
    const ban = H.page.locator("#profile-card .host-actions .mod-row button.danger").nth(1);
    expect(await ban.textContent()).toBe("Ban");
    await ban.click();
    expect(await ban.textContent()).toBe("Click again to confirm");
    await ban.click();

    // Ben's page: out, with the host's reason.
    await B.page.waitForFunction(() => document.body.innerText.includes("A host banned you"), undefined, { timeout: 10_000 });
    expect(await B.page.evaluate(() => document.body.innerText.includes("shouting over the talk"))).toBe(true);
    await H.page.waitForFunction((id) => !document.querySelector(`#people-list li[data-id="${id}"]`), B.id, { timeout: 10_000 });

    // He comes back (same browser, same identity): the door says no, and why.
    await B.page.goto(server!.url);
    await waitForJoinForm(B.page);
    await B.page.locator("#join-name").fill("Ben Okri");
    await B.page.keyboard.press("Enter");
    const says = () => B.page.evaluate(() => `${document.getElementById("join-error")?.textContent ?? ""} ${document.body.innerText}`);
    await expect.poll(says, { timeout: 20_000 }).toContain("cannot rejoin");
    expect(await B.page.evaluate(() => !!window.foyer?.room)).toBe(false);
    await screenshot(B.page, "moderation-banned-rejoin");
  }, 90_000);
});
