/**
 * A busy floor, in real Chromium. People standing together in a coffee corner: a page
 * joins the default venue and walks into the Lounge corner; three other people
 * (colyseus.js clients) stand on the tiles right next to it; the page must show all four
 * names, no two labels covering each other, and say you are in a private spot. Then more people arrive: the who's-here list
 * offers a search that finds someone by part of their name, and folds away so it does not
 * cover the floor, staying folded after a reload; clicking a name opens that person's card,
 * whose "Walk over" walks you to them. Screenshots are kept.
 */
import type { Browser, Page } from "playwright-core";
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { rectContainsTile, type Floor } from "../../shared/map/model.ts";
import { fits, tileCenter } from "../../shared/movement/step.ts";
import { buildClient, joinAs, launchBrowser, screenshot } from "../support/browser.ts";
import { avatarsOf, follow } from "../support/avatars.ts";
import { MediaBot } from "../support/mediaBot.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { defaultVenueFloor } from "../support/maps.ts";

const FLOOR: Floor = defaultVenueFloor();
const CORNER = FLOOR.zones.find((z) => z.name === "Lounge corner")!;

/** Four free tiles in the corner, side by side and one row behind (the tightest huddle). */
function huddle(): { tx: number; ty: number }[] {
  const r = CORNER.rect;
  const free = (tx: number, ty: number) => rectContainsTile(r, tx, ty) && fits(FLOOR, tileCenter(tx, ty).x, tileCenter(tx, ty).y);
  for (let ty = r.y + 1; ty < r.y + r.height; ty++)
    for (let tx = r.x; tx < r.x + r.width - 1; tx++) {
      const tiles = [
        { tx, ty },
        { tx: tx + 1, ty },
        { tx, ty: ty - 1 },
        { tx: tx + 1, ty: ty - 1 },
      ];
      if (tiles.every((t) => free(t.tx, t.ty))) return tiles;
    }
  throw new Error("no 2×2 free block in the Lounge corner");
}

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
const bots: MediaBot[] = [];
const crowd: Room[] = [];

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
});

afterAll(async () => {
  for (const b of bots) await b.close().catch(() => {});
  for (const r of crowd) await r.leave().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
});

