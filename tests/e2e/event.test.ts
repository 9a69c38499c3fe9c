/**
 * Running an event, end to end, in real Chromium on the real server (FOYER_ADMIN_EMAIL
 * and the setup token, so the host who signs up owns the built-in venue "foyer"):
 *
 *   - the host signs up at /host, creates an invite-only event (now → +1 h) with an agenda,
 *     adds two guests through the form, sees every bad row of a broken CSV with its line,
 *     and reads a guest's personal link;
 *   - the guest opens the link in their own browser context, sees the event on the join
 *     form, joins and reads the welcome message; the host, on the floor too, carries a
 *     "Host" badge in who's-here;
 *   - a stranger opening the plain venue link is refused with a clear message on the form;
 *   - the host ends the event; the guest gets the closed page and rates it 4 with a
 *     comment; the host's feedback section shows average 4 and the comment;
 *   - a visitor meeting an upcoming event sees the waiting page, which turns into the join
 *     form when the host opens the doors.
 *
 * Screenshots (1280×720 and 390×844) go to test-results/e2e/event-*.png.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, joinAs, launchBrowser, openPage, RENDERER_ARGS, screenshot, waitForJoinForm, type OpenPage } from "../support/browser.ts";
import { SETUP_TOKEN, startServer, type RunningServer } from "../support/server.ts";

const HOST = { email: "host@example.com", password: "correct horse battery staple", name: "Hana Host" };
const EVENT = {
  title: "Robots & Tea Meetup",
  description: "An evening for people who build small robots.\nBring a question.",
  welcome: "Welcome, robot friends! Grab a tea in the café and find a table.",
};
const COMMENT = "Lovely tables — met three new people <b>bold</b>";

let server: RunningServer | undefined;
let browser: Browser | undefined;
let host: OpenPage;
let guest: OpenPage;
let stranger: OpenPage;
let guestLink = "";

beforeAll(async () => {
  buildClient();
  [server, browser] = await Promise.all([
    startServer({ env: { FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN } }),
    launchBrowser(RENDERER_ARGS),
  ]);
  host = await openPage(browser, "host");
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

/** A `datetime-local` value `minutes` from now in the page's own time zone (floored to the minute). */
function localIn(page: Page, minutes: number): Promise<string> {
  return page.evaluate((m) => {
    const d = new Date(Date.now() + m * 60_000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, minutes);
}

/** Screenshots at desktop and phone size. */
async function shots(page: Page, name: string): Promise<void> {
  await screenshot(page, `event-${name}`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await screenshot(page, `event-${name}-phone`);
  if (size) await page.setViewportSize(size);
}

async function createEvent(page: Page, e: { title: string; description?: string; welcome?: string; from: number; to: number; invite: boolean; agenda?: string }): Promise<void> {
  await page.locator("#new-event").click();
  await page.locator("#event-title").fill(e.title);
  if (e.description) await page.locator("#event-description").fill(e.description);
  if (e.welcome) await page.locator("#event-welcome").fill(e.welcome);
  await page.locator("#event-starts").fill(await localIn(page, e.from));
  await page.locator("#event-ends").fill(await localIn(page, e.to));
  if (e.invite) await page.locator("#event-access-invite").check();
  if (e.agenda) {
    await page.locator("#agenda-add").click();
    await page.locator("#agenda-1-starts").fill(await localIn(page, e.from + 10));
    await page.locator("#agenda-1-title").fill(e.agenda);
    await page.locator("#agenda-1-place").fill("Stage hall");
  }
  await page.locator("#event-create").click();
  await expect.poll(() => page.locator("#event-name").textContent(), { timeout: 10_000 }).toBe(e.title);
}

describe("running an event", () => {
  it("the host signs up at /host and creates an invite-only event with two guests", async () => {
    const page = host.page;
    await page.goto(`${server!.url}/host?setup=${SETUP_TOKEN}`);
    await page.waitForSelector("#login:not(.hidden) #login-email", { state: "visible", timeout: 15_000 });
    await page.locator("#login-email").fill(HOST.email);
    await page.locator("#login-password").fill(HOST.password);
    await page.locator("#login-name").fill(HOST.name);
    await page.locator("#signup-button").click();
    await page.waitForSelector("#new-event", { state: "visible", timeout: 15_000 });

    await createEvent(page, { ...EVENT, from: 0, to: 60, invite: true, agenda: "Lightning talks" });
    expect(await page.locator(".event-head .phase").textContent()).toBe("Doors open");

    await page.locator("#guest-name").fill("Gina Guest");
    await page.locator("#guest-email").fill("gina@example.com");
    await page.locator("#guest-add").click();
    await page.waitForSelector('#guest-links li[data-guest="Gina Guest"]', { timeout: 10_000 });
    await page.locator("#guest-name").fill("Sam Speaker");
    await page.locator("#guest-role").selectOption("speaker");
    await page.locator("#guest-add").click();
    await page.waitForSelector('#guest-links li[data-guest="Sam Speaker"]', { timeout: 10_000 });
    await expect.poll(() => page.locator("#guest-table tbody tr").count(), { timeout: 5000 }).toBe(2);

    // A broken CSV: every bad row is shown with its line, nothing is added.
    const csv = "name,email,role\nAda,ada@example.com,attendee\nBob,not-an-email,\n,carl@example.com,\nDora,dora@example.com,wizard\n";
    await page.locator("#guest-csv").setInputFiles({ name: "guests.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForSelector("#csv-problems li", { timeout: 10_000 });
    const problems = await page.locator("#csv-problems li").allTextContents();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^Line 3: email/);
    expect(problems[1]).toMatch(/^Line 4: name/);
    expect(problems[2]).toMatch(/^Line 5: role/);
    expect(await page.locator("#guest-table tbody tr").count()).toBe(2);

    guestLink = await page.locator('#guest-links li[data-guest="Gina Guest"] .link-field').inputValue();
    expect(guestLink).toMatch(/\/\?venue=foyer&invite=[A-Za-z0-9_-]{43}$/);
    const download = await page.locator("#download-links").getAttribute("download");
    expect(download).toBe("guest-links.csv");
    await shots(page, "host");
  });

  it("the guest opens the personal link, joins and reads the welcome message", async () => {
    guest = await openPage(browser!, "guest");
    await guest.page.goto(guestLink);
    await waitForJoinForm(guest.page);
    expect(await guest.page.locator("#join-title").textContent()).toBe(EVENT.title);
    expect(await guest.page.locator("#join-password").count()).toBe(0);
    expect(await guest.page.locator("#join-invite-note").count()).toBe(0);
    await shots(guest.page, "join");
    await joinAs(guest.page, "Gina", "teal");
    await guest.page.waitForSelector("#welcome:not(.hidden)", { timeout: 10_000 });
    expect(await guest.page.locator("#welcome-text").textContent()).toBe(EVENT.welcome);
    expect(await guest.page.locator("#welcome .agenda").textContent()).toContain("Lightning talks");
    await shots(guest.page, "welcome");
    // Dismissed, and back from the top bar.
    await guest.page.locator("#welcome-dismiss").click();
    expect(await guest.page.locator("#welcome").isVisible()).toBe(false);
    await guest.page.locator("#welcome-open").click();
    expect(await guest.page.locator("#welcome").isVisible()).toBe(true);
    await guest.page.keyboard.press("Escape");
    expect(await guest.page.locator("#welcome").isVisible()).toBe(false);
  });

  it("the host on the floor carries a Host badge in who's-here", async () => {
    const floor = await host.context.newPage();
    await floor.goto(`${server!.url}/?venue=foyer`);
    await joinAs(floor, "Hana", "amber");
    const badge = guest.page.locator("#people-list li", { hasText: "Hana" }).locator(".role-badge");
    await expect.poll(() => badge.textContent().catch(() => null), { timeout: 10_000 }).toBe("Host");
    await floor.close();
  });

  it("a stranger with the plain venue link is refused with a clear message", async () => {
    stranger = await openPage(browser!, "stranger");
    await stranger.page.goto(`${server!.url}/?venue=foyer`);
    await waitForJoinForm(stranger.page);
    expect(await stranger.page.locator("#join-invite-note").isVisible()).toBe(true);
    await stranger.page.locator("#join-name").fill("Stan Stranger");
    await stranger.page.keyboard.press("Enter");
    const error = stranger.page.locator("#join-error");
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/invite-only.*personal link/i);
    expect(await error.isVisible()).toBe(true);
    expect(await stranger.page.locator("#join").isVisible()).toBe(true);
    expect(await stranger.page.evaluate(() => !!window.foyer?.room)).toBe(false);
    await screenshot(stranger.page, "event-refused");
  });

  it("the host ends the event; the guest rates it on the closed page", async () => {
    await host.page.bringToFront();
    await host.page.locator("#end-now").click();
    expect(await host.page.locator("#end-now").textContent()).toMatch(/click again/i);
    await host.page.locator("#end-now").click();
    await expect.poll(() => host.page.locator(".event-head .phase").textContent(), { timeout: 10_000 }).toBe("Ended");

    await guest.page.waitForSelector("#closed", { state: "visible", timeout: 15_000 });
    await guest.page.waitForSelector("#feedback-form", { state: "visible", timeout: 10_000 });
    expect(await guest.page.locator("#closed h1").textContent()).toBe(EVENT.title);
    await shots(guest.page, "closed");
    await guest.page.locator('label[for="rating-4"]').click();
    expect(await guest.page.locator("#rating-4").isChecked()).toBe(true);
    await guest.page.locator("#feedback-comment").fill(COMMENT);
    await guest.page.locator("#feedback-new-people").fill("3");
    await guest.page.locator("#feedback-send").click();
    await guest.page.waitForSelector("#feedback-thanks", { timeout: 10_000 });
    await screenshot(guest.page, "event-thanks");
  });

  it("the host reads average 4 and the comment", async () => {
    await host.page.locator("#feedback .section-head button").click();
    await expect.poll(() => host.page.locator("#feedback-average").textContent().catch(() => null), { timeout: 10_000 }).toMatch(/^4[.,]0$/);
    expect(await host.page.locator("#feedback-comments").textContent()).toContain(COMMENT);
    expect(await host.page.locator("#feedback-comments b").count()).toBe(0);
    await expect.poll(() => host.page.locator("#attendance-body tbody tr").count(), { timeout: 5000 }).toBeGreaterThan(0);
    await host.page.locator("#feedback").scrollIntoViewIfNeeded();
    await shots(host.page, "host-feedback");
  });

  it("an upcoming event shows the waiting page, which opens when the host opens the doors", async () => {
    await host.page.locator("#back").click();
    await createEvent(host.page, { title: "Tomorrow's Tea", description: "Same tables, new people.", from: 24 * 60, to: 25 * 60, invite: false, agenda: "Tea tasting" });
    expect(await host.page.locator(".event-head .phase").textContent()).toBe("Upcoming");

    // A new browser: the stranger's page may hold a spot to resume, which skips all pages.
    const fresh = await openPage(browser!, "visitor");
    const visitor = fresh.page;
    await visitor.goto(`${server!.url}/?venue=foyer`);
    await visitor.waitForSelector("#waiting", { state: "visible", timeout: 30_000 });
    expect(await visitor.locator("#waiting h1").textContent()).toBe("Tomorrow's Tea");
    expect(await visitor.locator("#event-starts").textContent()).toMatch(/\(.+\)$/);
    expect(await visitor.locator("#join").isVisible()).toBe(false);
    await shots(visitor, "waiting");

    await host.page.locator("#open-now").click();
    await expect.poll(() => host.page.locator(".event-head .phase").textContent(), { timeout: 10_000 }).toBe("Doors open");
    await waitForJoinForm(visitor, 20_000);
    expect(await visitor.locator("#join-title").textContent()).toBe("Tomorrow's Tea");
  });

  it("no page logged an error", () => {
    const all = [host, guest, stranger].flatMap((p) => [...p.problems.pageErrors, ...p.problems.consoleErrors]);
    // A refused join and 401s before an identity exists are answers, not page errors.
    expect(all.filter((e) => !/Failed to load resource|status of 40[1-9]/.test(e))).toEqual([]);
  });
});
