/**
 * Interests and intents in real Chromium on the real server (issue #13): at an event whose
 * host gave it tags, Ada opens "My interests…", picks one of the event's tags, adds one of
 * her own (a tag too long is refused there, in words), says what she looks for and where she
 * works, opts in to the map marker and saves; in who's-here she finds Bea by typing an
 * interest and Cem by clicking his tag; Bea, who shares one of Ada's interests, carries a star
 * on the map and Cem does not; Bea's card shows what she offers. Then the same in German.
 *
 * Screenshots go to test-results/e2e/interests-*.png.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Room } from "colyseus.js";
import type { Page } from "playwright-core";
import { TILE_SIZE } from "../../shared/constants.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { avatarsOf } from "../support/avatars.ts";
import { describe, expect, it } from "vitest";
import { joinAs, openPage, screenshot, serverAndBrowser } from "../support/browser.ts";
import { SETUP_TOKEN, waitFor } from "../support/server.ts";
import { venueGuest } from "../support/venue.ts";
import { Visitor } from "../support/visitor.ts";

const HOST = { email: "hana@example.com", password: "correct horse battery", displayName: "Hana Host" };
const suite = serverAndBrowser({ FOYER_MEDIA: "off", FOYER_ADMIN_EMAIL: HOST.email, FOYER_SETUP_TOKEN: SETUP_TOKEN });

/** The names who's-here lists now (you included). */
const listed = (page: Page) => page.locator("#people-list li:not(.floor-head) .name").allTextContents();
/** The name labels drawn on the map for others (session id → text). */
const labels = (page: Page) => page.evaluate(() => window.foyer!.venue!.debugLabels().map((l) => l.text));

async function guest(name: string, interests: string[], more: Record<string, unknown> = {}) {
  const g = await venueGuest(suite.server, name, "main");
  g.room.onMessage("profileSaved", () => {});
  g.room.send("editProfile", { interests, lookingFor: [], offering: [], affiliation: null, ...more });
  return g;
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical findings inside these elements, in its own words ("" when none). */
async function axeProblems(page: Page, selectors: string[]): Promise<string> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (include) => {
    type Result = { violations: { id: string; impact?: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<Result> } }).axe;
    const { violations } = await axe.run({ include: include.map((s) => [s]) }, { resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.map(String).join(" ")} ${n.failureSummary ?? ""}`).join("; ")}`)
      .join("\n");
  }, selectors);
}

/** `room`'s person walks up to two tiles right of the page's own avatar. */
async function comeOver(page: Page, room: Room<FloorStateView>): Promise<void> {
  const me = await page.evaluate(() => window.foyer!.venue!.debugSnapshot().me!);
  const to = { tx: Math.floor(me.x / TILE_SIZE) + 2, ty: Math.floor(me.y / TILE_SIZE) };
  room.send("walkTo", to);
  await waitFor(() => {
    const a = avatarsOf(room).get(room.sessionId);
    return a && !a.moving && Math.floor(a.x / TILE_SIZE) === to.tx && Math.floor(a.y / TILE_SIZE) === to.ty;
  }, "walked over", 15_000);
  await page.waitForTimeout(500); // the page draws them there
}

async function dismissWelcome(page: Page): Promise<void> {
  const ok = page.locator("#welcome-dismiss");
  if (await ok.isVisible().catch(() => false)) await ok.click();
}

