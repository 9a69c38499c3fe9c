/**
 * Portals between floors, in real Chromium on the real server (the built-in venue: a main
 * hall and a roof terrace joined by stairs). A traveller on the main floor walks (walkTo)
 * onto "Stairs to the terrace"; their page lands on the terrace (URL and room), standing
 * in "Top of the stairs". A watcher on the main floor (a colyseus.js client that can see
 * the whole hall) no longer has them among its avatars or people; a watcher on the
 * terrace (a real page) sees them arrive. Walking back down the terrace's stairs lands
 * them in "Bottom of the stairs" on the main floor, where the main watcher sees them again.
 *
 * Screenshots go to test-results/e2e/portal-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import { Client, type Room } from "colyseus.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { zonesOfKind, type Floor, type TileRect } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { isCanvasBlank, joinAs, launchBrowser, openPage, screenshot, type OpenPage, buildClient, RENDERER_ARGS } from "../support/browser.ts";
import { ROOT, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { avatarsOf, follow } from "../support/avatars.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

const load = (file: string): Floor => parseFloor(JSON.parse(fs.readFileSync(path.join(ROOT, "assets/maps", file), "utf8")));
const MAIN = load("default-venue.tmj");
const TERRACE = load("terrace.tmj");

function zone(floor: Floor, kind: "spawn" | "portal", name: string): TileRect {
  const z = zonesOfKind(floor, kind).find((z) => z.name === name);
  if (!z) throw new Error(`no ${kind} "${name}"`);
  return z.rect;
}
const STAIRS_UP = zone(MAIN, "portal", "Stairs to the terrace");
const STAIRS_DOWN = zone(TERRACE, "portal", "Stairs to the main floor");
const TOP_OF_STAIRS = zone(TERRACE, "spawn", "Top of the stairs");
const BOTTOM_OF_STAIRS = zone(MAIN, "spawn", "Bottom of the stairs");

const TRAVELLER = "Tom Traveller";

let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  buildClient();
  const args = RENDERER_ARGS;
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser(args)]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

type Live = Required<FoyerWindow>;

type Where = { floor: string; id: string; x: number; y: number; url: string };

/** Wait until `page` has joined `floor` and its own avatar stands there; where it is. */
async function arrivedOn(page: Page, floor: string, timeoutMs = 20_000): Promise<Where> {
  await page.waitForFunction(
    (floor) => {
      const f = window.foyer;
      const me = f?.venue?.debugSnapshot().me;
      return f?.room?.state.floor === floor && !!me && !!f.avatars?.get(f.room.sessionId);
    },
    floor,
    { polling: 50, timeout: timeoutMs },
  );
  return page.evaluate(() => {
    const f = window.foyer as Live;
    const a = f.avatars.get(f.room.sessionId)!;
    return { floor: f.room.state.floor, id: f.room.sessionId, x: a.x, y: a.y, url: location.href };
  });
}

function inside(p: { x: number; y: number }, r: TileRect): boolean {
  const tx = Math.floor(p.x / TILE_SIZE);
  const ty = Math.floor(p.y / TILE_SIZE);
  return tx >= r.x && ty >= r.y && tx < r.x + r.width && ty < r.y + r.height;
}

/** The session id of the person called `name` as `page`'s room knows them, if any. */
async function idOf(page: Page, name: string): Promise<string | null> {
  return page.evaluate((name) => {
    let found: string | null = null;
    (window.foyer as Live).room.state.people.forEach((p, id) => {
      if (p.name === name) found = id;
    });
    return found;
  }, name);
}

function nameOnRoom(room: Room<FloorStateView>, name: string): string | null {
  let found: string | null = null;
  room.state.people?.forEach((p, id) => {
    if (p.name === name) found = id;
  });
  return found;
}

/** Ask the page's room to walk to the middle of `portal`; resolve with the time it was sent. */
async function walkInto(page: Page, portal: TileRect): Promise<number> {
  const t = { tx: portal.x + Math.floor(portal.width / 2), ty: portal.y };
  const sent = Date.now();
  await page.evaluate((t) => (window.foyer as Live).room.send("walkTo", t), t);
  return sent;
}

