/**
 * German for what a form refuses and for the venue's kinds of place, in real Chromium with a
 * de-DE browser on the real server:
 *
 *   - the editor's sign-up refuses a mistyped email address and a short password, and says
 *     why in German (the server's field refusal, client/ui/validationStrings.ts);
 *   - the host's event form, checking itself, says what is wrong in German (by the zod issue);
 *   - the editor's kind list and map labels call zones "Kaffee-Ecke", "Bühne", …, and the
 *     venue's Places list does too;
 *   - on a 390×844 phone the editor says it is made for a bigger screen and still shows the
 *     floor, with nothing off screen.
 *
 * Screenshots go to /tmp/shots-i18n-forms/.
 */
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, joinAs, launchBrowser, RENDERER_ARGS, watchPage, type PageProblems } from "../support/browser.ts";
import { SETUP_TOKEN, startServer, type RunningServer } from "../support/server.ts";

const HOST = { email: "host@example.com", password: "correct horse battery staple", name: "Hana Host" };
const SHOTS = "/tmp/shots-i18n-forms";
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };

beforeAll(async () => {
  buildClient();
  fs.mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([
    startServer({ env: { FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN } }),
    launchBrowser(RENDERER_ARGS),
  ]);
  context = await browser.newContext({ locale: "de-DE", viewport: DESKTOP });
  page = await context.newPage();
  watchPage(page, problems, "de");
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

const shot = (p: Page, name: string) => p.screenshot({ path: `${SHOTS}/${name}.png` });
const text = (selector: string) => page.locator(selector).first().innerText();

/** Visible elements whose box reaches past the screen's left or right edge. */
function offScreen(p: Page, selector: string): Promise<string[]> {
  return p.evaluate((sel) => {
    const out: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>(sel)) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === "hidden") continue;
      if (r.right > window.innerWidth + 1 || r.left < -1) out.push(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""} "${(e.innerText || "").slice(0, 30)}" (${Math.round(r.left)}–${Math.round(r.right)})`);
    }
    return out;
  }, selector);
}

describe("a German host signing up in the editor", () => {
  it("is told in German what is wrong with the email address and the password", async () => {
    await page.goto(`${server!.url}/editor?venue=foyer&floor=main&setup=${SETUP_TOKEN}`);
    await page.waitForSelector("#login:not(.hidden) #login-email", { state: "visible", timeout: 20_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("de");
    await page.locator("#login-email").fill("hana.example.com");
    await page.locator("#login-password").fill(HOST.password);
    await page.locator("#login-name").fill(HOST.name);
    await page.locator("#signup-button").click();
    await expect.poll(() => text("#login-error"), { timeout: 10_000 }).toBe("E-Mail: ist keine gültige E-Mail-Adresse.");
    await shot(page, "editor-signup-refused-de-1280x720");
    await page.locator("#login-email").fill(HOST.email);
    await page.locator("#login-password").fill("tea");
    await page.locator("#signup-button").click();
    await expect.poll(() => text("#login-error"), { timeout: 10_000 }).toBe("Passwort: muss mindestens 10 Zeichen lang sein.");
    await page.setViewportSize(PHONE);
    await shot(page, "editor-signup-refused-de-390x844");
    expect(await offScreen(page, "#login .card, #login button, #login-error")).toEqual([]);
    await page.setViewportSize(DESKTOP);
    await page.locator("#login-password").fill(HOST.password);
    await page.locator("#signup-button").click();
    await page.waitForFunction(() => document.querySelector("#publish")?.textContent === "Speichern & veröffentlichen", undefined, { timeout: 20_000 });
  });

  it("sees the zone kinds by their German names in the kind list and on the map", async () => {
    const kinds = await page.locator("#zone-kind option").allInnerTexts();
    expect(kinds).toContain("Kaffee-Ecke — privates Gespräch");
    expect(kinds).toContain("Bühne — ihr Publikum hört zu");
    expect(kinds).toContain("Tisch — privat, mit Plätzen");
    expect(kinds.filter((k) => /\bcoffee\b|\bstage\b|\bprivate\b/i.test(k))).toEqual([]);
    await page.waitForTimeout(800); // the floor is drawn
    await shot(page, "editor-de-1280x720");
  });
});

describe("a German host's event form", () => {
  it("says in German what is wrong with a field it checks itself", async () => {
    await page.goto(`${server!.url}/host?lang=de`);
    await page.waitForSelector("#new-event", { state: "visible", timeout: 15_000 });
    await page.locator("#new-event").click();
    await page.waitForSelector("#event-create", { state: "visible", timeout: 10_000 });
    await page.locator("#event-create").click();
    await expect.poll(() => text("#event-error"), { timeout: 5_000 }).toBe("Titel: darf nicht leer sein");
    await shot(page, "host-form-refused-de-1280x720");
  });
});

describe("the editor on a phone", () => {
  for (const lang of ["de", "en"] as const) {
    it(`says it is made for a bigger screen and still shows the floor (${lang})`, async () => {
      await page.setViewportSize(PHONE);
      await page.goto(`${server!.url}/editor?venue=foyer&floor=main&lang=${lang}`);
      await page.waitForSelector("#phone-note", { state: "visible", timeout: 20_000 });
      // The floor is loaded and drawn (the problems list says it was checked).
      await page.waitForFunction(() => (document.querySelector<HTMLCanvasElement>("#map")?.width ?? 0) > 0 && !!document.querySelector("#problems li"), undefined, { timeout: 20_000 });
      expect(await text("#phone-note")).toMatch(lang === "de" ? /größeren Bildschirm/ : /bigger screen/);
      await page.waitForTimeout(800);
      await shot(page, `editor-${lang}-390x844`);
      expect(await offScreen(page, "#topbar, #topbar > *, #phone-note, #stage, #left, #right, .lang-switch")).toEqual([]);
      // The floor is there to look at: the map canvas has a size and the stage shows it.
      const stage = await page.locator("#stage").boundingBox();
      expect(stage?.width ?? 0).toBeGreaterThan(300);
      expect(stage?.height ?? 0).toBeGreaterThan(300);
      await page.setViewportSize(DESKTOP);
      await page.waitForTimeout(300);
      expect(await page.locator("#phone-note").isVisible()).toBe(false);
      await shot(page, `editor-${lang}-1280x720`);
    });
  }
});

describe("a German attendee's Places list", () => {
  it("names each place's kind in German", async () => {
    const visitor = await browser!.newContext({ locale: "de-DE", viewport: DESKTOP });
    const guest = await visitor.newPage();
    watchPage(guest, problems, "de-visitor");
    try {
      await guest.goto(`${server!.url}/`);
      await joinAs(guest, "Greta", "teal");
      await guest.locator("#places-open").click();
      await guest.waitForSelector("#places-list .place", { state: "visible", timeout: 10_000 });
      const list = await guest.locator("#places-list").innerText();
      expect(list).toMatch(/Kaffee-Ecke|Tisch|Bühne/);
      expect(list).not.toMatch(/Coffee corner|\bStage\b|\bTable\b/);
      await shot(guest, "places-de-1280x720");
      await guest.setViewportSize(PHONE);
      await guest.waitForTimeout(400);
      await shot(guest, "places-de-390x844");
      expect(await offScreen(guest, "#places, #places button")).toEqual([]);
    } finally {
      await visitor.close();
    }
  });

  it("no page threw", () => {
    expect(problems.pageErrors).toEqual([]);
  });
});
