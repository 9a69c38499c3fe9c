/**
 * Interests and intents (issue #13) without a server: the shared rules for tags and the
 * edit schema's refusals, then a LiveFloor on plain data — an edit saved and shown on the
 * card and the who's-here board, a refused edit saving nothing — and mixer rounds that read
 * affiliation and intents from profiles: a host's "keep the same organisation apart" really
 * keeps them apart, and "looking for" meets "offering".
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TICK_MS } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { parseClientMessage, type ServerMessages } from "../../shared/protocol/messages.ts";
import { normalTag, profileEditSchema, sharedTags, tagMatches, uniqueTags } from "../../shared/protocol/profile.ts";
import { memoryChatStore } from "../../server/floor/chatMemory.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { hall, makeMap, type ZoneSpec } from "../support/maps.ts";

type Told = { to: string; type: keyof ServerMessages; message: unknown };
class Recorder implements Outbox {
  told: Told[] = [];
  send<K extends keyof ServerMessages>(to: string, type: K, message: ServerMessages[K]): void {
    this.told.push({ to, type, message });
  }
  refuse(): void {}
  of<K extends keyof ServerMessages>(to: string, type: K): ServerMessages[K][] {
    return this.told.filter((t) => t.to === to && t.type === type).map((t) => t.message as ServerMessages[K]);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

const ZONES: ZoneSpec[] = [
  { name: "Entrance", class: "spawn", x: 1, y: 1, w: 3, h: 3 },
  ...Array.from({ length: 6 }, (_, i) => ({ name: `Table ${i + 1}`, class: "table", x: 6 + i * 4, y: 5, w: 3, h: 3, props: { seats: 4 } })),
];

function setUp() {
  const clock = { now: 0 };
  const outbox = new Recorder();
  const store = memoryChatStore();
  const board = new Map<string, readonly string[]>();
  const floor = new LiveFloor({
    venue: "foyer",
    floor: "main",
    plan: parseFloor(makeMap(hall(32, 10), ZONES)),
    outbox,
    now: () => clock.now,
    random: (() => {
      let s = 7;
      return () => ((s = (s * 16807) % 2147483647) / 2147483647);
    })(),
    log: pino({ level: "silent" }),
    chat: { store, board: { setStatus() {}, setInterests: (id, tags) => board.set(id, tags) } },
  });
  const join = (id: string, role = "attendee") => floor.join(id, { name: id[0]!.toUpperCase() + id.slice(1), avatar: "teal", admission: { person: { id: `person-${id}` }, role, eventId: "ev" } });
  /** A client message through its schema, as the room's guard does; a refusal is returned. */
  const edit = (id: string, data: unknown): string | null => {
    const parsed = parseClientMessage("editProfile", data);
    if (!parsed.ok) return parsed.message;
    if (parsed.message.type === "editProfile") floor.profiles.edit(floor.person(id)!, parsed.message.data);
    return null;
  };
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.now += TICK_MS;
      floor.tick();
    }
  };
  return { floor, outbox, store, board, join, edit, ticks, clock };
}

const profile = (over: Partial<{ interests: string[]; lookingFor: string[]; offering: string[]; affiliation: string | null }> = {}) => ({ interests: [], lookingFor: [], offering: [], affiliation: null, ...over });

describe("interest tags", () => {
  it("compare without case, outer or doubled spaces, and keep the first spelling once", () => {
    expect(normalTag("  Open   Source ")).toBe("open source");
    expect(uniqueTags(["AI", "ai", " Open  source", "open source", ""])).toEqual(["AI", "Open source"]);
    expect(sharedTags(["climate", "AI"], ["ai", "Design", "Climate "])).toEqual(["ai", "Climate "]);
    expect(tagMatches(["Machine learning"], "learn")).toBe(true);
    expect(tagMatches(["Machine learning"], "")).toBe(false);
  });

  it("the edit schema refuses too many or too long tags and intents with a message naming the field", () => {
    const tooMany = parseClientMessage("editProfile", profile({ interests: Array.from({ length: 21 }, (_, i) => `t${i}`) }));
    expect(tooMany).toMatchObject({ ok: false, field: "interests", message: "interests: has more than 20 interests" });
    const tooLong = parseClientMessage("editProfile", profile({ interests: ["x".repeat(41)] }));
    expect(tooLong).toMatchObject({ ok: false, field: "interests.0", message: "interests.0: each interest must be at most 40 characters" });
    const empty = parseClientMessage("editProfile", profile({ interests: ["   "] }));
    expect(empty).toMatchObject({ ok: false, message: "interests.0: an interest must not be empty" });
    const intents = parseClientMessage("editProfile", profile({ offering: Array.from({ length: 6 }, (_, i) => `o${i}`) }));
    expect(intents).toMatchObject({ ok: false, message: "offering: has more than 5 entries" });
    const org = parseClientMessage("editProfile", profile({ affiliation: "x".repeat(81) }));
    expect(org).toMatchObject({ ok: false, message: "affiliation: the affiliation must be at most 80 characters" });
    expect(profileEditSchema.parse(profile({ interests: ["AI", "ai"] })).interests).toEqual(["AI"]);
  });
});