describe("taking the stairs", () => {
  let traveller: OpenPage;
  let terraceWatcher: OpenPage;
  let mainWatcher: Room<FloorStateView>;

  afterAll(async () => {
    if (mainWatcher?.connection.isOpen) await mainWatcher.leave().catch(() => {});
    for (const p of [traveller, terraceWatcher]) await p?.context.close().catch(() => {});
  });

  it("up to the terrace and back down, seen leaving and arriving", async () => {
    // The main-floor watcher sees the whole hall (the largest viewport the server allows).
    mainWatcher = await new Client(server!.wsUrl).joinOrCreate<FloorStateView>("floor", {
      venue: "foyer",
      floor: "main",
      name: "Wanda Watcher",
      avatar: "amber",
      viewport: { width: 64, height: 44 },
    });
    follow(mainWatcher);
    await waitFor(() => avatarsOf(mainWatcher).get(mainWatcher.sessionId), "the main watcher's own avatar");

    // The terrace watcher: a real page on the terrace.
    [traveller, terraceWatcher] = await Promise.all([openPage(browser!, "traveller"), openPage(browser!, "terrace")]);
    await terraceWatcher.page.goto(`${server!.url}/?venue=foyer&floor=terrace`);
    await joinAs(terraceWatcher.page, "Tess Terrace", "violet");
    expect((await arrivedOn(terraceWatcher.page, "terrace")).floor).toBe("terrace");

    // The traveller joins the main floor; the main watcher sees them.
    await traveller.page.goto(`${server!.url}/?venue=foyer&floor=main`);
    await joinAs(traveller.page, TRAVELLER, "teal");
    const start = await arrivedOn(traveller.page, "main");
    await waitFor(() => avatarsOf(mainWatcher).get(start.id), "the main watcher seeing the traveller");
    expect(nameOnRoom(mainWatcher, TRAVELLER)).toBe(start.id);
    expect(await idOf(terraceWatcher.page, TRAVELLER)).toBeNull();

    // Up the stairs.
    const upSent = await walkInto(traveller.page, STAIRS_UP);
    await traveller.page.waitForURL(/[?&]floor=terrace(&|$)/, { timeout: 15_000, waitUntil: "commit" });
    const upNav = Date.now();
    const up = await arrivedOn(traveller.page, "terrace");
    const upTiming = `${upNav - upSent} ms walking to the portal + ${Date.now() - upNav} ms switching floors`;
    const url = new URL(up.url);
    expect(url.searchParams.get("venue")).toBe("foyer");
    expect(url.searchParams.get("floor")).toBe("terrace");
    expect(url.searchParams.get("spawn")).toBe("Top of the stairs");
    expect(inside(up, TOP_OF_STAIRS), `arrived at ${up.x},${up.y}, not in Top of the stairs`).toBe(true);
    // Joined at once, without the join form.
    expect(await traveller.page.locator("#join").isHidden()).toBe(true);

    // The main floor lets them go; the terrace sees them.
    await waitFor(() => !avatarsOf(mainWatcher).get(start.id) && nameOnRoom(mainWatcher, TRAVELLER) === null, "the traveller gone from main", 5000);
    await terraceWatcher.page.waitForFunction(
      (name) => {
        const f = window.foyer as Live;
        let id: string | null = null;
        f.room.state.people.forEach((p, k) => {
          if (p.name === name) id = k;
        });
        return id !== null && !!f.avatars.get(id) && !!f.venue.debugSnapshot().others[id];
      },
      TRAVELLER,
      { polling: 50, timeout: 5000 },
    );
    expect(await idOf(terraceWatcher.page, TRAVELLER)).toBe(up.id);
    const onTerrace = await terraceWatcher.page.evaluate((id) => (window.foyer as Live).avatars.get(id)!, up.id);
    expect(inside(onTerrace, TOP_OF_STAIRS)).toBe(true);
    console.log(`[portal] up: walkTo sent → standing on the terrace at ${Math.floor(up.x / TILE_SIZE)},${Math.floor(up.y / TILE_SIZE)}: ${upTiming}`);
    const shotUp = await screenshot(traveller.page, "portal-1-traveller-on-terrace");
    expect(isCanvasBlank(shotUp)).toBe(false);
    await screenshot(terraceWatcher.page, "portal-2-terrace-watcher");

    // Back down.
    const downSent = await walkInto(traveller.page, STAIRS_DOWN);
    await traveller.page.waitForURL(/[?&]floor=main(&|$)/, { timeout: 15_000, waitUntil: "commit" });
    const downNav = Date.now();
    const down = await arrivedOn(traveller.page, "main");
    const downTiming = `${downNav - downSent} ms walking to the portal + ${Date.now() - downNav} ms switching floors`;
    expect(new URL(down.url).searchParams.get("spawn")).toBe("Bottom of the stairs");
    expect(inside(down, BOTTOM_OF_STAIRS), `arrived at ${down.x},${down.y}, not in Bottom of the stairs`).toBe(true);
    console.log(`[portal] down: walkTo sent → standing on main at ${Math.floor(down.x / TILE_SIZE)},${Math.floor(down.y / TILE_SIZE)}: ${downTiming}`);

    // The main watcher sees them back (a new session), the terrace has let them go.
    const back = await waitFor(() => {
      const id = nameOnRoom(mainWatcher, TRAVELLER);
      return id && avatarsOf(mainWatcher).get(id) ? id : null;
    }, "the main watcher seeing the traveller back", 5000);
    expect(back).toBe(down.id);
    expect(inside(avatarsOf(mainWatcher).get(back)!, BOTTOM_OF_STAIRS)).toBe(true);
    await terraceWatcher.page.waitForFunction(
      (id) => {
        const f = window.foyer as Live;
        return !f.avatars.get(id) && !f.venue.debugSnapshot().others[id];
      },
      up.id,
      { polling: 50, timeout: 5000 },
    );
    expect(await idOf(terraceWatcher.page, TRAVELLER)).toBeNull();
    // Back on main the traveller is not bounced up the stairs again (they arrived below them).
    await traveller.page.waitForTimeout(500);
    expect(new URL(traveller.page.url()).searchParams.get("floor")).toBe("main");
    const shotDown = await screenshot(traveller.page, "portal-3-traveller-back-on-main");
    expect(isCanvasBlank(shotDown)).toBe(false);

    if (traveller.problems.consoleErrors.length || terraceWatcher.problems.consoleErrors.length) {
      console.warn(`[portal] console errors:\n${[...traveller.problems.consoleErrors, ...terraceWatcher.problems.consoleErrors].join("\n")}`);
    }
    expect([...traveller.problems.pageErrors, ...terraceWatcher.problems.pageErrors]).toEqual([]);
  });
});
