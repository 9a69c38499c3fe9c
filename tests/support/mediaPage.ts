/**
 * People in Chromium pages with a microphone (and camera), for the media end-to-end
 * tests: open the venue and join, walk to a tile, wait until another page shows someone
 * standing somewhere, wait until one hears another. Everything is read from the page's
 * own `window.foyer` (what the person's browser has), never from the server.
 */
import type { Browser, Locator } from "playwright-core";
import { TILE_SIZE } from "../../shared/constants.ts";
import { joinAs, openPage, type OpenPage } from "./browser.ts";
import type { FoyerWindow } from "../../client/foyerWindow.ts";

export type Tile = { tx: number; ty: number };
export const centreOf = (t: Tile) => ({ x: t.tx * TILE_SIZE + TILE_SIZE / 2, y: t.ty * TILE_SIZE + TILE_SIZE / 2 });
export const tilesApart = (a: Tile, b: Tile) => Math.hypot(a.tx - b.tx, a.ty - b.ty);

/** A level (RMS of what reaches one ear) above this is sound a person would notice. */
export const AUDIBLE = 0.01;

/** What the mixer reports per speaker (client/media/Mixer.ts). */
export interface Levels {
  voice: number;
  left: number;
  right: number;
  gain: number;
  pan: number;
}

/** The parts of the page's window.foyer these helpers read. */
/** window.foyer once joined. */
type PageFoyer = Required<FoyerWindow>;

export interface Attendee extends OpenPage {
  name: string;
  browser: Browser;
  id: string;
}

/** Open the venue at `url` in `browser`, join, and wait until the microphone is on. */
export async function arrive(url: string, browser: Browser, name: string, avatar: string, label: string): Promise<Attendee> {
  const open = await openPage(browser, label);
  await open.page.goto(url);
  await joinAs(open.page, name, avatar, 20_000);
  // Media connects after joining; the microphone is on when the button says so.
  await open.page.waitForSelector('#mic-button[data-state="on"]', { timeout: 15_000 });
  const id = await open.page.evaluate(() => (window.foyer as PageFoyer).room.sessionId);
  return { ...open, name, browser, id };
}

/** Ask the server to walk `who` to `to` (click-to-walk) and wait until their page has them there, standing still. */
export async function walk(who: Attendee, to: Tile, timeoutMs = 20_000): Promise<void> {
  await who.page.evaluate((t) => (window.foyer as PageFoyer).room.send("walkTo", t), to);
  try {
    await who.page.waitForFunction(
      ({ x, y }) => {
        const f = window.foyer as PageFoyer;
        const s = f.avatars.get(f.room.sessionId);
        return !!s && !s.moving && Math.abs(s.x - x) <= 1 && Math.abs(s.y - y) <= 1;
      },
      centreOf(to),
      { polling: 25, timeout: timeoutMs },
    );
  } catch (err) {
    const at = await who.page.evaluate(() => {
      const f = window.foyer as PageFoyer;
      return f.avatars.get(f.room.sessionId);
    });
    throw new Error(`${who.name} did not reach tile ${to.tx},${to.ty} (server has ${JSON.stringify(at)}): ${String(err)}`);
  }
}

/** Wait until `viewer`'s page has `other` standing on `to`. */
export async function seesStanding(viewer: Attendee, other: Attendee, to: Tile, timeoutMs = 5000): Promise<void> {
  const standing = (page: Attendee["page"], id: string | null) =>
    page.evaluate((id) => {
      const f = window.foyer as PageFoyer;
      const s = f.avatars.get(id ?? f.room.sessionId);
      return s ? { x: s.x, y: s.y, moving: s.moving } : null;
    }, id);
  try {
    await viewer.page.waitForFunction(
      ({ id, x, y }) => {
        const s = (window.foyer as PageFoyer).avatars.get(id);
        return !!s && !s.moving && Math.abs(s.x - x) <= 1 && Math.abs(s.y - y) <= 1;
      },
      { id: other.id, ...centreOf(to) },
      { polling: 25, timeout: timeoutMs },
    );
  } catch (err) {
    throw new Error(
      `${viewer.name}'s page does not have ${other.name} standing on ${to.tx},${to.ty}: it has ${JSON.stringify(await standing(viewer.page, other.id))}, ` +
        `${other.name}'s own page has ${JSON.stringify(await standing(other.page, null))} (${String(err)})`,
    );
  }
}

