/**
 * First-load benchmark (npm run bench:web): what a new attendee waits for, in real
 * headless Chromium (tests/support/browser.ts) against a real server (own process,
 * built client, media on with Chromium's fake microphone and camera).
 *
 * Each of N runs is a fresh browser context, so a cold cache. Measured on the page's own
 * clock (tests/support/firstLoad.ts, the marks client/main.ts and client/game.ts set):
 * - join form: navigation start → the frame with the join form drawn;
 * - bytes before it: every request started before that frame, whole (transferSize:
 *   compressed body plus headers), and of those the page, scripts and styles alone;
 * - engine ready: navigation start → Phaser, the floor's art and the media code loaded
 *   behind the form (client/game.ts), with nothing typed yet;
 * - Enter → walking: the person types a name (BENCH_WEB_TYPING_MS per key, default 120,
 *   so about a second for a short name), picks an avatar and presses Enter; from that
 *   keydown to the first frame with the room joined, the form gone and the own avatar
 *   drawn, plus from pressing an arrow key to the first frame the avatar has moved
 *   (the driver's own round trip between the two is left out).
 *
 * Goals (issue #15): join form ≤ 1 s and ≤ 300 kB before it; Enter → walking ≤ 1 s.
 * Options (env): BENCH_WEB_RUNS (N, default 10), BENCH_WEB_TYPING_MS, BENCH_JSON=path
 * (also write the results as JSON). Exits 0 whether or not the goals are met; the verdicts
 * are printed.
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { buildClient, FAKE_MEDIA_ARGS, launchBrowser, RENDERER_ARGS } from "../support/browser.ts";
import { beforeJoinForm, kB, openToJoinForm, type FirstLoad } from "../support/firstLoad.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { quantile } from "./quantile.ts";

const num = (env: string, dflt: number): number => {
  const v = Number(process.env[env]);
  return Number.isFinite(v) && v >= 0 && process.env[env] !== undefined && process.env[env] !== "" ? Math.floor(v) : dflt;
};
const RUNS = Math.max(1, num("BENCH_WEB_RUNS", 10));
const TYPING_MS = num("BENCH_WEB_TYPING_MS", 120);
const JSON_OUT = process.env.BENCH_JSON || undefined;
const GOAL_FORM_MS = 1000;
const GOAL_FORM_BYTES = 300_000;
const GOAL_WALK_MS = 1000;

interface Run {
  formMs: number;
  bytesBefore: number;
  codeBytesBefore: number;
  engineReadyMs: number;
  /** Was the engine there when Enter was pressed? */
  engineAtEnter: boolean;
  enterToStandingMs: number;
  keyToStepMs: number;
  enterToWalkingMs: number;
}

/** Page-clock marks the bench puts on the page for one Enter and one arrow key. */
interface Marks {
  enter?: number;
  standing?: number;
  key?: number;
  stepped?: number;
  start?: { x: number; y: number };
}

async function timeEnterToWalking(page: Page): Promise<Omit<Run, keyof FirstLoad | "engineReadyMs" | "formMs">> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench: Marks };
    const m: Marks = {};
    w.__bench = m;
    window.addEventListener(
      "keydown",
      (e) => {
        if (e.key === "Enter" && m.enter === undefined) m.enter = performance.now();
        if (e.key.startsWith("Arrow") && m.key === undefined) m.key = performance.now();
      },
      true,
    );
  });
  const engineAtEnter = await page.evaluate(() => window.foyer?.ready === true);
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    () => {
      const m = (window as unknown as { __bench: Marks }).__bench;
      const me = window.foyer?.venue?.debugSnapshot().me;
      const inside = !!window.foyer?.room && !!me && !!document.getElementById("join")?.classList.contains("hidden");
      if (inside && m.standing === undefined) {
        m.standing = performance.now();
        m.start = { x: me.x, y: me.y };
      }
      return inside;
    },
    undefined,
    { polling: "raf", timeout: 30_000 },
  );
  // Walk: hold an arrow key until the own avatar has moved (another way if a wall is there).
  let moved = false;
  for (const key of ["ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp"]) {
    await page.evaluate(() => {
      const m = (window as unknown as { __bench: Marks }).__bench;
      m.key = undefined;
      m.stepped = undefined;
      const me = window.foyer!.venue!.debugSnapshot().me!;
      m.start = { x: me.x, y: me.y };
    });
    await page.keyboard.down(key);
    moved = await page
      .waitForFunction(
        () => {
          const m = (window as unknown as { __bench: Marks }).__bench;
          const me = window.foyer!.venue!.debugSnapshot().me!;
          const gone = Math.hypot(me.x - m.start!.x, me.y - m.start!.y) >= 1;
          if (gone && m.stepped === undefined) m.stepped = performance.now();
          return gone;
        },
        undefined,
        { polling: "raf", timeout: 2000 },
      )
      .then(() => true)
      .catch(() => false);
    await page.keyboard.up(key);
    if (moved) break;
  }
  if (!moved) throw new Error("the own avatar did not move with any arrow key");
  const m = await page.evaluate(() => (window as unknown as { __bench: Marks }).__bench);
  const enterToStandingMs = m.standing! - m.enter!;
  const keyToStepMs = m.stepped! - m.key!;
  return { engineAtEnter, enterToStandingMs, keyToStepMs, enterToWalkingMs: enterToStandingMs + keyToStepMs };
}

