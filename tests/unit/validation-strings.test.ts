/**
 * A German page says why a field was refused in German, and calls every zone kind by a German
 * name: each refusal below is made by the real schema (join form, sign-up, event form, guests,
 * interests, contact card, chat, report, megaphone, mixer) from the input a person would type,
 * worded as the server sends it, and none of them falls through to the server's English.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { ZONE_KINDS } from "../../shared/map/zoneKinds.ts";
import { createEventSchema, guestSchema, addGuestsSchema, feedbackSchema } from "../../shared/protocol/events.ts";
import { askExchangeSchema } from "../../shared/protocol/networking.ts";
import { describeIssue, joinOptionsSchema, parseClientMessage } from "../../shared/protocol/messages.ts";
import { zodError } from "../../server/http/api/errors.ts";
import { signupSchema } from "../../server/http/api/auth.ts";
import { passwordProblem } from "../../server/http/api/passwords.ts";

type Lib = {
  fromServer: (m: string) => string;
  plainMessage: (m: string) => string;
  issueMessage: (i: z.core.$ZodIssue | undefined) => string;
  zoneKinds: { en: { kinds: Record<string, { name: string; summary: string; fields: Record<string, string> }> }; de: { kinds: Record<string, { name: string; summary: string; fields: Record<string, string> }> } };
};
let lib: Lib;

beforeAll(async () => {
  vi.stubGlobal("window", { location: { search: "?lang=de" } });
  vi.stubGlobal("navigator", { languages: ["en-US"], language: "en-US" });
  const { fromServer } = await import("../../client/ui/serverStrings.ts");
  const { plainMessage } = await import("../../client/ui/eventStrings.ts");
  const { issueMessage } = await import("../../client/ui/validationStrings.ts");
  await import("../../client/ui/zoneKindStrings.ts");
  const { CATALOGUES, locale } = await import("../../client/i18n/index.ts");
  expect(locale).toBe("de");
  const zk = CATALOGUES.find((c) => c.name === "zoneKinds");
  lib = { fromServer, plainMessage, issueMessage, zoneKinds: zk as Lib["zoneKinds"] };
});

const join = (name: string) => joinOptionsSchema.safeParse({ name, avatar: "adventurer" });
/** A room's refusal of a client message, as the guard words it (server/rooms/guard.ts). */
const refusedMessage = (type: Parameters<typeof parseClientMessage>[0], payload: unknown) => {
  const r = parseClientMessage(type, payload);
  if (r.ok) throw new Error(`${type} was accepted`);
  return `invalid ${type}: ${r.message}`;
};
/** An HTTP API's refusal (server/http/api/errors.ts). */
const refusedBody = <T extends z.ZodType>(schema: T, body: unknown) => {
  const r = schema.safeParse(body);
  if (r.success) throw new Error("accepted");
  return zodError(r.error).message;
};
const refusedJoin = (name: string) => {
  const r = join(name);
  if (r.success) throw new Error("accepted");
  return describeIssue(r.error).message;
};

const profile = { interests: [], lookingFor: [], offering: [], affiliation: null };
const event = { title: "Meetup", startsAt: "2026-12-24T18:00:00+01:00", endsAt: "2026-12-24T20:00:00+01:00", timeZone: "Europe/Berlin", access: "open" };

/** What a German page can be told about a field it filled in, each made by the real check. */
function refusals(): string[] {
  return [
    refusedJoin(""),
    refusedJoin("x".repeat(40)),
    refusedJoin("Pаypal"), // a Cyrillic а
    refusedJoin("Ada\u0007"),
    refusedJoin("Ada\u200B"),
    refusedJoin("!!!"),
    refusedBody(signupSchema, { email: "not-an-email", password: "correct horse battery staple", displayName: "Ada" }),
    refusedBody(signupSchema, { email: "ada@example.org", password: "short", displayName: "Ada" }),
    refusedBody(signupSchema, { email: "ada@example.org", password: "password123", displayName: "Ada" }),
    refusedBody(signupSchema, { email: "ada@example.org", password: "correct horse battery staple", displayName: "" }),
    refusedBody(signupSchema, { password: "correct horse battery staple", displayName: "Ada" }),
    `password: ${passwordProblem("qwertyuiop", [])}`,
    `password: ${passwordProblem("aaaaaaaaaaaa", [])}`,
    `password: ${passwordProblem("ada@example.org1", ["ada@example.org", "ada", "example.org"])}`,
    refusedBody(createEventSchema, { ...event, title: "x".repeat(500) }),
    refusedBody(createEventSchema, { ...event, endsAt: "2026-12-24T17:00:00+01:00" }),
    refusedBody(createEventSchema, { ...event, timeZone: "Mars/Olympus" }),
    refusedBody(createEventSchema, { ...event, startsAt: "tomorrow" }),
    refusedBody(createEventSchema, { ...event, capacity: 2.5 }),
    refusedBody(createEventSchema, { ...event, password: "abc" }),
    refusedBody(createEventSchema, { ...event, access: "secret" }),
    refusedBody(guestSchema, { name: "Ben", email: "ben@", role: "attendee" }),
    refusedBody(addGuestsSchema, {}),
    refusedBody(feedbackSchema, { rating: 9 }),
    refusedMessage("editProfile", { ...profile, interests: ["x".repeat(45)] }),
    refusedMessage("editProfile", { ...profile, interests: [""] }),
    refusedMessage("editProfile", { ...profile, lookingFor: ["a", "b", "c", "d", "e", "f"] }),
    refusedMessage("editProfile", { ...profile, affiliation: "x".repeat(81) }),
    refusedMessage("editProfile", { interests: [], affiliation: null }),
    refusedBody(askExchangeSchema, { personId: "p1", email: "nope" }),
    refusedBody(askExchangeSchema, { personId: "p1", link: "ftp://example.org" }),
    refusedMessage("chatSend", { channel: "nearby", text: "" }),
    refusedMessage("report", { id: "p1", reason: "  " }),
    refusedMessage("report", { id: "p1", reason: "x".repeat(600) }),
    refusedMessage("moderate", { action: "megaphone", text: "" }),
    refusedMessage("moderate", { action: "remove", id: "p1", reason: "x".repeat(400) }),
    refusedMessage("mixer", { action: "start", minSize: 0, maxSize: 4, rounds: 1, minutes: 5 }),
  ];
}

