/**
 * Recognisable fake voices for the browser tests: 48 kHz mono 16-bit WAV files that
 * Chromium plays as its fake microphone (`--use-file-for-fake-audio-capture=FILE`).
 * Made once per process with sox (and espeak-ng for speech) into a temp directory.
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

let cached: Voices | undefined;

/** The three voices, made on first use and reused for the rest of the process. */
export function voices(): Voices {
  if (cached && Object.values(cached.files).every((f) => fs.existsSync(f))) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "foyer-voices-"));
  const files: Record<VoiceName, string> = {
    tone440: path.join(dir, "a-tone-440.wav"),
    speech: path.join(dir, "b-speech.wav"),
    tone660: path.join(dir, "c-tone-660.wav"),
  };
  tone(files.tone440, 440);
  speech(files.speech, dir);
  tone(files.tone660, 660);
  cached = { dir, files, seconds: SECONDS };
  return cached;
}

/** Remove the voice files (call from afterAll if you like; the OS temp dir is fine too). */
export function removeVoices(): void {
  if (!cached) return;
  fs.rmSync(cached.dir, { recursive: true, force: true });
  cached = undefined;
}
