/**
 * Earshot benchmark (npm run bench:earshot): what a PERSON hears, measured at the audio
 * output of a listener's page in real Chromium — not the first RTP packet at a bot
 * (bench:media) and not the mixer's per-voice analysers.
 *
 * Two Chromium browsers, each with its own fake voice (tests/support/voices.ts): Ada
 * (a pulsing 440 Hz tone) speaks, Ben listens, on the real server with real mediasoup.
 * Ben's page records the mix's output (client/media/outputMeter.ts: an AudioWorklet on the
 * master bus, RMS per ear every 5.3 ms, stamped with when it is played out), every `pos`
 * message as it arrives, and every `speaking` message (tests/support/earshot.ts).
 *
 * Ben stands on the open floor; Ada walks up from 11 tiles (beyond the 9-tile "stay
 * subscribed" radius, so her consumer is paused) to 1 tile at walking speed, and back,
 * --approaches times. Per approach:
 *  - crossing = the arrival at Ben's page of the first `pos` message that puts her inside
 *    the 6-tile hearing radius (≈ the server tick + loopback);
 *  - audible = the first output block above −60 dBFS at either ear; also when the model
 *    says it should be (its gain × the arriving voice × the pan law passing −60 dBFS:
 *    at ~5.7 tiles the fade-in itself makes that ~75 ms after the crossing);
 *  - level at 5/4/3/2/1 tiles = both ears' power over the 100 ms after Ben's page had her
 *    that close, relative to the voice as it arrives (a dry reference in the same meter,
 *    so the tone's own pulsing cancels), against the model's gain at the newest position.
 * Then --mutes mute/unmute cycles with Ada 2 tiles away: mute → silent (the ears stay
 * below −60 dBFS from then until the unmute) and unmute → audible, from the click on
 * Ada's mic button (her page's clock) to Ben's output.
 *
 * Phases (--phases): `visible`; `hidden` — Ben's tab hidden as Chrome hides one
 * (tests/support/hiddenTab.ts: visibilityState hidden, no animation frames, page timers
 * at most once a second; headless Chromium cannot background a page itself); `fps5` —
 * Ben's page held to 5 animation frames a second. Options: --approaches=10 --mutes=10
 * --phases=visible,hidden,fps5 --json=path. Exits 0; the verdicts are printed.
 */
import fs from "node:fs";
import os from "node:os";
import { execSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { isBlocked } from "../../shared/map/model.ts";
import { buildClient, launchWithVoice, RENDERER_ARGS } from "../support/browser.ts";
import { analyseApproach, audibleAfter, clickMic, LEVEL_TILES, recorded, silentAfter, startRecording, watchMicButton, type Approach } from "../support/earshot.ts";
import { allowTsxFunctions, arriveInTab, framesDrawn, hideTab, setFps, showTab } from "../support/hiddenTab.ts";
import { defaultVenueFloor } from "../support/maps.ts";
import { arrive, walk, type Attendee, type Tile } from "../support/mediaPage.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { voices } from "../support/voices.ts";
import { quantile } from "./quantile.ts";

function option(name: string, fallback: string): string {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[`EARSHOT_${name.toUpperCase()}`] ?? fallback);
}
const APPROACHES = Number(option("approaches", "10"));
const MUTES = Number(option("mutes", "10"));
const PHASES = option("phases", "visible,hidden,fps5").split(",").filter(Boolean) as Phase[];
const JSON_OUT = option("json", "");
type Phase = "visible" | "hidden" | "fps5";

// Ben stands below the Lounge corner; Ada walks along the same row.
const BEN: Tile = { tx: 10, ty: 39 };
const FAR: Tile = { tx: 21, ty: 39 };
const NEAR: Tile = { tx: 11, ty: 39 };
const TALK: Tile = { tx: 12, ty: 39 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const stats = (xs: number[]) => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: xs.length ? Math.max(...xs) : NaN });

interface PhaseResult {
  phase: Phase;
  framesPerSecond: number;
  approaches: Approach[];
  crossingToAudible: ReturnType<typeof stats>;
  crossingToModelAudible: ReturnType<typeof stats>;
  lagBehindModel: ReturnType<typeof stats>;
  levels: Record<number, { n: number; medianErrorDb: number; worstErrorDb: number; modelDb: number; measuredDb: number }>;
  fadeOutMs: ReturnType<typeof stats>;
  muteToSilent: ReturnType<typeof stats>;
  unmuteToAudible: ReturnType<typeof stats>;
  relayMs: ReturnType<typeof stats>;
  /** Unmute click → the server's resume of the listener's consumer reaching the listener's page. */
  resumeMs: ReturnType<typeof stats>;
  missed: string[];
}

