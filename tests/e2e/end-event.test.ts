/**
 * Ending the event from inside the venue, in real Chromium on the real server (issue #12).
 * Hugo is a host by his personal host link — he has no host account, so the events API is
 * not his to call — and Gina is an attendee. Hugo opens the Room panel and ends the event
 * for everyone (a second click confirms): Gina's page turns to the closed page with the
 * feedback form, and Hugo stays on the floor, told it is over.
 */
import { describe, expect, it } from "vitest";
import { joinAs, openPage, screenshot, serverAndBrowser } from "../support/browser.ts";
import { eventLinks, SETUP_TOKEN } from "../support/server.ts";

const suite = serverAndBrowser({ FOYER_MEDIA: "off", FOYER_SETUP_TOKEN: SETUP_TOKEN });

describe("a host by host link ends the event from the Room panel", () => {
  it("the attendee gets the closed page, the host stays and is told", async () => {
    const [hugoLink] = await eventLinks(suite.server, [{ name: "Hugo Host", role: "host" }]);
    const hugo = await openPage(suite.browser, "hugo");
    const gina = await openPage(suite.browser, "gina");
    await hugo.page.goto(hugoLink!);
    await joinAs(hugo.page, "Hugo Host", "navy");
    await gina.page.goto(suite.server.url);
    await joinAs(gina.page, "Gina", "teal");
    // His page knows him as a host (the room's state says so), not by an account.
    expect(await hugo.page.evaluate(() => fetch("/api/auth/me").then((r) => r.status))).toBe(401);

    await hugo.page.click("#room-toggle");
    const end = hugo.page.locator("#room-panel button.end-event");
    expect(await end.textContent()).toBe("End the event for everyone");
    await end.click();
    expect(await end.textContent()).toBe("Click again: everyone but hosts leaves");
    await screenshot(hugo.page, "end-event-confirm-1280");
    await end.click();

    await gina.page.waitForSelector("#closed", { state: "visible", timeout: 15_000 });
    await gina.page.waitForSelector("#feedback-form", { state: "visible", timeout: 10_000 });
    expect(await gina.page.locator("#closed h1").textContent()).toBe("Talks");
    await hugo.page.waitForSelector('.toast:has-text("attendees see the closed page")', { timeout: 10_000 });
    expect(await hugo.page.evaluate(() => !!window.foyer?.room?.connection.isOpen)).toBe(true);
    await screenshot(hugo.page, "end-event-host-1280");
    await hugo.page.setViewportSize({ width: 390, height: 844 });
    await hugo.page.waitForTimeout(300);
    await screenshot(hugo.page, "end-event-host-390");
    expect([...hugo.problems.pageErrors, ...gina.problems.pageErrors]).toEqual([]);
  }, 120_000);
});
