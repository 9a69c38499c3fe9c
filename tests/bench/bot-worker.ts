/**
 * A bot worker process for the sync benchmark (forked by tests/bench/sync.ts). It runs
 * `count` real colyseus.js clients that join the floor with a 1280×720 viewport and keep
 * walking: a new random direction every 1–2 s, rarely standing still.
 *
 * Every downstream WebSocket message is counted (payload bytes) before colyseus.js sees
 * it. With `decode: false` ("light" bots) state patches are counted and then dropped
 * instead of decoded: the server cannot tell the difference, and on a small machine it
 * keeps the bots' own CPU from eating the server's. Join, full state and messages are
 * still handled by colyseus.js as usual.
 *
 * IPC: parent → {start}, {mark}, {report}, {stop}; worker → {progress}, {ready}, {report}, {fatal}.
 */
import { Client, Protocol, Room } from "colyseus.js";
import { AVATARS } from "../../shared/constants.ts";
import { follow } from "../support/avatars.ts";

export interface StartMsg {
  type: "start";
  wsUrl: string;
  count: number;
  idBase: number;
  decode: boolean;
  joinConcurrency: number;
  /** bench:chat: this worker's share of chat, in messages per second (spread over random bots). */
  chat?: { floorPerSecond: number; nearbyPerSecond: number };
}
export type ParentMsg = StartMsg | { type: "mark" } | { type: "report" } | { type: "stop" };
export interface WorkerReport {
  type: "report";
  bots: number;
  open: number;
  bytes: number;
  messages: number;
  patches: number;
  sent: number;
  seconds: number;
  cpuSeconds: number;
  errors: number;
  /** Downstream payload bytes of each bot since the mark (for per-client quantiles). */
  perBot: number[];
}
export type WorkerMsg =
  | { type: "progress"; joined: number; failed: number }
  | { type: "ready"; joined: number; failed: number; joinSeconds: number }
  | WorkerReport
  | { type: "fatal"; message: string };

const send = (m: WorkerMsg) => process.send?.(m);

// Hard stop: never outlive the benchmark.
setTimeout(() => process.exit(3), 15 * 60_000).unref();
process.on("disconnect", () => process.exit(0));

let decode = true;
let bytes = 0;
let messages = 0;
let patches = 0;
let sent = 0;
let errors = 0;
let markAt = performance.now();
let markCpu = process.cpuUsage();
const botBytes = new WeakMap<Room, number>();

// Count (and, for light bots, drop) every downstream message. Room#connect binds
// Room.prototype.onMessageCallback at connect time, so this must run before joining.
type Callback = (this: Room, event: MessageEvent) => void;
const proto = Room.prototype as unknown as { onMessageCallback: Callback };
const original = proto.onMessageCallback;
proto.onMessageCallback = function (this: Room, event: MessageEvent) {
  const data = event.data as ArrayBuffer;
  bytes += data.byteLength;
  botBytes.set(this, (botBytes.get(this) ?? 0) + data.byteLength);
  messages++;
  // Shared patches and `pos` messages (the only binary room messages) are the per-tick traffic.
  const code = new Uint8Array(data, 0, 1)[0];
  if (code === Protocol.ROOM_STATE_PATCH || code === Protocol.ROOM_DATA_BYTES) {
    patches++;
    if (!decode) return;
  }
  original.call(this, event);
};

interface Bot {
  room: Room;
  seq: number;
  nextTurnAt: number;
}
const bots: Bot[] = [];
const DIRS = [-1, 0, 1] as const;

function turn(bot: Bot, now: number): void {
  let dx: -1 | 0 | 1 = 0;
  let dy: -1 | 0 | 1 = 0;
  if (Math.random() >= 0.05) {
    while (dx === 0 && dy === 0) {
      dx = DIRS[Math.floor(Math.random() * 3)]!;
      dy = DIRS[Math.floor(Math.random() * 3)]!;
    }
  }
  bot.seq = (bot.seq + 1) % 2 ** 31;
  try {
    bot.room.send("move", { dx, dy, seq: bot.seq });
    sent++;
  } catch {
    errors++;
  }
  bot.nextTurnAt = now + 1000 + Math.random() * 1000;
}

async function joinOne(wsUrl: string, i: number): Promise<Room> {
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await new Client(wsUrl).joinOrCreate("floor", {
        name: `Bot ${i}`,
        avatar: AVATARS[i % AVATARS.length]!,
        viewport: { width: 41, height: 23 },
      });
    } catch (err) {
      lastErr = err;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
  throw lastErr;
}

async function start(m: StartMsg): Promise<void> {
  decode = m.decode;
  const started = performance.now();
  let next = 0;
  let joined = 0;
  let failed = 0;
  const lane = async () => {
    while (next < m.count) {
      const i = m.idBase + next++;
      try {
        const room = await joinOne(m.wsUrl, i);
        if (decode) follow(room);
        room.onError(() => errors++);
        room.onMessage("*", () => {});
        const bot: Bot = { room, seq: 0, nextTurnAt: 0 };
        bots.push(bot);
        turn(bot, performance.now()); // start walking right away
        joined++;
      } catch (err) {
        failed++;
        if (failed <= 3) console.error(`[bot-worker] join failed: ${String(err)}`);
      }
      if ((joined + failed) % 50 === 0) send({ type: "progress", joined, failed });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, m.joinConcurrency) }, lane));
  send({ type: "ready", joined, failed, joinSeconds: (performance.now() - started) / 1000 });
  const owed = { floor: 0, nearby: 0 };
  setInterval(() => {
    const now = performance.now();
    for (const bot of bots) if (now >= bot.nextTurnAt) turn(bot, now);
    if (m.chat && bots.length > 0) {
      owed.floor += m.chat.floorPerSecond / 10;
      owed.nearby += m.chat.nearbyPerSecond / 10;
      for (const channel of ["floor", "nearby"] as const) {
        for (; owed[channel] >= 1; owed[channel]--) {
          const bot = bots[Math.floor(Math.random() * bots.length)]!;
          try {
            bot.room.send("chatSend", { channel, text: `chatter ${channel} ${now.toFixed(0)}` });
            sent++;
          } catch {
            errors++;
          }
        }
      }
    }
  }, 100);
}

process.on("message", (raw: unknown) => {
  const m = raw as ParentMsg;
  switch (m.type) {
    case "start":
      start(m).catch((err: unknown) => {
        send({ type: "fatal", message: String(err) });
        process.exit(2);
      });
      return;
    case "mark":
      bytes = messages = patches = sent = errors = 0;
      for (const b of bots) botBytes.set(b.room, 0);
      markAt = performance.now();
      markCpu = process.cpuUsage();
      return;
    case "report": {
      const cpu = process.cpuUsage(markCpu);
      send({
        type: "report",
        bots: bots.length,
        open: bots.filter((b) => b.room.connection.isOpen).length,
        bytes,
        messages,
        patches,
        sent,
        seconds: (performance.now() - markAt) / 1000,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        errors,
        perBot: bots.map((b) => botBytes.get(b.room) ?? 0),
      });
      return;
    }
    case "stop":
      // No goodbyes: the server is stopped right after, and 1000 consented leaves would
      // only add noise. Exit now.
      process.exit(0);
  }
});
