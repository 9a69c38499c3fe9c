/**
 * A background tab, emulated. Headless Chromium reports every page visible and keeps
 * drawing it (bringing another page to the front, minimising the window or opening a
 * background target changes nothing), so this installs, before the page's own scripts,
 * what Chrome does to a tab that is not shown:
 *
 * - `document.visibilityState` is "hidden" (and `document.hidden` true), announced with a
 *   `visibilitychange` event — Phaser stops its game loop on it;
 * - no animation frames at all;
 * - the page's timers (setTimeout / setInterval) fire at most once a second, aligned to
 *   whole seconds, like Chrome's background timer throttling. Web Workers, WebSocket
 *   messages and the audio thread are left alone, as Chrome leaves them.
 *
 * It can also hold a visible page to a low frame rate (`setFps`), like a busy machine.
 * Use `emulateTabs(context)` before opening the page, then `hideTab` / `showTab` / `setFps`.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { joinAs, openPage } from "./browser.ts";
import type { Attendee } from "./mediaPage.ts";

interface TabControl {
  hide(): void;
  show(): void;
  fps(n: number): void;
}

declare global {
  interface Window {
    __foyerTab?: TabControl;
  }
}

function install(): void {
  const realRaf = window.requestAnimationFrame.bind(window);
  const realCancelRaf = window.cancelAnimationFrame.bind(window);
  const realSetTimeout = window.setTimeout.bind(window);
  const realClearTimeout = window.clearTimeout.bind(window);
  let hidden = false;
  let frameMs = 0;
  let lastFrame = -Infinity;

  let rafSeq = 0;
  const frames = new Map<number, number>();
  window.requestAnimationFrame = (cb: FrameRequestCallback): number => {
    const id = ++rafSeq;
    const tick = (t: number) => {
      const sameFrame = t === lastFrame;
      if (hidden || (!sameFrame && frameMs > 0 && t - lastFrame < frameMs - 2)) {
        frames.set(id, realRaf(tick));
        return;
      }
      frames.delete(id);
      lastFrame = t;
      cb(t);
    };
    frames.set(id, realRaf(tick));
    return id;
  };
  window.cancelAnimationFrame = (id: number): void => {
    const real = frames.get(id);
    if (real !== undefined) realCancelRaf(real);
    frames.delete(id);
  };

  // Timers: our own ids, far from the real ones; while hidden, due times round up to the next whole second.
  let timerSeq = 1_000_000;
  const timers = new Map<number, number>();
  const delayFor = (ms: number | undefined): number => {
    const d = Math.max(0, Number(ms) || 0);
    if (!hidden) return d;
    const now = performance.now();
    return Math.ceil((now + d) / 1000) * 1000 - now;
  };
  const setT = (handler: TimerHandler, ms?: number, ...args: unknown[]): number => {
    if (typeof handler !== "function") return realSetTimeout(handler, ms);
    const id = ++timerSeq;
    timers.set(
      id,
      realSetTimeout(() => {
        timers.delete(id);
        (handler as (...a: unknown[]) => void)(...args);
      }, delayFor(ms)),
    );
    return id;
  };
  const setI = (handler: TimerHandler, ms?: number, ...args: unknown[]): number => {
    if (typeof handler !== "function") return window.setInterval(() => {}, ms);
    const id = ++timerSeq;
    const step = () => {
      timers.set(
        id,
        realSetTimeout(() => {
          if (!timers.has(id)) return;
          (handler as (...a: unknown[]) => void)(...args);
          if (timers.has(id)) step();
        }, Math.max(hidden ? 0 : 4, delayFor(ms))),
      );
    };
    step();
    return id;
  };
  const clear = (id: unknown): void => {
    if (typeof id !== "number") return;
    const real = timers.get(id);
    timers.delete(id);
    if (real !== undefined) realClearTimeout(real);
    else realClearTimeout(id);
  };
  window.setTimeout = setT as typeof window.setTimeout;
  window.setInterval = setI as typeof window.setInterval;
  window.clearTimeout = clear as typeof window.clearTimeout;
  window.clearInterval = clear as typeof window.clearInterval;

  Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => hidden });
  const announce = () => document.dispatchEvent(new Event("visibilitychange"));
  window.__foyerTab = {
    hide() {
      if (hidden) return;
      hidden = true;
      announce();
    },
    show() {
      if (!hidden) return;
      hidden = false;
      announce();
    },
    fps(n: number) {
      frameMs = n > 0 ? 1000 / n : 0;
    },
  };
}

/**
 * tsx (which runs the benchmarks) compiles with esbuild's keepNames, so functions sent to a
 * page call a `__name` helper the page does not have: give every page of `browser` one.
 */
export function allowTsxFunctions(browser: Browser): void {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addInitScript({ content: "window.__name = (f) => f;" });
    return context;
  };
}

/** Every page of `context` can be hidden or slowed from now on (call before `goto`). */
export async function emulateTabs(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: `(() => { const __name = (f) => f; (${install.toString()})(); })();` });
}

export async function hideTab(page: Page): Promise<void> {
  await page.evaluate(() => window.__foyerTab!.hide());
}

export async function showTab(page: Page): Promise<void> {
  await page.evaluate(() => window.__foyerTab!.show());
}

/** Hold the page to `n` animation frames a second (0: as many as the browser draws). */
export async function setFps(page: Page, n: number): Promise<void> {
  await page.evaluate((n) => window.__foyerTab!.fps(n), n);
}

/** Animation frames the page's game drew over `ms` (read twice from Phaser's loop, no page timers). */
export async function framesDrawn(page: Page, ms: number): Promise<number> {
  const read = () => page.evaluate(() => window.foyer?.game.loop.frame ?? 0);
  const a = await read();
  await new Promise((r) => setTimeout(r, ms));
  return (await read()) - a;
}

/** Like mediaPage.ts `arrive`, with the page's tab emulated (hideTab / setFps work on it). */
export async function arriveInTab(url: string, browser: Browser, name: string, avatar: string, label: string): Promise<Attendee> {
  const open = await openPage(browser, label);
  await emulateTabs(open.context);
  await open.page.goto(url);
  await joinAs(open.page, name, avatar, 20_000);
  await open.page.waitForSelector('#mic-button[data-state="on"]', { timeout: 15_000 });
  const id = await open.page.evaluate(() => window.foyer!.room!.sessionId);
  return { ...open, name, browser, id };
}