async function runPhase(phase: Phase, ada: Attendee, ben: Attendee): Promise<PhaseResult> {
  await showTab(ben.page);
  await setFps(ben.page, phase === "fps5" ? 5 : 0);
  if (phase === "hidden") await hideTab(ben.page);
  const framesPerSecond = (await framesDrawn(ben.page, 2000)) / 2;
  const missed: string[] = [];
  const approaches: Approach[] = [];
  for (let i = 0; i < APPROACHES; i++) {
    const t0 = Date.now();
    await walk(ada, NEAR);
    await sleep(300);
    await walk(ada, FAR);
    await sleep(900);
    const a = analyseApproach(await recorded(ben, t0 - 20));
    approaches.push(a);
    if (a.crossing === null || a.audible === null) missed.push(`approach ${i + 1}: crossing ${a.crossing}, audible ${a.audible}`);
  }
  // Mute / unmute with Ada 2 tiles away.
  await walk(ada, TALK);
  await sleep(1000);
  const mute: number[] = [];
  const unmute: number[] = [];
  const relay: number[] = [];
  const resume: number[] = [];
  for (let i = 0; i < MUTES; i++) {
    const muted = await clickMic(ada);
    await sleep(800);
    const unmuted = await clickMic(ada);
    await sleep(800);
    const r = await recorded(ben, muted - 20);
    const silent = silentAfter(r.blocks, muted, unmuted);
    const heard = audibleAfter(r.blocks, unmuted);
    if (silent === null) missed.push(`mute ${i + 1}: never silent`);
    else mute.push(silent - muted);
    if (heard === null) missed.push(`unmute ${i + 1}: never audible`);
    else unmute.push(heard - unmuted);
    const told = r.speaking.find((s) => s[1] && s[0] >= muted);
    if (told) relay.push(told[0] - muted);
    const resumed = r.paused.find((p) => !p[1] && p[0] >= unmuted);
    if (resumed) resume.push(resumed[0] - unmuted);
    if (process.env.EARSHOT_DEBUG) console.log(`  cycle ${i + 1}: silent +${silent === null ? "never" : silent - muted}, audible +${heard === null ? "never" : heard - unmuted}, consumer paused/resumed ${JSON.stringify(r.paused.map((p) => [Math.round(p[0] - muted), p[1]]))}, unmute at +${Math.round(unmuted - muted)}`);
  }
  await walk(ada, FAR);
  await sleep(900);
  if (phase !== "visible") {
    await showTab(ben.page);
    await setFps(ben.page, 0);
  }

  const ok = approaches.filter((a) => a.crossing !== null && a.audible !== null);
  const levels: PhaseResult["levels"] = {};
  for (const d of LEVEL_TILES) {
    const ls = approaches.map((a) => a.levels[d]).filter((l): l is NonNullable<typeof l> => !!l);
    const errs = ls.map((l) => l.errorDb);
    levels[d] = {
      n: ls.length,
      medianErrorDb: quantile(errs, 0.5),
      worstErrorDb: errs.reduce((w, e) => (Math.abs(e) > Math.abs(w) ? e : w), 0),
      modelDb: quantile(ls.map((l) => l.modelDb), 0.5),
      measuredDb: quantile(ls.map((l) => l.measuredDb), 0.5),
    };
  }
  return {
    phase,
    framesPerSecond,
    approaches,
    crossingToAudible: stats(ok.map((a) => a.audible! - a.crossing!)),
    crossingToModelAudible: stats(ok.filter((a) => a.modelAudible !== null).map((a) => a.modelAudible! - a.crossing!)),
    lagBehindModel: stats(ok.filter((a) => a.modelAudible !== null).map((a) => a.audible! - a.modelAudible!)),
    levels,
    fadeOutMs: stats(approaches.filter((a) => a.leftRadius !== null).map((a) => (a.lastHeardAfterLeaving ?? a.leftRadius!) - a.leftRadius!)),
    muteToSilent: stats(mute),
    unmuteToAudible: stats(unmute),
    relayMs: stats(relay),
    resumeMs: stats(resume),
    missed,
  };
}

