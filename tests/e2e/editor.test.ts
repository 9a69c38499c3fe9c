/**
 * The floor editor, end to end, in real Chromium on the real server (started with
 * FOYER_ADMIN_EMAIL, so the host who signs up owns the built-in venue "foyer"):
 *
 *   - a signed-out visitor at /editor sees the sign-in form and nothing behind it works;
 *     an attendee (no session) calling the editing API gets 401;
 *   - an attendee is already on the main floor, standing in the corridor between the
 *     lower hall and the table area; the host signs up at /editor, paints a colliding wall
 *     tile across that corridor (and across the other corridor into the table area),
 *     draws a table zone (4 seats, a topic), sees no problems and publishes;
 *   - without reloading, the attendee's page gets the new map version within a second,
 *     shows the table's "<topic> · 0/4" label, was moved off the tile that became a wall,
 *     and the server refuses a walk to the other side ("unreachable");
 *   - after reloading both pages the wall and the table are still there, and the editor
 *     lists the new version as live.
 *
 * Screenshots go to test-results/e2e/editor-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import type { TiledMap, TiledTileLayer } from "../../shared/map/tiled.ts";
import { isBlocked, type Floor } from "../../shared/map/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { nearestFreeTile, tileCenter } from "../../shared/movement/step.ts";
import { isCanvasBlank, joinAs, openPage, screenshot, type OpenPage, serverAndBrowser } from "../support/browser.ts";
import { ROOT, SETUP_TOKEN } from "../support/server.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

const HOST = { email: "host@example.com", password: "correct horse battery", name: "Hana Host" };
const MAP_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, "assets/maps/default-venue.tmj"), "utf8")) as TiledMap;
const OLD_FLOOR: Floor = parseFloor(MAP_JSON);

type Tile = { tx: number; ty: number };

// The lower hall (entrance, coffee corners) reaches the table area in the north-east only
// through two short corridors in rows 22–23 (x 35–36 and x 57–58). The attendee stands
// in the first; the host walls off row 22 of both.
const WALL_ROW = 22;
const CORRIDOR_TILES: Tile[] = [];
for (let tx = 32; tx < OLD_FLOOR.width; tx++) if (!isBlocked(OLD_FLOOR, tx, WALL_ROW)) CORRIDOR_TILES.push({ tx, ty: WALL_ROW });
const STAND_AT: Tile = CORRIDOR_TILES[0]!;
/** A tile on each side of the new wall. */
const NORTH: Tile = { tx: 45, ty: 19 };
const SOUTH: Tile = { tx: 31, ty: 39 };
/** The new table: in the open space east of the stairs, in view of the attendee. */
const TABLE = { name: "Tea table", topic: "Robots & tea", seats: 4, from: { tx: 38, ty: 25 }, to: { tx: 43, ty: 27 } };
const TABLE_LABEL = `${TABLE.topic} · 0/${TABLE.seats}`;

const suite = serverAndBrowser({ FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN, FOYER_MEDIA: "off" });


// ---------------------------------------------------------------------------------------
// The attendee page

/** window.foyer once joined. */
type Live = Required<FoyerWindow>;

const tileOfPx = (p: { x: number; y: number }): Tile => ({ tx: Math.floor(p.x / TILE_SIZE), ty: Math.floor(p.y / TILE_SIZE) });

async function serverSpot(page: Page): Promise<{ x: number; y: number; moving: boolean }> {
  return page.evaluate(() => {
    const f = window.foyer as Live;
    const a = f.avatars.get(f.room.sessionId)!;
    return { x: a.x, y: a.y, moving: a.moving };
  });
}

/** walkTo through the page's room (what a click on the map sends); wait until standing on it. */
async function walkTo(page: Page, t: Tile, timeoutMs = 20_000): Promise<void> {
  await page.evaluate((t) => (window.foyer as Live).room.send("walkTo", t), t);
  await page.waitForFunction(
    ({ t, T }) => {
      const f = window.foyer as Live;
      const a = f.avatars.get(f.room.sessionId)!;
      return !a.moving && Math.floor(a.x / T) === t.tx && Math.floor(a.y / T) === t.ty;
    },
    { t, T: TILE_SIZE },
    { polling: 50, timeout: timeoutMs },
  );
}

