/**
 * Chat on the real server process with real colyseus.js clients: a nearby message in a
 * coffee corner reaches the corner and not the person outside, a direct message reaches
 * only its person, limits are refused naming the field, and history is there on rejoin.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TILE_SIZE } from "../../shared/constants.ts";
import { CHAT_BURST, CHAT_TEXT_MAX } from "../../shared/chat/text.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { avatarsOf, joinFloor } from "../support/avatars.ts";
import { makeMap } from "../support/maps.ts";
import { startServer, waitFor, type RunningServer } from "../support/server.ts";

const HALL = ["#".repeat(30), ...Array.from({ length: 10 }, () => "#" + ".".repeat(28) + "#"), "#".repeat(30)];
const MAP = makeMap(HALL, [
  { name: "Entrance", class: "spawn", x: 2, y: 8, w: 2, h: 2 },
  { name: "Corner", class: "coffee-corner", x: 20, y: 1, w: 4, h: 4 },
]);

type FloorRoom = Room<FloorStateView>;
let server: RunningServer;
const open: FloorRoom[] = [];

beforeAll(async () => {
  server = await startServer({ map: MAP, env: { FOYER_MEDIA: "off" } });
});
afterAll(async () => {
  for (const r of open) if (r.connection.isOpen) await r.leave().catch(() => {});
  await server?.stop();
});

/** Everything a client is told, by type, from the moment it joined. */
function inbox(room: FloorRoom) {
  const got = { chat: [] as ServerMessages["chat"][], error: [] as ServerMessages["error"][], chatHistory: [] as ServerMessages["chatHistory"][], chatUpdated: [] as ServerMessages["chatUpdated"][] };
  room.onMessage("chat", (m: ServerMessages["chat"]) => got.chat.push(m));
  room.onMessage("chats", (m: ServerMessages["chats"]) => got.chat.push(...m.messages));
  room.onMessage("error", (m: ServerMessages["error"]) => got.error.push(m));
  room.onMessage("chatHistory", (m: ServerMessages["chatHistory"]) => got.chatHistory.push(m));
  room.onMessage("chatUpdated", (m: ServerMessages["chatUpdated"]) => got.chatUpdated.push(m));
  for (const t of ["reaction", "chatSettings", "profile", "notice", "mediaEvent"]) room.onMessage(t, () => {});
  return got;
}

async function join(name: string) {
  const room = await joinFloor(server.wsUrl, { name, avatar: "teal", viewport: { width: 40, height: 20 } });
  open.push(room);
  return { room, got: inbox(room), personId: () => room.state.people.get(room.sessionId)?.personId ?? "" };
}

