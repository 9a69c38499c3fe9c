/**
 * A person's first visit, measured in real Chromium on a cold cache (a fresh browser
 * context has an empty cache): how long until the join form is on screen, and what the
 * browser fetched before it. Shared by tests/e2e/first-load.test.ts (the size budget) and
 * tests/bench/web.ts (`npm run bench:web`, the timings).
 *
 * The page marks the frame the join form is drawn in (`foyer:join-form`, client/main.ts);
 * "before the form" means every request that started before that mark (the page, its
 * scripts and styles, the event and avatar previews), counted whole, by the Resource
 * Timing API's `transferSize` (compressed bytes on the wire plus headers).
 */
import type { Page } from "playwright-core";

export interface Fetched {
  url: string;
  /** Resource Timing initiator: navigation, script, link, css, img, fetch… */
  kind: string;
  bytes: number;
  startMs: number;
}

export interface FirstLoad {
  /** Navigation start → the frame with the join form (page clock). */
  formMs: number;
  /** Everything fetched before the form. */
  before: Fetched[];
  bytesBefore: number;
  /** Only the page, scripts and styles among them (the join form's own HTML, JS and CSS). */
  codeBytesBefore: number;
}

export const JOIN_FORM_MARK = "foyer:join-form";

/** Open `url` in `page` (a fresh context) and wait for the frame with the join form. */
export async function openToJoinForm(page: Page, url: string, timeoutMs = 30_000): Promise<void> {
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, JOIN_FORM_MARK, { timeout: timeoutMs, polling: 20 });
}

/**
 * What was fetched before the join form. Read it a while after the form (once the person
 * has typed, or the engine is there): a request appears in Resource Timing only when done.
 */
export async function beforeJoinForm(page: Page): Promise<FirstLoad> {
  const raw = await page.evaluate((mark) => {
    const at = performance.getEntriesByName(mark)[0]!.startTime;
    const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")] as PerformanceResourceTiming[];
    return {
      at,
      entries: entries.map((e) => ({ url: e.name, kind: e.initiatorType, bytes: e.transferSize, startMs: e.startTime })),
    };
  }, JOIN_FORM_MARK);
  const before = raw.entries.filter((e) => e.startMs < raw.at);
  const isCode = (f: Fetched) => f.kind === "navigation" || /\.(js|css|html)(\?|$)/.test(new URL(f.url).pathname);
  return {
    formMs: Math.round(raw.at),
    before,
    bytesBefore: before.reduce((n, f) => n + f.bytes, 0),
    codeBytesBefore: before.filter(isCode).reduce((n, f) => n + f.bytes, 0),
  };
}

/** Wait until the engine chunk has loaded and drawn the floor behind the form. */
export async function engineReady(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => window.foyer?.ready === true, undefined, { timeout: timeoutMs });
}

export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
