/**
 * Real Chromium for the end-to-end tests: Debian's binary driven by playwright-core
 * (the test tools' own browser downloads do not work here). Each page gets its own
 * browser context — its own localStorage, like a separate attendee — and records every
 * console error and uncaught exception so a test can fail on them.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll } from "vitest";
import { ROOT, startServer, type RunningServer } from "./server.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

export const CHROMIUM = process.env.FOYER_CHROMIUM || "/usr/bin/chromium";

/** Build the client (if stale) so the server under test serves the current one. */
export function buildClient(): void {
  const built = spawnSync(process.execPath, ["scripts/ensure-built.mjs"], { cwd: ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the client failed:\n${built.stdout}\n${built.stderr}`);
}

/**
 * Phaser's Canvas renderer for tests that need many frames a second on two cores
 * (SwiftShader's software WebGL draws ~13 fps for two pages); FOYER_E2E_WEBGL=1 keeps
 * WebGL. The join test always covers WebGL.
 */
export const RENDERER_ARGS: string[] = process.env.FOYER_E2E_WEBGL === "1" ? [] : ["--disable-webgl"];
export const SCREENSHOT_DIR = path.join(ROOT, "test-results/e2e");

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The browser tests drive Debian's Chromium: run \`npm test\` as root ` +
        "(its pretest installs it) or `apt-get install -y chromium`, or point FOYER_CHROMIUM at a Chromium binary.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
      ...extraArgs,
    ],
  });
}

/** What went wrong inside a page: console errors and uncaught exceptions. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
}

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
}

/** Record console errors and uncaught exceptions of `page` into `problems`. */
export function watchPage(page: Page, problems: PageProblems, label = "page"): void {
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() === "error") problems.consoleErrors.push(`[${label}] ${msg.text()}`);
  });
  page.on("pageerror", (err: Error) => problems.pageErrors.push(`[${label}] ${err.stack ?? err.message}`));
}

/** A fresh browser context (1280×720) with one page, its problems recorded. */
export async function openPage(browser: Browser, label = "page"): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [] };
  watchPage(page, problems, label);
  return { page, context, problems };
}

/** Wait until the join form is on screen (the floor's art has loaded behind it). */
export async function waitForJoinForm(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForSelector("#join:not(.hidden) #join-name", { state: "visible", timeout: timeoutMs });
  await page.waitForSelector("#avatar-picker button[data-avatar]", { state: "visible", timeout: timeoutMs });
}

/**
 * Fill in the join form like a person: type the name, click an avatar, (wait for the
 * engine behind the form to have loaded,) press Enter, then wait until the room is
 * joined, the form is gone and the own avatar is drawn.
 * Returns the milliseconds from the Enter keydown to the first animation frame with the
 * person standing in the venue, both timed by the page's own clock (so the test
 * driver's round trips do not count).
 */
export async function joinAs(page: Page, name: string, avatar: string, timeoutMs = 15_000): Promise<number> {
  await waitForJoinForm(page);
  const input = page.locator("#join-name");
  await input.fill("");
  await input.pressSequentially(name);
  await page.locator(`#avatar-picker button[data-avatar="${avatar}"]`).click();
  // A person spends seconds on the form, and the engine (client/game.ts) loads meanwhile;
  // a test types in milliseconds, so it waits for that too (first-load.test.ts presses
  // Enter before the engine is there).
  await page.waitForFunction(() => window.foyer?.ready === true, undefined, { timeout: 30_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __joinTiming?: { enter?: number; inside?: number } };
    const timing: { enter?: number; inside?: number } = {};
    w.__joinTiming = timing;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || timing.enter !== undefined) return;
      timing.enter = performance.now();
      window.removeEventListener("keydown", onKey, true);
    };
    window.addEventListener("keydown", onKey, true);
  });
  const started = Date.now();
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    () => {
      const t = (window as unknown as { __joinTiming: { enter?: number; inside?: number } }).__joinTiming;
      const f = window.foyer;
      const inside = !!f?.room && !!f.venue?.debugSnapshot().me && !!document.getElementById("join")?.classList.contains("hidden");
      if (inside && t.inside === undefined) t.inside = performance.now();
      return inside;
    },
    undefined,
    { polling: "raf", timeout: timeoutMs },
  );
  const wall = Date.now() - started;
  const t = await page.evaluate(() => (window as unknown as { __joinTiming: { enter?: number; inside?: number } }).__joinTiming);
  return t.enter !== undefined && t.inside !== undefined ? Math.round(t.inside - t.enter) : wall;
}

/** Save a PNG of the page into test-results/e2e/<name>.png and return its bytes. */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), type: "png" });
}

/** Colour statistics of a PNG: how many distinct colours and how much the commonest covers. */
export function colourStats(png: Buffer): { distinct: number; dominantShare: number } {
  const img = PNG.sync.read(png);
  const counts = new Map<number, number>();
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    const key = ((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!) >>> 0;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  return { distinct: counts.size, dominantShare: top / (img.width * img.height) };
}

/** A blank (or nearly blank) image: few colours, or one colour covering almost everything. */
export function isCanvasBlank(png: Buffer): boolean {
  const { distinct, dominantShare } = colourStats(png);
  return distinct <= 50 || dominantShare > 0.95;
}

/** What main.ts puts on `window.foyer`, as far as the tests use it. */
/** What main.ts puts on `window.foyer` (parts appear once the person has joined). */
export type FoyerHandle = FoyerWindow;

/** Chromium flags for fake media: no permission prompts, a fake camera, loopback WebRTC. */
export const FAKE_MEDIA_ARGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
];

/**
 * A Chromium whose microphone plays `voiceFile` (48 kHz mono 16-bit WAV, looped) and
 * whose camera is Chromium's moving test pattern. The fake audio file is a browser-wide
 * flag, so every attendee with their own voice needs their own browser.
 */
export async function launchWithVoice(voiceFile: string, extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(voiceFile)) throw new Error(`fake voice ${voiceFile} does not exist`);
  return launchBrowser([...FAKE_MEDIA_ARGS, `--use-file-for-fake-audio-capture=${voiceFile}`, ...extraArgs]);
}

/** The real server and Chromium a test file shares (see `serverAndBrowser`). */
export interface Suite {
  readonly server: RunningServer;
  readonly browser: Browser;
}

/**
 * One real server (with `env`) and one Chromium for the tests of a file: the client is built
 * and both start before the first test, and both stop after the last.
 */
export function serverAndBrowser(env: Record<string, string>, args: string[] = RENDERER_ARGS): Suite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    buildClient();
    [server, browser] = await Promise.all([startServer({ env }), launchBrowser(args)]);
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`the ${what} has not started (used outside a test?)`);
    return v;
  };
  return {
    get server() {
      return started(server, "server");
    },
    get browser() {
      return started(browser, "browser");
    },
  };
}
