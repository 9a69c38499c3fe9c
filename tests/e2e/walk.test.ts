/**
 * Two attendees in real Chromium on the real server: Ada walks with the arrow keys from
 * the entrance into the nearest coffee corner, and Ben's page (and the server behind it)
 * sees her arrive there. Both pages list both names, and both canvases show the venue.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { isBlocked, zonesOfKind, type Floor, type TileRect } from "../../shared/map/model.ts";
import { Pathfinder } from "../../shared/movement/path.ts";
import { isCanvasBlank, joinAs, launchBrowser, openPage, screenshot, type OpenPage, buildClient, RENDERER_ARGS } from "../support/browser.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { defaultVenueFloor } from "../support/maps.ts";

const FLOOR: Floor = defaultVenueFloor();
const pathfinder = new Pathfinder(FLOOR);

let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  buildClient();
  // Phaser falls back to its Canvas renderer without WebGL. Here that is the point: with
  // SwiftShader's software WebGL two 1280×720 pages on two cores draw ~13 frames a
  // second, and a key press then lasts 1–2 frames = 1.5–3 ticks, too coarse to stop on a
  // tile with the keyboard. Canvas draws 45–60 frames a second. (The join test covers
  // WebGL; FOYER_E2E_WEBGL=1 runs this one with WebGL too.)
  const args = RENDERER_ARGS;
  [server, browser] = await Promise.all([startServer(), launchBrowser(args)]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

// ---------------------------------------------------------------------------------------
// Reading the page

type Point = { x: number; y: number };

/** Where page thinks its own avatar is (prediction), and where the server has it. */
async function whereAmI(page: Page): Promise<{ me: Point; server: Point & { moving: boolean } }> {
  return page.evaluate(() => {
    const f = window.foyer!;
    const s = f.avatars!.get(f.room!.sessionId)!;
    return { me: f.venue!.debugSnapshot().me!, server: { x: s.x, y: s.y, moving: s.moving } };
  });
}

/** Wait until the page's own avatar stands still and its prediction agrees with the server. */
async function settle(page: Page, timeoutMs = 5000): Promise<Point> {
  await page.waitForFunction(
    () => {
      const f = window.foyer!;
      const s = f.avatars!.get(f.room!.sessionId)!;
      const me = f.venue!.debugSnapshot().me!;
      return !s.moving && Math.abs(me.x - s.x) <= 1 && Math.abs(me.y - s.y) <= 1;
    },
    undefined,
    { polling: 25, timeout: timeoutMs },
  );
  return (await whereAmI(page)).server;
}

// ---------------------------------------------------------------------------------------
// Planning the walk (in the test process, with the same Pathfinder the client uses)

type Tile = { tx: number; ty: number };

const tileOfPx = (p: Point): Tile => ({ tx: Math.floor(p.x / TILE_SIZE), ty: Math.floor(p.y / TILE_SIZE) });
const centreOf = (t: Tile): Point => ({ x: t.tx * TILE_SIZE + TILE_SIZE / 2, y: t.ty * TILE_SIZE + TILE_SIZE / 2 });

/** Tiles from `a` to `b` (same row or column), both included; null if one is blocked. */
function segment(a: Tile, b: Tile): Tile[] | null {
  const out: Tile[] = [];
  const n = Math.abs(b.tx - a.tx) + Math.abs(b.ty - a.ty);
  for (let i = 0; i <= n; i++) {
    const t = { tx: a.tx + Math.sign(b.tx - a.tx) * i, ty: a.ty + Math.sign(b.ty - a.ty) * i };
    if (isBlocked(FLOOR, t.tx, t.ty)) return null;
    out.push(t);
  }
  return out;
}

/** An L-shaped walk from `a` to `b` over free tiles (across first, or down first), or null. */
function elbow(a: Tile, b: Tile): Tile[] | null {
  for (const corner of [{ tx: b.tx, ty: a.ty }, { tx: a.tx, ty: b.ty }]) {
    const first = segment(a, corner);
    const second = first && segment(corner, b);
    if (first && second) return [...first, ...second.slice(1)];
  }
  return null;
}

/**
 * The Pathfinder's route, re-drawn with straight steps only and as few turns as the
 * floor allows: from each point, jump to the furthest later point of the route that an
 * L-shaped walk over free tiles reaches. Straight steps keep the avatar on tile centres,
 * where a keyboard walk stops exactly (a tick is a fifth of a tile); the Pathfinder's
 * diagonal steps would not.
 */
function straightRoute(from: Tile, to: Tile): Tile[] | null {
  const centres = pathfinder.find(from, to);
  if (!centres) return null;
  const points = [from, ...centres.map(tileOfPx)];
  const out: Tile[] = [from];
  let i = 0;
  while (i < points.length - 1) {
    let j = points.length - 1;
    let leg = elbow(points[i]!, points[j]!);
    while (!leg && j > i + 1) leg = elbow(points[i]!, points[--j]!);
    if (!leg) throw new Error(`no straight walk from ${JSON.stringify(points[i])} to ${JSON.stringify(points[i + 1])}`);
    out.push(...leg.slice(1));
    i = j;
  }
  return out;
}

