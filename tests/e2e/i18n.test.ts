/**
 * German and English, end to end, in real Chromium on the real server:
 *
 *   - a browser set to German (locale de-DE) sees the join form in German with lang="de",
 *     joins, and the venue's frame (who's-here, the media bar) speaks German;
 *   - the EN button switches the page to English (lang="en"), and the choice outlives a reload
 *     even though the browser still prefers German;
 *   - the host view and the editor follow the same switcher;
 *   - the server's refusal of a join (a wrong event password) reads in German on a German page;
 *   - nothing sticks out of the screen in either language at 1280×720 and 390×844 (the editor,
 *     a desktop tool, at 1280×720 only).
 *
 * Screenshots go to test-results/e2e/i18n-*.png.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, joinAs, launchBrowser, RENDERER_ARGS, screenshot, waitForJoinForm, watchPage, type PageProblems } from "../support/browser.ts";
import { SETUP_TOKEN, startServer, type RunningServer } from "../support/server.ts";

const HOST = { email: "host@example.com", password: "correct horse battery staple", name: "Hana Host" };
const SIZES = [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
] as const;

let server: RunningServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([
    startServer({ env: { FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN } }),
    launchBrowser(RENDERER_ARGS),
  ]);
  context = await browser.newContext({ locale: "de-DE", viewport: SIZES[0] });
  page = await context.newPage();
  watchPage(page, problems, "de");
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

const lang = () => page.evaluate(() => document.documentElement.lang);
const text = (selector: string) => page.locator(selector).first().innerText();

/** Elements whose box reaches past the right edge of the screen, or whose text overflows its own box. */
function overflowing(p: Page, selector: string): Promise<string[]> {
  return p.evaluate((sel) => {
    const out: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>(sel)) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === "hidden") continue;
      const name = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""} "${(e.innerText || "").slice(0, 30)}"`;
      if (r.right > window.innerWidth + 1 || r.left < -1) out.push(`${name} off screen (${Math.round(r.left)}–${Math.round(r.right)})`);
      else if (e.scrollWidth > e.clientWidth + 2 && getComputedStyle(e).overflowX === "visible" && e.children.length === 0) out.push(`${name} text overflows`);
    }
    return out;
  }, selector);
}

/** A screenshot at each size; returns what overflowed at each. */
async function shots(name: string, selector: string): Promise<string[]> {
  const found: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300); // the layout settles (ResizeObserver, Phaser's resize)
    await screenshot(page, `i18n-${name}-${size.width}x${size.height}`);
    found.push(...(await overflowing(page, selector)).map((o) => `${size.width}×${size.height}: ${o}`));
  }
  await page.setViewportSize(SIZES[0]);
  return found;
}

const JOIN_PARTS = "#join .card, #join .card button, #join .card label, #join .card h1, #join .card p, .lang-switch";
const VENUE_PARTS = "#hud, #mediabar, #mediabar button, #people, #people h2 button, .lang-switch";

describe("a German browser", () => {
  it("sees the join form in German, with lang=de", async () => {
    await page.goto(`${server!.url}/`);
    await waitForJoinForm(page);
    expect(await lang()).toBe("de");
    expect(await text("#join-title")).toBe("Willkommen im Foyer");
    expect(await text("#join-button")).toContain("Eintreten");
    expect(await page.locator("label[for=join-name]").innerText()).toBe("Dein Name");
    expect(await page.locator(".join-lang button[data-lang=de]").getAttribute("aria-pressed")).toBe("true");
    // A name left out is said in German too.
    await page.locator("#join-button").click();
    await expect.poll(() => text("#join-error")).toBe("Bitte gib deinen Namen ein.");
    expect(await shots("join-de", JOIN_PARTS)).toEqual([]);
  });

  it("joins and the venue speaks German", async () => {
    await joinAs(page, "Grete", "teal");
    expect(await text("#people-toggle")).toContain("Wer ist da");
    expect(await text("#people-list")).toContain("Grete (du)");
    expect(await text("#mic-button")).toMatch(/Mikro|Stumm/);
    expect(await text("#devices-button")).toBe("Geräte…");
    expect(await page.locator("#mediabar").getAttribute("aria-label")).toBe("Mikrofon und Kamera");
    expect(await shots("venue-de", VENUE_PARTS)).toEqual([]);
  });

  it("switches to English with the EN button, and stays English after a reload", async () => {
    // The reload takes the person back to where they stood (the tab's saved spot), now in English.
    const inEnglish = () =>
      page.waitForFunction(() => document.documentElement.lang === "en" && !!window.foyer?.venue?.debugSnapshot().me && !!document.getElementById("join")?.classList.contains("hidden"), undefined, { timeout: 30_000 });
    await Promise.all([page.waitForEvent("load"), page.locator(".hud-lang button[data-lang=en]").click()]);
    await inEnglish();
    expect(await text("#people-toggle")).toContain("Who's here");
    expect(await text("#people-list")).toContain("Grete (you)");
    expect(await text("#devices-button")).toBe("Devices…");
    await page.reload();
    await inEnglish();
    expect(await page.locator(".hud-lang button[data-lang=en]").getAttribute("aria-pressed")).toBe("true");
    expect(await shots("venue-en", VENUE_PARTS)).toEqual([]);
  });

  it("a German browser opening an English link (?lang=en) gets the join form in English", async () => {
    const other = await browser!.newContext({ locale: "de-DE", viewport: SIZES[0] });
    const before = page;
    page = await other.newPage();
    watchPage(page, problems, "en-link");
    try {
      await page.goto(`${server!.url}/?lang=en`);
      await waitForJoinForm(page);
      expect(await lang()).toBe("en");
      expect(await text("#join-title")).toBe("Welcome to Foyer");
      expect(await text("#join-button")).toContain("Enter the venue");
      expect(await shots("join-en", JOIN_PARTS)).toEqual([]);
    } finally {
      await other.close();
      page = before;
    }
  });
});

describe("the host view and the editor", () => {
  it("the host view follows the switcher: German sign-in, German event list", async () => {
    await page.goto(`${server!.url}/host?setup=${SETUP_TOKEN}&lang=de`);
    await page.waitForSelector("#login:not(.hidden) #login-email", { state: "visible", timeout: 15_000 });
    expect(await lang()).toBe("de");
    expect(await text("#login h1")).toBe("Foyer für Hosts");
    expect(await shots("host-signin-de", "#login .card, #login button, .lang-switch")).toEqual([]);
    await page.locator("#login-email").fill(HOST.email);
    await page.locator("#login-password").fill(HOST.password);
    await page.locator("#login-name").fill(HOST.name);
    await page.locator("#signup-button").click();
    await page.waitForSelector("#new-event", { state: "visible", timeout: 15_000 });
    expect(await text("#new-event")).toBe("Neues Event");
    await page.locator("#new-event").click();
    await page.waitForSelector("#event-form, form", { state: "visible", timeout: 10_000 });
    expect(await shots("host-de", "#topbar, #topbar > *, #main button, #main label, .lang-switch")).toEqual([]);
    await Promise.all([page.waitForEvent("load"), page.locator(".page-lang button[data-lang=en]").click()]);
    await page.waitForSelector("#new-event", { state: "visible", timeout: 15_000 });
    expect(await lang()).toBe("en");
    expect(await text("#new-event")).toBe("New event");
    expect(await shots("host-en", "#topbar, #topbar > *, #main button, .lang-switch")).toEqual([]);
  });

  it("the editor speaks German after choosing DE, English after EN", async () => {
    await page.goto(`${server!.url}/editor?venue=foyer&floor=main`);
    await page.waitForFunction(() => document.querySelector("#publish")?.textContent === "Save & publish", undefined, { timeout: 20_000 });
    await Promise.all([page.waitForEvent("load"), page.locator(".page-lang button[data-lang=de]").click()]);
    await page.waitForFunction(() => document.querySelector("#publish")?.textContent === "Speichern & veröffentlichen", undefined, { timeout: 20_000 });
    expect(await lang()).toBe("de");
    expect(await text("#tools [data-tool=zone]")).toBe("Zone zeichnen");
    await page.waitForTimeout(1000); // the floor is drawn
    expect((await shots("editor-de", "#topbar > *, #left, #right, .lang-switch")).filter((o) => o.startsWith("1280"))).toEqual([]);
    await Promise.all([page.waitForEvent("load"), page.locator(".page-lang button[data-lang=en]").click()]);
    await page.waitForFunction(() => document.querySelector("#publish")?.textContent === "Save & publish", undefined, { timeout: 20_000 });
    expect((await shots("editor-en", "#topbar > *, #left, #right, .lang-switch")).filter((o) => o.startsWith("1280"))).toEqual([]);
  });

  it("the server's refusal reads in German on a German page (a wrong event password)", async () => {
    // The signed-in host opens an event with a password, through the API the host view uses.
    const made = await page.evaluate(async () => {
      const res = await fetch("/api/venues/foyer/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          title: "Teestunde",
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          timeZone: "Europe/Berlin",
          access: "open",
          password: "tea-time-42",
        }),
      });
      return res.status;
    });
    expect(made).toBe(201);
    const visitor = await browser!.newContext({ locale: "de-DE", viewport: SIZES[0] });
    const before = page;
    page = await visitor.newPage();
    watchPage(page, problems, "de-visitor");
    try {
      await page.goto(`${server!.url}/`);
      await waitForJoinForm(page);
      await page.waitForSelector("#join-password", { state: "visible", timeout: 10_000 });
      expect(await page.locator("label[for=join-password]").innerText()).toBe("Event-Passwort");
      await page.locator("#join-name").fill("Greta");
      await page.locator("#join-password").fill("wrong-password");
      await page.locator("#join-button").click();
      await expect.poll(() => text("#join-error"), { timeout: 15_000 }).toBe("Eintreten nicht möglich: Das Event-Passwort stimmt nicht.");
      await screenshot(page, "i18n-refused-de-1280x720");
    } finally {
      await visitor.close();
      page = before;
    }
  });

  it("no page threw", () => {
    expect(problems.pageErrors).toEqual([]);
  });
});
