/**
 * Media through a TURN relay, for browsers whose network blocks the media ports: a real
 * coturn (Debian's) started by the test, the server minting short-lived TURN REST
 * credentials per person, and two Chromium pages forced to relay only
 * (FOYER_ICE_TRANSPORT_POLICY=relay, so no direct candidate may be used). Ben still hears
 * Ada, and coturn shows the relayed allocations.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, launchWithVoice, RENDERER_ARGS } from "../support/browser.ts";
import { arrive, waitUntilHeard, walk, type Attendee } from "../support/mediaPage.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { startTurn, type TestTurn } from "../support/turn.ts";
import { voices } from "../support/voices.ts";

let turn: TestTurn | undefined;
let server: RunningServer | undefined;
const browsers: Browser[] = [];

beforeAll(async () => {
  buildClient();
  turn = await startTurn();
  server = await startServer({
    env: {
      FOYER_MEDIA: "on",
      FOYER_MEDIA_WORKERS: "1",
      FOYER_TURN_URLS: turn.url,
      FOYER_TURN_SECRET: turn.secret,
      FOYER_ICE_TRANSPORT_POLICY: "relay",
    },
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close().catch(() => {})));
  await server?.stop();
  await turn?.stop();
});

describe("media through a TURN relay", () => {
  it("with direct media blocked, Ben hears Ada through the relay", async () => {
    const v = voices();
    const [ab, bb] = await Promise.all([launchWithVoice(v.files.tone440, RENDERER_ARGS), launchWithVoice(v.files.speech, RENDERER_ARGS)]);
    browsers.push(ab, bb);
    const ada: Attendee = await arrive(server!.url, ab, "Ada", "teal", "turn-ada");
    const ben: Attendee = await arrive(server!.url, bb, "Ben", "navy", "turn-ben");
    // Side by side on the open floor by the entrance.
    await Promise.all([walk(ada, { tx: 30, ty: 39 }), walk(ben, { tx: 32, ty: 39 })]);
    const ms = await waitUntilHeard(ben, ada, 20_000).catch((err: unknown) => {
      console.log(`[turn] coturn said:\n${turn!.log().split("\n").filter((l) => /session|ALLOCATE|error|401|403|peer|permission/i.test(l)).slice(-40).join("\n")}`);
      throw err;
    });
    console.log(`[turn] Ben heard Ada through the relay ${ms} ms after both stood still`);
    const log = turn!.log();
    expect(log).toMatch(/ALLOCATE processed, success/);
    // Each page's two transports (send and receive) allocated on the relay.
    expect((log.match(/ALLOCATE processed, success/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(log).not.toMatch(/401.*Unauthorized.*ALLOCATE|wrong credentials/i);
  }, 120_000);
});
