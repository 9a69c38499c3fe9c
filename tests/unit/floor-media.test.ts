/**
 * The floor's media wiring without mediasoup: a fake FloorMediaPort records what the
 * floor asks of its media, so the 10 Hz positions, the "anyone moved?" flag and the
 * handling of bad request data are checked on plain data.
 */
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Participant } from "../../shared/audibility/model.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import type { CheckedMediaRequest, MediaEvent, MediaResponse } from "../../shared/protocol/media.ts";
import type { ClientMessageType, ServerMessages } from "../../shared/protocol/messages.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { FloorMediaPort } from "../../server/floor/media.ts";
import type { Outbox } from "../../server/floor/outbox.ts";
import { makeMap } from "../support/maps.ts";

const PLAN = ["#".repeat(60), ...Array.from({ length: 3 }, () => "#" + ".".repeat(58) + "#"), "#".repeat(60)];
const FLOOR = parseFloor(
  makeMap(PLAN, [
    { name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
    { name: "Stage door", class: "spawn", x: 57, y: 1, w: 1, h: 1 },
  ]),
);

class FakeMedia implements FloorMediaPort {
  readonly peers = new Map<string, (event: MediaEvent) => void>();
  readonly updates: { people: readonly Participant[]; moved: boolean }[] = [];
  readonly handled: CheckedMediaRequest[] = [];
  closed = 0;
  addPeer(id: string, send: (event: MediaEvent) => void): void {
    this.peers.set(id, send);
  }
  removePeer(id: string): void {
    this.peers.delete(id);
  }
  async handle(_peerId: string, request: CheckedMediaRequest): Promise<MediaResponse> {
    this.handled.push(request);
    return { requestId: request.requestId, ok: true, data: {} };
  }
  async update(people: readonly Participant[], _floor: unknown, moved: boolean): Promise<void> {
    this.updates.push({ people, moved });
  }
  /** Who each listener hears, as the audibility model would have it. */
  readonly hears = new Map<string, Set<string>>();
  subscribedTo(listenerId: string): ReadonlySet<string> {
    return this.hears.get(listenerId) ?? new Set();
  }
  flowing(): Map<string, Set<string>> {
    return new Map();
  }
  close(): void {
    this.closed++;
  }
}

function setUp() {
  const media = new FakeMedia();
  const told: { to: string; type: keyof ServerMessages; message: unknown }[] = [];
  const refused: { to: string; type: ClientMessageType; message: string }[] = [];
  const outbox: Outbox = {
    send: (to, type, message) => told.push({ to, type, message }),
    refuse: (to, type, message) => refused.push({ to, type, message }),
  };
  const floor = new LiveFloor({ venue: "foyer", plan: FLOOR, outbox, now: () => 0, media, log: pino({ level: "silent" }) });
  return { media, floor, told, refused };
}

describe("the floor's media", () => {
  it("everyone who arrives gets a media peer, whose events reach them, and loses it on leaving", () => {
    const { media, floor, told } = setUp();
    const ann = floor.join("ann");
    media.peers.get("ann")!({ type: "consumerClosed", consumerId: "c1" });
    expect(told).toEqual([{ to: "ann", type: "mediaEvent", message: { type: "consumerClosed", consumerId: "c1" } }]);
    floor.leave(ann);
    expect(media.peers.has("ann")).toBe(false);
  });

  it("positions go to media every other tick (10 Hz), saying whether anyone moved since the last time", () => {
    const { media, floor } = setUp();
    const ann = floor.join("ann");
    floor.tick();
    expect(media.updates).toHaveLength(0);
    floor.tick();
    expect(media.updates).toEqual([{ people: [{ id: "ann", x: ann.walker.x, y: ann.walker.y }], moved: true }]);
    floor.tick();
    floor.tick();
    expect(media.updates[1]?.moved).toBe(false); // standing still: media may skip the work
    floor.move(ann, { dx: 1, dy: 0, seq: 1 });
    floor.tick();
    floor.tick();
    expect(media.updates[2]?.moved).toBe(true);
  });

  it("a new floor plan counts as movement, since zones changed under people standing still", () => {
    const { media, floor } = setUp();
    floor.join("ann");
    floor.tick();
    floor.tick();
    floor.replacePlan(FLOOR);
    floor.tick();
    floor.tick();
    expect(media.updates.map((u) => u.moved)).toEqual([true, true]);
  });

  it("a speaker you hear is visible to you even from across the hall", () => {
    const { media, floor } = setUp();
    const ann = floor.join("ann", { viewport: { width: 1, height: 1 } });
    floor.join("speaker", { spawn: "Stage door" });
    floor.view.refresh(ann);
    expect([...floor.view.seen(ann)]).toEqual(["ann"]);
    media.hears.set("ann", new Set(["speaker"]));
    floor.view.refresh(ann);
    expect([...floor.view.seen(ann)].sort()).toEqual(["ann", "speaker"]);
  });

  it("a request with bad data is answered naming the field and counts as refused; a good one reaches media", async () => {
    const { media, floor, told, refused } = setUp();
    const ann = floor.join("ann");
    floor.media.request(ann, { requestId: 1, method: "createTransport", data: { direction: "sideways" } });
    expect(told).toEqual([
      { to: "ann", type: "mediaResponse", message: { requestId: 1, ok: false, error: expect.stringMatching(/^invalid createTransport: direction: /), field: "data.direction" } },
    ]);
    expect(refused).toEqual([{ to: "ann", type: "media", message: expect.stringMatching(/^invalid createTransport/) }]);
    floor.media.request(ann, { requestId: 2, method: "createTransport", data: { direction: "recv" } });
    await new Promise((r) => setTimeout(r, 0));
    expect(media.handled).toEqual([{ requestId: 2, method: "createTransport", data: { direction: "recv" } }]);
    expect(told.at(-1)).toEqual({ to: "ann", type: "mediaResponse", message: { requestId: 2, ok: true, data: {} } });
  });

  it("closing the floor closes its media", () => {
    const { media, floor } = setUp();
    floor.close();
    expect(media.closed).toBe(1);
  });
});
