import { describe, expect, it } from "vitest";
import { PositionFeed, Subscriber } from "../../shared/interest/feed.ts";
import { AvatarMirror, HEADER_BYTES, STEP_BYTES, UPDATE_BYTES } from "../../shared/protocol/positions.ts";

/** One tick: the server's message for `s`, applied to the client's mirror. */
function deliver(feed: PositionFeed, s: Subscriber, mirror: AvatarMirror, ack = 0): Uint8Array | null {
  const m = feed.message(s, ack);
  const copy = m ? m.slice() : null;
  if (copy) mirror.apply(copy);
  feed.endTick();
  return copy;
}

function pose(mirror: AvatarMirror): Record<string, [number, number, number, boolean]> {
  return Object.fromEntries([...mirror.avatars].map(([id, a]) => [id, [a.x, a.y, a.dir, a.moving]]));
}

/** A floor with these avatars (x, y, dir, moving); "me" sees those in `shown`, already delivered once. */
function floor(avatars: Record<string, [number, number, number, boolean]>, shown: string[]) {
  const feed = new PositionFeed();
  for (const [id, [x, y, dir, moving]] of Object.entries(avatars)) feed.add(id, x, y, dir, moving);
  const s = new Subscriber();
  const mirror = new AvatarMirror("me");
  for (const id of shown) feed.show(s, id);
  return { feed, s, mirror };
}

describe("avatar positions (the pos message)", () => {
  it("a client sees exactly the avatars it is shown, where they stand", () => {
    const { feed, s, mirror } = floor({ me: [100, 100, 0, false], ann: [200, 120, 2, true], far: [4000, 4000, 1, false] }, ["me", "ann"]);
    deliver(feed, s, mirror, 7);
    expect(pose(mirror)).toEqual({ me: [100, 100, 0, false], ann: [200, 120, 2, true] });
    expect(mirror.avatars.get("me")?.seq).toBe(7);
    expect(mirror.avatars.get("ann")?.seq).toBe(0);
  });

  it("sends a walking step in 5 bytes, a jump in full, and nothing when nobody changed", () => {
    const { feed, s, mirror } = floor({ me: [100, 100, 0, false], ann: [200, 120, 2, false] }, ["me", "ann"]);
    deliver(feed, s, mirror);

    feed.set("ann", 206, 120, 2, true);
    const step = deliver(feed, s, mirror);
    expect(step?.byteLength).toBe(HEADER_BYTES + STEP_BYTES);
    expect(pose(mirror).ann).toEqual([206, 120, 2, true]);

    feed.set("ann", 200, 114, 1, true); // walking back and up: negative deltas
    deliver(feed, s, mirror);
    expect(pose(mirror).ann).toEqual([200, 114, 1, true]);

    feed.set("ann", 3000, 114, 1, false); // moved off a newly blocked tile, far away
    const jump = deliver(feed, s, mirror);
    expect(jump?.byteLength).toBe(HEADER_BYTES + UPDATE_BYTES);
    expect(pose(mirror).ann).toEqual([3000, 114, 1, false]);

    feed.set("ann", 3000, 114, 1, false); // same pose again
    expect(deliver(feed, s, mirror)).toBeNull();
    // Only the ack changed (a stop key press that moved nothing): header alone.
    expect(deliver(feed, s, mirror, 3)?.byteLength).toBe(HEADER_BYTES);
    expect(mirror.avatars.get("me")?.seq).toBe(3);
  });

  it("moves made while an avatar was out of view arrive whole when it comes back", () => {
    const { feed, s, mirror } = floor({ me: [100, 100, 0, false], bob: [300, 100, 0, false] }, ["me", "bob"]);
    deliver(feed, s, mirror);
    feed.hide(s, "bob");
    deliver(feed, s, mirror);
    expect(mirror.avatars.has("bob")).toBe(false);
    for (let i = 1; i <= 10; i++) {
      feed.set("bob", 300 + i * 6, 100, 3, true);
      deliver(feed, s, mirror);
    }
    feed.show(s, "bob");
    deliver(feed, s, mirror);
    expect(pose(mirror).bob).toEqual([360, 100, 3, true]);
    // …and steps after that build on it.
    feed.set("bob", 366, 100, 3, true);
    deliver(feed, s, mirror);
    expect(pose(mirror).bob).toEqual([366, 100, 3, true]);
  });

  it("someone leaving the floor disappears for everyone who saw them, and the slot is not mixed up", () => {
    const { feed, s, mirror } = floor({ me: [100, 100, 0, false], cat: [150, 100, 0, false] }, ["me", "cat"]);
    deliver(feed, s, mirror);
    feed.remove("cat", [s]);
    feed.add("dan", 170, 100, 0, false);
    feed.show(s, "dan");
    deliver(feed, s, mirror);
    expect([...mirror.avatars.keys()].sort()).toEqual(["dan", "me"]);
    expect(feed.size).toBe(2);
  });

  it("a reconnected client gets everyone it sees again", () => {
    const { feed, s, mirror } = floor({ me: [100, 100, 0, false], eve: [150, 100, 0, false] }, ["me", "eve"]);
    deliver(feed, s, mirror);
    feed.set("eve", 160, 100, 3, true); // missed while disconnected (no message taken)
    feed.endTick();
    feed.reset(s);
    const fresh = new AvatarMirror("me");
    deliver(feed, s, fresh, 9);
    expect(pose(fresh)).toEqual({ me: [100, 100, 0, false], eve: [160, 100, 3, true] });
    expect(fresh.avatars.get("me")?.seq).toBe(9);
  });

  it("a mirror that missed someone's arrival notices at their next step and asks again", () => {
    const { feed, s } = floor({ me: [100, 100, 0, false], gus: [150, 100, 0, false] }, ["me", "gus"]);
    feed.message(s, 0); // the arrivals, lost (nobody was listening yet)
    feed.endTick();
    const late = new AvatarMirror("me");
    let asked = 0;
    late.onMissing = () => {
      asked++;
      feed.reset(s); // what the server does on `resync`
    };
    feed.set("gus", 156, 100, 3, true);
    deliver(feed, s, late);
    expect(asked).toBe(1);
    deliver(feed, s, late);
    expect(pose(late)).toEqual({ me: [100, 100, 0, false], gus: [156, 100, 3, true] });
  });

  it("someone who leaves just before a resync is still taken off the client's screen", () => {
    const { feed, s, mirror } = floor({ me: [100, 100, 0, false], hal: [150, 100, 0, false] }, ["me", "hal"]);
    deliver(feed, s, mirror);
    feed.remove("hal", [s]);
    feed.reset(s); // the client asked for everything again before the next tick
    deliver(feed, s, mirror);
    expect([...mirror.avatars.keys()]).toEqual(["me"]);
  });

  it("a broken message is refused with where it breaks", () => {
    const mirror = new AvatarMirror("me");
    expect(() => mirror.apply(new Uint8Array(2))).toThrow(/no header/);
    expect(() => mirror.apply(new Uint8Array([0, 0, 0, 0, 0x40, 1, 0, 5]))).toThrow(/byte 4 is cut short/);
  });
});
