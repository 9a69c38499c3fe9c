/**
 * A Tiled map with tile objects, end to end, in real Chromium on the real server: the host
 * chooses a .tmj and its PNGs in the editor's "Import as new floor" file picker (the
 * collision-objects fixture: a flipped chair from an image collection, a 32×64 bookcase,
 * a lamp from a 32×64 tileset, a counter and a planter on a hidden collision layer).
 *
 *   - the editor opens the new floor, lists its tilesets in the palette and draws the
 *     furniture on its canvas where Tiled puts it (bottom-left origin, the chair flipped);
 *     a zone made a portal offers the venue's floors, then the chosen floor's spawns;
 *   - an attendee who joins the new floor sees the same furniture drawn by Phaser (pixels
 *     of the page), y-sorted with avatars, and the server refuses a walk into the counter.
 *
 * Screenshots go to test-results/e2e/import-*.png.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { FIXTURES } from "../fixtures/tiled/fixtures.ts";
import { joinAs, openPage, serverAndBrowser, screenshot, type OpenPage } from "../support/browser.ts";
import { SETUP_TOKEN } from "../support/server.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

const HOST = { email: "importer@example.com", password: "correct horse battery", name: "Ivo Importer" };
type Rgb = [number, number, number];
const RED: Rgb = [220, 40, 40];
const DARK_RED: Rgb = [90, 10, 10];
const BLUE: Rgb = [40, 70, 220];
const GREEN: Rgb = [40, 200, 80];
const YELLOW: Rgb = [240, 210, 40];

/** A PNG of `width`×`height` whose pixel colour is `colour(x, y)`. */
function png(width: number, height: number, colour: (x: number, y: number) => Rgb): Buffer {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b] = colour(x, y);
      img.data[i] = r;
      img.data[i + 1] = g;
      img.data[i + 2] = b;
      img.data[i + 3] = 255;
    }
  return PNG.sync.write(img);
}

/** The fixture's files as a host has them in a folder: lounge.tmj and the PNGs it names. */
function writeFixture(): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "foyer-import-e2e-"));
  const files: Record<string, Buffer> = {
    "lounge.tmj": Buffer.from(JSON.stringify(FIXTURES["collision-objects"]().map)),
    // Left half red, right half dark: flipped, the dark half is on the left.
    "chair.png": png(32, 32, (x) => (x < 16 ? RED : DARK_RED)),
    "bookcase.png": png(32, 64, () => BLUE),
    // Two 32×64 tiles: the lamp (tile 0) green, tile 1 yellow.
    "tall.png": png(64, 64, (x) => (x < 32 ? GREEN : YELLOW)),
  };
  return Object.entries(files).map(([name, bytes]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  });
}

const near = (got: readonly number[], want: Rgb) => want.every((c, i) => Math.abs(got[i]! - c) <= 24);

/** Colour of map pixel (x, y) on the editor's canvas (one canvas pixel per map pixel). */
async function editorPixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(({ x, y }) => [...(document.getElementById("map") as HTMLCanvasElement).getContext("2d")!.getImageData(x, y, 1, 1).data].slice(0, 3), { x, y });
}

/** Colour of world pixel (x, y) as the attendee's page shows it (read from a screenshot of the game). */
async function worldPixel(page: Page, x: number, y: number): Promise<number[]> {
  const screen = await page.evaluate(
    ({ x, y }) => {
      const cam = window.foyer!.venue!.cameras.main;
      const r = document.querySelector("#game canvas")!.getBoundingClientRect();
      return { x: r.left + (x - cam.worldView.x) * cam.zoom + cam.x, y: r.top + (y - cam.worldView.y) * cam.zoom + cam.y };
    },
    { x, y },
  );
  const shot = PNG.sync.read(await page.screenshot({ clip: { x: Math.round(screen.x), y: Math.round(screen.y), width: 1, height: 1 } }));
  return [...shot.data.subarray(0, 3)];
}

const suite = serverAndBrowser({ FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN, FOYER_MEDIA: "off" });


