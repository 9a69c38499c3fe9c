/**
 * "Who I met" counts a conversation only while one of the two speaks (issue #13), measured
 * from real browsers' microphones: the server's AudioLevelObserver reads the audio level
 * that Chromium puts in each RTP packet (the ssrc-audio-level header extension negotiated
 * through mediasoup-client). Ada and Ben stand together with their fake voices on for the
 * threshold (5 s here): each finds the other in "People you met". Cleo and Dan, who came in
 * with "join muted", stand together as long: neither meets the other.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, joinAs, launchWithVoice, openPage, RENDERER_ARGS, waitForJoinForm } from "../support/browser.ts";
import { arrive, waitUntilHeard, walk, type Attendee } from "../support/mediaPage.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { voices } from "../support/voices.ts";

const THRESHOLD_S = 5;
let server: RunningServer | undefined;
const browsers: Browser[] = [];

beforeAll(async () => {
  buildClient();
  voices();
  server = await startServer({ env: { FOYER_ENCOUNTER_SECONDS: String(THRESHOLD_S) } });
}, 120_000);
afterAll(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close().catch(() => {})));
  await server?.stop();
});

/** Someone arrives with a fake voice; `muted`: with "Join with my microphone muted" ticked. */
async function person(name: string, voice: "tone440" | "speech" | "tone660", muted = false): Promise<Attendee> {
  const browser = await launchWithVoice(voices().files[voice], RENDERER_ARGS);
  browsers.push(browser);
  const avatar = voice === "speech" ? "coral" : "teal";
  if (!muted) return arrive(server!.url, browser, name, avatar, name.split(" ")[0]!);
  const open = await openPage(browser, name.split(" ")[0]!);
  await open.page.goto(server!.url);
  await waitForJoinForm(open.page);
  await open.page.locator("#join-muted").check();
  await joinAs(open.page, name, avatar, 20_000);
  await open.page.waitForSelector('#mic-button[data-state="muted"]', { timeout: 15_000 });
  const id = await open.page.evaluate(() => window.foyer!.room!.sessionId);
  return { ...open, name, browser, id };
}

/** The names in this page's "People you met" panel (opened if folded). */
async function met(page: Page): Promise<string[]> {
  await page.waitForSelector("#met", { state: "visible" });
  if (await page.locator("#met.collapsed").count()) await page.locator("#met-toggle").click();
  return page.locator("#met .met-person").allTextContents();
}

describe("who I met, from real microphones", () => {
  it("two people who talk meet; two who stand together muted do not", async () => {
    // Cleo and Dan come in muted and stand together; then Ada and Ben come, voices on.
    const [cleo, dan] = await Promise.all([person("Cleo Quiet", "tone660", true), person("Dan Quiet", "tone440", true)]);
    await Promise.all([walk(cleo, { tx: 44, ty: 30 }), walk(dan, { tx: 45, ty: 30 })]);
    const [ada, ben] = await Promise.all([person("Ada Talk", "tone440"), person("Ben Talk", "speech")]);
    // Two pairs on the open floor, far enough apart not to hear the other pair.
    await Promise.all([walk(ada, { tx: 10, ty: 39 }), walk(ben, { tx: 11, ty: 39 })]);
    await waitUntilHeard(ben, ada, 15_000);

    const until = Date.now() + 60_000;
    let adaMet: string[] = [];
    while (Date.now() < until) {
      adaMet = await met(ada.page);
      if (adaMet.some((t) => t.includes("Ben Talk"))) break;
      await ada.page.waitForTimeout(1000);
    }
    expect(adaMet.join(" | ")).toContain("Ben Talk");
    await expect.poll(async () => (await met(ben.page)).join(" | "), { timeout: 15_000 }).toContain("Ada Talk");

    // The muted pair has stood together longer than the threshold by now: still strangers.
    await cleo.page.waitForTimeout(THRESHOLD_S * 1000);
    expect((await met(cleo.page)).join(" | ")).not.toContain("Dan Quiet");
    expect((await met(dan.page)).join(" | ")).not.toContain("Cleo Quiet");
  }, 240_000);
});