/** Wait until `listener` hears `speaker` (either ear above AUDIBLE); returns the ms it took. */
export async function waitUntilHeard(listener: Attendee, speaker: Attendee, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  await listener.page.waitForFunction(
    ({ id, level }) => {
      const l = (window.foyer as PageFoyer).mixer.levels()[id];
      return !!l && Math.max(l.left, l.right) > level;
    },
    { id: speaker.id, level: AUDIBLE },
    { polling: 20, timeout: timeoutMs },
  );
  return Date.now() - started;
}

export interface VideoFrames {
  width: number;
  height: number;
  /** Mean brightness (0–255) of the first sampled frame, and its spread. */
  mean: number;
  sd: number;
  /** Largest spread seen over the second (a test pattern sweeps through flat moments). */
  maxSd: number;
  /** Largest share of pixels that changed visibly from the first frame within the second. */
  changed: number;
  /** Frames the element decoded during that second. */
  decoded: number;
  /** Mean colour of the first frame. */
  r: number;
  g: number;
  b: number;
}

/**
 * What a person would see in a `<video>` over one second: wait until it plays (10 s at
 * most), then draw frames into a canvas in the page and measure brightness, spread,
 * movement and frame rate.
 */
export async function videoFrames(video: Locator): Promise<VideoFrames> {
  return video.evaluate(async (v: HTMLVideoElement) => {
    const until = performance.now() + 10_000;
    while (!(v.videoWidth > 0 && v.readyState >= 2 && !v.paused)) {
      if (performance.now() > until) throw new Error(`video never played: ${v.videoWidth}x${v.videoHeight}, readyState ${v.readyState}, paused ${v.paused}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const c = document.createElement("canvas");
    c.width = 160;
    c.height = 90;
    const g = c.getContext("2d", { willReadFrequently: true })!;
    const grab = () => {
      g.drawImage(v, 0, 0, c.width, c.height);
      return g.getImageData(0, 0, c.width, c.height).data;
    };
    const luma = (d: Uint8ClampedArray) => {
      const out: number[] = [];
      for (let i = 0; i < d.length; i += 4) out.push(0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!);
      return out;
    };
    const spread = (l: number[]) => {
      const m = l.reduce((a, b) => a + b, 0) / l.length;
      return { mean: m, sd: Math.sqrt(l.reduce((a, b) => a + (b - m) ** 2, 0) / l.length) };
    };
    const decoded0 = v.getVideoPlaybackQuality().totalVideoFrames;
    const firstPx = grab();
    const first = luma(firstPx);
    const { mean, sd } = spread(first);
    const rgb = [0, 0, 0];
    for (let i = 0; i < firstPx.length; i += 4) for (let k = 0; k < 3; k++) rgb[k]! += firstPx[i + k]!;
    const n = firstPx.length / 4;
    let changed = 0;
    let maxSd = sd;
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const next = luma(grab());
      maxSd = Math.max(maxSd, spread(next).sd);
      changed = Math.max(changed, next.reduce((m, l, j) => m + (Math.abs(l - first[j]!) > 8 ? 1 : 0), 0) / first.length);
    }
    const decoded = v.getVideoPlaybackQuality().totalVideoFrames - decoded0;
    return { width: v.videoWidth, height: v.videoHeight, mean, sd, maxSd, changed, decoded, r: rgb[0]! / n, g: rgb[1]! / n, b: rgb[2]! / n };
  });
}