describe("importing a map with tile objects", () => {
  let host: OpenPage;
  let attendee: OpenPage;

  afterAll(async () => {
    for (const p of [host, attendee]) await p?.context.close().catch(() => {});
  });

  it("the editor's file picker makes it a new floor and draws its furniture on the canvas", async () => {
    host = await openPage(suite.browser, "host");
    host.page.on("dialog", (d) => void d.dismiss().catch(() => {}));
    await host.page.goto(`${suite.server.url}/editor?venue=foyer&floor=main&setup=${SETUP_TOKEN}`);
    await host.page.waitForSelector("#login:not(.hidden) #login-email", { state: "visible", timeout: 15_000 });
    await host.page.locator("#login-email").fill(HOST.email);
    await host.page.locator("#login-password").fill(HOST.password);
    await host.page.locator("#login-name").fill(HOST.name);
    await host.page.locator("#signup-button").click();
    await host.page.waitForFunction(() => window.editor?.state.floor === "main", undefined, { timeout: 20_000 });

    await host.page.locator("#import-new-floor").setInputFiles(writeFixture());
    await host.page.waitForFunction(() => window.editor?.state.floor === "lounge" && window.editor.state.tilesets.length === 3, undefined, { timeout: 20_000 });
    expect(await host.page.locator("#floor-select").inputValue()).toBe("lounge");
    expect(await host.page.locator("#status").textContent()).toBe("Live version 1");
    expect(await host.page.locator("#palette-tileset option").allTextContents()).toEqual(["test", "furniture (objects)", "tall"]);
    expect(await host.page.locator("#problems li.refused").count()).toBe(0);
    // The export offers every image the map needs next to the .tmj, furniture included.
    await expect.poll(() => host.page.locator("#export-images a").allTextContents()).toEqual(["+ venue.png", "+ chair.png", "+ bookcase.png", "+ tall.png"]);

    // The chair (flipped) at x 64…96, y 128…160: its dark half now on the left.
    await expect.poll(() => editorPixel(host.page, 70, 144)).toSatisfy((c: number[]) => near(c, DARK_RED));
    expect(near(await editorPixel(host.page, 90, 144), RED)).toBe(true);
    // The lamp, 32×64 from the tall tileset, standing on y 224; the bookcase beside the counter.
    expect(near(await editorPixel(host.page, 110, 170), GREEN)).toBe(true);
    expect(near(await editorPixel(host.page, 270, 170), BLUE)).toBe(true);
    await host.page.locator("#palette-tileset").selectOption({ label: "tall" });
    await screenshot(host.page, "import-1-editor");

    // Made a portal, the table offers the venue's floors as targets and, once one is picked, its spawns.
    await host.page.evaluate(() => {
      const e = window.editor!;
      e.state.selectedZone = 2; // "Table 1"
      e.changed();
    });
    await host.page.locator("#zone-kind").selectOption("portal");
    const floors = await host.page.locator("#zf-target option").allTextContents();
    expect(floors).toEqual(expect.arrayContaining([expect.stringMatching(/\(main\)$/), expect.stringMatching(/\(terrace\)$/), expect.stringMatching(/\(lounge\)$/)]));
    await host.page.locator("#zf-target").selectOption("terrace");
    await expect.poll(() => host.page.locator("#zf-targetSpawn option").allTextContents()).toContain("Top of the stairs");
  }, 90_000);

  it("an attendee on the new floor sees the furniture, depth-sorted with avatars, and is stopped by the counter", async () => {
    attendee = await openPage(suite.browser, "attendee");
    await attendee.page.goto(`${suite.server.url}/?venue=foyer&floor=lounge`);
    await joinAs(attendee.page, "Lia Lounger", "teal");
    // (Phaser orders equal depths as it likes: by position here.)
    const drawn = (await attendee.page.evaluate(() => window.foyer!.venue!.debugTileObjects())).sort((a, b) => a.depth - b.depth || a.x - b.x);
    expect(drawn.map(({ x, y, width, height, flipX }) => ({ x, y, width, height, flipX }))).toEqual([
      { x: 64, y: 160, width: 32, height: 32, flipX: true },
      { x: 96, y: 224, width: 32, height: 64, flipX: false },
      { x: 256, y: 224, width: 32, height: 64, flipX: false },
    ]);
    // Furniture and avatars share one depth order: by the bottom edge (avatars: 1000 + feet y).
    expect(drawn.map((d) => d.depth)).toEqual([1160, 1224, 1224]);

    await expect.poll(() => worldPixel(attendee.page, 70, 144), { timeout: 10_000 }).toSatisfy((c: number[]) => near(c, DARK_RED));
    expect(near(await worldPixel(attendee.page, 90, 144), RED)).toBe(true);
    expect(near(await worldPixel(attendee.page, 110, 170), GREEN)).toBe(true);
    expect(near(await worldPixel(attendee.page, 270, 170), BLUE)).toBe(true);
    await screenshot(attendee.page, "import-2-attendee");

    // The counter (hidden collision layer, tiles 7–8 of row 5): a walk there is refused.
    const answer = await attendee.page.evaluate(
      (t) =>
        new Promise<string | null>((resolve) => {
          const room = (window.foyer as Required<FoyerWindow>).room;
          const off = room.onMessage("error", (e: { code?: string }) => {
            off();
            resolve(e.code ?? null);
          });
          setTimeout(() => resolve(null), 5000);
          room.send("walkTo", t);
        }),
      { tx: 224 / TILE_SIZE, ty: 160 / TILE_SIZE },
    );
    expect(answer).toBe("unreachable");
    expect(attendee.problems.pageErrors).toEqual([]);
  }, 90_000);
});
