import { describe, expect, it } from "vitest";
import { decideAccess, eventFor, eventPhase, type AccessRequest, type EventWindow } from "../../shared/events/window.ts";
import { admit, AdmissionRefused, type AdmissionDeps, type AdmissionEvent, type AdmittedPerson } from "../../server/floor/admission.ts";

const H = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 11, 24, 18, 0);
const win = (startsAt: number, endsAt: number, extra: Partial<EventWindow> = {}): EventWindow => ({ startsAt, endsAt, openedAt: null, closedAt: null, ...extra });

describe("an event's window", () => {
  it("is upcoming before its start, open during it, ended after", () => {
    const e = win(T0, T0 + 2 * H);
    expect(eventPhase(e, T0 - 1)).toBe("upcoming");
    expect(eventPhase(e, T0)).toBe("open");
    expect(eventPhase(e, T0 + 2 * H - 1)).toBe("open");
    expect(eventPhase(e, T0 + 2 * H)).toBe("ended");
  });
  it("opens early when a host opens the doors, and ends early when a host ends it", () => {
    expect(eventPhase(win(T0, T0 + H, { openedAt: T0 - H / 2 }), T0 - H / 4)).toBe("open");
    expect(eventPhase(win(T0, T0 + H, { closedAt: T0 + H / 2 }), T0 + H / 2)).toBe("ended");
  });
  it("a visitor meets the open event, else the next, else the last that ended", () => {
    const past = { ...win(T0 - 5 * H, T0 - 4 * H), name: "past" };
    const now = { ...win(T0 - H, T0 + H), name: "now" };
    const next = { ...win(T0 + 3 * H, T0 + 4 * H), name: "next" };
    expect(eventFor([past, next, now], T0)?.name).toBe("now");
    expect(eventFor([past, next], T0)?.name).toBe("next");
    expect(eventFor([past], T0)?.name).toBe("past");
    expect(eventFor([], T0)).toBeNull();
  });
});

describe("who may come in", () => {
  const base = (over: Partial<AccessRequest> = {}): AccessRequest => ({
    event: { ...win(T0, T0 + H), access: "open", capacity: null, hasPassword: false },
    now: T0 + 1,
    present: 0,
    isVenueHost: false,
    invitation: null,
    role: null,
    passwordOk: null,
    ...over,
  });
  it("lets anyone into an open event while it is on", () => {
    expect(decideAccess(base())).toEqual({ ok: true, role: "attendee", invitationId: null });
  });
  it("keeps strangers out of an invite-only event and lets the invited in with their role", () => {
    const invite = { ...base().event, access: "invite" as const };
    expect(decideAccess(base({ event: invite }))).toMatchObject({ ok: false, reason: "not_invited" });
    expect(decideAccess(base({ event: invite, invitation: { id: "i1", role: "speaker" } }))).toEqual({ ok: true, role: "speaker", invitationId: "i1" });
  });
  it("says the doors are not open yet, or that it has ended — but lets the venue's host in to set up", () => {
    expect(decideAccess(base({ now: T0 - 1 }))).toMatchObject({ ok: false, reason: "not_started" });
    expect(decideAccess(base({ now: T0 + H }))).toMatchObject({ ok: false, reason: "ended" });
    expect(decideAccess(base({ now: T0 - 1, isVenueHost: true }))).toMatchObject({ ok: true, role: "host" });
  });
  it("is full at its capacity, except for speakers and hosts", () => {
    const full = { ...base().event, capacity: 2 };
    expect(decideAccess(base({ event: full, present: 2 }))).toMatchObject({ ok: false, reason: "full" });
    expect(decideAccess(base({ event: full, present: 2, role: "speaker" }))).toMatchObject({ ok: true });
  });
  it("asks for the password when the event has one, unless the person was invited", () => {
    const pw = { ...base().event, hasPassword: true };
    expect(decideAccess(base({ event: pw }))).toMatchObject({ ok: false, reason: "password", message: expect.stringMatching(/needs its password/) });
    expect(decideAccess(base({ event: pw, passwordOk: false }))).toMatchObject({ ok: false, message: expect.stringMatching(/wrong/) });
    expect(decideAccess(base({ event: pw, passwordOk: true }))).toMatchObject({ ok: true });
    expect(decideAccess(base({ event: pw, invitation: { id: "i", role: "attendee" } }))).toMatchObject({ ok: true });
  });
});

