/**
 * Keyboard alone, in real Chromium on the real server: the join form's avatar picker is
 * one tab stop moved with the arrow keys, a name with W, A, S and D in it is typed and
 * Enter walks in; Tab reaches the Places list (the map's text version), which names Ben
 * at the Café corner where he stands, and "Go there" walks you into his conversation.
 * Keys typed into chat, arrows in the device list and in the places list never walk the
 * avatar; arrows with nothing focused do. Escape closes the device list and the places
 * list and puts focus back on their buttons.
 */
import type { Browser, Page } from "playwright-core";
import type { Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeTarget } from "../../shared/map/places.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { avatarsOf, joinFloor } from "../support/avatars.ts";
import { buildClient, launchBrowser, openPage, RENDERER_ARGS, screenshot, waitForJoinForm, type OpenPage } from "../support/browser.ts";
import { defaultVenueFloor } from "../support/maps.ts";
import { startServer, waitFor, type RunningServer } from "../support/server.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

const FLOOR = defaultVenueFloor();
const CAFE = FLOOR.zones.find((z) => z.name === "Café corner")!;
/** Ben stands at the far (east) side of the corner, so Ada, coming from the entrance, steps in beside him. */
const BEN_AT = placeTarget(FLOOR, CAFE, { tx: 63, ty: 38 })!;

let server: RunningServer | undefined;
let browser: Browser | undefined;
let ben: Room<FloorStateView> | undefined;
let ada: OpenPage;

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser(RENDERER_ARGS)]);
  ben = await joinFloor(server.wsUrl, { name: "Ben Bot", avatar: "navy", viewport: { width: 40, height: 24 } });
  ben.send("walkTo", BEN_AT);
  await waitFor(() => {
    const me = avatarsOf(ben!).get(ben!.sessionId);
    return me && !me.moving && Math.floor(me.x / 32) === BEN_AT.tx && Math.floor(me.y / 32) === BEN_AT.ty;
  }, "Ben at the Café corner", 15_000);
});

afterAll(async () => {
  await ben?.leave().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
});

type Live = Required<FoyerWindow>;

/** Where the server has Ada (pixels) and whether she is moving. */
async function serverSpot(page: Page): Promise<{ x: number; y: number; moving: boolean }> {
  return page.evaluate(() => {
    const f = window.foyer as Live;
    const s = f.avatars.get(f.room.sessionId)!;
    return { x: s.x, y: s.y, moving: s.moving };
  });
}

/** What has focus: its id, or its aria-label / text. */
function focused(page: Page): Promise<{ id: string; label: string; checked: string | null }> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    return { id: e?.id ?? "", label: e?.getAttribute("aria-label") ?? e?.dataset.avatar ?? e?.textContent ?? "", checked: e?.getAttribute("aria-checked") ?? null };
  });
}

/** Hold a key down for `ms` (as a person walking would), then let go. */
async function hold(page: Page, key: string, ms: number): Promise<void> {
  await page.keyboard.down(key);
  await page.waitForTimeout(ms);
  await page.keyboard.up(key);
}

/** Ada stands still where she was: neither the server nor her page moved her. */
async function expectStill(page: Page, before: { x: number; y: number }): Promise<void> {
  await page.waitForTimeout(300);
  const after = await serverSpot(page);
  expect({ x: after.x, y: after.y, moving: after.moving }).toEqual({ x: before.x, y: before.y, moving: false });
}

