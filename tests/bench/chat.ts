/**
 * bench:chat (issue #11): does chat hold in a crowd, and does history stay fast when a
 * venue has said a lot?
 *
 * 1. Live: N real colyseus.js clients (bot-worker.ts, walking as in bench:sync) on one floor
 *    of a real server, chatting — F floor messages/s and K nearby messages/s spread over
 *    random bots — for S seconds. Five probe clients in this process each post a floor
 *    message a second carrying its send time; a sixth probe receives them: send→seen p50/p95
 *    on the same clock. Recorded too: the server's CPU (its /proc utime+stime, % of one core)
 *    and each bot's downstream bytes (p50/p95 kB/s).
 * 2. History: M messages stored (half in one floor channel, the rest in 1000 direct
 *    conversations) on PGlite and on PostgreSQL, then pages of 50 read through the real
 *    ChatStore (server/db/chat.ts), newest and from random cursors: p50/p95 ms.
 *
 * Env (short runs while developing): FOYER_BENCH_CHAT_CLIENTS (1000), _SECONDS (60),
 * _FLOOR_RATE (50), _NEARBY_RATE (50), _HISTORY_ROWS (1000000), _HISTORY_QUERIES (400),
 * FOYER_BENCH_CHAT_SKIP (live|history).
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, type Room } from "colyseus.js";
import { chatStore } from "../../server/db/chat.ts";
import { openDatabase, type Database } from "../../server/db/database.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { hall, makeMap } from "../support/maps.ts";
import { startPostgres } from "../support/postgres.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import type { StartMsg, WorkerMsg } from "./bot-worker.ts";
import { quantile } from "./quantile.ts";

const num = (name: string, fallback: number) => Number(process.env[`FOYER_BENCH_CHAT_${name}`] ?? fallback);
const CLIENTS = num("CLIENTS", 1000);
const SECONDS = num("SECONDS", 60);
const FLOOR_RATE = num("FLOOR_RATE", 50);
const NEARBY_RATE = num("NEARBY_RATE", 50);
const ROWS = num("HISTORY_ROWS", 1_000_000);
const QUERIES = num("HISTORY_QUERIES", 400);
const SKIP = process.env.FOYER_BENCH_CHAT_SKIP ?? "";
const PROBES = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ live

/** The server's CPU seconds so far (Linux /proc, utime + stime of the process). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100)
}

function worker(): { child: ChildProcess; next(type: WorkerMsg["type"]): Promise<WorkerMsg> } {
  const child = fork(path.join(import.meta.dirname, "bot-worker.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const inbox: WorkerMsg[] = [];
  const waiting: (() => void)[] = [];
  child.on("message", (m: unknown) => {
    inbox.push(m as WorkerMsg);
    waiting.splice(0).forEach((w) => w());
  });
  const next = async (type: WorkerMsg["type"]): Promise<WorkerMsg> => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type || m.type === "fatal");
      if (i >= 0) {
        const [m] = inbox.splice(i, 1);
        if (m!.type === "fatal") throw new Error(m!.message);
        return m!;
      }
      await new Promise<void>((r) => waiting.push(r));
    }
  };
  return { child, next };
}

async function probe(server: RunningServer, name: string): Promise<Room> {
  for (let attempt = 1; ; attempt++) {
    try {
      const room = await new Client(server.wsUrl).joinOrCreate("floor", { name, avatar: "teal", viewport: { width: 41, height: 23 } });
      room.onMessage("*", () => {});
      return room;
    } catch (err) {
      if (attempt >= 5) throw err;
      await sleep(500 * attempt);
    }
  }
}

async function live(): Promise<Record<string, string | number>> {
  // A hall big enough for a crowd (bench:sync's 1000 fit in 160×160), no media.
  const map = makeMap(hall(160, 160), [{ name: "Entrance", class: "spawn", x: 2, y: 2, w: 150, h: 150 }]);
  const server = await startServer({ map, env: { FOYER_MEDIA: "off", FOYER_PENDING_JOINS_PER_CLIENT: "100000" }, timeoutMs: 60_000 });
  const stopServer = () => server.process.kill("SIGKILL");
  process.once("exit", stopServer);
  const workers: ReturnType<typeof worker>[] = [];
  try {
    // The probes come in first, as bench:sync's pair does: a crowd joining makes a join slow.
    const senders: Room[] = [];
    for (let i = 0; i < PROBES; i++) senders.push(await probe(server, `Probe ${i}`));
    const watcher = await probe(server, "Watcher");
    workers.push(...Array.from({ length: Math.max(1, Math.min(4, Math.ceil(CLIENTS / 250))) }, worker));
    const share = Math.ceil(CLIENTS / workers.length);
    const chat = { floorPerSecond: Math.max(0, FLOOR_RATE - PROBES) / workers.length, nearbyPerSecond: NEARBY_RATE / workers.length };
    workers.forEach((w, i) => {
      const start: StartMsg = { type: "start", wsUrl: server.wsUrl, count: Math.min(share, CLIENTS - i * share), idBase: i * share, decode: false, joinConcurrency: 8, chat };
      w.child.send(start);
    });
    const ready = await Promise.all(workers.map((w) => w.next("ready")));
    const joined = ready.reduce((a, r) => a + (r.type === "ready" ? r.joined : 0), 0);
    console.log(`[bench:chat] ${joined} bots on the floor`);

    const latencies: number[] = [];
    const seen = (m: ServerMessages["chat"]) => {
      const hit = /^probe (\d+(?:\.\d+)?)$/.exec(m.text);
      if (hit) latencies.push(performance.now() - Number(hit[1]));
    };
    watcher.onMessage("chat", seen);
    watcher.onMessage("chats", (m: ServerMessages["chats"]) => m.messages.forEach(seen));
    await sleep(2000); // let the join burst settle
    workers.forEach((w) => w.child.send({ type: "mark" }));
    const cpu0 = cpuSeconds(server.process.pid!);
    const t0 = performance.now();
    const timer = setInterval(() => {
      for (const s of senders) s.send("chatSend", { channel: "floor", text: `probe ${performance.now().toFixed(1)}` });
    }, 1000);
    await sleep(SECONDS * 1000);
    clearInterval(timer);
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = (cpuSeconds(server.process.pid!) - cpu0) / elapsed;
    workers.forEach((w) => w.child.send({ type: "report" }));
    const reports = await Promise.all(workers.map((w) => w.next("report")));
    const perBot = reports.flatMap((r) => (r.type === "report" ? r.perBot.map((b) => b / r.seconds) : []));
    await sleep(500);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      clients: joined,
      seconds: Math.round(elapsed),
      floorPerSecond: FLOOR_RATE,
      nearbyPerSecond: NEARBY_RATE,
      probes: latencies.length,
      sendSeenP50Ms: Number(quantile(sorted, 0.5).toFixed(1)),
      sendSeenP95Ms: Number(quantile(sorted, 0.95).toFixed(1)),
      sendSeenMaxMs: Number((sorted[sorted.length - 1] ?? NaN).toFixed(1)),
      serverCpuPct: Math.round(cpu * 100),
      clientKBpsP50: Number((quantile([...perBot].sort((a, b) => a - b), 0.5) / 1000).toFixed(1)),
      clientKBpsP95: Number((quantile([...perBot].sort((a, b) => a - b), 0.95) / 1000).toFixed(1)),
    };
  } finally {
    for (const w of workers) w.child.kill("SIGKILL");
    await server.stop("SIGKILL");
    process.off("exit", stopServer);
  }
}

// ------------------------------------------------------------------ history

const VENUE = "bench";
const HOT = "floor:-:main";

async function fill(db: Database, rows: number): Promise<void> {
  // Half in one floor channel, the rest over 1000 direct conversations; one a second.
  await db.pool.query(
    `INSERT INTO "ChatMessage" (id, venue, channel, scope, "senderId", "senderName", text, "createdAt")
     SELECT 'm' || g, $1, CASE WHEN g % 2 = 0 THEN 'floor' ELSE 'direct' END,
            CASE WHEN g % 2 = 0 THEN $2 ELSE 'direct:p' || (g % 1000) || '|q' END,
            'p' || (g % 5000), 'Person ' || (g % 5000), 'message number ' || g,
            timestamp '2026-01-01' + g * interval '1 second'
     FROM generate_series(1, $3::int) AS g`,
    [VENUE, HOT, rows],
  );
  await db.pool.query(`ANALYZE "ChatMessage"`);
}

async function history(name: string, db: Database): Promise<Record<string, string | number>> {
  const started = performance.now();
  await fill(db, ROWS);
  const fillSeconds = (performance.now() - started) / 1000;
  const store = chatStore(db);
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const direct = i % 4 === 3;
    const scope = direct ? `direct:p${(i * 37) % 1000}|q` : HOT;
    // Newest page, or a page from a random message of that scope (the "load older" button).
    let before: string | undefined;
    if (i % 2 === 1) {
      const g = direct ? 1 + 2 * Math.floor(Math.random() * (ROWS / 2)) : 2 * (1 + Math.floor(Math.random() * (ROWS / 2 - 1)));
      before = `m${g}`;
    }
    const t = performance.now();
    await store.page(VENUE, scope, before, 50);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { database: name, rows: ROWS, fillSeconds: Math.round(fillSeconds), queries: QUERIES, pageP50Ms: Number(quantile(times, 0.5).toFixed(2)), pageP95Ms: Number(quantile(times, 0.95).toFixed(2)) };
}

async function histories(): Promise<Record<string, string | number>[]> {
  const out: Record<string, string | number>[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "foyer-bench-chat-"));
  try {
    const lite = await openDatabase({ dataDir: path.join(dir, "pglite") });
    try {
      out.push(await history("pglite", lite));
    } finally {
      await lite.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const pg = await startPostgres({ database: "foyer_bench_chat" });
  try {
    const db = await openDatabase({ databaseUrl: pg.url });
    try {
      out.push(await history("postgres", db));
    } finally {
      await db.close();
    }
  } finally {
    await pg.stop();
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`[bench:chat] ${new Date().toISOString()} · ${os.cpus().length} cores · load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} · node ${process.version}`);
  if (SKIP !== "live") {
    const r = await live();
    console.log("[bench:chat] live", JSON.stringify(r));
    const ok = r.sendSeenP95Ms !== undefined && Number(r.sendSeenP95Ms) <= 150;
    console.log(`[bench:chat] send→seen p95 ${r.sendSeenP95Ms} ms ${ok ? "≤" : ">"} 150 ms: ${ok ? "PASS" : "FAIL"}`);
  }
  if (SKIP !== "history") {
    for (const r of await histories()) {
      console.log("[bench:chat] history", JSON.stringify(r));
      console.log(`[bench:chat] ${r.database} page p95 ${r.pageP95Ms} ms ${Number(r.pageP95Ms) <= 20 ? "≤ 20 ms: PASS" : "> 20 ms: FAIL"}`);
    }
  }
  console.log(`[bench:chat] load after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
