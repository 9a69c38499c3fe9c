/**
 * Sharing a screen and choosing devices, in real Chromium on the real server with the
 * default venue. Ada (a pulsing 440 Hz tone as her voice) and Ben (an espeak-ng
 * sentence) each run their own browser and stand three tiles apart on the open floor
 * beside the entrance, within earshot.
 *
 *  1. Ada presses "Share screen": her button says "Stop sharing", and Ben gets a tile
 *     captioned "Ada Lovelace — screen" playing her screen live (non-black, moving
 *     frames of the picture her browser shares). She presses the button again: it says
 *     "Share screen" again, and the tile is gone from Ben's page.
 *  2. Ada opens "Devices…": her microphones and cameras are listed by name; she picks
 *     another microphone, and Ben keeps hearing her (read from his page's Mixer levels:
 *     what would reach his headphones) — before, during and after the switch.
 *  3. With her camera on she picks another camera: her preview and Ben's tile of her
 *     keep playing.
 *
 * How screen capture works headless: Chromium's `--use-fake-ui-for-media-stream`
 * answers getDisplayMedia's picker and `--use-fake-device-for-media-stream` makes the
 * "screen" a fake desktop capturer — a 1280×720 green test card with a running clock
 * and a turning pie (`screen:-3:0`, displaySurface "monitor"). Without the fake device
 * headless Chromium has no screen to capture ("NotReadableError: Could not start video
 * source"), and without the fake UI getDisplayMedia waits forever for a picker nobody
 * can see (--auto-select-desktop-capture-source, --auto-select-tab-capture-source-by-title,
 * --auto-accept-this-tab-capture and --enable-usermedia-screen-capturing do not get past
 * it headless). `--use-fake-device-for-media-stream=display-media-type=browser` would
 * capture the real tab instead (Ben would see Ada's own Foyer page), but the test card
 * is cheaper on two cores and cannot be mistaken for anything else on Ben's page.
 * `device-count=4` gives Ada four fake cameras, so the camera list has a choice too.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AUDIBILITY, spotAt } from "../../shared/audibility/model.ts";
import { TILE_SIZE } from "../../shared/constants.ts";
import { isBlocked, type Floor } from "../../shared/map/model.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { buildClient, launchWithVoice, RENDERER_ARGS, screenshot, SCREENSHOT_DIR } from "../support/browser.ts";
import { AUDIBLE, arrive as arriveAt, centreOf, seesStanding, tilesApart, videoFrames, waitUntilHeard, walk, type Attendee, type Levels } from "../support/mediaPage.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { voices, type VoiceName } from "../support/voices.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";
import { defaultVenueFloor } from "../support/maps.ts";

const FLOOR: Floor = defaultVenueFloor();
const pathfinder = new Pathfinder(FLOOR);
const RADIUS_TILES = DEFAULT_AUDIBILITY.hearingRadius / TILE_SIZE;


/**
 * Ada's fake devices: four cameras; the screen stays Chromium's fake desktop (a later
 * --use-fake-device-for-media-stream replaces the one in FAKE_MEDIA_ARGS). Chromium's
 * fake cameras cycle through pixel formats: fake_device_0 I420 (the green test card
 * with a clock and a turning pie), fake_device_1 Y16 (a depth camera, which WebRTC
 * never encodes: 0 frames even on a fresh connection), fake_device_2 MJPEG (plain
 * green, only its corners change), fake_device_3 I420 again. So Ada switches from 0 to
 * 3, and Ben's tile shows the same kind of moving picture before and after.
 */
const ADA_FAKE_DEVICES = "--use-fake-device-for-media-stream=device-count=4";
const ADA_CAMERAS = ["fake_device_0", "fake_device_1", "fake_device_2", "fake_device_3"];
const SECOND_CAMERA = "fake_device_3";

/** Open floor just west of the entrance, three tiles apart (checked in beforeAll). */
const SPOTS = { A: { tx: 23, ty: 39 }, B: { tx: 26, ty: 39 } } as const;

// ---------------------------------------------------------------------------------------
// The page's window.foyer, as far as this test uses it

type ShareFoyer = Required<FoyerWindow>;

let server: RunningServer | undefined;
const browsers: Browser[] = [];
let A: Attendee;
let B: Attendee;

const arrive = (browser: Browser, name: string, avatar: string, label: string) => arriveAt(server!.url, browser, name, avatar, label);