describe("interests and intents in the venue", () => {
  const hana = () => host ?? (host = new Visitor(suite.server.url));
  let host: Visitor | undefined;
  let eventId = "";
  /** The host signs up and opens "Climate night" with its tags (once for the file, whichever test runs first). */
  const climateNight = async (): Promise<string> => {
    if (eventId) return eventId;
    expect((await hana().call("POST", "/api/auth/signup", { ...HOST, setupToken: SETUP_TOKEN })).status).toBe(201);
    const made = await hana().call("POST", "/api/venues/foyer/events", {
      title: "Climate night",
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: "Europe/Berlin",
      access: "open",
      tags: ["Climate", "AI", "Policy"],
    });
    expect(made.status).toBe(201);
    return (eventId = (made.body.event as { id: string }).id);
  };

  it("Ada edits her interests, finds people by one in who's-here, and sees a star over Bea who shares one", async () => {
    await climateNight();

    const bea = await guest("Bea", ["Climate", "Jazz"], { offering: ["Seed funding"], affiliation: "Windpark GmbH" });
    const cem = await guest("Cem", ["Knitting"]);

    const { page, problems } = await openPage(suite.browser, "ada");
    await page.goto(`${suite.server.url}/?lang=en`);
    await joinAs(page, "Ada", "amber");
    await dismissWelcome(page);
    await page.locator("#people-list li", { hasText: "Cem" }).waitFor({ timeout: 15_000 });

    await page.locator("#interests-button").click();
    const editor = page.locator("#interests-editor");
    await editor.waitFor();
    // The event's own tags to pick from.
    expect(await editor.locator("#interests-event-tags button").allTextContents()).toEqual(["Climate", "AI", "Policy"]);
    await editor.locator("#interests-event-tags button", { hasText: "Climate" }).click();
    expect(await editor.locator("#interests-event-tags button", { hasText: "Climate" }).getAttribute("aria-pressed")).toBe("true");
    // A tag too long is refused in words, and not added.
    await editor.locator("#interests-add").fill("x".repeat(45));
    await editor.locator("#interests-add").press("Enter");
    await expect.poll(() => editor.locator("#interests-error").textContent()).toBe("An interest can be at most 40 characters.");
    await editor.locator("#interests-add").fill("Heat pumps");
    await editor.locator("#interests-add-button").click();
    expect(await editor.locator("#interests-mine li.tag span").allTextContents()).toEqual(["Climate", "Heat pumps"]);
    await expect.poll(() => editor.locator("#interests-error").isVisible()).toBe(false);
    await editor.locator("#interests-looking-for").fill("a co-founder, feedback");
    await editor.locator("#interests-affiliation").fill("Acme Energy");
    await editor.locator("#interests-markers").check();
    expect(await axeProblems(page, ["#interests-editor", "#people"]), "the editor and who's-here, by axe-core").toBe("");
    await screenshot(page, "interests-editor-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "interests-editor-390");
    await page.setViewportSize({ width: 1280, height: 720 });
    await editor.locator("#interests-save").click();
    await editor.waitFor({ state: "detached", timeout: 10_000 });
    await expect.poll(() => page.locator("#toasts").textContent(), { timeout: 5000 }).toContain("Your profile is saved.");

    // Saved on her identity: Bea's client reads Ada's card.
    let card: unknown = null;
    bea.room.onMessage("profile", (m: unknown) => (card = m));
    bea.room.send("profile", { id: await page.evaluate(() => window.foyer!.room!.sessionId) });
    await waitFor(() => card, "Bea gets Ada's card");
    expect(card).toMatchObject({ interests: ["Climate", "Heat pumps"], lookingFor: ["a co-founder", "feedback"], affiliation: "Acme Energy" });

    // The star: Bea shares "Climate" with Ada, Cem shares nothing. Bea comes over, to be seen.
    await expect.poll(() => labels(page), { timeout: 10_000 }).toContain("★ Bea");
    await comeOver(page, bea.room);
    await screenshot(page, "interests-marker-1280");
    expect(await labels(page)).toContain("Cem");
    expect((await labels(page)).some((l) => l.includes("★ Cem"))).toBe(false);
    await expect.poll(() => page.locator("#people-list li", { hasText: "Bea" }).locator("button.tag.shared").allTextContents()).toEqual(["Climate"]);

    // Find by typing an interest, then by clicking someone's tag.
    await page.locator("#people-filter").fill("jazz");
    await expect.poll(() => listed(page)).toEqual(["Bea"]);
    await screenshot(page, "interests-whos-here-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    if (await page.locator("#people").evaluate((e) => e.classList.contains("collapsed"))) await page.locator("#people-toggle").click();
    await screenshot(page, "interests-whos-here-390");
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator("#people-filter").fill("");
    await page.locator("#people-list li", { hasText: "Cem" }).locator("button.tag", { hasText: "Knitting" }).click();
    expect(await page.locator("#people-filter").inputValue()).toBe("Knitting");
    await expect.poll(() => listed(page)).toEqual(["Cem"]);
    await page.locator("#people-filter").fill("nobody-likes-this");
    await expect.poll(() => page.locator("#people-none").isVisible()).toBe(true);
    await page.locator("#people-filter").fill("");

    // Bea's card: what she offers and where she works.
    await page.locator("#people-list li", { hasText: "Bea" }).locator("button.name").click();
    const beaCard = page.locator("#profile-card");
    await beaCard.waitFor();
    await expect.poll(() => beaCard.locator(".intents").textContent()).toBe("OrganisationWindpark GmbHOfferingSeed funding");
    await screenshot(page, "interests-card-1280");
    await page.keyboard.press("Escape");
    expect(problems.pageErrors).toEqual([]);
    await page.close();
    await bea.room.leave();
    await cem.room.leave();
  }, 120_000);

  it("in German: the editor, the search and the marker speak German", async () => {
    const bea = await guest("Bea", ["Klima"]);
    const { page, problems } = await openPage(suite.browser, "dora");
    await page.goto(`${suite.server.url}/?lang=de`);
    await joinAs(page, "Dora", "teal");
    await dismissWelcome(page);
    await page.locator("#people-list li", { hasText: "Bea" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#interests-button").textContent()).toBe("Meine Interessen…");
    await page.locator("#interests-button").click();
    const editor = page.locator("#interests-editor");
    await editor.waitFor();
    expect(await editor.locator("h3").textContent()).toBe("Deine Interessen");
    await editor.locator("#interests-add").fill("Klima");
    await editor.locator("#interests-add").press("Enter");
    await editor.locator("#interests-offering").fill("Mentoring");
    await editor.locator("#interests-markers").check();
    await screenshot(page, "interests-editor-de-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "interests-editor-de-390");
    await page.setViewportSize({ width: 1280, height: 720 });
    await editor.locator("#interests-save").click();
    await expect.poll(() => page.locator("#toasts").textContent(), { timeout: 5000 }).toContain("Dein Profil ist gespeichert.");
    await expect.poll(() => labels(page), { timeout: 10_000 }).toContain("★ Bea");
    await comeOver(page, bea.room);
    await screenshot(page, "interests-marker-de-1280");
    await page.locator("#people-filter").fill("klima");
    // Both have "Klima": you first, then Bea.
    await expect.poll(async () => (await listed(page)).length).toBe(2);
    expect((await listed(page))[1]).toBe("Bea");
    expect(await page.locator("#people-filter").getAttribute("aria-label")).toBe("Jemanden nach Namen oder Interesse finden");
    await screenshot(page, "interests-whos-here-de-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    if (await page.locator("#people").evaluate((e) => e.classList.contains("collapsed"))) await page.locator("#people-toggle").click();
    await screenshot(page, "interests-whos-here-de-390");
    expect(problems.pageErrors).toEqual([]);
    await page.close();
    await bea.room.leave();
  }, 120_000);

  it("the host changes the event's tags on its page in /host, and sees the mixer's 'same organisation apart' setting", async () => {
    await climateNight();
    const { page, context, problems } = await openPage(suite.browser, "hana");
    await context.addCookies([{ name: "foyer_session", value: hana().cookies.get("foyer_session")!, url: suite.server.url }]);
    await page.goto(`${suite.server.url}/host?lang=en`);
    await page.locator(`#event-list button[data-event="${eventId}"]`).click();
    const tags = page.locator("#event-tags");
    await expect.poll(() => tags.inputValue(), { timeout: 10_000 }).toBe("Climate, AI, Policy");
    // Too long: the server's refusal names the tag; nothing changes.
    await tags.fill(`Climate, ${"x".repeat(41)}`);
    await page.locator("#event-tags-save").click();
    await expect.poll(() => page.locator("#event-tags-status").textContent()).toContain("at most 40 characters");
    await tags.fill("Climate, AI, Policy, Hydrogen");
    await page.locator("#event-tags-save").click();
    await expect.poll(async () => ((await new Visitor(suite.server.url).call("GET", "/api/venues/foyer/event")).body.event as { tags: string[] }).tags).toEqual(["Climate", "AI", "Policy", "Hydrogen"]);
    await expect.poll(() => page.locator("#event-tags").inputValue()).toBe("Climate, AI, Policy, Hydrogen");
    await screenshot(page, "interests-host-tags-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "interests-host-tags-390");
    await page.setViewportSize({ width: 1280, height: 720 });

    // In the venue as the event's host: the mixer's controls keep colleagues apart when asked.
    const added = await hana().call("POST", `/api/events/${eventId}/guests`, { guests: [{ name: "Hana", role: "host" }] });
    expect(added.status).toBe(201);
    const link = (added.body.guests as { link: string }[])[0]!.link;
    const venue = await openPage(suite.browser, "hana-venue");
    await venue.page.goto(`${link}&lang=de`);
    await joinAs(venue.page, "Hana", "violet");
    await dismissWelcome(venue.page);
    await venue.page.locator("#mixer-card .mixer-open").click();
    const apart = venue.page.locator("#mixer-card label.mixer-check");
    await apart.waitFor();
    expect(await apart.textContent()).toBe("Leute aus derselben Organisation in verschiedene Gruppen");
    await screenshot(venue.page, "interests-mixer-host-de-1280");
    await venue.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(venue.page, "interests-mixer-host-de-390");
    expect(problems.pageErrors).toEqual([]);
    expect(venue.problems.pageErrors).toEqual([]);
    await venue.page.close();
    await page.close();
  }, 120_000);
});
