// Starts Debian's coturn (`turnserver`) for tests: loopback only, TURN over UDP and TCP
// on a free port, TURN REST credentials (use-auth-secret), relaying to loopback peers
// (the media server here is on 127.0.0.1). Its log is kept to count relayed allocations.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { freePort } from "./postgres.ts";

export interface TestTurn {
  port: number;
  secret: string;
  url: string;
  /** Everything turnserver logged. */
  log(): string;
  stop(): Promise<void>;
}

export async function startTurn(): Promise<TestTurn> {
  const port = await freePort();
  const relayFrom = 49_000 + Math.floor(Math.random() * 5000);
  const secret = "test-turn-secret-0123456789";
  const child: ChildProcess = spawn(
    "turnserver",
    [
      "-n",
      "--no-cli",
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      `--listening-port=${port}`,
      `--min-port=${relayFrom}`,
      `--max-port=${relayFrom + 200}`,
      "--use-auth-secret",
      `--static-auth-secret=${secret}`,
      "--realm=foyer.test",
      "--no-tls",
      "--no-dtls",
      "--allow-loopback-peers",
      "--fingerprint",
      "--log-file=stdout",
      "--simple-log",
      "--verbose",
      `--pidfile=${path.join(os.tmpdir(), `foyer-turn-${port}.pid`)}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  const until = Date.now() + 10_000;
  while (!/listener opened on|Total General servers/i.test(out)) {
    if (child.exitCode !== null || Date.now() > until) {
      kill();
      throw new Error(`turnserver did not start (is Debian's coturn installed?):\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    secret,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    log: () => out,
    async stop() {
      process.off("exit", kill);
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
      kill();
    },
  };
}