async function launchFor(voice: VoiceName, extra: string[] = []): Promise<Browser> {
  const browser = await launchWithVoice(voices().files[voice], [...RENDERER_ARGS, ...extra]);
  browsers.push(browser);
  return browser;
}

/** Ben's tile of Ada's screen, while it is shown. */
const screenTile = (viewer: Attendee, sharer: Attendee): Locator =>
  viewer.page.locator(`#tiles .tile[data-peer="${sharer.id}"][data-source="screen"]:not(.hidden)`);

/** Every tile of `sharer`'s screen on `viewer`'s page, shown or hidden. */
const anyScreenTile = (viewer: Attendee, sharer: Attendee): Locator =>
  viewer.page.locator(`#tiles .tile[data-peer="${sharer.id}"][data-source="screen"]`);

const buttonLabel = async (who: Attendee, id: string) => (await who.page.locator(`#${id} .label`).textContent())?.trim();

function checkProblems(...who: Attendee[]): void {
  const consoleErrors = who.flatMap((w) => w.problems.consoleErrors);
  if (consoleErrors.length) console.warn(`[share] console errors:\n${consoleErrors.join("\n")}`);
  expect(who.flatMap((w) => w.problems.pageErrors)).toEqual([]);
}

const fmt = (x: number) => x.toFixed(4);

// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  for (const [name, t] of Object.entries(SPOTS)) {
    if (isBlocked(FLOOR, t.tx, t.ty)) throw new Error(`spot ${name} (${t.tx},${t.ty}) is blocked on the default venue`);
    if (!pathfinder.find({ tx: 30, ty: 39 }, t)) throw new Error(`spot ${name} (${t.tx},${t.ty}) cannot be reached from the entrance`);
    const c = centreOf(t);
    const kind = spotAt(FLOOR.zones, c.x, c.y).kind;
    if (kind !== "open") throw new Error(`spot ${name} (${t.tx},${t.ty}) should be open floor, is ${kind}`);
  }
  expect(tilesApart(SPOTS.A, SPOTS.B)).toBeLessThan(RADIUS_TILES / 1.5);

  buildClient();
  voices();
  server = await startServer();
  [A, B] = await Promise.all([
    launchFor("tone440", [ADA_FAKE_DEVICES]).then((b) => arrive(b, "Ada Lovelace", "teal", "Ada")),
    launchFor("speech").then((b) => arrive(b, "Ben Okri", "coral", "Ben")),
  ]);
  await Promise.all([walk(A, SPOTS.A), walk(B, SPOTS.B)]);
  await Promise.all([seesStanding(B, A, SPOTS.A), seesStanding(A, B, SPOTS.B)]);
});

afterAll(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close().catch(() => {})));
  await server?.stop();
});

