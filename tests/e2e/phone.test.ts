/**
 * A phone (390×844, touch) and a tablet (768×1024) in real Chromium on the real server:
 * after joining, every media button is on screen and is what a tap at its centre hits,
 * the venue's controls (top bar, who's here, people you met, reactions, chat, media bar)
 * do not cover each other, and on the phone a tap on the floor walks the avatar there.
 * Screenshots: test-results/e2e/phone-*.png.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { isBlocked } from "../../shared/map/model.ts";
import { buildClient, joinAs, launchBrowser, RENDERER_ARGS, screenshot, watchPage, type PageProblems } from "../support/browser.ts";
import { defaultVenueFloor } from "../support/maps.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

const FLOOR = defaultVenueFloor();
type Live = Required<FoyerWindow>;

let server: RunningServer | undefined;
let browser: Browser | undefined;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser(RENDERER_ARGS)]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

async function openDevice(size: { width: number; height: number }, label: string, locale = "en-US"): Promise<Page> {
  const context = await browser!.newContext({ viewport: size, hasTouch: true, isMobile: size.width < 600, locale });
  const page = await context.newPage();
  watchPage(page, problems, label);
  await page.goto(`${server!.url}/?venue=foyer&floor=main`);
  await joinAs(page, label, "coral");
  await page.waitForSelector("#mediabar:not(.hidden)");
  // The bar's status settles (media is off on this server) and the reaction bar is placed.
  await page.waitForSelector("#reactbar");
  await page.waitForTimeout(500);
  return page;
}

/** Each shown media button: inside the viewport, and the element at its centre is the button itself. */
async function mediaButtons(page: Page): Promise<{ id: string; inside: boolean; hit: boolean }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("#mediabar button")]
      .filter((b) => b.offsetParent !== null)
      .map((b) => {
        const r = b.getBoundingClientRect();
        const inside = r.width >= 24 && r.height >= 24 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { id: b.id, inside, hit: !!at && b.contains(at) };
      }),
  );
}

/** Pairs of the venue's controls whose boxes overlap (none is the answer). */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = ["hud", "people", "met", "reactbar", "chat", "mediabar"];
    const boxes = ids
      .map((id) => ({ id, el: document.getElementById(id) }))
      .filter((b): b is { id: string; el: HTMLElement } => !!b.el && b.el.offsetParent !== null)
      .map((b) => ({ id: b.id, r: b.el.getBoundingClientRect() }));
    const out: string[] = [];
    for (const b of boxes) {
      const r = b.r;
      if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) out.push(`${b.id} is off screen`);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${boxes[i]!.id} overlaps ${boxes[j]!.id}`);
      }
    return out;
  });
}

describe("phones and tablets", () => {
  it("on a 390×844 phone the media buttons are on screen and tappable, nothing overlaps, and a tap walks the avatar", async () => {
    const page = await openDevice({ width: 390, height: 844 }, "Pia Phone");
    await screenshot(page, "phone-390");
    const buttons = await mediaButtons(page);
    expect(buttons.map((b) => b.id)).toEqual(expect.arrayContaining(["mic-button", "cam-button", "devices-button"]));
    expect(buttons.filter((b) => !b.inside || !b.hit)).toEqual([]);
    expect(await overlaps(page)).toEqual([]);

    // A tap on a free tile a few steps from the avatar walks it there.
    const from = await page.evaluate(() => (window.foyer as Live).venue.debugSnapshot().me!);
    const here = { tx: Math.floor(from.x / TILE_SIZE), ty: Math.floor(from.y / TILE_SIZE) };
    const goal = [
      { dx: 0, dy: -3 },
      { dx: 2, dy: -2 },
      { dx: -2, dy: -2 },
      { dx: 3, dy: 0 },
      { dx: -3, dy: 0 },
    ]
      .map((d) => ({ tx: here.tx + d.dx, ty: here.ty + d.dy }))
      .find((t) => !isBlocked(FLOOR, t.tx, t.ty))!;
    expect(goal).toBeDefined();
    const tap = await page.evaluate(
      ({ wx, wy }) => {
        const cam = (window.foyer as Live).game.scene.getScene("venue").cameras.main;
        return { x: (wx - cam.worldView.x) * cam.zoom, y: (wy - cam.worldView.y) * cam.zoom };
      },
      { wx: goal.tx * TILE_SIZE + TILE_SIZE / 2, wy: goal.ty * TILE_SIZE + TILE_SIZE / 2 },
    );
    // The floor is what the tap lands on (no panel over it).
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, tap)).toBe("CANVAS");
    await page.touchscreen.tap(tap.x, tap.y);
    await page.waitForFunction(
      ({ x, y }) => {
        const f = window.foyer as Live;
        const s = f.avatars.get(f.room.sessionId)!;
        return !s.moving && s.x === x && s.y === y;
      },
      { x: goal.tx * TILE_SIZE + TILE_SIZE / 2, y: goal.ty * TILE_SIZE + TILE_SIZE / 2 },
      { timeout: 20_000 },
    );

    // Chat opens as a sheet above the bars and does not cover the media buttons.
    await page.locator(".chat-toggle").tap();
    await page.waitForSelector("#chat:not(.collapsed)");
    await screenshot(page, "phone-390-chat");
    expect((await mediaButtons(page)).filter((b) => !b.inside || !b.hit)).toEqual([]);
    await page.context().close();
  });

  it("in German (longer words) on a 390×844 phone nothing overlaps either", async () => {
    const page = await openDevice({ width: 390, height: 844 }, "Paula Telefon", "de-DE");
    await screenshot(page, "phone-390-de");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("de");
    expect((await mediaButtons(page)).filter((b) => !b.inside || !b.hit)).toEqual([]);
    expect(await overlaps(page)).toEqual([]);
    await page.context().close();
  });

  it("on a 768×1024 tablet the media buttons are on screen and nothing overlaps", async () => {
    const page = await openDevice({ width: 768, height: 1024 }, "Tom Tablet");
    await screenshot(page, "phone-768");
    expect((await mediaButtons(page)).filter((b) => !b.inside || !b.hit)).toEqual([]);
    expect(await overlaps(page)).toEqual([]);
    await page.context().close();
    expect(problems.pageErrors).toEqual([]);
  });
});