describe("keyboard only", () => {
  it("the avatar picker is one tab stop with arrow keys, and a name full of WASD walks nobody", async () => {
    ada = await openPage(browser!, "ada");
    await ada.page.goto(`${server!.url}/?venue=foyer&floor=main`);
    await waitForJoinForm(ada.page);
    const page = ada.page;
    expect((await focused(page)).id).toBe("join-name");
    await page.keyboard.type("Wanda Sawdust");
    await page.keyboard.press("Tab");
    const first = await focused(page);
    expect(first.checked).toBe("true");
    // Only the chosen look is in the tab order.
    expect(await page.locator('#avatar-picker button[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press("ArrowRight");
    const second = await focused(page);
    expect(second.label).not.toBe(first.label);
    expect(second.checked).toBe("true");
    expect(await page.locator('#avatar-picker [aria-checked="true"]').count()).toBe(1);
    await page.keyboard.press("ArrowLeft");
    expect((await focused(page)).label).toBe(first.label);
    await page.keyboard.press("End");
    const last = await focused(page);
    // One Tab leaves the group (to the device check), a few more reach the button; Shift+Tab comes back to the chosen look.
    await page.keyboard.press("Tab");
    expect((await focused(page)).checked).toBeNull();
    let tabs = 1;
    for (; tabs < 6 && (await focused(page)).id !== "join-button"; tabs++) await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("join-button");
    for (let i = 0; i < tabs; i++) await page.keyboard.press("Shift+Tab");
    expect((await focused(page)).label).toBe(last.label);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => !!(window.foyer as Live | undefined)?.venue?.debugSnapshot().me && !!document.getElementById("join")?.classList.contains("hidden"), undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => (window.foyer as Live).room.state.people.get((window.foyer as Live).room.sessionId)?.avatar)).toBe(last.label);
    expect(await page.evaluate(() => (window.foyer as Live).room.state.people.get((window.foyer as Live).room.sessionId)?.name)).toBe("Wanda Sawdust");
  });

  it("Tab reaches the places list, which names Ben at the Café corner; Go there walks Ada into his conversation", async () => {
    const page = ada.page;
    for (let i = 0; i < 30 && (await focused(page)).id !== "places-open"; i++) await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("places-open");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#places:not(.hidden)");
    const cafe = page.locator('#places li[data-place="Café corner"]');
    await expect.poll(() => cafe.locator(".place-who").textContent(), { timeout: 5000 }).toContain("Ben Bot");
    expect(await cafe.locator(".place-about").textContent()).toMatch(/Coffee corner · 5 of 6 free/);
    // Arrow keys move through the list and walk nobody.
    const before = await serverSpot(page);
    for (let i = 0; i < 20 && (await focused(page)).label !== "Go there: Café corner"; i++) await page.keyboard.press("ArrowDown");
    expect((await focused(page)).label).toBe("Go there: Café corner");
    await expectStill(page, before);
    await screenshot(page, "keyboard-places");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (window.foyer as Live).venue.debugSnapshot().spot === "Café corner", undefined, { timeout: 20_000 });
    await expect.poll(() => cafe.locator(".place-about").textContent(), { timeout: 5000 }).toMatch(/You are here/);
    // In the conversation: a nearby message reaches Ben.
    await expect.poll(() => page.evaluate(() => (window.foyer as Live).venue.conversation()), { timeout: 5000 }).toEqual(["Ben Bot"]);
    // Escape closes the list, and focus is back on its button.
    await page.keyboard.press("Escape");
    expect(await page.locator("#places").isHidden()).toBe(true);
    expect((await focused(page)).id).toBe("places-open");
  });

  it("keys typed into chat and arrows in the device list walk nobody; arrows on the floor do; Escape closes the device list", async () => {
    const page = ada.page;
    await page.waitForFunction(() => {
      const f = window.foyer as Live;
      return !f.avatars.get(f.room.sessionId)!.moving;
    });
    const before = await serverSpot(page);
    await page.locator(".chat-input").focus();
    await page.keyboard.type("wasd dsaw");
    await hold(page, "ArrowUp", 400);
    await hold(page, "w", 400);
    await expectStill(page, before);
    // The arrow moved the caret to the start (it went to the field, not the avatar), where the held W landed.
    expect(await page.locator(".chat-input").inputValue()).toBe("wwasd dsaw");

    await page.locator("#devices-button").focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#device-panel:not(.hidden)");
    // Focus moves into the list once the browser has listed the devices (a moment later).
    await expect.poll(async () => (await focused(page)).id, { timeout: 5000 }).toBe("mic-select");
    await hold(page, "ArrowDown", 400);
    await expectStill(page, before);
    await page.keyboard.press("Escape");
    expect(await page.locator("#device-panel").isHidden()).toBe(true);
    expect((await focused(page)).id).toBe("devices-button");

    // With nothing focused the arrow keys are the avatar's.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await hold(page, "ArrowLeft", 500);
    await expect.poll(async () => (await serverSpot(page)).x, { timeout: 5000 }).toBeLessThan(before.x);
    expect(ada.problems.pageErrors).toEqual([]);
  });
});
