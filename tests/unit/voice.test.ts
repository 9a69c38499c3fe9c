/**
 * Mute and unmute heard at once (server/floor/voice.ts): a `speaking` message is relayed
 * straight to whoever receives the speaker's media, and media follows on the next tick
 * instead of the next 10 Hz update. Plain data, with a fake media port.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Participant } from "../../shared/audibility/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import type { CheckedMediaRequest, MediaEvent, MediaResponse } from "../../shared/protocol/media.ts";
import { parseClientMessage, type ServerMessages } from "../../shared/protocol/messages.ts";
import { floorHandlers } from "../../server/floor/dispatch.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { FloorMediaPort } from "../../server/floor/media.ts";
import { relaySpeaking } from "../../server/floor/voice.ts";
import { makeMap } from "../support/maps.ts";

const PLAN = ["#".repeat(30), ...Array.from({ length: 3 }, () => "#" + ".".repeat(28) + "#"), "#".repeat(30)];
const FLOOR = parseFloor(makeMap(PLAN, [{ name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 }]));

class FakeMedia implements FloorMediaPort {
  readonly updates: { people: readonly Participant[]; moved: boolean }[] = [];
  readonly hears = new Map<string, Set<string>>();
  addPeer(_id: string, _send: (event: MediaEvent) => void): void {}
  removePeer(): void {}
  async handle(_peerId: string, request: CheckedMediaRequest): Promise<MediaResponse> {
    return { requestId: request.requestId, ok: true, data: {} };
  }
  async update(people: readonly Participant[], _floor: unknown, moved: boolean): Promise<void> {
    this.updates.push({ people, moved });
  }
  subscribedTo(listenerId: string): ReadonlySet<string> {
    return this.hears.get(listenerId) ?? new Set();
  }
  flowing(): Map<string, Set<string>> {
    return new Map();
  }
  close(): void {}
}

function setUp() {
  const media = new FakeMedia();
  const told: { to: string; type: keyof ServerMessages; message: unknown }[] = [];
  const outbox = { send: (to: string, type: keyof ServerMessages, message: unknown) => void told.push({ to, type, message }), refuse: () => {} };
  const floor = new LiveFloor({ venue: "foyer", plan: FLOOR, outbox, now: () => 0, media, log: pino({ level: "silent" }) });
  return { media, floor, told };
}

describe("mute and unmute, relayed at once", () => {
  it("the message is checked like any other: muted must be a boolean, nothing else", () => {
    expect(parseClientMessage("speaking", { muted: true }).ok).toBe(true);
    expect(parseClientMessage("speaking", { muted: "yes" })).toMatchObject({ ok: false, field: "muted" });
    expect(parseClientMessage("speaking", { muted: false, id: "someone" }).ok).toBe(false);
  });

  it("only those who receive the speaker's media are told, never the speaker", () => {
    const { media, floor, told } = setUp();
    const ann = floor.join("ann");
    floor.join("ben");
    floor.join("cleo");
    media.hears.set("ben", new Set(["ann"]));
    media.hears.set("cleo", new Set(["ben"]));
    media.hears.set("ann", new Set(["ben"]));
    told.length = 0;
    floorHandlers(floor).speaking(ann, { muted: true });
    expect(told.filter((t) => t.type === "speaking")).toEqual([{ to: "ben", type: "speaking", message: { id: "ann", muted: true } }]);
    floorHandlers(floor).speaking(ann, { muted: false });
    expect(told.filter((t) => t.type === "speaking").at(-1)).toEqual({ to: "ben", type: "speaking", message: { id: "ann", muted: false } });
  });

  it("media follows on the very next tick, not the next 10 Hz update", () => {
    const { media, floor } = setUp();
    const ann = floor.join("ann");
    floor.tick();
    floor.tick(); // a regular media update
    const before = media.updates.length;
    floor.tick(); // an odd tick: no update
    expect(media.updates.length).toBe(before);
    floorHandlers(floor).speaking(ann, { muted: false });
    floor.tick(); // odd again, but someone unmuted
    expect(media.updates.length).toBe(before + 1);
  });

  it("relaySpeaking counts who was told", () => {
    const sent: string[] = [];
    const n = relaySpeaking("a", true, [{ id: "a" }, { id: "b" }, { id: "c" }], (id) => (id === "a" ? ["b"] : ["a"]), {
      send: (to) => void sent.push(to),
      refuse: () => {},
    });
    expect(n).toBe(2);
    expect(sent).toEqual(["b", "c"]);
  });
});
