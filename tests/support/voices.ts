/**
 * Recognisable fake voices for the browser tests: 48 kHz mono 16-bit WAV files that
 * Chromium plays as its fake microphone (`--use-file-for-fake-audio-capture=FILE`).
 * Made once with sox (and espeak-ng for speech) into a folder in the OS temp dir named
 * after how they are made, and reused by every later test file and run.
 *
 * The tones are amplitude-modulated (a slow "syllable" rhythm) rather than steady, so
 * the microphone's noise suppression — which flattens stationary sounds — leaves them
 * audible, like a voice.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type VoiceName = "tone440" | "speech" | "tone660";

export interface Voices {
  dir: string;
  /** Absolute path of each voice's WAV file. */
  files: Record<VoiceName, string>;
  /** Length of each file in seconds. */
  seconds: number;
}

const SECONDS = 30;
const FORMAT = ["-r", "48000", "-c", "1", "-b", "16", "-e", "signed-integer"];

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}); install it with apt-get install -y sox espeak-ng`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
}

/** A sine tone at `hz`, pulsing 3 times a second between silence-ish and -8 dBFS. */
function tone(file: string, hz: number): void {
  run("sox", ["-n", ...FORMAT, file, "synth", String(SECONDS), "sine", String(hz), "tremolo", "3", "80", "gain", "-8"]);
}

/** An espeak-ng sentence, resampled to 48 kHz and repeated to about SECONDS. */
function speech(file: string, dir: string): void {
  const raw = path.join(dir, "speech-raw.wav");
  run("espeak-ng", ["-v", "en", "-s", "150", "-w", raw, "Hello, this is Ben. Nice to meet you at the venue. Shall we grab a coffee?"]);
  const once = path.join(dir, "speech-once.wav");
  run("sox", [raw, ...FORMAT, once, "norm", "-3"]);
  const len = Number(spawnSync("soxi", ["-D", once], { encoding: "utf8" }).stdout.trim()) || 5;
  const repeats = Math.max(1, Math.ceil(SECONDS / len) - 1);
  run("sox", [once, ...FORMAT, file, "repeat", String(repeats), "trim", "0", String(SECONDS)]);
}

/** Bump when the way the voices are made changes, so old files are not reused. */
const RECIPE = `v1-${SECONDS}s`;
const NAMES: Record<VoiceName, string> = { tone440: "a-tone-440.wav", speech: "b-speech.wav", tone660: "c-tone-660.wav" };

/** The three voices: made once (into a private folder, then moved into place whole, so
 * test files starting at the same time never see half a set) and reused afterwards. */
export function voices(): Voices {
  const dir = path.join(os.tmpdir(), `foyer-voices-${RECIPE}`);
  const filesIn = (d: string) =>
    Object.fromEntries(Object.entries(NAMES).map(([k, f]) => [k, path.join(d, f)])) as Record<VoiceName, string>;
  const files = filesIn(dir);
  if (!Object.values(files).every((f) => fs.existsSync(f))) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "foyer-voices-making-"));
    const made = filesIn(work);
    tone(made.tone440, 440);
    speech(made.speech, work);
    tone(made.tone660, 660);
    try {
      fs.renameSync(work, dir);
    } catch {
      // Another test file finished first: use its set.
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  return { dir, files, seconds: SECONDS };
}
