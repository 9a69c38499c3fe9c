/**
 * A mixer round in real Chromium on the real server and the built-in venue: a host
 * (a colyseus.js client signed in as the venue's host) starts a round; Ada (a laptop,
 * 1280×720) and Ben (a phone, 390×844) join the mixer from the card, each sees the
 * countdown, the place their group meets, the group's names and an icebreaker; Ada
 * clicks "Go there", walks there by pathfinding and the card says she arrived.
 */
import { Client, type Room } from "colyseus.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ICEBREAKERS } from "../../shared/mixer/icebreakers.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { buildClient, joinAs, launchBrowser, screenshot, watchPage, type PageProblems } from "../support/browser.ts";
import { SETUP_TOKEN, startServer, type RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";

const HOST = { email: "hana@example.com", password: "correct horse battery", displayName: "Hana Host" };

let server: RunningServer | undefined;
let browser: Browser | undefined;
let host: Room<FloorStateView> | undefined;
const problems: PageProblems = { consoleErrors: [], pageErrors: [] };

async function open(name: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser!.newContext({ viewport, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  watchPage(page, problems, name);
  await page.goto(server!.url);
  await joinAs(page, name, name === "Ada" ? "violet" : "teal");
  return page;
}

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([startServer({ env: { FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN } }), launchBrowser()]);
  const hana = new Visitor(server.url);
  expect((await hana.call("POST", "/api/auth/signup", { ...HOST, setupToken: SETUP_TOKEN })).status).toBe(201);
  expect((await hana.call("POST", "/api/people", { name: "Hana", avatar: "navy" })).status).toBe(201);
  const client = new Client(server.wsUrl);
  client.auth.token = hana.identity!;
  host = await client.joinOrCreate<FloorStateView>("floor", { name: "Hana", avatar: "navy" });
}, 120_000);

afterAll(async () => {
  await host?.leave().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
});

describe("mixer rounds", () => {
  it("a host starts a round; Ada sees the countdown, her place, her group and an icebreaker, and Go there walks her in", async () => {
    const ada = await open("Ada", { width: 1280, height: 720 });
    const ben = await open("Ben", { width: 390, height: 844 });
    // A lead-in long enough for both pages to click "Join" on a loaded machine; the host joins too.
    host!.send("mixer", { action: "start", rounds: 1, seconds: 120, startIn: 20, minSize: 2, maxSize: 3 });
    host!.send("mixer", { action: "join" });
    for (const page of [ada, ben]) {
      const join = page.locator("#mixer-card").getByRole("button", { name: "Join the mixer" });
      await join.waitFor({ timeout: 30_000 });
      await join.click();
    }
    await screenshot(ben, "mixer-lobby-390");

    const card = ada.locator("#mixer-card");
    await card.locator(".mixer-place").waitFor({ timeout: 40_000 });
    expect(await card.locator("h2").textContent()).toBe("Round 1 of 1");
    expect(await card.locator(".mixer-clock").textContent()).toMatch(/^[0-9]:[0-5][0-9] left$/);
    const place = (await card.locator(".mixer-place").textContent())!;
    expect(place).toMatch(/^Meet at .+/);
    const names = await card.locator(".mixer-group li").allTextContents();
    expect(names).toContain("Ada (you)");
    expect(names.filter((n) => n === "Ben" || n === "Hana").length).toBeGreaterThanOrEqual(1);
    const prompt = (await card.locator(".mixer-icebreaker").textContent())!.replace(/^Icebreaker: /, "");
    expect(ICEBREAKERS.en as readonly string[]).toContain(prompt);
    // The countdown runs.
    const before = await card.locator(".mixer-clock").textContent();
    await ada.waitForFunction((b) => document.querySelector("#mixer-card .mixer-clock")?.textContent !== b, before, { timeout: 5000 });
    await screenshot(ada, "mixer-round-1280");
    await ben.locator("#mixer-card .mixer-place").waitFor({ timeout: 10_000 });
    await screenshot(ben, "mixer-round-390");

    await card.getByRole("button", { name: "Go there" }).click();
    await card.locator(".mixer-arrived").waitFor({ timeout: 30_000 });
    // She stands inside the place, by the page's own map.
    const placeName = place.replace(/^Meet at /, "");
    const inside = await ada.evaluate((name) => {
      const f = window.foyer!;
      const me = f.venue!.debugSnapshot().me!;
      const zone = f.venue!.floor.zones.find((z) => z.name === name)!;
      const tx = Math.floor(me.x / 32);
      const ty = Math.floor(me.y / 32);
      return tx >= zone.rect.x && tx < zone.rect.x + zone.rect.width && ty >= zone.rect.y && ty < zone.rect.y + zone.rect.height;
    }, placeName);
    expect(inside).toBe(true);
    await screenshot(ada, "mixer-arrived-1280");
    expect(problems.pageErrors).toEqual([]);
  }, 300_000); // two pages joining on a loaded machine take most of it
});
