/**
 * Finding your way, in real Chromium on the real server (issue #15):
 *   - the minimap: on a laptop it is shown, M and the Map button hide and show it, it
 *     draws you and the people around, a click on it walks you there, and it covers none
 *     of the venue's controls; on a phone it starts hidden and, shown, covers nothing either;
 *   - the signpost's words: shown (and said by a live region) next to it, gone when you
 *     walk on, shown again by a click on it from afar, in the Places list too;
 *   - "Ben joined your coffee corner" in the live region when someone steps into yours;
 *   - touch: the joystick walks the avatar, two fingers pinch the map in and out (and walk
 *     nobody); a 1920×1080 screen shows more of the venue than 1280×720.
 * Screenshots (English and German, 1280×720 and 390×844) go to test-results/e2e/wayfinding-*.png.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { placeTarget } from "../../shared/map/places.ts";
import { joinAs, screenshot, serverAndBrowser, watchPage, type PageProblems } from "../support/browser.ts";
import { defaultVenueFloor } from "../support/maps.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

const suite = serverAndBrowser({ FOYER_MEDIA: "off" });
const FLOOR = defaultVenueFloor();
const CAFE = FLOOR.zones.find((z) => z.name === "Café corner")!;
type Live = Required<FoyerWindow>;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 720 };

async function open(browser: Browser, name: string, opts: { size?: { width: number; height: number }; touch?: boolean; german?: boolean } = {}): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: opts.size ?? LAPTOP,
    ...(opts.touch ? { hasTouch: true, isMobile: (opts.size ?? LAPTOP).width < 600 } : {}),
    ...(opts.german ? { locale: "de-DE" } : { locale: "en-GB" }),
  });
  const page = await context.newPage();
  watchPage(page, problems, name);
  await page.goto(`${suite.server.url}/?venue=foyer&floor=main`);
  await joinAs(page, name, "teal");
  await page.waitForSelector("#mediabar:not(.hidden)");
  await page.waitForSelector("#reactbar");
  return page;
}

/** Walk to a tile the way the Places list does, and wait until the server has you standing there. */
async function walkTo(page: Page, tx: number, ty: number): Promise<void> {
  expect(await page.evaluate(({ tx, ty }) => (window.foyer as Live).venue.walkToTile(tx, ty), { tx, ty })).not.toBe("unreachable");
  await page.waitForFunction(
    ({ x, y }) => {
      const f = window.foyer as Live;
      const s = f.avatars.get(f.room.sessionId);
      return !!s && !s.moving && s.x === x && s.y === y;
    },
    { x: tx * TILE_SIZE + TILE_SIZE / 2, y: ty * TILE_SIZE + TILE_SIZE / 2 },
    { timeout: 20_000 },
  );
}

function myTile(page: Page): Promise<{ tx: number; ty: number; x: number; y: number }> {
  return page.evaluate(() => {
    const me = (window.foyer as Live).venue.myPosition()!;
    return { tx: Math.floor(me.x / 32), ty: Math.floor(me.y / 32), x: me.x, y: me.y };
  });
}

const CONTROLS = ["hud", "people", "met", "reactbar", "chat", "mediabar", "places"];

/**
 * What Foyer's own controls and `mine` (the minimap, a sign's card, the joystick) do to each
 * other: each of `mine` that sticks out of the screen, and each pair with one of `mine`
 * whose boxes overlap. (How the older controls share the screen is tests/e2e/phone.test.ts's.)
 */
