/**
 * A listener whose tab is in the background still hears people come and go. Ben's page
 * is hidden the way Chrome hides a background tab (tests/support/hiddenTab.ts: it says
 * `hidden`, draws no frames, its timers fire at most once a second); Ada walks up to him
 * from beyond hearing distance and away again. What reaches Ben's ears is read from his
 * mix's output (the AudioWorklet meter on the master bus), recorded on the audio thread.
 *
 * He must hear her fade in soon after she comes within earshot (the mix follows `pos`
 * messages and a worker timer, not frames), at the model's level when she stands close,
 * and fall silent once she has left; and hear her mute at once.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBlocked } from "../../shared/map/model.ts";
import { buildClient, launchWithVoice, RENDERER_ARGS, screenshot } from "../support/browser.ts";
import { analyseApproach, clickMic, recorded, silentAfter, startRecording, watchMicButton } from "../support/earshot.ts";
import { arriveInTab, framesDrawn, hideTab } from "../support/hiddenTab.ts";
import { defaultVenueFloor } from "../support/maps.ts";
import { arrive, walk, type Attendee, type Tile } from "../support/mediaPage.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { voices } from "../support/voices.ts";

const BEN: Tile = { tx: 10, ty: 39 };
const FAR: Tile = { tx: 21, ty: 39 };
const NEAR: Tile = { tx: 12, ty: 39 };

let server: RunningServer | undefined;
const browsers: Browser[] = [];
let ada: Attendee;
let ben: Attendee;

beforeAll(async () => {
  const floor = defaultVenueFloor();
  for (let tx = BEN.tx; tx <= FAR.tx; tx++) if (isBlocked(floor, tx, BEN.ty)) throw new Error(`tile ${tx},${BEN.ty} is blocked on the default venue`);
  buildClient();
  const v = voices();
  server = await startServer();
  const [a, b] = await Promise.all([launchWithVoice(v.files.tone440, RENDERER_ARGS), launchWithVoice(v.files.speech, RENDERER_ARGS)]);
  browsers.push(a, b);
  [ada, ben] = await Promise.all([arrive(server.url, a, "Ada Lovelace", "teal", "Ada"), arriveInTab(server.url, b, "Ben Okri", "coral", "Ben")]);
  await Promise.all([walk(ada, FAR), walk(ben, BEN)]);
  await startRecording(ben, ada.id);
  await watchMicButton(ada);
});

afterAll(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close().catch(() => {})));
  await server?.stop();
});

describe("a listener in a background tab", () => {
  it("hears Ada fade in as she walks up and out as she leaves, and her mute at once", async () => {
    await hideTab(ben.page);
    expect(await ben.page.evaluate(() => document.visibilityState)).toBe("hidden");
    expect(await framesDrawn(ben.page, 600), "Ben's hidden page should draw no frames").toBe(0);

    const t0 = Date.now();
    await walk(ada, NEAR);
    await new Promise((r) => setTimeout(r, 600));
    const near = await recorded(ben, Date.now() - 400);
    await walk(ada, FAR);
    await new Promise((r) => setTimeout(r, 800));
    const r = await recorded(ben, t0 - 20);
    const a = analyseApproach(r);
    // Standing 2 tiles away: both ears together at the model's gain (0.75, −2.5 dB) of her voice as it arrives.
    let out = 0;
    let dry = 0;
    for (const b of near.blocks) {
      out += b.left * b.left + b.right * b.right;
      dry += b.dry * b.dry;
    }
    const standingDb = 10 * Math.log10(out / dry);
    const lv = (d: number) => a.levels[d];
    console.log(
      `[earshot-hidden] crossing → audible ${a.audible !== null && a.crossing !== null ? a.audible - a.crossing : "never"} ms ` +
        `(model: ${a.modelAudible !== null && a.crossing !== null ? a.modelAudible - a.crossing : "n/a"} ms); ` +
        `at 4 tiles ${lv(4)?.measuredDb.toFixed(1)} dB (model ${lv(4)?.modelDb.toFixed(1)}), at 3 tiles ${lv(3)?.measuredDb.toFixed(1)} dB (model ${lv(3)?.modelDb.toFixed(1)}); ` +
        `standing 2 tiles away ${standingDb.toFixed(1)} dB (model −2.5); peak ${a.peak.toFixed(3)}; ` +
        `last sound ${a.lastHeardAfterLeaving === null || a.leftRadius === null ? "none" : a.lastHeardAfterLeaving - a.leftRadius} ms after she left earshot`,
    );
    expect(a.crossing, "Ben's page never had Ada within earshot").not.toBeNull();
    expect(a.audible, "Ben never heard Ada").not.toBeNull();
    expect(a.audible! - a.crossing!, "heard within 400 ms of her coming into earshot").toBeLessThan(400);
    expect(Math.abs(standingDb - -2.5), "standing 2 tiles away, within 3 dB of the model").toBeLessThan(3);
    // Fading: quieter at 4 tiles than at 2.
    expect(lv(4)!.measuredDb).toBeLessThan(lv(2)!.measuredDb - 3);
    expect(a.leftRadius, "Ben's page never had Ada leave").not.toBeNull();
    expect(a.lastHeardAfterLeaving === null ? 0 : a.lastHeardAfterLeaving - a.leftRadius!, "silent soon after she left earshot").toBeLessThan(300);
    expect(await framesDrawn(ben.page, 300)).toBe(0);

    // She comes back and mutes: Ben's ears fall silent at once, still hidden.
    await walk(ada, NEAR);
    await new Promise((r) => setTimeout(r, 800));
    const muted = await clickMic(ada);
    await new Promise((r) => setTimeout(r, 700));
    const m = await recorded(ben, muted - 20);
    const silent = silentAfter(m.blocks, muted, Date.now());
    console.log(`[earshot-hidden] mute → silent at Ben's ears ${silent === null ? "never" : silent - muted} ms`);
    expect(silent, "Ben still hears Ada after she muted").not.toBeNull();
    expect(silent! - muted).toBeLessThan(300);
    await clickMic(ada);
    await screenshot(ada.page, "earshot-hidden-A");
    expect([ada, ben].flatMap((p) => p.problems.pageErrors)).toEqual([]);
  });
});
