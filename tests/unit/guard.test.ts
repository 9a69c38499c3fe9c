import { describe, expect, it } from "vitest";
import { MAX_MESSAGES_PER_SECOND, MAX_REJECTS_PER_MINUTE } from "../../shared/constants.ts";
import { joinOptionsSchema } from "../../shared/protocol/messages.ts";
import { MessageGuard } from "../../server/rooms/guard.ts";

describe("the message guard at the room's edge", () => {
  it("lets a valid move through", () => {
    const r = new MessageGuard().check("move", { dx: 1, dy: 0, seq: 1 });
    expect(r).toMatchObject({ ok: true, type: "move", data: { dx: 1, dy: 0, seq: 1 } });
  });

  it("names the bad field", () => {
    const r = new MessageGuard().check("move", { dx: 7, dy: 0, seq: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "invalid_message", type: "move", field: "dx" });
  });

  it("refuses unknown types, extra fields and oversized payloads", () => {
    const g = new MessageGuard();
    const unknown = g.check("teleport", {});
    expect(!unknown.ok && unknown.error.code).toBe("unknown_message");
    const extra = g.check("walkTo", { tx: 1, ty: 2, admin: true });
    expect(!extra.ok && extra.error.message).toMatch(/admin|Unrecognized/);
    const big = g.check("move", { dx: 0, dy: 0, seq: 1, pad: "x".repeat(5000) });
    expect(!big.ok && big.error.code).toBe("message_too_large");
  });

  it("rate-limits a flood and asks for disconnection when abuse continues", () => {
    let now = 0;
    const g = new MessageGuard(() => now);
    const results = Array.from({ length: MAX_MESSAGES_PER_SECOND + 10 }, () => g.check("move", { dx: 0, dy: 0, seq: 1 }));
    expect(results.filter((r) => !r.ok).length).toBe(10);
    now += 1000; // a second later the bucket has refilled
    expect(g.check("move", { dx: 0, dy: 0, seq: 2 }).ok).toBe(true);
    let last = g.check("bogus", null);
    for (let i = 0; i < MAX_REJECTS_PER_MINUTE; i++) last = g.check("bogus", null);
    expect(!last.ok && last.disconnect).toBe(true);
  });
});

describe("hostile message types and payloads", () => {
  // Whatever msgpack decodes to may arrive as the type (a client that sends type "*" puts
  // its payload there): objects with toString/valueOf keys used to throw, uncaught.
  const hostileTypes: unknown[] = [
    { toString: 1 },
    [{ toString: 1 }],
    { valueOf: 1, toString: "x" },
    Object.create(null),
    null,
    undefined,
    42,
    2n ** 70n,
    true,
    "__proto__",
    "constructor",
    "toString",
    "__no_message_handler",
    "x".repeat(10_000),
  ];
  for (const type of hostileTypes) {
    it(`answers a message typed ${typeof type === "string" ? JSON.stringify(type.slice(0, 20)) : typeof type} with unknown_message, without throwing`, () => {
      const r = new MessageGuard().check(type, { toString: 1 });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("unknown_message");
        expect(r.error.type.length).toBeLessThanOrEqual(40);
      }
    });
  }

  it("names the field holding a BigInt instead of calling the message too large", () => {
    const r = new MessageGuard().check("move", { dx: 1, dy: 0, seq: 2n ** 40n });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "invalid_message", type: "move", field: "seq" });
  });

  it("types what it lets through by the message's type", () => {
    const r = new MessageGuard().check("walkTo", { tx: 3, ty: 4 });
    expect(r.ok && r.type === "walkTo" && r.data.tx + r.data.ty).toBe(7);
  });
});

describe("join options", () => {
  it("trims and accepts a normal name", () => {
    expect(joinOptionsSchema.parse({ name: "  Ada   Lovelace ", avatar: "teal" })).toMatchObject({ name: "Ada Lovelace", floor: "main" });
  });
  it("refuses empty, too long, control characters and unknown avatars", () => {
    expect(joinOptionsSchema.safeParse({ name: "   ", avatar: "teal" }).success).toBe(false);
    expect(joinOptionsSchema.safeParse({ name: "x".repeat(33), avatar: "teal" }).success).toBe(false);
    expect(joinOptionsSchema.safeParse({ name: "evil\u202Ename", avatar: "teal" }).success).toBe(false);
    expect(joinOptionsSchema.safeParse({ name: "Ada", avatar: "dragon" }).success).toBe(false);
  });
  it("keeps markup as plain text (the client renders names as text)", () => {
    expect(joinOptionsSchema.parse({ name: "<b>Bob</b>", avatar: "navy" }).name).toBe("<b>Bob</b>");
  });
});