async function overlaps(page: Page, mine: string[]): Promise<string[]> {
  return page.evaluate(
    ({ controls, mine }) => {
      const boxes = [...controls.filter((id) => !mine.includes(id)), ...mine]
        .map((id) => ({ id, el: document.getElementById(id) }))
        .filter((b): b is { id: string; el: HTMLElement } => !!b.el && b.el.getClientRects().length > 0)
        .map((b) => ({ id: b.id, r: b.el.getBoundingClientRect(), mine: mine.includes(b.id) }));
      const out: string[] = [];
      for (const b of boxes) if (b.mine && (b.r.left < 0 || b.r.top < 0 || b.r.right > innerWidth || b.r.bottom > innerHeight)) out.push(`${b.id} is off screen`);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          if (!boxes[i]!.mine && !boxes[j]!.mine) continue;
          const a = boxes[i]!.r;
          const b = boxes[j]!.r;
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${boxes[i]!.id} overlaps ${boxes[j]!.id}`);
        }
      return out;
    },
    { controls: CONTROLS, mine },
  );
}


/** Screen point of a world point (pixels) on the floor canvas. */
function screenOf(page: Page, wx: number, wy: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ wx, wy }) => {
      const cam = (window.foyer as Live).game.scene.getScene("venue").cameras.main;
      return { x: (wx - cam.worldView.x) * cam.zoom, y: (wy - cam.worldView.y) * cam.zoom };
    },
    { wx, wy },
  );
}

describe("the minimap", () => {
  it("on a laptop: shown, M and the Map button hide and show it, it counts the people around, a click on it walks you there, and it covers no control", async () => {
    const ada = await open(suite.browser, "Ada Map");
    await ada.waitForSelector("#minimap:not(.hidden) canvas");
    expect(await ada.locator("#minimap-open").textContent()).toBe("Map");
    expect(await ada.locator("#minimap-open").getAttribute("aria-expanded")).toBe("true");
    expect(await ada.locator("#minimap canvas").getAttribute("aria-label")).toMatch(/^Map of this floor: you are the yellow dot, nobody else is in view\./);
    expect(await overlaps(ada, ["minimap"])).toEqual([]);

    await ada.keyboard.press("m");
    await ada.waitForSelector("#minimap", { state: "hidden" });
    expect(await ada.locator("#minimap-open").getAttribute("aria-expanded")).toBe("false");
    await ada.locator("#minimap-open").click();
    await ada.waitForSelector("#minimap:not(.hidden)");
    // An M typed into chat is text, not the map key.
    if (await ada.locator(".chat-input").isHidden()) await ada.locator(".chat-toggle").click();
    await ada.locator(".chat-input").pressSequentially("mm m");
    expect(await ada.locator("#minimap").isVisible()).toBe(true);
    await ada.locator(".chat-input").fill("");
    await ada.locator(".chat-toggle").click();

    const ben = await open(suite.browser, "Ben Map");
    await expect.poll(() => ada.locator("#minimap").getAttribute("data-people"), { timeout: 10_000 }).toBe("1");
    expect(await ada.locator("#minimap canvas").getAttribute("aria-label")).toMatch(/one other person is in view/);
    await screenshot(ada, "wayfinding-minimap-1280-en");

    // A click on the Café corner on the minimap walks Ada there.
    const target = placeTarget(FLOOR, CAFE, { tx: 31, ty: 39 })!;
    const box = (await ada.locator("#minimap canvas").boundingBox())!;
    await ada.mouse.click(box.x + ((target.tx + 0.5) / FLOOR.width) * box.width, box.y + ((target.ty + 0.5) / FLOOR.height) * box.height);
    await expect.poll(async () => (await myTile(ada)).tx, { timeout: 15_000 }).toBeGreaterThanOrEqual(CAFE.rect.x);
    await ben.context().close();
    await ada.context().close();
  });

  it("in German it is the Karte, and at 390×844 it starts hidden and, shown, covers no control and not the joystick", async () => {
    const de = await open(suite.browser, "Dora Karte", { german: true });
    expect(await de.locator("#minimap-open").textContent()).toBe("Karte");
    expect(await de.locator("#minimap canvas").getAttribute("aria-label")).toMatch(/^Karte dieser Etage: Du bist der gelbe Punkt/);
    // The top bar, one button wider, still clears who's here and people you met.
    expect(await overlaps(de, ["hud", "minimap"])).toEqual([]);
    await de.locator("#people-toggle").click(); // folded, who's here is one line …
    expect(await overlaps(de, ["hud", "minimap"])).toEqual([]);
    await de.locator("#people-toggle").click();
    await screenshot(de, "wayfinding-minimap-1280-de");
    await de.context().close();

    for (const german of [false, true]) {
      const phone = await open(suite.browser, german ? "Pia Karte" : "Pia Map", { size: PHONE, touch: true, german });
      expect(await phone.locator("#minimap").isHidden()).toBe(true);
      await phone.locator("#minimap-open").tap();
      await phone.waitForSelector("#minimap:not(.hidden)");
      await phone.waitForTimeout(300);
      expect(await overlaps(phone, ["minimap", "joystick"])).toEqual([]);
      await screenshot(phone, `wayfinding-minimap-390-${german ? "de" : "en"}`);
      await phone.context().close();
    }
    // A touch tablet: the minimap is shown, above the joystick, clear of chat.
    const tablet = await open(suite.browser, "Tom Map", { size: { width: 768, height: 1024 }, touch: true });
    await tablet.waitForSelector("#minimap:not(.hidden)");
    await tablet.waitForTimeout(300);
    expect(await overlaps(tablet, ["minimap", "joystick"])).toEqual([]);
    await screenshot(tablet, "wayfinding-minimap-768-en");
    await tablet.context().close();
  });
});

describe("signs from the map", () => {
  it("the signpost's words show next to it (and are said to screen readers), go when you walk on, come back with a click on it, and are in the Places list", async () => {
    for (const german of [false, true]) {
      const page = await open(suite.browser, german ? "Sina Schild" : "Sam Sign", { german });
      const lang = german ? "de" : "en";
      await walkTo(page, 31, 40);
      expect(await page.locator("#sign-card").isHidden()).toBe(true);
      await walkTo(page, 31, 37); // the entrance row right under the signpost
      await page.waitForSelector("#sign-card:not(.hidden)");
      expect(await page.locator("#sign-card .sign-kicker").textContent()).toBe(german ? "Schild" : "Sign");
      expect(await page.locator("#sign-card h2").textContent()).toBe("Signpost");
      expect(await page.locator("#sign-card .sign-text").textContent()).toMatch(/^Welcome to Foyer! Left: the lounge/);
      expect(await page.locator("#sign-announcer").textContent()).toMatch(/Signpost: Welcome to Foyer!/);
      expect(await page.locator("#sign-announcer").getAttribute("aria-live")).toBe("polite");
      expect(await overlaps(page, ["minimap", "sign-card"])).toEqual([]);
      await screenshot(page, `wayfinding-sign-1280-${lang}`);

      // Walk on: it goes. Click the signpost from afar: it comes back without walking there; Escape closes it.
      await walkTo(page, 33, 40);
      await page.waitForSelector("#sign-card", { state: "hidden" });
      const before = await myTile(page);
      const at = await screenOf(page, 31 * TILE_SIZE + 16, 35 * TILE_SIZE + 16);
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector("#sign-card:not(.hidden)");
      await page.waitForTimeout(500);
      expect(await myTile(page)).toEqual(before);
      await page.keyboard.press("Escape");
      await page.waitForSelector("#sign-card", { state: "hidden" });

      // The list of places reads the sign too.
      await page.locator("#places-open").click();
      const row = page.locator('.place[data-place="Signpost"]');
      await expect.poll(() => row.locator(".place-who").textContent()).toMatch(/^Welcome to Foyer!/);
      expect(await row.locator(".place-about").textContent()).toMatch(german ? /^Schild/ : /^Sign/);
      await page.keyboard.press("Escape");

      await page.context().close();

      // On a touch phone the card sits under the top row, clear of every control, the joystick and the minimap.
      const phone = await open(suite.browser, german ? "Pia Schild" : "Pia Sign", { size: PHONE, touch: true, german });
      await phone.locator("#minimap-open").tap();
      await walkTo(phone, 31, 37);
      await phone.waitForSelector("#sign-card:not(.hidden)");
      await phone.waitForTimeout(300);
      expect(await overlaps(phone, ["minimap", "sign-card", "joystick"])).toEqual([]);
      // Your avatar, in the middle of the screen, stays in sight.
      expect(await phone.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.tagName)).toBe("CANVAS");
      await screenshot(phone, `wayfinding-sign-390-${lang}`);
      await phone.context().close();
    }
  });
});

describe("who joins your spot", () => {
  it("the live region says, once, that Ben joined your coffee corner (in German too), and nothing about who was there first", async () => {
    const ada = await open(suite.browser, "Ada Corner");
    const dora = await open(suite.browser, "Dora Ecke", { german: true });
    // Three free tiles inside the corner: its west, east and south sides.
    const [west, east, south] = [{ tx: 40, ty: 38 }, { tx: 63, ty: 38 }, { tx: 45, ty: 43 }].map((from) => placeTarget(FLOOR, CAFE, from)!);
    await walkTo(ada, west!.tx, west!.ty);
    await walkTo(dora, east!.tx, east!.ty);
    await expect.poll(() => ada.locator("#joins-announcer").textContent(), { timeout: 10_000 }).toBe("Dora Ecke joined your coffee corner, Café corner.");
    // Dora found Ada there: nobody joined her.
    await dora.waitForTimeout(1500);
    expect(await dora.locator("#joins-announcer").textContent()).toBe("");

    const ben = await open(suite.browser, "Ben Corner");
    await walkTo(ben, south!.tx, south!.ty);
    await expect.poll(() => dora.locator("#joins-announcer").textContent(), { timeout: 10_000 }).toBe("Ben Corner ist in deine Kaffee-Ecke gekommen: Café corner.");
    await expect.poll(() => ada.locator("#joins-announcer").textContent(), { timeout: 10_000 }).toBe("Ben Corner joined your coffee corner, Café corner.");
    expect(await ada.locator("#joins-announcer").getAttribute("aria-live")).toBe("polite");
    for (const p of [ada, dora, ben]) await p.context().close();
  });
});

describe("touch and zoom", () => {
  async function touch(cdp: CDPSession, type: "touchStart" | "touchMove" | "touchEnd", points: { x: number; y: number }[]): Promise<void> {
    await cdp.send("Input.dispatchTouchEvent", { type, touchPoints: points.map((p, i) => ({ x: p.x, y: p.y, id: i + 1 })) });
  }

  it("on a phone the joystick walks the avatar and stops it, and two fingers pinch the map in and out without walking", async () => {
    const page = await open(suite.browser, "Tim Touch", { size: PHONE, touch: true });
    const cdp = await page.context().newCDPSession(page);
    await page.waitForSelector("#joystick");
    expect(await overlaps(page, ["joystick"])).toEqual([]);
    await walkTo(page, 31, 40);
    const stick = (await page.locator("#joystick").boundingBox())!;
    const c = { x: stick.x + stick.width / 2, y: stick.y + stick.height / 2 };
    await touch(cdp, "touchStart", [c]);
    await touch(cdp, "touchMove", [{ x: c.x + 2, y: c.y - 20 }]);
    await touch(cdp, "touchMove", [{ x: c.x + 2, y: c.y - 45 }]);
    expect(await page.evaluate(() => (window.foyer as Live).venue.stickIntent)).toEqual({ dx: 0, dy: -1 });
    await screenshot(page, "wayfinding-joystick-390-en");
    await page.waitForTimeout(700);
    await touch(cdp, "touchEnd", []);
    expect(await page.evaluate(() => (window.foyer as Live).venue.stickIntent)).toEqual({ dx: 0, dy: 0 });
    // Walked up (north) and stopped.
    await page.waitForFunction(() => {
      const f = window.foyer as Live;
      return !f.avatars.get(f.room.sessionId)!.moving;
    });
    const after = await myTile(page);
    expect(after.ty).toBeLessThan(40);
    expect(after.tx).toBe(31);

    // Pinch out (fingers apart): closer in; pinch in: further out. Nobody walks.
    const mid = { x: 195, y: 420 };
    for (const x of [mid.x - 120, mid.x, mid.x + 120]) expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x, y: mid.y })).toBe("CANVAS");
    expect(await page.evaluate(() => (window.foyer as Live).venue.zoom)).toBe(1);
    await touch(cdp, "touchStart", [{ x: mid.x - 40, y: mid.y }]);
    await touch(cdp, "touchStart", [{ x: mid.x - 40, y: mid.y }, { x: mid.x + 40, y: mid.y }]);
    for (const d of [60, 80, 100, 120]) await touch(cdp, "touchMove", [{ x: mid.x - d, y: mid.y }, { x: mid.x + d, y: mid.y }]);
    await touch(cdp, "touchEnd", [{ x: mid.x + 120, y: mid.y }]);
    await touch(cdp, "touchEnd", []);
    const zoomedIn = await page.evaluate(() => (window.foyer as Live).venue.zoom);
    expect(zoomedIn).toBeGreaterThan(1.5);
    const cam = await page.evaluate(() => (window.foyer as Live).game.scene.getScene("venue").cameras.main.zoom);
    expect(cam).toBe(zoomedIn);
    await screenshot(page, "wayfinding-pinched-390-en");
    await touch(cdp, "touchStart", [{ x: mid.x - 120, y: mid.y }, { x: mid.x + 120, y: mid.y }]);
    for (const d of [90, 60, 40, 20]) await touch(cdp, "touchMove", [{ x: mid.x - d, y: mid.y }, { x: mid.x + d, y: mid.y }]);
    await touch(cdp, "touchEnd", []);
    expect(await page.evaluate(() => (window.foyer as Live).venue.zoom)).toBeLessThan(1);
    await page.waitForTimeout(500);
    expect(await myTile(page)).toEqual(after);
    // A tap still walks.
    const goal = await screenOf(page, 31 * TILE_SIZE + 16, (after.ty + 2) * TILE_SIZE + 16);
    await page.touchscreen.tap(goal.x, goal.y);
    await expect.poll(async () => (await myTile(page)).ty, { timeout: 10_000 }).toBe(after.ty + 2);
    await page.context().close();
  });

  it("a 1920×1080 screen shows more of the venue than 1280×720, and a phone less", async () => {
    const page = await open(suite.browser, "Wim Wide");
    const tiles = () => page.evaluate(() => (window.foyer as Live).venue.viewportTiles());
    const laptop = await tiles();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(async () => (await tiles()).width).toBeGreaterThan(laptop.width);
    const big = await tiles();
    expect(big.height).toBeGreaterThan(laptop.height);
    expect(big).toEqual({ width: 61, height: 35 });
    await screenshot(page, "wayfinding-1920-en");
    await page.setViewportSize(PHONE);
    await expect.poll(async () => (await tiles()).width).toBeLessThan(laptop.width);
    await page.context().close();
    expect(problems.pageErrors).toEqual([]);
  });
});