describe("admission at the floor's door", () => {
  function deps(over: Partial<AdmissionDeps> & { events?: AdmissionEvent[]; people?: Record<string, AdmittedPerson> } = {}): AdmissionDeps & { made: AdmittedPerson[] } {
    const people = over.people ?? {};
    const made: AdmittedPerson[] = [];
    return {
      made,
      now: () => T0 + 1,
      personByToken: async (t) => people[t] ?? null,
      newGuest: async (p) => {
        const person = { id: `p${made.length + 1}`, displayName: p.displayName, avatar: p.avatar, accountId: null };
        made.push(person);
        return { person, token: "t".repeat(43) };
      },
      updateProfile: async () => {},
      eventsOf: async () => over.events ?? [],
      venueOwner: async () => "acct-host",
      invitationFor: async () => null,
      roleAt: async () => null,
      present: async () => 0,
      verifyPassword: async (_h, p) => p === "sesame",
      ...over,
    };
  }
  const ada: AdmittedPerson = { id: "ada", displayName: "Ada", avatar: "teal", accountId: null };
  const inviteOnly: AdmissionEvent = { id: "e1", ...win(T0, T0 + H), access: "invite", capacity: null, passwordHash: null };

  it("knows people by their token, not by the name they send", async () => {
    const d = deps({ people: { ["a".repeat(43)]: ada } });
    const a = await admit(d, { venue: "foyer", token: { kind: "token", token: "a".repeat(43) }, name: "Ada L.", avatar: "teal" });
    expect(a.person.id).toBe("ada");
    expect(a.person.displayName).toBe("Ada L.");
    expect(a.issuedToken).toBeNull();
  });
  it("refuses a forged or expired token with a clear message", async () => {
    await expect(admit(deps(), { venue: "foyer", token: { kind: "token", token: "f".repeat(43) }, name: "X", avatar: "teal" })).rejects.toThrow(/identity: .*expired or was not issued here/);
    await expect(admit(deps(), { venue: "foyer", token: { kind: "malformed" }, name: "X", avatar: "teal" })).rejects.toBeInstanceOf(AdmissionRefused);
  });
  it("gives someone without an identity a new guest identity in an open venue", async () => {
    const d = deps();
    const a = await admit(d, { venue: "foyer", token: { kind: "none" }, name: "Ben", avatar: "navy" });
    expect(d.made).toHaveLength(1);
    expect(a).toMatchObject({ role: "attendee", eventId: null, issuedToken: "t".repeat(43) });
  });
  it("refuses an uninvited person at an invite-only event, before making any identity", async () => {
    const d = deps({ events: [inviteOnly] });
    await expect(admit(d, { venue: "foyer", token: { kind: "none" }, name: "Sam", avatar: "navy" })).rejects.toThrow(/invite-only/);
    expect(d.made).toHaveLength(0);
    const withToken = deps({ events: [inviteOnly], people: { ["a".repeat(43)]: ada } });
    await expect(admit(withToken, { venue: "foyer", token: { kind: "token", token: "a".repeat(43) }, name: "Ada", avatar: "teal" })).rejects.toThrow(/access: this event is invite-only/);
  });
  it("admits the invited with their invitation's role, and the venue's host as host", async () => {
    const invited = deps({ events: [inviteOnly], people: { ["a".repeat(43)]: ada }, invitationFor: async () => ({ id: "inv", role: "speaker" }) });
    expect(await admit(invited, { venue: "foyer", token: { kind: "token", token: "a".repeat(43) }, name: "Ada", avatar: "teal" })).toMatchObject({ role: "speaker", eventId: "e1", invitationId: "inv" });
    const host = deps({ events: [inviteOnly], people: { ["h".repeat(43)]: { ...ada, id: "h", accountId: "acct-host" } } });
    expect(await admit(host, { venue: "foyer", token: { kind: "token", token: "h".repeat(43) }, name: "Hana", avatar: "teal" })).toMatchObject({ role: "host" });
  });
  it("checks the event password", async () => {
    const pw: AdmissionEvent = { ...inviteOnly, access: "open", passwordHash: "argon2…" };
    await expect(admit(deps({ events: [pw] }), { venue: "foyer", token: { kind: "none" }, name: "Sam", avatar: "navy", password: "nope" })).rejects.toThrow(/password is wrong/);
    expect(await admit(deps({ events: [pw] }), { venue: "foyer", token: { kind: "none" }, name: "Sam", avatar: "navy", password: "sesame" })).toMatchObject({ eventId: "e1" });
  });
});