async function walkTo(room: FloorRoom, tx: number, ty: number): Promise<void> {
  room.send("walkTo", { tx, ty });
  await waitFor(() => {
    const a = avatarsOf(room).get(room.sessionId);
    return a && !a.moving && Math.floor(a.x / TILE_SIZE) === tx && Math.floor(a.y / TILE_SIZE) === ty;
  }, `${tx},${ty} reached`, 10_000);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("chat with real people", () => {
  it("a nearby message in the coffee corner reaches the person in it, not the one standing outside", async () => {
    const ann = await join("Ann");
    const ben = await join("Ben");
    const cat = await join("Cat");
    await Promise.all([walkTo(ann.room, 20, 1), walkTo(ben.room, 23, 4), walkTo(cat.room, 25, 2)]);
    ann.room.send("chatSend", { channel: "nearby", text: "shall we start?" });
    await waitFor(() => ben.got.chat.length === 1, "Ben gets Ann's message");
    expect(ben.got.chat[0]).toMatchObject({ text: "shall we start?", channel: "nearby", zone: "Corner", from: { name: "Ann" } });
    await pause(300);
    expect(cat.got.chat).toEqual([]);
    expect(ann.got.chat.map((c) => c.text)).toEqual(["shall we start?"]);
    // Cat, outside, talks to the open floor: the corner does not hear her either.
    cat.room.send("chatSend", { channel: "nearby", text: "anyone?" });
    await pause(300);
    expect(ben.got.chat).toHaveLength(1);
    for (const p of [ann, ben, cat]) await p.room.leave();
  });

  it("a direct message reaches only its person, by identity", async () => {
    const ann = await join("Ann");
    const ben = await join("Ben");
    const cat = await join("Cat");
    await waitFor(() => ben.personId(), "Ben's identity is on the list");
    ann.room.send("chatSend", { channel: "direct", to: ben.personId(), text: "coffee later?" });
    await waitFor(() => ben.got.chat.length === 1, "Ben gets the DM");
    await waitFor(() => ann.got.chat.length === 1, "Ann sees her own DM");
    expect(ben.got.chat[0]?.to?.personId).toBe(ben.personId());
    await pause(300);
    expect(cat.got.chat).toEqual([]);
    ben.room.send("status", { status: "busy" });
    await waitFor(() => ann.room.state.people.get(ben.room.sessionId)?.status === "busy", "Ann sees Ben is busy");
    ann.room.send("chatSend", { channel: "direct", to: ben.personId(), text: "still there?" });
    await waitFor(() => ann.got.error.length === 1, "Ann is told Ben is busy");
    expect(ann.got.error[0]).toMatchObject({ code: "forbidden", type: "chatSend", field: "to" });
    for (const p of [ann, ben, cat]) await p.room.leave();
  });

  it("too long, empty and too fast are refused with an error naming the field", async () => {
    const ann = await join("Ann");
    ann.room.send("chatSend", { channel: "floor", text: "x".repeat(CHAT_TEXT_MAX + 1) });
    ann.room.send("chatSend", { channel: "floor", text: "😀".repeat(CHAT_TEXT_MAX + 1) });
    ann.room.send("chatSend", { channel: "floor", text: "  " });
    await waitFor(() => ann.got.error.length === 3, "three refusals");
    expect(ann.got.error.map((e) => e.field)).toEqual(["text", "text", "text"]);
    expect(ann.got.error[0]?.message).toContain(`at most ${CHAT_TEXT_MAX} characters`);
    for (let i = 0; i < CHAT_BURST + 1; i++) ann.room.send("chatSend", { channel: "floor", text: `n${i}` });
    await waitFor(() => ann.got.error.length === 4, "a rate refusal");
    expect(ann.got.error[3]).toMatchObject({ code: "rate_limited", field: "text" });
    // The accepted ones arrive with the next tick (a refusal is told at once).
    await waitFor(() => ann.got.chat.length >= CHAT_BURST, "the accepted messages");
    await pause(200);
    expect(ann.got.chat).toHaveLength(CHAT_BURST);
    await ann.room.leave();
  });

  it("the floor channel's history is there when you come back, newest first, paged", async () => {
    const ann = await join("Ann");
    for (let i = 0; i < 3; i++) {
      ann.room.send("chatSend", { channel: "floor", text: `history ${i}` });
      await pause(30);
    }
    await waitFor(() => ann.got.chat.length === 3, "Ann's three messages");
    await pause(200); // stored right after delivery
    await ann.room.leave();
    const again = await join("Ann");
    again.room.send("chatHistory", { channel: "floor" });
    await waitFor(() => again.got.chatHistory.length === 1, "a page of history");
    const texts = again.got.chatHistory[0]!.messages.map((m) => m.text);
    expect(texts.slice(0, 3)).toEqual(["history 2", "history 1", "history 0"]);
    const oldest = again.got.chatHistory[0]!.messages[1]!.id;
    again.room.send("chatHistory", { channel: "floor", before: oldest });
    await waitFor(() => again.got.chatHistory.length === 2, "an older page");
    expect(again.got.chatHistory[1]!.messages[0]?.text).toBe("history 0");
    await again.room.leave();
  });

  it("a message said the moment before the server is stopped is in the history after it starts again", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "foyer-chat-stop-"));
    try {
      let own = await startServer({ map: MAP, env: { FOYER_MEDIA: "off" }, dataDir });
      const room = await joinFloor(own.wsUrl, { name: "Ann", avatar: "teal", viewport: { width: 40, height: 20 } });
      const got = inbox(room);
      room.send("chatSend", { channel: "floor", text: "last words" });
      await waitFor(() => got.chat.length === 1, "Ann reads her message");
      await own.stop("SIGTERM"); // at once: the row may still be queued for writing
      own = await startServer({ map: MAP, env: { FOYER_MEDIA: "off" }, dataDir });
      try {
        const again = await joinFloor(own.wsUrl, { name: "Ann", avatar: "teal", viewport: { width: 40, height: 20 } });
        const later = inbox(again);
        again.send("chatHistory", { channel: "floor" });
        await waitFor(() => later.chatHistory.length === 1, "a page of history");
        expect(later.chatHistory[0]!.messages.map((m) => m.text)).toContain("last words");
        await again.leave();
      } finally {
        await own.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