describe("sharing a screen and choosing devices", () => {
  it("Ada shares her screen: Ben, next to her, sees it live; when she stops, it goes away", async () => {
    // Nothing shared yet: Ben has no screen tile of Ada.
    await waitUntilHeard(B, A, 8000);
    expect(await anyScreenTile(B, A).count()).toBe(0);
    expect(await buttonLabel(A, "screen-button")).toBe("Share screen");

    const pressed = Date.now();
    await A.page.locator("#screen-button").click();
    await A.page.waitForSelector('#screen-button[data-state="on"]', { timeout: 10_000 });
    expect(await buttonLabel(A, "screen-button"), "Ada's button should offer to stop").toBe("Stop sharing");

    // Ben's page: a tile captioned "Ada Lovelace — screen" appears and plays.
    const tile = screenTile(B, A);
    await tile.waitFor({ state: "visible", timeout: 10_000 });
    const tileShownMs = Date.now() - pressed;
    expect((await tile.locator("figcaption").textContent())?.trim()).toBe("Ada Lovelace — screen");
    const video = tile.locator("video");
    // Frames over a second, drawn into a canvas in Ben's page: bright, not one flat
    // colour, moving (the test card's clock and pie), and the test card's green.
    const frames = await videoFrames(video);
    const playingMs = Date.now() - pressed;
    console.log(
      `[share] Ben sees Ada's screen: tile ${tileShownMs} ms after she pressed the button, measured by ${playingMs} ms; ` +
        `${frames.width}x${frames.height}, mean brightness ${frames.mean.toFixed(1)}, sd ${frames.sd.toFixed(1)}, ` +
        `RGB ${frames.r.toFixed(0)}/${frames.g.toFixed(0)}/${frames.b.toFixed(0)}, ` +
        `up to ${(frames.changed * 100).toFixed(1)}% of pixels changed within 1 s, ${frames.decoded} frames decoded in that second`,
    );
    await screenshot(A.page, "share-1-sharing-A");
    await screenshot(B.page, "share-1-sharing-B");
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await tile.screenshot({ path: path.join(SCREENSHOT_DIR, "share-1-sharing-B-tile.png") });

    expect(frames.width, "Ada's screen on Ben's page has no size").toBeGreaterThan(0);
    expect(frames.height, "Ada's screen on Ben's page has no size").toBeGreaterThan(0);
    expect(frames.mean, "Ada's screen on Ben's page is black").toBeGreaterThan(20);
    expect(frames.sd, "Ada's screen on Ben's page is a flat colour").toBeGreaterThan(5);
    expect(frames.changed, "Ada's screen on Ben's page is frozen").toBeGreaterThan(0.001);
    expect(frames.decoded, "Ada's screen on Ben's page is not playing").toBeGreaterThanOrEqual(3);
    // It is the picture Ada's browser shares (the fake screen is a green test card),
    // not her camera or something else.
    expect(frames.g, "Ada's shared screen should be the green test card").toBeGreaterThan(1.5 * Math.max(frames.r, frames.b));
    // A screen is for reading: its tile is wider than a face, and a click shows it large.
    const small = (await tile.boundingBox())!;
    expect(small.width, "Ben's screen tile is no wider than a camera tile").toBeGreaterThan(300);
    await tile.click();
    const large = (await tile.boundingBox())!;
    await screenshot(B.page, "share-1-sharing-B-enlarged");
    expect(large.width, "clicking Ada's screen should enlarge it").toBeGreaterThan(2 * small.width);
    await tile.click();
    expect((await tile.boundingBox())!.width).toBeCloseTo(small.width, 0);
    expect(await A.page.locator("#screen-button").getAttribute("aria-pressed")).toBe("true");
    // Sharing does not touch Ada's microphone or camera.
    expect(await A.page.locator("#mic-button").getAttribute("data-state")).toBe("on");
    expect(await A.page.locator("#cam-button").getAttribute("data-state")).toBe("off");

    // Ada stops sharing: her button says so, and Ben's tile goes away.
    const stopped = Date.now();
    await A.page.locator("#screen-button").click();
    await A.page.waitForSelector('#screen-button[data-state="off"]', { timeout: 10_000 });
    expect(await buttonLabel(A, "screen-button")).toBe("Share screen");
    await anyScreenTile(B, A).waitFor({ state: "detached", timeout: 10_000 });
    const goneMs = Date.now() - stopped;
    // …and stays gone, with no screen track left on Ben's page.
    await new Promise((r) => setTimeout(r, 500));
    expect(await anyScreenTile(B, A).count()).toBe(0);
    const leftOver = await B.page.evaluate(
      (id) =>
        (window.foyer as ShareFoyer).media
          .remoteTracks()
          .filter((t) => t.peerId === id && t.source === "screen").length,
      A.id,
    );
    expect(leftOver, "Ben's page still receives Ada's screen").toBe(0);
    console.log(`[share] Ada stopped sharing: Ben's tile gone ${goneMs} ms later`);
    await screenshot(A.page, "share-2-stopped-A");
    await screenshot(B.page, "share-2-stopped-B");

    // Ben still hears Ada.
    await waitUntilHeard(B, A, 8000);
    checkProblems(A, B);
  });

  it("Ada picks another microphone under Devices…, and Ben keeps hearing her", async () => {
    await waitUntilHeard(B, A, 8000);
    const micLabel = () =>
      A.page.evaluate(() => (window.foyer as ShareFoyer).media.local("mic")?.track?.label ?? null);
    const before = await micLabel();

    // The panel lists her devices by their names.
    await A.page.locator("#devices-button").click();
    await A.page.waitForSelector("#device-panel:not(.hidden)", { state: "visible", timeout: 5000 });
    await A.page.waitForFunction(() => document.querySelectorAll("#mic-select option").length > 0 && document.querySelectorAll("#cam-select option").length > 0, undefined, {
      timeout: 5000,
    });
    const optionsOf = (id: string) =>
      A.page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? "" })));
    const mics = await optionsOf("mic-select");
    const cams = await optionsOf("cam-select");
    console.log(`[share] Ada's Devices… panel: microphones [${mics.map((m) => m.text).join(", ")}]; cameras [${cams.map((c) => c.text).join(", ")}]; in use: ${before}`);
    await screenshot(A.page, "share-3-devices-A");
    for (const o of [...mics, ...cams]) {
      // A name a person can read: the device's own label, not the fallback "Microphone 2"
      // nor an opaque id.
      expect(o.text.trim(), `option ${o.value}`).not.toBe("");
      expect(o.text).not.toMatch(/^(Microphone|Camera) \d+$/);
      expect(o.text).not.toBe(o.value);
    }
    expect(mics.map((m) => m.text)).toContain(before);
    expect(mics.length, "Chromium's fake devices offer three microphones").toBeGreaterThanOrEqual(2);
    expect(cams.map((c) => c.text)).toEqual(ADA_CAMERAS);

    // Ben's page records what reaches his ears from Ada every 20 ms, from before she
    // switches until two seconds after.
    const sampling = B.page.evaluate(
      async ({ id, level }) => {
        const f = window.foyer as ShareFoyer;
        const w = window as unknown as { __switchedAt?: number };
        const samples: { t: number; loud: number }[] = [];
        const deadline = performance.now() + 15_000;
        while (performance.now() < deadline) {
          const l = f.mixer.levels()[id];
          samples.push({ t: performance.now(), loud: l ? Math.max(l.left, l.right) : 0 });
          if (w.__switchedAt !== undefined && performance.now() - w.__switchedAt > 2000) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        // Longest stretch without Ada audible, and the loudest moment after the switch.
        let gap = 0;
        let quietSince: number | null = null;
        for (const s of samples) {
          if (s.loud > level) quietSince = null;
          else {
            quietSince ??= s.t;
            gap = Math.max(gap, s.t - quietSince);
          }
        }
        const after = samples.filter((s) => w.__switchedAt !== undefined && s.t > w.__switchedAt + 300);
        return {
          switched: w.__switchedAt !== undefined,
          gapMs: Math.round(gap),
          peakAfter: after.reduce((m, s) => Math.max(m, s.loud), 0),
          n: samples.length,
        };
      },
      { id: A.id, level: AUDIBLE },
    );
    await new Promise((r) => setTimeout(r, 300)); // a baseline before the switch

    // She picks another microphone, the way a person does: in the select.
    const other = mics.find((m) => m.text !== before)!;
    await A.page.locator("#mic-select").selectOption({ label: other.text });
    await A.page.waitForFunction(
      (label) => (window.foyer as ShareFoyer).media.local("mic")?.track?.label === label,
      other.text,
      { polling: 25, timeout: 10_000 },
    );
    await B.page.evaluate(() => ((window as unknown as { __switchedAt?: number }).__switchedAt = performance.now()));
    const heard = await sampling;
    console.log(
      `[share] Ada switched her microphone from "${before}" to "${other.text}": Ben's longest gap without her ${heard.gapMs} ms ` +
        `(${heard.n} samples), his peak from her after the switch ${fmt(heard.peakAfter)}`,
    );
    expect(heard.switched).toBe(true);
    expect(heard.peakAfter, "Ben should hear Ada after she switched microphones").toBeGreaterThan(AUDIBLE);
    expect(heard.gapMs, "Ada's voice should not drop out for long while she switches").toBeLessThan(1500);

    // What the people see: Ada's mic is still on; Ben's bar says he hears her.
    expect(await A.page.locator("#mic-button").getAttribute("data-state")).toBe("on");
    expect(await buttonLabel(A, "mic-button")).toBe("Mic on");
    await B.page.waitForFunction((name) => document.getElementById("hearing")?.textContent?.includes(name) ?? false, A.name, { timeout: 5000 });

    // Closing and reopening the panel shows her choice.
    await A.page.locator("#devices-button").click();
    await A.page.waitForSelector("#device-panel", { state: "hidden", timeout: 5000 });
    await A.page.locator("#devices-button").click();
    await A.page.waitForFunction(
      (value) => (document.getElementById("mic-select") as HTMLSelectElement | null)?.value === value,
      other.value,
      { timeout: 5000 },
    );
    const shown = await A.page.locator("#mic-select").evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? "");
    expect(shown).toBe(other.text);
    await screenshot(A.page, "share-4-devices-switched-A");
    await screenshot(B.page, "share-4-devices-switched-B");
    checkProblems(A, B);
  });

  it("Ada switches to her other camera while it is on, and Ben's tile of her keeps playing", async () => {
    // The panel is open from the previous test; make sure, then turn the camera on.
    if (await A.page.locator("#device-panel").isHidden()) await A.page.locator("#devices-button").click();
    await A.page.locator("#cam-button").click();
    await A.page.waitForSelector('#cam-button[data-state="on"]', { timeout: 10_000 });
    const camLabel = () =>
      A.page.evaluate(() => (window.foyer as ShareFoyer).media.local("camera")?.track?.label ?? null);
    const before = await camLabel();
    const video = B.page.locator(`#tiles .tile[data-peer="${A.id}"][data-source="camera"]:not(.hidden) video`);
    await video.waitFor({ state: "visible", timeout: 10_000 });

    /** Over one second on Ben's page: frames decoded, share of pixels that changed, size. */
    const playing = async () => {
      const f = await videoFrames(video);
      return { ...f, size: `${f.width}x${f.height}` };
    };
    const first = await playing();

    expect(before, "Ada's camera starts on the first fake camera").toBe("fake_device_0");
    const other = SECOND_CAMERA;
    await A.page.locator("#cam-select").selectOption({ label: other });
    await A.page.waitForFunction(
      (label) => (window.foyer as ShareFoyer).media.local("camera")?.track?.label === label,
      other,
      { polling: 25, timeout: 10_000 },
    );
    const after = await playing();
    console.log(
      `[share] Ada's camera "${before}" → "${other}": Ben's tile before ${first.size}, ${first.decoded} frames/s, mean ${first.mean.toFixed(0)}; ` +
        `after ${after.size}, ${after.decoded} frames/s, ${(after.changed * 100).toFixed(1)}% of pixels changed, mean ${after.mean.toFixed(0)}, spread up to ${after.maxSd.toFixed(0)}`,
    );
    // Screenshots at a moment the test pattern's pie is on screen (it sweeps to nothing
    // and back), so a person can tell it is a camera picture and not a green box.
    await video
      .evaluate(
        (v: HTMLVideoElement) =>
          new Promise<void>((resolve) => {
            const c = document.createElement("canvas");
            c.width = 64;
            c.height = 36;
            const g = c.getContext("2d", { willReadFrequently: true })!;
            const until = performance.now() + 3000;
            const check = () => {
              g.drawImage(v, 0, 0, c.width, c.height);
              const d = g.getImageData(0, 0, c.width, c.height).data;
              let bright = 0;
              for (let i = 0; i < d.length; i += 4) if (d[i + 1]! > 200) bright++;
              if (bright > d.length / 4 / 30 || performance.now() > until) resolve();
              else setTimeout(check, 40);
            };
            check();
          }),
      )
      .catch(() => {});
    await Promise.all([screenshot(A.page, "share-5-camera-switched-A"), screenshot(B.page, "share-5-camera-switched-B")]);
    expect(first.decoded, "Ben's tile of Ada's camera is not playing").toBeGreaterThanOrEqual(5);
    expect(after.decoded, "Ben's tile of Ada froze when she switched cameras").toBeGreaterThanOrEqual(5);
    expect(after.changed, "Ben's tile of Ada froze when she switched cameras").toBeGreaterThan(0.002);
    expect(after.mean, "Ben's tile of Ada went black when she switched cameras").toBeGreaterThan(20);
    expect(after.maxSd, "Ben's tile of Ada is a flat colour after she switched cameras").toBeGreaterThan(5);
    // The other camera is asked for the same 640×360 as the first: the picture keeps its
    // 16:9 shape (WebRTC may still scale both down when the CPU is busy).
    expect(after.width / after.height, `Ben's tile of Ada changed shape when she switched cameras (${first.size} → ${after.size})`).toBeCloseTo(
      first.width / first.height,
      2,
    );
    // Her own preview follows, the camera button still says it is on, and her mic is untouched.
    await A.page.waitForSelector('.tile[data-peer="self"] video', { state: "visible", timeout: 5000 });
    expect(await buttonLabel(A, "cam-button")).toBe("Camera on");
    expect(await A.page.locator("#mic-button").getAttribute("data-state")).toBe("on");
    checkProblems(A, B);
  });
});
