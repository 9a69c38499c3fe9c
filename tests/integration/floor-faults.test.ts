/**
 * A bug in one handler must not take a floor down: the real VenueRoom in this process
 * (Colyseus over a real WebSocket, no database, no media), with the FOYER_TEST_HOOKS
 * message whose handler throws. The error is logged with the floor's ids; the sender
 * stays connected and everyone keeps walking.
 */
import http from "node:http";
import { Writable } from "node:stream";
import { Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { Client, type Room } from "colyseus.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFloor } from "../../shared/map/parse.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { setRoomContext } from "../../server/rooms/context.ts";
import { TEST_THROW_MESSAGE, VenueRoom } from "../../server/rooms/VenueRoom.ts";
import { avatarsOf, follow } from "../support/avatars.ts";
import { makeMap } from "../support/maps.ts";
import { waitFor } from "../support/server.ts";

const PLAN = ["##########", "#........#", "#........#", "#........#", "##########"];
const FLOOR = parseFloor(makeMap(PLAN, [{ name: "Entrance", class: "spawn", x: 1, y: 1, w: 2, h: 2 }]));

const lines: Record<string, unknown>[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split("\n")) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let httpServer: http.Server;
let gameServer: Server;
let url = "";
const rooms: Room<FloorStateView>[] = [];

beforeAll(async () => {
  setRoomContext({
    loadFloor: async (venue, floor) => (venue === "foyer" && floor === "main" ? { venue, slug: floor, name: "Main", version: 1, floor: FLOOR } : null),
    log: pino({ level: "info" }, capture),
    testHooks: true,
  });
  httpServer = http.createServer();
  gameServer = new Server({ greet: false, gracefullyShutdown: false, transport: new WebSocketTransport({ server: httpServer }) });
  gameServer.define("floor", VenueRoom).filterBy(["venue", "floor"]);
  await gameServer.listen(0, "127.0.0.1");
  const address = httpServer.address();
  url = `ws://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  for (const r of rooms) if (r.connection.isOpen) await r.leave().catch(() => {});
  await gameServer?.gracefullyShutdown(false);
});

async function join(name: string): Promise<Room<FloorStateView>> {
  const room = follow(await new Client(url).joinOrCreate<FloorStateView>("floor", { name, avatar: "teal" }));
  rooms.push(room);
  await waitFor(() => avatarsOf(room).get(room.sessionId), `${name} sees themselves`);
  return room;
}

describe("a handler that throws", () => {
  it("is logged with the floor's ids, and the floor and the process carry on", async () => {
    const ann = await join("Ann");
    const bea = await join("Bea");
    await waitFor(() => avatarsOf(bea).get(ann.sessionId), "Bea sees Ann");

    ann.send(TEST_THROW_MESSAGE, {});
    const logged = await waitFor(() => lines.find((l) => l.level === 50), "the error logged");
    expect(logged).toMatchObject({ venue: "foyer", floor: "main", method: "onMessage", err: { message: "a handler made to throw (test hook)" } });
    expect(typeof logged.room).toBe("string");

    // Ann is still on the floor and still walks; Bea still sees her move.
    expect(ann.connection.isOpen).toBe(true);
    const x0 = avatarsOf(bea).get(ann.sessionId)!.x;
    ann.send("move", { dx: 1, dy: 0, seq: 1 });
    await waitFor(() => avatarsOf(bea).get(ann.sessionId)!.x > x0 + 16, "Bea sees Ann walk after the error");
    ann.send("move", { dx: 0, dy: 0, seq: 2 });
    // A second throw is just as harmless.
    ann.send(TEST_THROW_MESSAGE, {});
    await waitFor(() => lines.filter((l) => l.level === 50).length === 2, "the second error logged");
    expect(bea.state.people.size).toBe(2);
  });
});