describe("field refusals on a German page", () => {
  it("each is said in German, none in the server's English", () => {
    const all = refusals();
    expect(all.length).toBeGreaterThanOrEqual(30);
    const english = all.filter((s) => lib.fromServer(s) === lib.plainMessage(s));
    expect(english).toEqual([]);
  });

  it("names the field and keeps the numbers", () => {
    expect(lib.fromServer(refusedJoin(""))).toBe("Name: darf nicht leer sein.");
    expect(lib.fromServer(refusedJoin("x".repeat(40)))).toBe("Name: darf höchstens 32 Zeichen lang sein.");
    expect(lib.fromServer(refusedBody(signupSchema, { email: "not-an-email", password: "correct horse battery staple", displayName: "Ada" }))).toBe(
      "E-Mail: ist keine gültige E-Mail-Adresse.",
    );
    expect(lib.fromServer(refusedBody(signupSchema, { email: "ada@example.org", password: "short", displayName: "Ada" }))).toBe("Passwort: muss mindestens 10 Zeichen lang sein.");
    expect(lib.fromServer(refusedJoin("Pаypal"))).toBe("Name: mischt Alphabete in „Pаypal“ (ein Doppelgänger-Name); schreib jedes Wort in einem Alphabet.");
    expect(lib.fromServer(refusedMessage("editProfile", { ...profile, interests: ["x".repeat(45)] }))).toBe("Interessen: darf höchstens 40 Zeichen lang sein.");
    expect(lib.fromServer(refusedMessage("report", { id: "p1", reason: "  " }))).toBe("Grund: muss sagen, was passiert ist.");
  });

  it("a form the page checks itself is said by the zod issue's code", () => {
    const issue = (r: { success: boolean; error?: z.ZodError }) => r.error?.issues[0];
    expect(lib.issueMessage(issue(createEventSchema.safeParse({ ...event, title: "x".repeat(500) })))).toBe("darf höchstens 120 Zeichen lang sein");
    expect(lib.issueMessage(issue(guestSchema.safeParse({ name: "Ben", email: "ben@", role: "attendee" })))).toBe("ist keine gültige E-Mail-Adresse");
    expect(lib.issueMessage(issue(createEventSchema.safeParse({ ...event, endsAt: "2026-12-24T17:00:00+01:00" })))).toBe("muss nach dem Beginn liegen");
    expect(lib.issueMessage(issue(createEventSchema.safeParse({ ...event, capacity: 0 })))).toBe("muss mindestens 1 sein");
  });

  it("a server with media switched off says so in German", () => {
    expect(lib.fromServer("media is not available on this server")).toBe("Auf diesem Server sind Audio und Video ausgeschaltet.");
  });

  it("a sentence it does not know is still shown, tidied, rather than nothing", () => {
    expect(lib.fromServer("frobnicate: wibbled the flux")).toBe("Wibbled the flux.");
  });
});

describe("zone kinds on a German page", () => {
  it("every kind has a German name, summary and a label for each of its fields", () => {
    const { en, de } = lib.zoneKinds;
    const missing: string[] = [];
    for (const k of ZONE_KINDS) {
      const g = de.kinds[k.name];
      if (!g?.name.trim()) missing.push(`${k.name}: name`);
      if (!g?.summary.trim()) missing.push(`${k.name}: summary`);
      for (const p of k.properties) if (!g?.fields[p.key]?.trim()) missing.push(`${k.name}.${p.key}`);
      // The English words are the registry's own (one wording, not two).
      expect(en.kinds[k.name]?.name).toBe(k.label);
      expect(en.kinds[k.name]?.summary).toBe(k.summary);
      for (const p of k.properties) expect(en.kinds[k.name]?.fields[p.key]).toBe(p.label);
    }
    expect(missing).toEqual([]);
    expect(de.kinds["coffee-corner"]?.name).toBe("Kaffee-Ecke");
    expect(de.kinds.stage?.name).toBe("Bühne");
  });
});