/** Send walkTo and return the server's `error` answer (or null if none came within `ms`). */
async function walkToAnswer(page: Page, t: Tile, ms = 2000): Promise<{ code?: string; message?: string } | null> {
  return page.evaluate(
    ({ t, ms }) =>
      new Promise<{ code?: string; message?: string } | null>((resolve) => {
        const room = (window.foyer as Live).room;
        const timer = setTimeout(() => {
          off();
          resolve(null);
        }, ms);
        const off = room.onMessage("error", (e) => {
          clearTimeout(timer);
          off();
          resolve(e);
        });
        room.send("walkTo", t);
      }),
    { t, ms },
  );
}

/** The Phaser texts on the floor (zone labels; avatar names live inside containers). */
async function floorTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window.foyer as Live).venue.children.list.filter((o) => o.type === "Text").map((o) => (o as Phaser.GameObjects.Text).text ?? ""),
  );
}

// ---------------------------------------------------------------------------------------
// The editor page

/** Scroll the map so the tiles' bounding box is centred; client coordinates of each tile's centre. */
async function revealTiles(page: Page, tiles: Tile[]): Promise<{ x: number; y: number }[]> {
  const xs = tiles.map((t) => t.tx);
  const ys = tiles.map((t) => t.ty);
  await page.evaluate(
    ({ cx, cy }) => {
      const stage = document.getElementById("stage")!;
      stage.scrollLeft = cx - stage.clientWidth / 2;
      stage.scrollTop = cy - stage.clientHeight / 2;
    },
    { cx: ((Math.min(...xs) + Math.max(...xs) + 1) / 2) * TILE_SIZE, cy: ((Math.min(...ys) + Math.max(...ys) + 1) / 2) * TILE_SIZE },
  );
  const box = (await page.locator("#map").boundingBox())!;
  const stageBox = (await page.locator("#stage").boundingBox())!;
  return tiles.map((t) => {
    const p = { x: box.x + t.tx * TILE_SIZE + TILE_SIZE / 2, y: box.y + t.ty * TILE_SIZE + TILE_SIZE / 2 };
    if (p.x < stageBox.x || p.y < stageBox.y || p.x > stageBox.x + stageBox.width || p.y > stageBox.y + stageBox.height) {
      throw new Error(`tile ${t.tx},${t.ty} is not on screen in the editor`);
    }
    return p;
  });
}

/** Press on one tile, drag to another (visiting every tile between), release. */
async function dragOnMap(page: Page, from: Tile, to: Tile): Promise<void> {
  const [a, b] = await revealTiles(page, [from, to]);
  await page.mouse.move(a!.x, a!.y);
  await page.mouse.down();
  const steps = (Math.abs(to.tx - from.tx) + Math.abs(to.ty - from.ty)) * 3 + 1;
  await page.mouse.move(b!.x, b!.y, { steps });
  await page.mouse.up();
}

/** Click tile `gid` in the palette (first tileset, 32 px tiles, 1:1). */
async function pickTile(page: Page, gid: number): Promise<void> {
  const { firstgid, columns } = (MAP_JSON.tilesets as { firstgid: number; columns: number }[])[0]!;
  const idx = gid - firstgid;
  const col = idx % columns;
  const row = Math.floor(idx / columns);
  await page.evaluate((row) => {
    const wrap = document.getElementById("palette-wrap")!;
    wrap.scrollTop = Math.max(0, row * 32 - wrap.clientHeight / 2);
  }, row);
  const box = (await page.locator("#palette").boundingBox())!;
  await page.mouse.click(box.x + col * TILE_SIZE + TILE_SIZE / 2, box.y + row * TILE_SIZE + TILE_SIZE / 2);
}