async function oneRun(browser: Browser, server: RunningServer, i: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await openToJoinForm(page, `${server.url}/?venue=foyer&floor=main`);
    await page.locator("#join-name").pressSequentially(`Bench ${i}`, { delay: TYPING_MS });
    await page.locator('#avatar-picker button[data-avatar="amber"]').click();
    await page.locator("#join-name").focus();
    const walk = await timeEnterToWalking(page);
    const load = await beforeJoinForm(page);
    const engineReadyMs = await page.evaluate(() => performance.getEntriesByName("foyer:engine-ready")[0]?.startTime ?? NaN);
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
    return { formMs: load.formMs, bytesBefore: load.bytesBefore, codeBytesBefore: load.codeBytesBefore, engineReadyMs, ...walk };
  } finally {
    await context.close();
  }
}

function summary(xs: number[]): { p50: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] ?? NaN };
}

async function main(): Promise<void> {
  buildClient();
  const [server, browser] = await Promise.all([startServer(), launchBrowser([...RENDERER_ARGS, ...FAKE_MEDIA_ARGS])]);
  const runs: Run[] = [];
  try {
    // One warm-up visit: the server's first floor read and Chromium's first page start are not what a visitor waits for.
    await oneRun(browser, server, 0);
    for (let i = 1; i <= RUNS; i++) {
      const r = await oneRun(browser, server, i);
      runs.push(r);
      console.log(
        `run ${i}: form ${r.formMs} ms, ${kB(r.bytesBefore)} before it (code ${kB(r.codeBytesBefore)}); engine ready ${Math.round(r.engineReadyMs)} ms` +
          `${r.engineAtEnter ? "" : " (after Enter)"}; Enter → standing ${Math.round(r.enterToStandingMs)} ms, key → step ${Math.round(r.keyToStepMs)} ms`,
      );
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  const form = summary(runs.map((r) => r.formMs));
  const bytes = summary(runs.map((r) => r.bytesBefore));
  const code = summary(runs.map((r) => r.codeBytesBefore));
  const engine = summary(runs.map((r) => r.engineReadyMs));
  const walking = summary(runs.map((r) => r.enterToWalkingMs));
  const standing = summary(runs.map((r) => r.enterToStandingMs));
  const step = summary(runs.map((r) => r.keyToStepMs));
  const late = runs.filter((r) => !r.engineAtEnter).length;
  const verdict = (ok: boolean) => (ok ? "pass" : "FAIL");
  const f = (v: number) => v.toFixed(0);
  console.log(`\nbench:web — ${RUNS} cold visits, typing ${TYPING_MS} ms per key, load ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  console.log("| measure | p50 | p95 | max | goal | verdict (p95) |");
  console.log("|---|---|---|---|---|---|");
  console.log(`| navigation → join form | ${f(form.p50)} ms | ${f(form.p95)} ms | ${f(form.max)} ms | ≤ ${GOAL_FORM_MS} ms | ${verdict(form.p95 <= GOAL_FORM_MS)} |`);
  console.log(`| transferred before the form | ${kB(bytes.p50)} | ${kB(bytes.p95)} | ${kB(bytes.max)} | ≤ ${kB(GOAL_FORM_BYTES)} | ${verdict(bytes.max <= GOAL_FORM_BYTES)} |`);
  console.log(`| of which HTML+JS+CSS | ${kB(code.p50)} | ${kB(code.p95)} | ${kB(code.max)} | | |`);
  console.log(`| navigation → engine ready behind the form | ${f(engine.p50)} ms | ${f(engine.p95)} ms | ${f(engine.max)} ms | | |`);
  console.log(`| Enter → standing in the venue | ${f(standing.p50)} ms | ${f(standing.p95)} ms | ${f(standing.max)} ms | | |`);
  console.log(`| arrow key → first step drawn | ${f(step.p50)} ms | ${f(step.p95)} ms | ${f(step.max)} ms | | |`);
  console.log(`| Enter → walking | ${f(walking.p50)} ms | ${f(walking.p95)} ms | ${f(walking.max)} ms | ≤ ${GOAL_WALK_MS} ms | ${verdict(walking.p95 <= GOAL_WALK_MS)} |`);
  console.log(`Enter pressed before the engine was ready in ${late} of ${RUNS} runs.`);
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify({ runs, typingMs: TYPING_MS }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