interface Run {
  key: "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown";
  axis: "x" | "y";
  sign: 1 | -1;
  end: Tile;
}

/** Compress a straight-step route into runs: one held key per straight stretch. */
function toRuns(route: Tile[]): Run[] {
  const runs: Run[] = [];
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const axis = b.tx !== a.tx ? "x" : "y";
    const sign = (axis === "x" ? b.tx - a.tx : b.ty - a.ty) > 0 ? 1 : -1;
    const key = axis === "x" ? (sign > 0 ? "ArrowRight" : "ArrowLeft") : sign > 0 ? "ArrowDown" : "ArrowUp";
    const last = runs[runs.length - 1];
    if (last && last.key === key) last.end = b;
    else runs.push({ key, axis, sign, end: b });
  }
  return runs;
}

interface Plan {
  corner: { name: string; rect: TileRect };
  target: Tile;
  route: Tile[];
}

/** The nearest coffee corner (by walking distance) and a free tile well inside it. */
function planToNearestCoffeeCorner(from: Tile): Plan {
  let best: Plan | null = null;
  for (const z of zonesOfKind(FLOOR, "coffee-corner")) {
    const r = z.rect;
    // Stay a tile away from the corner's edges, so "inside" holds with room to spare.
    for (let ty = r.y + 1; ty < r.y + r.height - 1; ty++) {
      for (let tx = r.x + 1; tx < r.x + r.width - 1; tx++) {
        const route = straightRoute(from, { tx, ty });
        if (route && (!best || route.length < best.route.length)) {
          best = { corner: { name: z.name, rect: r }, target: { tx, ty }, route };
        }
      }
    }
  }
  if (!best) throw new Error("no coffee corner can be reached from the entrance");
  return best;
}

// ---------------------------------------------------------------------------------------
// Walking with the keyboard

/**
 * Hold `key` until Ada is within `early` px of `goal` along `axis` — by her own page's
 * prediction or by the server's word, whichever gets there first — or time runs out.
 * Checked in the page on every animation frame, right after the game has predicted its
 * step; the key comes up a frame later, usually before the next 50 ms tick.
 */
async function holdKeyUntil(page: Page, key: Run["key"], axis: "x" | "y", sign: 1 | -1, goal: number, early: number, timeoutMs: number): Promise<void> {
  await page.keyboard.down(key);
  try {
    await page.waitForFunction(
      ({ axis, sign, goal, early }) => {
        const f = window.foyer!;
        const me = f.venue!.debugSnapshot().me!;
        const server = f.avatars!.get(f.room!.sessionId)!;
        return (goal - me[axis]) * sign <= early || (goal - server[axis]) * sign <= early;
      },
      { axis, sign, goal, early },
      { polling: "raf", timeout: timeoutMs },
    );
  } finally {
    await page.keyboard.up(key);
  }
}

const keyFor = (axis: "x" | "y", sign: number): Run["key"] =>
  axis === "x" ? (sign > 0 ? "ArrowRight" : "ArrowLeft") : sign > 0 ? "ArrowDown" : "ArrowUp";

/**
 * Bring Ada onto `goal` along `axis` (within 3 px) after an over- or undershoot: press
 * the key again until her page predicts she is there. Close by, that is a short tap of
 * one tick (a fifth of a tile), which the server may count as 0–2 ticks; repeat.
 */
async function correct(page: Page, axis: "x" | "y", goal: number): Promise<{ at: Point; presses: number }> {
  let at = await settle(page);
  let presses = 0;
  while (Math.abs(goal - at[axis]) > 3) {
    if (presses >= 15) throw new Error(`could not line up ${axis} = ${goal} with the keyboard (at ${JSON.stringify(at)})`);
    const sign = goal > at[axis] ? 1 : -1;
    await holdKeyUntil(page, keyFor(axis, sign), axis, sign, goal, 0.5, 5000);
    presses++;
    at = await settle(page);
  }
  return { at, presses };
}

/** Walk a planned route with the arrow keys, straight run by straight run. */
async function walkWithKeyboard(page: Page, route: Tile[]): Promise<{ runs: number; taps: number; landings: number[] }> {
  const runs = toRuns(route);
  let taps = 0;
  const landings: number[] = [];
  for (const run of runs) {
    const goal = centreOf(run.end);
    const from = await whereAmI(page);
    const distance = Math.abs(goal[run.axis] - from.me[run.axis]);
    // 4 tiles/s; allow three times as long plus a second for slow frames.
    const budget = (distance / (4 * TILE_SIZE)) * 3000 + 1000;
    await holdKeyUntil(page, run.key, run.axis, run.sign, goal[run.axis], 0.5, budget);
    const landed = await settle(page);
    landings.push(Math.round((landed[run.axis] - goal[run.axis]) * run.sign));
    for (const axis of ["x", "y"] as const) taps += (await correct(page, axis, goal[axis])).presses;
  }
  return { runs: runs.length, taps, landings };
}