describe("names of people standing together", () => {
  it("four people in a coffee corner: all four names readable, none covering another", async () => {
    expect(CORNER?.kind).toBe("coffee-corner");
    const [mine, ...theirs] = huddle();
    await page.goto(server!.url);
    await joinAs(page, "Pia Page", "rose");
    await page.evaluate((t) => window.foyer!.room!.send("walkTo", t), mine!);
    const names = ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"];
    for (const [i, t] of theirs.entries()) {
      const bot = await MediaBot.join(server!.wsUrl, names[i]!);
      bots.push(bot);
      await bot.walkTo(t.tx, t.ty, 30_000);
    }
    const goal = tileCenter(mine!.tx, mine!.ty);
    await page.waitForFunction(
      ({ x, y, ids }) => {
        const f = window.foyer!;
        const me = f.venue!.debugSnapshot().me;
        const others = f.venue!.debugSnapshot().others;
        // Everyone drawn where they stand (interpolation settled), own avatar arrived.
        return !!me && Math.abs(me.x - x) <= 1 && Math.abs(me.y - y) <= 1 && ids.every((id) => others[id] && !f.avatars!.get(id)?.moving);
      },
      { ...goal, ids: bots.map((b) => b.id) },
      { polling: 50, timeout: 30_000 },
    );
    // Labels ease into place; give them a moment.
    await page.waitForTimeout(600);
    const labels = await page.evaluate(() =>
      window.foyer!.venue!.debugLabels(),
    );
    await screenshot(page, "crowd-0-coffee-corner");
    // The page says where you are and that it is private (the corner's outline is lit too).
    expect(await page.locator("#spot").textContent()).toBe("In Lounge corner · only people here hear you");
    expect(await page.locator("#spot").isVisible()).toBe(true);
    expect(labels.map((l) => l.text).sort()).toEqual(["Ada Lovelace", "Grace Hopper", "Katherine Johnson", "Pia Page"]);
    for (let a = 0; a < labels.length; a++)
      for (let b = a + 1; b < labels.length; b++) {
        const p = labels[a]!;
        const q = labels[b]!;
        const apart = p.left + p.width <= q.left || q.left + q.width <= p.left || p.top + p.height <= q.top || q.top + q.height <= p.top;
        expect(apart, `"${p.text}" and "${q.text}" overlap: ${JSON.stringify([p, q])}`).toBe(true);
      }
    // …and none was pushed far from its person (at most three label rows up).
    const me = await page.evaluate(() => window.foyer!.venue!.debugSnapshot().me!);
    for (const l of labels) expect(me.y - l.top).toBeLessThan(TILE_SIZE * 2 + 3 * 20 + 40);
  });

  it("with a dozen people, the list finds someone by part of their name and folds away", async () => {
    const names = ["Hedy Lamarr", "Alan Turing", "Radia Perlman", "Barbara Liskov", "Tim Berners-Lee", "Frances Allen", "Edsger Dijkstra", "Margaret Hamilton"];
    for (const name of names) crowd.push(follow(await new Client(server!.wsUrl).joinOrCreate("floor", { name, avatar: "forest" })));
    const items = page.locator("#people-list li");
    await expect.poll(() => items.count(), { timeout: 5000 }).toBe(12);
    const filter = page.locator("#people-filter");
    expect(await filter.isVisible()).toBe(true);
    await filter.click();
    await filter.pressSequentially("gra");
    await expect.poll(() => page.locator("#people-list li .name").allTextContents(), { timeout: 3000 }).toEqual(["Grace Hopper"]);
    // Typing in the search box does not walk (A, S, D are walking keys).
    const before = await page.evaluate(() => window.foyer!.venue!.debugSnapshot().me!);
    await filter.fill("");
    await filter.pressSequentially("dasd");
    await page.waitForTimeout(400);
    const after = await page.evaluate(() => window.foyer!.venue!.debugSnapshot().me!);
    expect(after).toEqual(before);
    expect(await page.locator("#people-none").isVisible()).toBe(true); // nobody called "dasd"
    await filter.fill("LIS");
    await expect.poll(() => page.locator("#people-list li .name").allTextContents(), { timeout: 3000 }).toEqual(["Barbara Liskov"]);
    await screenshot(page, "crowd-1-who-search");

    await page.locator("#people-toggle").click();
    expect(await page.locator("#people-list").isVisible()).toBe(false);
    expect(await page.locator("#people-toggle").getAttribute("aria-expanded")).toBe("false");
    expect(await page.locator("#people-count").textContent()).toBe("(12)");
    await screenshot(page, "crowd-2-who-folded");
    await page.reload();
    await page.waitForFunction(() => !!window.foyer?.venue?.debugSnapshot().me, undefined, { timeout: 20_000 });
    expect(await page.locator("#people-toggle").getAttribute("aria-expanded")).toBe("false");
    expect(await page.locator("#people-list").isVisible()).toBe(false);
  });

  it("clicking a name in the list opens their card, and 'Walk over' walks you to that person", async () => {
    // The list is folded from the previous test (and after the reload): unfold it.
    await page.locator("#people-toggle").click();
    const hedy = crowd[0]!;
    const where = avatarsOf(hedy).get(hedy.sessionId)!;
    await page.locator("#people-filter").fill("");
    await page.locator("#people-list button.name", { hasText: "Hedy Lamarr" }).click();
    await page.locator("#profile-card").getByRole("button", { name: "Walk over" }).click();
    await expect.poll(() => page.locator("#toasts").textContent(), { timeout: 3000 }).toContain("Walking over to Hedy Lamarr");
    await page.waitForFunction(
      ({ x, y }) => {
        const f = window.foyer!;
        const me = f.avatars!.get(f.room!.sessionId);
        return !!me && !me.moving && Math.max(Math.abs(me.x - x), Math.abs(me.y - y)) <= 32 + 1 && Math.hypot(me.x - x, me.y - y) > 0;
      },
      { x: where.x, y: where.y },
      { polling: 50, timeout: 30_000 },
    );
    await screenshot(page, "crowd-3-walked-over");
  });
});