describe("editing a profile on the floor", () => {
  it("saves under the identity, tells the editor, puts the interests on who's-here and on the card", async () => {
    const t = setUp();
    t.join("ann");
    t.join("ben");
    expect(t.edit("ann", { ...profile({ interests: ["Climate", "AI"], lookingFor: ["a co-founder"], offering: ["mentoring"], affiliation: " Acme " }), headline: "Builds heat pumps" })).toBeNull();
    await settle();
    expect(t.outbox.of("ann", "profileSaved")).toEqual([{ headline: "Builds heat pumps", interests: ["Climate", "AI"], lookingFor: ["a co-founder"], offering: ["mentoring"], affiliation: "Acme" }]);
    expect(t.board.get("ann")).toEqual(["Climate", "AI"]);
    t.floor.reactions.profile(t.floor.person("ben")!, { id: "ann" });
    await settle();
    expect(t.outbox.of("ben", "profile")[0]).toMatchObject({ personId: "person-ann", headline: "Builds heat pumps", interests: ["Climate", "AI"], lookingFor: ["a co-founder"], offering: ["mentoring"], affiliation: "Acme" });
  });

  it("a refused edit saves nothing: the earlier profile stays", async () => {
    const t = setUp();
    t.join("ann");
    t.edit("ann", profile({ interests: ["Climate"] }));
    await settle();
    expect(t.edit("ann", profile({ interests: ["Climate", "y".repeat(200)] }))).toMatch(/at most 40 characters/);
    await settle();
    expect((await t.store.profile("person-ann"))?.interests).toEqual(["Climate"]);
    expect(t.outbox.of("ann", "profileSaved")).toHaveLength(1);
  });
});

describe("mixer rounds read affiliation and intents from profiles", () => {
  async function round(people: { id: string; profile: ReturnType<typeof profile> }[], avoidSameAffiliation: boolean) {
    const t = setUp();
    t.join("host", "host");
    for (const p of people) {
      t.join(p.id);
      t.edit(p.id, p.profile);
    }
    await settle();
    t.floor.mixer.command(t.floor.person("host")!, { action: "start", rounds: 1, seconds: 60, startIn: 5, minSize: 2, maxSize: 2, ...(avoidSameAffiliation ? { avoidSameAffiliation: true } : {}) });
    for (const p of people) t.floor.mixer.command(t.floor.person(p.id)!, { action: "join" });
    t.ticks(Math.ceil(5000 / TICK_MS) + 2);
    await settle();
    await settle();
    t.ticks(1);
    return t.floor.mixer.groups();
  }

  it("with the host's setting, nobody shares a pair with a colleague (two organisations of four)", async () => {
    const people = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, profile: profile({ affiliation: i < 4 ? "Acme" : "Globex", interests: ["AI"] }) }));
    const org = new Map(people.map((p) => [p.id, p.profile.affiliation]));
    for (let attempt = 0; attempt < 3; attempt++) {
      const groups = await round(people, true);
      expect(groups).toHaveLength(4);
      for (const g of groups) expect(new Set(g.members.map((m) => org.get(m))).size).toBe(g.members.length);
    }
  });

  it("without it, the same people are grouped without looking at organisations (some colleagues meet)", async () => {
    // Everyone at Acme: avoiding is impossible and not asked for; groups still form.
    const people = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, profile: profile({ affiliation: "Acme" }) }));
    const groups = await round(people, false);
    expect(groups.flatMap((g) => g.members).sort()).toEqual(people.map((p) => p.id).sort());
  });

  it('"looking for funding" is paired with "offering funding"', async () => {
    const people = [
      { id: "seeker1", profile: profile({ lookingFor: ["Funding"] }) },
      { id: "seeker2", profile: profile({ lookingFor: ["funding"] }) },
      { id: "angel1", profile: profile({ offering: ["funding"] }) },
      { id: "angel2", profile: profile({ offering: ["Funding "] }) },
    ];
    const groups = await round(people, false);
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(g.members.filter((m) => m.startsWith("seeker"))).toHaveLength(1);
  });
});