// ---------------------------------------------------------------------------------------

function insideRect(p: Point, r: TileRect): boolean {
  return p.x >= r.x * TILE_SIZE && p.x < (r.x + r.width) * TILE_SIZE && p.y >= r.y * TILE_SIZE && p.y < (r.y + r.height) * TILE_SIZE;
}

describe("walking over to a coffee corner", () => {
  let A: OpenPage;
  let B: OpenPage;

  afterAll(async () => {
    await A?.context.close().catch(() => {});
    await B?.context.close().catch(() => {});
  });

  it("Ada walks there with the arrow keys and Ben sees her arrive", async () => {
    [A, B] = await Promise.all([openPage(browser!, "Ada"), openPage(browser!, "Ben")]);
    await Promise.all([A.page.goto(server!.url), B.page.goto(server!.url)]);
    await joinAs(A.page, "Ada Lovelace", "teal");
    await joinAs(B.page, "Ben Okri", "coral");
    const idA = await A.page.evaluate(() => window.foyer!.room!.sessionId);
    const idB = await B.page.evaluate(() => window.foyer!.room!.sessionId);
    expect(idA).not.toBe(idB);

    // Who's here: both names on both pages.
    for (const p of [A.page, B.page]) {
      await p.waitForFunction(
        () => {
          const t = document.getElementById("people-list")?.textContent ?? "";
          return t.includes("Ada Lovelace") && t.includes("Ben Okri");
        },
        undefined,
        { timeout: 5000 },
      );
    }

    // Plan from where Ada stands now.
    const start = await settle(A.page);
    const plan = planToNearestCoffeeCorner(tileOfPx(start));
    const rectPx = plan.corner.rect;
    const walked = Date.now();
    const { runs, taps, landings } = await walkWithKeyboard(A.page, plan.route);
    const walkMs = Date.now() - walked;
    console.log(
      `[walk] ${plan.route.length - 1} tiles to ${plan.corner.name} tile ${plan.target.tx},${plan.target.ty} ` +
        `in ${runs} runs (landed ${landings.join(", ")} px from each run's end), ${taps} correcting presses, ${walkMs} ms`,
    );

    // Ada's own page and the server agree she is there.
    const end = await settle(A.page);
    expect(tileOfPx(end)).toEqual(plan.target);
    expect(insideRect(end, rectPx)).toBe(true);

    // Ben's page draws her inside the corner (interpolated, so give it a moment), and
    // the state Ben's page got from the server has her there too.
    await B.page.waitForFunction(
      ({ idA, r, T }) => {
        const f = window.foyer!;
        const seen = f.venue!.debugSnapshot().others[idA];
        const truth = f.avatars!.get(idA);
        const inside = (p: { x: number; y: number } | undefined) =>
          !!p && p.x >= r.x * T && p.x < (r.x + r.width) * T && p.y >= r.y * T && p.y < (r.y + r.height) * T;
        return inside(seen) && inside(truth) && !truth!.moving;
      },
      { idA, r: rectPx, T: TILE_SIZE },
      { polling: 25, timeout: 5000 },
    );
    const onB = await B.page.evaluate((idA) => {
      const f = window.foyer!;
      const s = f.avatars!.get(idA)!;
      return { drawn: f.venue!.debugSnapshot().others[idA]!, server: { x: s.x, y: s.y } };
    }, idA);
    expect(insideRect(onB.drawn, rectPx)).toBe(true);
    expect(insideRect(onB.server, rectPx)).toBe(true);
    expect(onB.server).toEqual({ x: end.x, y: end.y });
    // The drawn avatar comes to rest where the server has her.
    await B.page.waitForFunction(
      ({ idA, x, y }) => {
        const seen = window.foyer!.venue!.debugSnapshot().others[idA];
        return !!seen && Math.abs(seen.x - x) <= 1 && Math.abs(seen.y - y) <= 1;
      },
      { idA, x: end.x, y: end.y },
      { polling: 25, timeout: 3000 },
    );

    // Ada still sees Ben at the entrance.
    const benOnA = await A.page.evaluate((idB) => window.foyer!.venue!.debugSnapshot().others[idB], idB);
    expect(benOnA).toBeDefined();

    // Pictures: both canvases show the venue (looked at by hand while writing this test).
    const shotA = await screenshot(A.page, "walk-A");
    const shotB = await screenshot(B.page, "walk-B");
    expect(isCanvasBlank(shotA), "Ada's page is blank").toBe(false);
    expect(isCanvasBlank(shotB), "Ben's page is blank").toBe(false);

    if (A.problems.consoleErrors.length || B.problems.consoleErrors.length) {
      console.warn(`[walk] console errors:\n${[...A.problems.consoleErrors, ...B.problems.consoleErrors].join("\n")}`);
    }
    expect([...A.problems.pageErrors, ...B.problems.pageErrors]).toEqual([]);
  });
});
