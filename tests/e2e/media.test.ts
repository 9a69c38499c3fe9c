/**
 * Hearing and seeing each other, in real Chromium on the real server with the default
 * venue. Every attendee runs in their own browser with their own fake voice (a pulsing
 * 440 Hz tone for Ada, an espeak-ng sentence for Ben, a 660 Hz tone for Cleo) and
 * Chromium's fake camera; what a listener hears is read from their page's Mixer
 * (`levels()`: RMS per ear after gain and pan) — what would reach their headphones.
 *
 *  1. far apart on the open floor: nothing from each other;
 *  2. walking up: audible within a second of arriving, louder in the ear on her side;
 *  3. a coffee corner: the two inside hear each other, someone right outside hears nothing;
 *  4. a stage: heard at the back of the audience, far beyond open-floor range, and the
 *     audience is not heard on stage;
 *  5. a camera: the tile on the other page shows live, non-black video.
 *
 * Avatars move with the product's click-to-walk message (`walkTo`), not the keyboard
 * (the walk test covers that).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AUDIBILITY, spotAt } from "../../shared/audibility/model.ts";
import { TILE_SIZE } from "../../shared/constants.ts";
import { isBlocked, type Floor } from "../../shared/map/model.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { launchWithVoice, screenshot, buildClient, RENDERER_ARGS } from "../support/browser.ts";
import { AUDIBLE, arrive as arriveAt, centreOf, seesStanding, tilesApart, videoFrames, waitUntilHeard, walk, type Attendee, type Levels, type Tile } from "../support/mediaPage.ts";
import { SETUP_TOKEN, speakerLink, startServer, type RunningServer } from "../support/server.ts";
import { voices, type VoiceName } from "../support/voices.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";
import { defaultVenueFloor } from "../support/maps.ts";

const FLOOR: Floor = defaultVenueFloor();
const pathfinder = new Pathfinder(FLOOR);
const RADIUS_TILES = DEFAULT_AUDIBILITY.hearingRadius / TILE_SIZE;

/** Below this an ear is silent (WebAudio of a gain-0 chain reads exactly 0). */
const SILENT = 0.002;

const spotKind = (t: Tile) => spotAt(FLOOR.zones, centreOf(t).x, centreOf(t).y);

// Where everyone stands in each scenario (checked against the map in `beforeAll`).
const SPOTS = {
  // 1. Ada near the Quiet room (east), Ben below the Lounge corner (west), both open floor.
  far: { A: { tx: 52, ty: 39 }, B: { tx: 10, ty: 39 } },
  // 2. Ada walks up to 3 tiles right of Ben, then on to 3 tiles left of him.
  nearRight: { tx: 13, ty: 39 },
  nearLeft: { tx: 7, ty: 39 },
  // 3. Ada and Ben inside the Lounge corner, Cleo on the first tile outside it.
  corner: { A: { tx: 4, ty: 35 }, B: { tx: 7, ty: 35 }, C: { tx: 9, ty: 35 } },
  // 4. Ada on the Main stage, Ben in the back row of the Main audience.
  stage: { A: { tx: 15, ty: 6 }, B: { tx: 15, ty: 20 } },
  // 5. Both on the open floor between stage and audience, 3 tiles apart.
  camera: { A: { tx: 14, ty: 9 }, B: { tx: 17, ty: 9 } },
} as const;

// ---------------------------------------------------------------------------------------
// The page's window.foyer, as far as this test uses it

type MediaFoyer = Required<FoyerWindow>;


let server: RunningServer | undefined;
const browsers: Browser[] = [];
let A: Attendee;
let B: Attendee;
let cleosBrowser: Promise<Browser> | undefined;
const arrive = (browser: Browser, name: string, avatar: string, label: string) => arriveAt(server!.url, browser, name, avatar, label);

/** A browser whose microphone is `voice` (closed in afterAll). */
async function launchFor(voice: VoiceName): Promise<Browser> {
  // Phaser's Canvas renderer: three pages of SwiftShader WebGL would starve two cores.
  const args = RENDERER_ARGS;
  const browser = await launchWithVoice(voices().files[voice], args);
  browsers.push(browser);
  return browser;
}