function report(r: PhaseResult): void {
  const v = (x: number, goal: number) => (x <= goal ? "PASS" : "FAIL");
  console.log(`\n[earshot] phase ${r.phase}: Ben's page drew ${fmt(r.framesPerSecond, 1)} frames/s`);
  const c = r.crossingToAudible;
  console.log(
    `  crossing → audible at Ben's ears (${c.n} approaches): p50 ${fmt(c.p50)} ms, p95 ${fmt(c.p95)} ms, max ${fmt(c.max)} ms  [goal p95 ≤ 250 ms: ${v(c.p95, 250)}]`,
  );
  console.log(
    `    of which the model's own fade-in (crossing → model passes −60 dBFS): p50 ${fmt(r.crossingToModelAudible.p50)} ms; ` +
      `output behind the model: p50 ${fmt(r.lagBehindModel.p50)} ms, p95 ${fmt(r.lagBehindModel.p95)} ms`,
  );
  for (const d of LEVEL_TILES) {
    const l = r.levels[d]!;
    console.log(
      `  level at ${d} tiles: model ${fmt(l.modelDb, 1)} dB, heard ${fmt(l.measuredDb, 1)} dB (median of ${l.n}); error median ${fmt(l.medianErrorDb, 1)} dB, worst ${fmt(l.worstErrorDb, 1)} dB  [goal within 3 dB: ${Math.abs(l.worstErrorDb) <= 3 ? "PASS" : "FAIL"}]`,
    );
  }
  console.log(`  fade-out: last sound after the page had her beyond 6 tiles: p95 ${fmt(r.fadeOutMs.p95)} ms`);
  console.log(
    `  mute → silent (${r.muteToSilent.n}): p50 ${fmt(r.muteToSilent.p50)} ms, p95 ${fmt(r.muteToSilent.p95)} ms [goal ≤ 200 ms p95: ${v(r.muteToSilent.p95, 200)}]; ` +
      `unmute → audible (${r.unmuteToAudible.n}): p50 ${fmt(r.unmuteToAudible.p50)} ms, p95 ${fmt(r.unmuteToAudible.p95)} ms [${v(r.unmuteToAudible.p95, 200)}]; ` +
      `the 'speaking' relay reached Ben's page p50 ${fmt(r.relayMs.p50)} ms after the mute click, ` +
      `the consumer's resume p50 ${fmt(r.resumeMs.p50)} / p95 ${fmt(r.resumeMs.p95)} ms after the unmute click`,
  );
  for (const m of r.missed) console.log(`  missed: ${m}`);
}

async function main(): Promise<void> {
  const floor = defaultVenueFloor();
  for (let tx = BEN.tx; tx <= FAR.tx; tx++) if (isBlocked(floor, tx, BEN.ty)) throw new Error(`tile ${tx},${BEN.ty} is blocked: the lane is not free`);
  const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}`;
  const loadBefore = execSync("uptime").toString().trim();
  console.log(`[earshot] ${machine}\n[earshot] load before: ${loadBefore}`);
  buildClient();
  const v = voices();
  let server: RunningServer | undefined;
  const browsers: Browser[] = [];
  const deadline = setTimeout(() => {
    console.error("[earshot] deadline (8 min) reached");
    process.exit(1);
  }, 8 * 60_000);
  try {
    server = await startServer();
    const [adaBrowser, benBrowser] = await Promise.all([launchWithVoice(v.files.tone440, RENDERER_ARGS), launchWithVoice(v.files.speech, RENDERER_ARGS)]);
    browsers.push(adaBrowser, benBrowser);
    for (const b of browsers) allowTsxFunctions(b);
    // One after the other: joining is the heaviest moment on two cores.
    const ada = await arrive(server.url, adaBrowser, "Ada Lovelace", "teal", "Ada");
    const ben = await arriveInTab(server.url, benBrowser, "Ben Okri", "coral", "Ben");
    await Promise.all([walk(ada, FAR, 30_000), walk(ben, BEN, 30_000)]);
    await startRecording(ben, ada.id);
    await watchMicButton(ada);
    const results: PhaseResult[] = [];
    for (const phase of PHASES) {
      const r = await runPhase(phase, ada, ben);
      report(r);
      results.push(r);
    }
    const loadAfter = execSync("uptime").toString().trim();
    console.log(`\n[earshot] load after: ${loadAfter}`);
    const problems = [ada, ben].flatMap((p) => p.problems.pageErrors);
    if (problems.length) console.log(`[earshot] page errors:\n${problems.join("\n")}`);
    if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify({ machine, loadBefore, loadAfter, date: new Date().toISOString(), results }, null, 2));
  } finally {
    clearTimeout(deadline);
    await Promise.all(browsers.map((b) => b.close().catch(() => {})));
    await server?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