async function editorState(page: Page): Promise<{ venue: string; floor: string; version: number; layer: string; gid: number; tool: string }> {
  return page.evaluate(() => {
    const s = window.editor!.state;
    return { venue: s.venue, floor: s.floor, version: s.version, layer: s.layer, gid: s.gid, tool: s.tool };
  });
}

async function waitForEditor(page: Page): Promise<void> {
  await page.waitForFunction(() => !!window.editor?.state.history, undefined, { timeout: 20_000 });
}

const wallsGidAt = (m: TiledMap, t: Tile): number => {
  const layer = m.layers.find((l): l is TiledTileLayer => l.type === "tilelayer" && l.name === "walls")!;
  return layer.data[t.ty * m.width + t.tx]!;
};

// ---------------------------------------------------------------------------------------

describe("editing a live floor", () => {
  let visitor: OpenPage;
  let attendee: OpenPage;
  let host: OpenPage;
  const dialogs: string[] = [];
  let newFloor: Floor;
  let wallGid = 0;

  afterAll(async () => {
    for (const p of [visitor, attendee, host]) await p?.context.close().catch(() => {});
  });

  it("a signed-out visitor gets the sign-in form and nothing else works; the editing API answers 401", async () => {
    visitor = await openPage(suite.browser, "visitor");
    const apiCalls: string[] = [];
    visitor.page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith("/api/")) apiCalls.push(`${r.method()} ${u.pathname}`);
    });
    await visitor.page.goto(`${suite.server.url}/editor`);
    await visitor.page.waitForSelector("#login:not(.hidden) #login-email", { state: "visible", timeout: 15_000 });
    expect(await visitor.page.locator("#login-button").isVisible()).toBe(true);
    expect(await visitor.page.locator("#signup-button").isVisible()).toBe(true);

    // The overlay is in front of every control: a real click on Publish lands on it.
    await expect(visitor.page.locator("#publish").click({ timeout: 1000 })).rejects.toThrow(/intercepts pointer events|Timeout/);
    // Even clicks dispatched straight at the controls (past the overlay) do nothing.
    for (const sel of ["#publish", '#tools button[data-tool="erase"]', "#undo", "#zone-apply"]) {
      await visitor.page.locator(sel).dispatchEvent("click");
    }
    await visitor.page.locator("#map").dispatchEvent("mousedown", { clientX: 10, clientY: 10 });
    await visitor.page.waitForTimeout(300);
    const after = await visitor.page.evaluate(() => ({
      editor: window.editor !== undefined,
      venues: (document.getElementById("venue-select") as HTMLSelectElement).options.length,
      floors: (document.getElementById("floor-select") as HTMLSelectElement).options.length,
      versions: document.getElementById("versions")!.children.length,
      status: document.getElementById("status")!.textContent,
    }));
    expect(after).toEqual({ editor: false, venues: 0, floors: 0, versions: 0, status: "" });
    // Only "who am I?" went to the API: nothing was loaded, nothing was saved.
    expect(apiCalls).toEqual(["GET /api/auth/me"]);

    // An attendee's page (no session) calling the editing API directly.
    await visitor.page.goto(`${suite.server.url}/?venue=foyer&floor=main`);
    const statuses = await visitor.page.evaluate(async (map) => {
      const call = async (method: string, url: string, body?: unknown) =>
        (
          await fetch(url, {
            method,
            headers: body === undefined ? undefined : { "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
          })
        ).status;
      return {
        me: await call("GET", "/api/auth/me"),
        listVenues: await call("GET", "/api/venues"),
        createVenue: await call("POST", "/api/venues", { name: "Mine", slug: "mine" }),
        save: await call("PUT", "/api/venues/foyer/floors/main", { map, expectedVersion: 1 }),
        createFloor: await call("POST", "/api/venues/foyer/floors", { slug: "attic", name: "Attic", map }),
        versions: await call("GET", "/api/venues/foyer/floors/main/versions"),
        restore: await call("POST", "/api/venues/foyer/floors/main/versions/1/restore", {}),
        exportTmj: await call("GET", "/api/venues/foyer/floors/main/export"),
        // Reading the published floor stays public (attendees load it).
        readFloor: await call("GET", "/api/venues/foyer/floors/main"),
      };
    }, MAP_JSON);
    expect(statuses).toEqual({
      me: 401,
      listVenues: 401,
      createVenue: 401,
      save: 401,
      createFloor: 401,
      versions: 401,
      restore: 401,
      exportTmj: 401,
      readFloor: 200,
    });
    await visitor.context.close();
  });

  it("the host walls off a corridor and adds a table; the attendee already there sees it at once", async () => {
    // Sanity of the plan on the original map: one corridor tile to stand on, both sides reachable from it.
    expect(CORRIDOR_TILES.map((t) => t.tx)).toEqual([35, 36, 57, 58]);
    const oldPaths = new Pathfinder(OLD_FLOOR);
    expect(oldPaths.find(STAND_AT, NORTH)).not.toBeNull();
    expect(oldPaths.find(STAND_AT, SOUTH)).not.toBeNull();

    // The attendee joins and walks into the corridor.
    attendee = await openPage(suite.browser, "attendee");
    await attendee.page.goto(`${suite.server.url}/?venue=foyer&floor=main`);
    await joinAs(attendee.page, "Ada Attendee", "teal");
    await walkTo(attendee.page, STAND_AT);
    expect(tileOfPx(await serverSpot(attendee.page))).toEqual(STAND_AT);
    expect(await attendee.page.evaluate(() => (window.foyer as Live).room.state.mapVersion)).toBe(1);

    // The host signs up at /editor with the setup token (as FOYER_ADMIN_EMAIL: owns the built-in venue).
    host = await openPage(suite.browser, "host");
    await host.page.setViewportSize({ width: 1600, height: 1000 });
    host.page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => {});
    });
    await host.page.goto(`${suite.server.url}/editor?venue=foyer&floor=main&setup=${SETUP_TOKEN}`);
    await host.page.waitForSelector("#login:not(.hidden) #login-email", { state: "visible", timeout: 15_000 });
    await host.page.locator("#login-email").fill(HOST.email);
    await host.page.locator("#login-password").fill(HOST.password);
    await host.page.locator("#login-name").fill(HOST.name);
    await host.page.locator("#signup-button").click();
    await waitForEditor(host.page);
    expect(await host.page.locator("#login").isVisible()).toBe(false);
    expect(dialogs).toEqual([]); // owns "foyer" already: no "name your venue" prompt
    expect(await editorState(host.page)).toMatchObject({ venue: "foyer", floor: "main", version: 1, layer: "walls" });
    await expect.poll(() => host.page.locator("#status").textContent()).toBe("Live version 1");

    // A colliding wall tile: the one the map itself uses beside the corridor.
    const present = await host.page.evaluate(() => window.editor!.state.history!.present);
    const tileset = (present.tilesets as { firstgid: number; tiles?: { id: number; properties?: { name: string; value: unknown }[] }[] }[])[0]!;
    wallGid = wallsGidAt(present, { tx: STAND_AT.tx - 1, ty: WALL_ROW });
    const tileProps = tileset.tiles?.find((t) => t.id === wallGid - tileset.firstgid)?.properties ?? [];
    expect(tileProps.some((p) => p.name === "collides" && p.value === true), `tile ${wallGid} collides`).toBe(true);

    await revealTiles(host.page, [STAND_AT, TABLE.to]);
    await screenshot(host.page, "editor-1-opened");

    // Paint: walls layer, the wall tile, a stroke across each corridor.
    await host.page.locator("#layer-select").selectOption("walls");
    await pickTile(host.page, wallGid);
    expect(await editorState(host.page)).toMatchObject({ gid: wallGid, tool: "paint", layer: "walls" });
    expect(await host.page.locator("#tile-info").textContent()).toBe(`tile ${wallGid}`);
    await dragOnMap(host.page, CORRIDOR_TILES[0]!, CORRIDOR_TILES[1]!);
    await dragOnMap(host.page, CORRIDOR_TILES[2]!, CORRIDOR_TILES[3]!);

    // A table zone: draw it, make it a table with 4 seats and a topic, apply.
    await host.page.locator('#tools button[data-tool="zone"]').click();
    await dragOnMap(host.page, TABLE.from, TABLE.to);
    await host.page.waitForSelector("#zone-panel:not(.hidden)", { timeout: 5000 });
    await host.page.locator("#zone-name").fill(TABLE.name);
    await host.page.locator("#zone-kind").selectOption("table");
    await host.page.locator("#zf-seats").fill(String(TABLE.seats));
    await host.page.locator("#zf-topic").fill(TABLE.topic);
    await host.page.locator("#zone-apply").click();

    // The draft: walls on exactly the corridor tiles, the table as drawn, no problems.
    const draft = await host.page.evaluate(() => window.editor!.state.history!.present);
    for (const t of CORRIDOR_TILES) expect(wallsGidAt(draft, t), `wall at ${t.tx},${t.ty}`).toBe(wallGid);
    const dataOf = (l: TiledMap["layers"][number] | undefined): number[] => (l?.type === "tilelayer" ? l.data : []);
    const changedTiles = draft.layers.flatMap((l, li) =>
      dataOf(l).flatMap((g, i) => (g !== dataOf(MAP_JSON.layers[li])[i] ? [`${l.name}:${i % draft.width},${Math.floor(i / draft.width)}`] : [])),
    );
    expect(changedTiles.sort()).toEqual(CORRIDOR_TILES.map((t) => `walls:${t.tx},${t.ty}`).sort());
    newFloor = parseFloor(draft);
    const table = newFloor.zones.find((z) => z.name === TABLE.name);
    expect(table).toMatchObject({
      kind: "table",
      seats: TABLE.seats,
      topic: TABLE.topic,
      rect: { x: TABLE.from.tx, y: TABLE.from.ty, width: TABLE.to.tx - TABLE.from.tx + 1, height: TABLE.to.ty - TABLE.from.ty + 1 },
    });
    expect(await host.page.locator("#problems li").allTextContents()).toEqual(["No problems — ready to publish."]);
    expect(await host.page.locator("#publish").isEnabled()).toBe(true);
    expect(await host.page.locator("#status").textContent()).toBe("Unsaved changes · live version 1");
    // The new map really does cut the table area off from the lower hall.
    const newPaths = new Pathfinder(newFloor);
    expect(newPaths.find({ tx: 34, ty: 21 }, SOUTH)).toBeNull();
    expect(newPaths.find({ tx: 35, ty: 23 }, NORTH)).toBeNull();
    await revealTiles(host.page, [STAND_AT, TABLE.to]);
    await screenshot(host.page, "editor-2-before-publish");

    // Clocks on both pages (same browser, same machine clock): the publish click, the
    // first state patch with the new mapVersion, and the first frame with the label.
    await attendee.page.evaluate((label) => {
      const w = window as Window & { __pub?: { version?: number; label?: number } };
      const f = w.foyer as Live;
      const t: { version?: number; label?: number } = {};
      w.__pub = t;
      const now = () => performance.timeOrigin + performance.now();
      const room = f.room;
      const v0 = room.state.mapVersion;
      const onState = (s: { mapVersion: number }) => {
        if (s.mapVersion !== v0 && t.version === undefined) {
          t.version = now();
          room.onStateChange.remove(onState);
        }
      };
      room.onStateChange(onState);
      const frame = () => {
        if (f.venue.children.list.some((o) => o.type === "Text" && (o as Phaser.GameObjects.Text).text === label)) t.label = now();
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }, TABLE_LABEL);
    await host.page.evaluate(() => {
      const w = window as unknown as { __clickAt?: number };
      document.getElementById("publish")!.addEventListener("click", () => (w.__clickAt = performance.timeOrigin + performance.now()), {
        capture: true,
        once: true,
      });
    });

    await host.page.locator("#publish").click();
    await attendee.page.waitForFunction(() => (window as unknown as { __pub: { label?: number } }).__pub.label !== undefined, undefined, {
      timeout: 5000,
    });
    const clickAt = await host.page.evaluate(() => (window as unknown as { __clickAt: number }).__clickAt);
    const seen = await attendee.page.evaluate(() => (window as unknown as { __pub: { version: number; label: number } }).__pub);
    const versionMs = Math.round(seen.version - clickAt);
    const labelMs = Math.round(seen.label - clickAt);
    console.log(`[editor] publish click → attendee's mapVersion changed: ${versionMs} ms; → table label drawn: ${labelMs} ms`);
    expect(versionMs).toBeGreaterThan(0);
    expect(versionMs).toBeLessThan(1000);
    expect(labelMs).toBeLessThan(1500);

    // The editor says so (its toast lasts 4 s, so look at once).
    await expect.poll(() => host.page.locator("#status").textContent()).toBe("Live version 2");
    expect(await host.page.locator(".toast", { hasText: "Published version 2" }).count()).toBe(1);

    // The attendee's page, without reloading: version 2, the label, the table counted.
    const live = await attendee.page.evaluate((name) => {
      const f = window.foyer as Live;
      return { version: f.room.state.mapVersion, seats: f.room.state.occupancy.get(name) };
    }, TABLE.name);
    expect(live).toEqual({ version: 2, seats: 0 });
    expect(await floorTexts(attendee.page)).toContain(TABLE_LABEL);
    expect(await attendee.page.locator(".toast", { hasText: "The host updated this floor." }).count()).toBe(1);

    // The attendee stood on a tile that is now a wall: moved to the nearest free tile.
    const free = nearestFreeTile(newFloor, STAND_AT.tx, STAND_AT.ty)!;
    expect(free).not.toEqual(STAND_AT);
    await attendee.page.waitForFunction(
      (c) => {
        const f = window.foyer as Live;
        const a = f.avatars.get(f.room.sessionId)!;
        const me = f.venue.debugSnapshot().me!;
        return a.x === c.x && a.y === c.y && Math.abs(me.x - c.x) <= 1 && Math.abs(me.y - c.y) <= 1;
      },
      tileCenter(free.tx, free.ty),
      { polling: 25, timeout: 3000 },
    );
    const now = tileOfPx(await serverSpot(attendee.page));
    expect(now).toEqual(free);
    console.log(`[editor] attendee moved off the new wall from ${STAND_AT.tx},${STAND_AT.ty} to ${free.tx},${free.ty}`);

    // No way through: the server refuses a walk to the other side, and they stay put.
    const farSide = newPaths.find(now, NORTH) ? SOUTH : NORTH;
    const answer = await walkToAnswer(attendee.page, farSide);
    expect(answer?.code).toBe("unreachable");
    await attendee.page.waitForTimeout(300);
    expect(tileOfPx(await serverSpot(attendee.page))).toEqual(now);
    // (A walk on this side of the wall is still fine.)
    const step = { tx: now.tx, ty: farSide === SOUTH ? now.ty - 1 : now.ty + 1 };
    expect(await walkToAnswer(attendee.page, step, 500)).toBeNull();

    // The editor: version 2 live, listed.
    const versions = await host.page.locator("#versions li span").allTextContents();
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatch(/^v2 · .*\(live\)$/);
    expect(versions[1]).toMatch(/^v1 · /);
    expect(await host.page.locator("#publish").isDisabled()).toBe(true);

    await revealTiles(host.page, [STAND_AT, TABLE.to]);
    await screenshot(host.page, "editor-3-after-publish");
    const shot = await screenshot(attendee.page, "editor-4-attendee-after-publish");
    expect(isCanvasBlank(shot), "the attendee's page is blank").toBe(false);

    expect([...attendee.problems.pageErrors, ...host.problems.pageErrors]).toEqual([]);
  });

  it("after reloading both pages the wall and the table are still there", async () => {
    expect(newFloor, "needs the previous test").toBeDefined();
    // The published map as stored (public read).
    const stored = (await (await fetch(`${suite.server.url}/api/venues/foyer/floors/main`)).json()) as { floor: { version: number; map: TiledMap } };
    expect(stored.floor.version).toBe(2);
    for (const t of CORRIDOR_TILES) expect(wallsGidAt(stored.floor.map, t)).toBe(wallGid);

    // Attendee: reload. The page rejoins its held spot (or, if that was lost, joins again).
    await attendee.page.reload();
    await attendee.page.waitForFunction(
      () => {
        const f = window.foyer;
        const inside = !!f?.room && !!f.venue?.debugSnapshot().me && !!document.getElementById("join")?.classList.contains("hidden");
        const form = !document.getElementById("join")?.classList.contains("hidden") && !!document.querySelector("#avatar-picker button[data-avatar]");
        return inside || form;
      },
      undefined,
      { timeout: 30_000 },
    );
    const resumed = await attendee.page.evaluate(() => !!window.foyer!.room);
    if (!resumed) await joinAs(attendee.page, "Ada Attendee", "teal");
    const spot = tileOfPx(await serverSpot(attendee.page));
    console.log(`[editor] attendee after reload: ${resumed ? "rejoined the held spot" : "joined again"} at ${spot.tx},${spot.ty}`);
    expect(await attendee.page.evaluate(() => (window.foyer as Live).room.state.mapVersion)).toBe(2);
    await expect.poll(() => floorTexts(attendee.page), { timeout: 3000 }).toContain(TABLE_LABEL);
    const paths = new Pathfinder(newFloor);
    const farSide = paths.find(spot, NORTH) ? SOUTH : NORTH;
    expect((await walkToAnswer(attendee.page, farSide))?.code).toBe("unreachable");

    // Editor: reload; still signed in; the new version is live and listed, v1 restorable.
    await host.page.reload();
    await waitForEditor(host.page);
    expect(await host.page.locator("#login").isVisible()).toBe(false);
    expect(await editorState(host.page)).toMatchObject({ venue: "foyer", floor: "main", version: 2 });
    await expect.poll(() => host.page.locator("#status").textContent()).toBe("Live version 2");
    const versions = await host.page.locator("#versions li span").allTextContents();
    expect(versions[0]).toMatch(/^v2 · .*\(live\)$/);
    expect(await host.page.locator('#versions button[data-version="1"]').textContent()).toBe("Restore");
    const present = await host.page.evaluate(() => window.editor!.state.history!.present);
    for (const t of CORRIDOR_TILES) expect(wallsGidAt(present, t)).toBe(wallGid);
    expect(parseFloor(present).zones.find((z) => z.name === TABLE.name)).toMatchObject({ kind: "table", seats: TABLE.seats, topic: TABLE.topic });

    await revealTiles(host.page, [STAND_AT, TABLE.to]);
    await screenshot(host.page, "editor-5-after-reload");
    const shot = await screenshot(attendee.page, "editor-6-attendee-after-reload");
    expect(isCanvasBlank(shot)).toBe(false);
    expect(dialogs).toEqual([]);
    // The editor's "who am I?" before signing in is a 401 the browser logs; anything else is news.
    const unexpected = [...attendee.problems.consoleErrors, ...host.problems.consoleErrors].filter((m) => !/^\[host\] .*status of 401/.test(m));
    if (unexpected.length) console.warn(`[editor] console errors:\n${unexpected.join("\n")}`);
    expect([...attendee.problems.pageErrors, ...host.problems.pageErrors]).toEqual([]);
  });
});