async function leave(who: Attendee | undefined): Promise<void> {
  if (!who) return;
  await who.browser.close().catch(() => {});
  const i = browsers.indexOf(who.browser);
  if (i >= 0) browsers.splice(i, 1);
}

interface Heard {
  /** Loudest ear over the window, per speaker (0 if no chain for them). */
  peak: Record<string, number>;
  mean: Record<string, { left: number; right: number }>;
  gain: Record<string, number>;
  /** Speakers with an audio consumer the server has not paused. */
  flowing: string[];
}

/** What `listener` hears from `speakers` over `ms` milliseconds (sampled every 25 ms in the page). */
async function listen(listener: Attendee, speakers: Attendee[], ms = 1000): Promise<Heard> {
  return listener.page.evaluate(
    async ({ ids, ms }) => {
      const f = window.foyer as MediaFoyer;
      const peak: Record<string, number> = {};
      const sum: Record<string, { left: number; right: number }> = {};
      const gain: Record<string, number> = {};
      for (const id of ids) {
        peak[id] = 0;
        sum[id] = { left: 0, right: 0 };
        gain[id] = 0;
      }
      let n = 0;
      const until = performance.now() + ms;
      while (performance.now() < until) {
        const lv = f.mixer.levels();
        for (const id of ids) {
          const l = lv[id];
          if (!l) continue;
          peak[id] = Math.max(peak[id]!, l.left, l.right);
          sum[id]!.left += l.left;
          sum[id]!.right += l.right;
          gain[id] = Math.max(gain[id]!, l.gain);
        }
        n++;
        await new Promise((r) => setTimeout(r, 25));
      }
      const mean: Record<string, { left: number; right: number }> = {};
      for (const id of ids) mean[id] = { left: sum[id]!.left / n, right: sum[id]!.right / n };
      const flowing = f.media
        .remoteTracks()
        .filter((t) => t.kind === "audio" && !t.paused && ids.includes(t.peerId))
        .map((t) => t.peerId);
      return { peak, mean, gain, flowing };
    },
    { ids: speakers.map((s) => s.id), ms },
  );
}

const fmt = (x: number) => x.toFixed(4);

function expectSilent(h: Heard, listener: Attendee, speakers: Attendee[]): void {
  for (const s of speakers) {
    expect(h.peak[s.id], `${listener.name} should hear nothing from ${s.name}`).toBeLessThan(SILENT);
    expect(h.gain[s.id], `${listener.name}'s mixer gain for ${s.name}`).toBe(0);
    expect(h.flowing, `${listener.name} should receive no flowing audio from ${s.name}`).not.toContain(s.id);
  }
}

function checkProblems(...who: (Attendee | undefined)[]): void {
  const present = who.filter((w): w is Attendee => !!w);
  const consoleErrors = present.flatMap((w) => w.problems.consoleErrors);
  if (consoleErrors.length) console.warn(`[media] console errors:\n${consoleErrors.join("\n")}`);
  expect(present.flatMap((w) => w.problems.pageErrors)).toEqual([]);
}

// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  // The scenarios' spots must be free tiles, in the zones they are meant to be in,
  // and reachable.
  for (const [name, t] of Object.entries({
    farA: SPOTS.far.A,
    farB: SPOTS.far.B,
    nearRight: SPOTS.nearRight,
    nearLeft: SPOTS.nearLeft,
    cornerA: SPOTS.corner.A,
    cornerB: SPOTS.corner.B,
    cornerC: SPOTS.corner.C,
    stageA: SPOTS.stage.A,
    stageB: SPOTS.stage.B,
    cameraA: SPOTS.camera.A,
    cameraB: SPOTS.camera.B,
  })) {
    if (isBlocked(FLOOR, t.tx, t.ty)) throw new Error(`spot ${name} (${t.tx},${t.ty}) is blocked on the default venue`);
    if (!pathfinder.find({ tx: 30, ty: 39 }, t)) throw new Error(`spot ${name} (${t.tx},${t.ty}) cannot be reached from the entrance`);
  }
  for (const t of [SPOTS.far.A, SPOTS.far.B, SPOTS.nearRight, SPOTS.nearLeft, SPOTS.corner.C, SPOTS.camera.A, SPOTS.camera.B]) {
    if (spotKind(t).kind !== "open") throw new Error(`spot ${t.tx},${t.ty} should be open floor, is ${spotKind(t).kind}`);
  }
  expect(tilesApart(SPOTS.far.A, SPOTS.far.B)).toBeGreaterThan(2 * RADIUS_TILES);
  for (const t of [SPOTS.corner.A, SPOTS.corner.B]) {
    const s = spotKind(t);
    if (s.kind !== "private" || s.zone.name !== "Lounge corner") throw new Error(`${t.tx},${t.ty} is not inside the Lounge corner`);
  }
  const stage = spotKind(SPOTS.stage.A);
  const audience = spotKind(SPOTS.stage.B);
  if (stage.kind !== "stage" || audience.kind !== "audience" || !stage.zone.audience.includes(audience.zone.name)) {
    throw new Error("the stage spots are not on the Main stage and in its audience");
  }
  const audienceRect = audience.zone.rect;
  if (SPOTS.stage.B.ty !== audienceRect.y + audienceRect.height - 1) throw new Error("Ben is not in the audience's back row");

  buildClient();
  voices();
  server = await startServer({ env: { FOYER_SETUP_TOKEN: SETUP_TOKEN } });
  // Ada presents from the stage later: the stage is for speakers, so she comes by the
  // personal link of a speaker at an open event.
  const adasLink = await speakerLink(server, "Ada Lovelace");
  [A, B] = await Promise.all([
    launchFor("tone440").then((b) => arriveAt(adasLink, b, "Ada Lovelace", "teal", "Ada")),
    launchFor("speech").then((b) => arrive(b, "Ben Okri", "coral", "Ben")),
  ]);
  // Cleo's browser waits, without a page, for the coffee-corner scenario.
  cleosBrowser = launchFor("tone660");
  cleosBrowser.catch(() => {});
});

afterAll(async () => {
  await cleosBrowser?.catch(() => {});
  await Promise.all(browsers.splice(0).map((b) => b.close().catch(() => {})));
  await server?.stop();
});

