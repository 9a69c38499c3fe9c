/**
 * Finds the mediasoup worker binary. Upstream's npm package downloads a prebuilt worker
 * from GitHub in an install script, which cannot run on machines that reach only the
 * npm registry; scripts/mediasoup/build-worker.sh builds one from Debian packages into a
 * cache keyed by version instead. Order: MEDIASOUP_WORKER_BIN, the npm package's own
 * build, the cache.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The installed mediasoup package's folder (its package.json is not exported). */
function packageDir(): string {
  // require.resolve gives <pkg>/node/lib/index.js
  return path.resolve(path.dirname(require.resolve("mediasoup")), "..", "..");
}

export function mediasoupVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function cachedWorkerPath(version = mediasoupVersion()): string {
  const cache = process.env.FOYER_CACHE_DIR ?? path.join(os.homedir(), ".cache", "foyer");
  return path.join(cache, `mediasoup-worker-${version}`, "mediasoup-worker");
}

export function findWorkerBin(): string {
  const candidates: string[] = [];
  if (process.env.MEDIASOUP_WORKER_BIN) candidates.push(process.env.MEDIASOUP_WORKER_BIN);
  candidates.push(path.join(packageDir(), "worker", "out", "Release", "mediasoup-worker"));
  candidates.push(cachedWorkerPath());
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return c;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `No mediasoup worker binary found (looked at: ${candidates.join(", ")}). ` +
      `Run "bash scripts/mediasoup/build-worker.sh" (as root: it apt-installs build dependencies; ` +
      `npm install runs it for you), or set MEDIASOUP_WORKER_BIN to a mediasoup-worker ${mediasoupVersion()} binary.`,
  );
}
