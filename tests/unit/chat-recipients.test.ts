/**
 * Who receives a nearby chat message, by the audio's rule: every kind of place a sender
 * and a reader can stand in, read like what an attendee would notice. Plus the text rules
 * both sides share (links, mentions, cleaning).
 */
import { describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { DEFAULT_AUDIBILITY, audibility, type Participant } from "../../shared/audibility/model.ts";
import { nearbyRecipients } from "../../shared/chat/recipients.ts";
import { cleanText, linkSegments, mentions, scopeOf } from "../../shared/chat/text.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import { makeMap } from "../support/maps.ts";

const plan = ["#".repeat(60), ...Array.from({ length: 28 }, () => "#" + ".".repeat(58) + "#"), "#".repeat(60)];
const floor = parseFloor(
  makeMap(plan, [
    { name: "Spawn", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
    { name: "Corner", class: "coffee-corner", x: 10, y: 2, w: 4, h: 4, props: { capacity: 4 } },
    { name: "Open corner", class: "coffee-corner", x: 20, y: 2, w: 4, h: 4, props: { overhear: true } },
    { name: "Table", class: "table", x: 30, y: 2, w: 4, h: 4, props: { seats: 4 } },
    { name: "Stage", class: "stage", x: 40, y: 1, w: 10, h: 3, props: { audience: "Hall" } },
    { name: "Hall", class: "audience", x: 36, y: 5, w: 20, h: 20 },
    { name: "Booth", class: "silent", x: 2, y: 20, w: 3, h: 3 },
  ]),
);
const at = (id: string, tx: number, ty: number, extra: Partial<Participant> = {}): Participant => ({ id, x: tx * TILE_SIZE + 16, y: ty * TILE_SIZE + 16, ...extra });
const receivers = (sender: string, people: Participant[]) => nearbyRecipients(sender, people, floor.zones).recipients.sort();

describe("who receives a nearby message", () => {
  it("everyone in the coffee corner receives it, and the person standing just outside does not", () => {
    const people = [at("ann", 10, 2), at("ben", 13, 5), at("cat", 14, 3)];
    expect(receivers("ann", people)).toEqual(["ann", "ben"]);
    expect(nearbyRecipients("ann", people, floor.zones).zone).toBe("Corner");
  });

  it("someone outside a corner writing to their neighbours does not reach the people inside", () => {
    const people = [at("ann", 10, 2), at("cat", 14, 3), at("dan", 15, 3)];
    expect(receivers("cat", people)).toEqual(["cat", "dan"]);
  });

  it("an overhear corner lets a voice carry faintly but never its text", () => {
    const people = [at("ann", 21, 3), at("eve", 24, 3)];
    expect(audibility(people, floor).get("eve")?.[0]?.via).toBe("overhear");
    expect(receivers("ann", people)).toEqual(["ann"]);
  });

  it("two tables side by side are two conversations", () => {
    const people = [at("ann", 31, 3), at("ben", 32, 4), at("cat", 12, 3)];
    expect(receivers("ann", people)).toEqual(["ann", "ben"]);
    expect(receivers("cat", people)).toEqual(["cat"]);
  });

  it("on the open floor it reaches exactly the people within hearing", () => {
    const r = DEFAULT_AUDIBILITY.hearingRadius / TILE_SIZE;
    const people = [at("ann", 5, 12), at("near", 5 + Math.floor(r) - 1, 12), at("far", 5 + Math.ceil(r) + 1, 12)];
    expect(receivers("ann", people)).toEqual(["ann", "near"]);
  });

  it("a muted person still chats with the people around them", () => {
    const people = [at("ann", 5, 12, { speaking: false }), at("ben", 6, 12, { speaking: false })];
    expect(receivers("ann", people)).toEqual(["ann", "ben"]);
  });

  it("a speaker on stage reaches the whole audience; the audience reaches only its neighbours, not the stage", () => {
    const people = [at("host", 45, 2), at("a1", 37, 24), at("a2", 38, 24)];
    expect(receivers("host", people)).toEqual(["a1", "a2", "host"]);
    expect(receivers("a1", people)).toEqual(["a1", "a2"]);
  });

  it("in a silent booth a message reaches nobody else, and the sender is told so", () => {
    const people = [at("ann", 3, 21), at("ben", 3, 22), at("cat", 6, 21)];
    const talk = nearbyRecipients("ann", people, floor.zones);
    expect(talk).toEqual({ recipients: ["ann"], zone: null, silent: true });
  });

  it("someone who is not on the floor reaches nobody", () => {
    expect(nearbyRecipients("ghost", [at("ann", 5, 5)], floor.zones).recipients).toEqual([]);
  });

  it("whoever receives a message can answer it: on the floor and in a spot the rule is symmetric", () => {
    const people = [at("a", 5, 12), at("b", 8, 12), at("c", 11, 12), at("d", 11, 3), at("e", 12, 4), at("f", 31, 3)];
    for (const s of people)
      for (const r of nearbyRecipients(s.id, people, floor.zones).recipients) expect(nearbyRecipients(r, people, floor.zones).recipients).toContain(s.id);
  });
});

describe("chat text", () => {
  it("only http and https become links, without the sentence's full stop", () => {
    expect(linkSegments("see https://foyer.example/a?b=1. or javascript:alert(1)")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", text: "https://foyer.example/a?b=1", href: "https://foyer.example/a?b=1" },
      { kind: "text", text: ". or javascript:alert(1)" },
    ]);
    expect(linkSegments("<a href=x>no</a>")).toEqual([{ kind: "text", text: "<a href=x>no</a>" }]);
  });

  it("@Ada mentions Ada (any case) but not Adam, and not an email address", () => {
    expect(mentions("hi @ada, welcome", "Ada")).toBe(true);
    expect(mentions("hi @Ada Lovelace", "Ada Lovelace")).toBe(true);
    expect(mentions("hi @Adam", "Ada")).toBe(false);
    expect(mentions("mail ada@Ada.org", "Ada")).toBe(false);
  });

  it("cleaning trims, drops control and direction-override characters, folds blank lines", () => {
    expect(cleanText("  hi\u0007\u202e there\n\n\n\nbye ")).toBe("hi there\n\nbye");
  });

  it("a direct conversation has one scope whichever of the two writes", () => {
    const a = scopeOf({ channel: "direct", event: null, floor: "main", pair: ["p1", "p2"] });
    expect(scopeOf({ channel: "direct", event: "e", floor: "terrace", pair: ["p2", "p1"] })).toBe(a);
  });
});