describe("hearing and seeing each other", () => {
  it("far apart on the open floor, Ben hears nothing from Ada", async () => {
    await Promise.all([walk(A, SPOTS.far.A), walk(B, SPOTS.far.B)]);
    await new Promise((r) => setTimeout(r, 500)); // one media update and the gain ramps
    const heard = await listen(B, [A], 1200);
    console.log(
      `[media] far apart (${tilesApart(SPOTS.far.A, SPOTS.far.B).toFixed(1)} tiles): Ben's peak from Ada ${fmt(heard.peak[A.id]!)}, ` +
        `flowing: [${heard.flowing.join(", ")}]`,
    );
    expectSilent(heard, B, [A]);
    expectSilent(await listen(A, [B], 300), A, [B]);
    await screenshot(B.page, "media-1-far-B");
    checkProblems(A, B);
  });

  it("Ada walks up to Ben: he hears her within a second of her arriving, louder on her side", async () => {
    // Ben's page samples the state it received and what his ears get, every 20 ms,
    // from before Ada sets off until a second and a half after she stands still.
    const target = centreOf(SPOTS.nearRight);
    const sampling = B.page.evaluate(
      async ({ id, x, y, level, radius }) => {
        const f = window.foyer as MediaFoyer;
        const me = f.avatars.get(f.room.sessionId)!;
        let inRange: number | null = null;
        let arrived: number | null = null;
        let audible: number | null = null;
        let flowing: number | null = null;
        let firstLevel = 0;
        const after: { left: number; right: number }[] = [];
        const deadline = Date.now() + 25_000;
        while (Date.now() < deadline) {
          const now = Date.now();
          const a = f.avatars.get(id);
          const l = f.mixer.levels()[id];
          const loud = l ? Math.max(l.left, l.right) : 0;
          if (a && inRange === null && Math.hypot(a.x - me.x, a.y - me.y) < radius) inRange = now;
          if (a && arrived === null && !a.moving && Math.abs(a.x - x) <= 1 && Math.abs(a.y - y) <= 1) arrived = now;
          if (flowing === null && l && l.voice > level) flowing = now;
          if (audible === null && loud > level) {
            audible = now;
            firstLevel = loud;
          }
          if (arrived !== null && now - arrived > 300 && l) after.push({ left: l.left, right: l.right });
          if (arrived !== null && now - arrived > 1500) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        return { inRange, arrived, audible, flowing, firstLevel, after };
      },
      { id: A.id, ...target, level: AUDIBLE, radius: DEFAULT_AUDIBILITY.hearingRadius },
    );
    await walk(A, SPOTS.nearRight);
    const s = await sampling;
    await screenshot(A.page, "media-2-near-A");
    await screenshot(B.page, "media-2-near-B");

    expect(s.arrived, "Ben's page never saw Ada arrive").not.toBeNull();
    expect(s.audible, "Ben never heard Ada").not.toBeNull();
    const afterArrival = s.audible! - s.arrived!;
    const afterInRange = s.inRange !== null ? s.audible! - s.inRange : NaN;
    // Her voice reaches Ben's page (before volume) ahead of her entering the radius: the
    // subscription's hysteresis starts the consumer early, so the first syllable is not lost.
    const voiceLead = s.inRange !== null && s.flowing !== null ? s.inRange - s.flowing : NaN;
    const left = s.after.reduce((t, l) => t + l.left, 0) / s.after.length;
    const right = s.after.reduce((t, l) => t + l.right, 0) / s.after.length;
    console.log(
      `[media] Ada walks up: first audible ${afterArrival} ms after she arrived ` +
        `(${afterInRange} ms after she came within ${RADIUS_TILES} tiles, where the volume starts rising from 0; first level ${fmt(s.firstLevel)}); ` +
        `her voice was flowing to Ben's page ${voiceLead} ms before she came within range; ` +
        `standing 3 tiles to Ben's right: left ${fmt(left)}, right ${fmt(right)}`,
    );
    expect(afterArrival).toBeLessThanOrEqual(1000);
    expect(Math.max(left, right)).toBeGreaterThan(AUDIBLE);
    expect(right, "Ada is on Ben's right: his right ear should be louder").toBeGreaterThan(left * 1.5);

    // She walks past him to his left: the sound follows her.
    await walk(A, SPOTS.nearLeft);
    await seesStanding(B, A, SPOTS.nearLeft);
    await new Promise((r) => setTimeout(r, 300));
    const heard = await listen(B, [A], 800);
    const m = heard.mean[A.id]!;
    console.log(`[media] 3 tiles to Ben's left: left ${fmt(m.left)}, right ${fmt(m.right)}`);
    expect(heard.peak[A.id]).toBeGreaterThan(AUDIBLE);
    expect(m.left, "Ada is on Ben's left: his left ear should be louder").toBeGreaterThan(m.right * 1.5);
    checkProblems(A, B);
  });

  it("in a coffee corner Ada and Ben hear each other, Cleo right outside hears neither", async () => {
    let C: Attendee | undefined;
    try {
      // Cleo joins (at the entrance) while Ada and Ben go into the corner, then walks
      // up to its edge.
      const t0 = Date.now();
      let joinedMs = 0;
      const cleo = (cleosBrowser ?? launchFor("tone660"))
        .then((b) => arrive(b, "Cleo Wu", "violet", "Cleo"))
        .then((c) => {
          joinedMs = Date.now() - t0;
          return (C = c);
        });
      const [c] = await Promise.all([cleo, walk(A, SPOTS.corner.A), walk(B, SPOTS.corner.B)]);
      await walk(c, SPOTS.corner.C);
      await Promise.all([seesStanding(B, A, SPOTS.corner.A), seesStanding(c, B, SPOTS.corner.B), seesStanding(B, c, SPOTS.corner.C)]);
      console.log(`[media] Cleo joined with her mic on in ${joinedMs} ms; everyone in place ${Date.now() - t0} ms after she opened the page`);
      const tookMs = await waitUntilHeard(B, A);
      await new Promise((r) => setTimeout(r, 300));
      const [onC, onB, onA] = await Promise.all([listen(c, [A, B], 1200), listen(B, [A, c], 1200), listen(A, [c], 1200)]);
      console.log(
        `[media] Lounge corner: Ben hears Ada (peak ${fmt(onB.peak[A.id]!)}, after ${tookMs} ms); ` +
          `Cleo ${tilesApart(SPOTS.corner.B, SPOTS.corner.C)} tiles outside: peak from Ada ${fmt(onC.peak[A.id]!)}, ` +
          `from Ben ${fmt(onC.peak[B.id]!)}; Ben from Cleo ${fmt(onB.peak[c.id]!)}`,
      );
      await screenshot(c.page, "media-3-corner-C");
      await screenshot(B.page, "media-3-corner-B");
      expect(onB.peak[A.id], "Ben should hear Ada inside the corner").toBeGreaterThan(AUDIBLE);
      expect(onB.gain[A.id]).toBe(1);
      expectSilent(onC, c, [A, B]);
      // Nor do those inside hear the person just outside.
      expectSilent(onB, B, [c]);
      expectSilent(onA, A, [c]);
      checkProblems(A, B, c);
    } finally {
      await leave(C);
    }
  });

  it("Ben in the back row of the audience hears Ada on the stage; she does not hear him", async () => {
    await Promise.all([walk(A, SPOTS.stage.A, 25_000), walk(B, SPOTS.stage.B, 25_000)]);
    await seesStanding(B, A, SPOTS.stage.A);
    const tookMs = await waitUntilHeard(B, A);
    await new Promise((r) => setTimeout(r, 300));
    const [onB, onA] = await Promise.all([listen(B, [A], 1200), listen(A, [B], 1500)]);
    const apart = tilesApart(SPOTS.stage.A, SPOTS.stage.B);
    console.log(
      `[media] stage: Ben ${apart} tiles away hears Ada (peak ${fmt(onB.peak[A.id]!)}, gain ${onB.gain[A.id]}, after ${tookMs} ms); ` +
        `Ada's peak from Ben ${fmt(onA.peak[B.id]!)}`,
    );
    await screenshot(B.page, "media-4-stage-B");
    expect(apart).toBeGreaterThan(RADIUS_TILES * 2);
    expect(onB.peak[A.id]).toBeGreaterThan(AUDIBLE);
    expect(onB.gain[A.id]).toBe(1);
    expectSilent(onA, A, [B]);
    checkProblems(A, B);
  });

  it("Ada turns her camera on and Ben sees live video of her", async () => {
    await Promise.all([walk(A, SPOTS.camera.A), walk(B, SPOTS.camera.B)]);
    await seesStanding(B, A, SPOTS.camera.A);
    await A.page.locator("#cam-button").click();
    await A.page.waitForSelector('#cam-button[data-state="on"]', { timeout: 10_000 });
    expect((await A.page.locator("#cam-button .label").textContent())?.trim()).toBe("Camera on");

    // Ben's tile of Ada appears and plays: frames over a second, drawn into a canvas in
    // Ben's page, bright enough, not one flat colour, and moving (Chromium's fake camera
    // draws a turning pattern).
    const video = B.page.locator(`.tile[data-peer="${A.id}"]:not(.hidden) video`);
    await video.waitFor({ state: "visible", timeout: 10_000 });
    const frames = await videoFrames(video);
    console.log(
      `[media] camera: Ben's tile of Ada ${frames.width}x${frames.height}, mean brightness ${frames.mean.toFixed(1)}, sd ${frames.sd.toFixed(1)}, ` +
        `up to ${(frames.changed * 100).toFixed(1)}% of pixels changed within 1 s, ${frames.decoded} frames decoded in that second`,
    );
    await screenshot(A.page, "media-5-camera-A");
    await screenshot(B.page, "media-5-camera-B");
    expect(frames.mean, "Ada's video on Ben's page is black").toBeGreaterThan(20);
    expect(frames.sd, "Ada's video on Ben's page is a flat colour").toBeGreaterThan(5);
    expect(frames.changed, "Ada's video on Ben's page is frozen").toBeGreaterThan(0.002);
    expect(frames.decoded, "Ada's video on Ben's page is not playing").toBeGreaterThanOrEqual(5);
    // Ada sees herself, and her mic is still on.
    await A.page.waitForSelector('.tile[data-peer="self"] video', { state: "visible", timeout: 5000 });
    expect(await A.page.locator("#mic-button").getAttribute("data-state")).toBe("on");
    checkProblems(A, B);
  });
});
