/**
 * Who's here across floors, in real Chromium on the real server (the built-in venue's Main
 * hall and Roof terrace): Ada, on the Main hall, sees Bea under "Roof terrace" in her
 * who's-here list with Bea's status; "Walk me there" takes Ada's page to the terrace and
 * walks her up to Bea, who stands at a table away from the entrance.
 *
 * Screenshots go to test-results/e2e/whos-here-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { zonesOfKind } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { avatarsOf } from "../support/avatars.ts";
import { buildClient, joinAs, launchBrowser, openPage, RENDERER_ARGS, screenshot } from "../support/browser.ts";
import { ROOT, startServer, waitFor, type RunningServer } from "../support/server.ts";
import { venueGuest } from "../support/venue.ts";

const TERRACE = parseFloor(JSON.parse(fs.readFileSync(path.join(ROOT, "assets/maps/terrace.tmj"), "utf8")));
const TABLE = zonesOfKind(TERRACE, "table")[0]!.rect;

let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off" } }), launchBrowser(RENDERER_ARGS)]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

describe("who's here across floors", () => {
  it("shows someone on the other floor with their status, and 'Walk me there' takes you to them", async () => {
    const bea = await venueGuest(server!, "Bea", "terrace");
    // The first tile of the table Bea can walk to from the entrance (chairs and the table itself are furniture).
    const start = await waitFor(() => avatarsOf(bea.room).get(bea.room.sessionId), "Bea standing");
    const from = { tx: Math.floor(start.x / TILE_SIZE), ty: Math.floor(start.y / TILE_SIZE) };
    const paths = new Pathfinder(TERRACE);
    const tiles = Array.from({ length: TABLE.width * TABLE.height }, (_, i) => ({ tx: TABLE.x + (i % TABLE.width), ty: TABLE.y + Math.floor(i / TABLE.width) }));
    const at = tiles.find((t) => (paths.find(from, t)?.length ?? 0) > 3)!;
    bea.room.send("walkTo", at);
    await waitFor(() => {
      const me = avatarsOf(bea.room).get(bea.room.sessionId);
      return me && !me.moving && Math.floor(me.x / TILE_SIZE) === at.tx && Math.floor(me.y / TILE_SIZE) === at.ty;
    }, "Bea at the table", 15_000);
    bea.room.send("status", { status: "busy" });

    const { page, problems } = await openPage(browser!, "ada");
    await page.goto(`${server!.url}/`);
    await joinAs(page, "Ada", "amber");
    const row = page.locator('#people-list li.elsewhere[data-floor="terrace"]', { hasText: "Bea" });
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain("busy");
    expect(await page.locator("#people-list li.floor-head").allTextContents()).toEqual(["Main hall · you are here", "Roof terrace · 1"]);
    await screenshot(page, "whos-here-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "whos-here-390");
    await page.setViewportSize({ width: 1280, height: 720 });

    await row.locator("button.go").click();
    await page.waitForFunction(() => window.foyer?.room?.state.floor === "terrace" && !!window.foyer.avatars?.get(window.foyer.room.sessionId), undefined, {
      polling: 100,
      timeout: 30_000,
    });
    expect(new URL(page.url()).searchParams.get("floor")).toBe("terrace");
    // Walked up to Bea: within a tile and a half of her, standing still.
    await page.waitForFunction(
      ({ bea, tile }) => {
        const f = window.foyer;
        const me = f?.room && f.avatars?.get(f.room.sessionId);
        const her = f?.avatars?.get(bea);
        return !!me && !!her && !me.moving && Math.hypot(me.x - her.x, me.y - her.y) <= tile * 1.5;
      },
      { bea: bea.room.sessionId, tile: TILE_SIZE },
      { polling: 100, timeout: 30_000 },
    );
    await screenshot(page, "whos-here-arrived");
    expect(problems.pageErrors).toEqual([]);
    await bea.room.leave();
  }, 120_000);
});
