/**
 * A host deletes a floor while people stand on it (issue #9), in real Chromium on the real
 * server: Ada (English, 1280×720) and Ben (German, 390×844) are on the Annex, a floor the host
 * added; the host deletes it in the editor (whose confirmation says where they go). Both pages change floor the way a portal does —
 * the URL and the room are the Main hall's, their avatars stand in its spawn — and each says
 * why in its language, naming the floor they are on now. An old link to the deleted floor
 * says it cannot be loaded and offers a way to the Main hall.
 *
 * Screenshots go to test-results/e2e/floor-removed-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { zonesOfKind } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";
import { buildClient, joinAs, launchBrowser, RENDERER_ARGS, screenshot } from "../support/browser.ts";
import { HostSession, record, strongPassword } from "../support/http.ts";
import { ROOT, SETUP_TOKEN, startServer, type RunningServer } from "../support/server.ts";

const ADMIN = "host@example.com";
const MAIN_SPAWNS = zonesOfKind(parseFloor(JSON.parse(fs.readFileSync(path.join(ROOT, "assets/maps/default-venue.tmj"), "utf8"))), "spawn");

let server: RunningServer | undefined;
let browser: Browser | undefined;
let host: HostSession;

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([
    startServer({ env: { FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: ADMIN, FOYER_SETUP_TOKEN: SETUP_TOKEN } }),
    launchBrowser(RENDERER_ARGS),
  ]);
  host = new HostSession(server.url);
  await host.signup(ADMIN, strongPassword(), "Host", { setupToken: SETUP_TOKEN });
  const terrace = await host.get("/api/venues/foyer/floors/terrace");
  const made = await host.post("/api/venues/foyer/floors", { slug: "annex", name: "Annex", map: record(record(terrace.json).floor).map });
  expect(made.status, made.text).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

/** Wait until `page` has joined `floor` and its own avatar stands there; where it is. */
async function arrivedOn(page: Page, floor: string) {
  await page.waitForFunction(
    (floor) => {
      const f = window.foyer;
      return f?.room?.state.floor === floor && !!f.room && !!f.avatars?.get(f.room.sessionId);
    },
    floor,
    { polling: 50, timeout: 30_000 },
  );
  return page.evaluate(() => {
    const f = window.foyer as Required<FoyerWindow>;
    const a = f.avatars.get(f.room.sessionId)!;
    return { x: a.x, y: a.y, url: location.href, floorName: document.getElementById("floor-name")?.textContent };
  });
}

describe("the floor you stand on is deleted", () => {
  it("takes each page to the Main hall's spawn and says why, in English and in German", async () => {
    const people = [
      { name: "Ada", locale: "en-GB", viewport: { width: 1280, height: 720 }, said: "This floor was removed by the host; you are now in Main hall." },
      { name: "Ben", locale: "de-DE", viewport: { width: 390, height: 844 }, said: "Diese Etage wurde vom Host entfernt; du bist jetzt auf der Etage „Main hall“." },
    ];
    const pages = await Promise.all(
      people.map(async (p) => {
        const context = await browser!.newContext({ locale: p.locale, viewport: p.viewport });
        const page = await context.newPage();
        page.on("pageerror", (e) => console.log(`[${p.name}] page error: ${e.message}`));
        page.on("console", (m) => m.type() === "error" && console.log(`[${p.name}] console: ${m.text()}`));
        await page.goto(`${server!.url}/?venue=foyer&floor=annex`);
        await joinAs(page, p.name, "teal");
        expect((await arrivedOn(page, "annex")).floorName).toBe("Annex");
        return page;
      }),
    );

    // The host deletes the Annex in the editor; its confirmation says where the people on it go.
    const editor = await browser!.newContext({ viewport: { width: 1280, height: 720 } });
    await editor.addCookies([{ name: "foyer_session", value: host.cookie!, url: server!.url }]);
    const hostPage = await editor.newPage();
    const asked: string[] = [];
    hostPage.on("dialog", (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await hostPage.goto(`${server!.url}/editor?venue=foyer&floor=annex`);
    await hostPage.waitForFunction(() => window.editor?.state.floor === "annex" && !!window.editor.state.history, undefined, { timeout: 20_000 });
    await hostPage.locator("#floor-delete").click();
    await hostPage.locator("#toasts .toast", { hasText: 'Floor "Annex" deleted.' }).waitFor({ state: "visible", timeout: 10_000 });
    expect(asked).toEqual(['Delete the floor "Annex" and all its versions? People on it are moved to "Main hall" at once and told why. This cannot be undone.']);

    for (const [i, p] of people.entries()) {
      const page = pages[i]!;
      const there = await arrivedOn(page, "main");
      expect(new URL(there.url).searchParams.get("floor")).toBe("main");
      expect(there.floorName).toBe("Main hall");
      const tx = Math.floor(there.x / TILE_SIZE);
      const ty = Math.floor(there.y / TILE_SIZE);
      expect(MAIN_SPAWNS.some((s) => tx >= s.rect.x && ty >= s.rect.y && tx < s.rect.x + s.rect.width && ty < s.rect.y + s.rect.height), `${p.name} in a spawn`).toBe(true);
      // Said where people look and read out by the polite live region the toasts live in.
      const notice = page.locator("#toasts .toast", { hasText: p.said });
      await notice.waitFor({ state: "visible", timeout: 5000 });
      expect(await page.locator("#toasts").getAttribute("aria-live")).toBe("polite");
      const box = (await notice.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= p.viewport.width, `${p.name}'s notice fits the screen`).toBe(true);
      await screenshot(page, `floor-removed-${p.name.toLowerCase()}`);
      if (process.env.FOYER_SHOTS) await page.screenshot({ path: path.join(process.env.FOYER_SHOTS, `floor-removed-${p.name.toLowerCase()}.png`) });
    }
    // An old link to the Annex (a reload, a bookmark) says it cannot be loaded and offers the Main hall.
    const ada = pages[0]!;
    await ada.goto(`${server!.url}/?venue=foyer&floor=annex`);
    const way = ada.locator("#main-floor-link");
    await way.waitFor({ state: "visible", timeout: 15_000 });
    expect(await ada.locator("#loading-label").textContent()).toContain('Floor "annex" could not be loaded (404).');
    expect(await way.textContent()).toBe("Go to Main hall");
    await screenshot(ada, "floor-removed-old-link");
    if (process.env.FOYER_SHOTS) await ada.screenshot({ path: path.join(process.env.FOYER_SHOTS, "floor-removed-old-link.png") });
    // The same in German on Ben's phone.
    const ben = pages[1]!;
    await ben.goto(`${server!.url}/?venue=foyer&floor=annex`);
    await ben.locator("#main-floor-link", { hasText: "Zur Etage „Main hall“" }).waitFor({ state: "visible", timeout: 15_000 });
    await screenshot(ben, "floor-removed-old-link-de");
    if (process.env.FOYER_SHOTS) await ben.screenshot({ path: path.join(process.env.FOYER_SHOTS, "floor-removed-old-link-de.png") });
    await way.click();
    await ada.waitForURL(/floor=main/);
    // Back in the Main hall (she left it seconds ago, so the page resumes her spot) or at its join form.
    await ada.waitForFunction(() => window.foyer?.room?.state.floor === "main" || document.querySelector("#join:not(.hidden) #join-name") !== null, undefined, { timeout: 30_000 });
    expect(await ada.locator("#floor-name").textContent()).toBe("Main hall");
    for (const page of pages) await page.context().close();
    await editor.close();
  }, 120_000);
});
