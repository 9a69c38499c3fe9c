// Part of `npm install` (postinstall): make sure a mediasoup worker binary exists for
// the installed mediasoup version. Upstream's install script would download one from
// GitHub (not reachable here, and disabled by allowScripts), so:
//   1. MEDIASOUP_WORKER_BIN, the package's own worker/out/Release, or our cache → done;
//   2. otherwise build it from Debian packages with build-worker.sh (~8 min, cached
//      outside the work tree by version; needs root for apt-get).
// Without root (apt-get unavailable) a failed build prints what to run and lets the
// install finish; `npm start` then stops with the same instructions.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const pkgJson = path.join(root, "node_modules/mediasoup/package.json");
if (!fs.existsSync(pkgJson)) process.exit(0);
const version = JSON.parse(fs.readFileSync(pkgJson, "utf8")).version;
const cache = process.env.FOYER_CACHE_DIR ?? path.join(os.homedir(), ".cache", "foyer");
// Our cached build is checked by build-worker.sh itself (it must start and carry the
// current build recipe), so only binaries supplied from elsewhere are taken as they are.
const candidates = [
  process.env.MEDIASOUP_WORKER_BIN,
  path.join(root, "node_modules/mediasoup/worker/out/Release/mediasoup-worker"),
].filter(Boolean);
const executable = (p) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const found = candidates.find(executable);
if (found) {
  console.log(`mediasoup worker ${version}: ${found}`);
  process.exit(0);
}

const script = path.join(root, "scripts/mediasoup/build-worker.sh");
const isRoot = process.getuid?.() === 0;
console.log(`mediasoup worker ${version}: using the cached build, or building it from Debian packages (about 8 minutes, once; cached in ${cache})…`);
// build-worker.sh returns at once with a cached binary that starts and matches the recipe.
const r = spawnSync("bash", [script, version], { stdio: ["ignore", "pipe", "inherit"] });
const built = r.status === 0 ? r.stdout.toString().trim() : "";
if (built && executable(built)) {
  console.log(`mediasoup worker ${version}: ${built}`);
  process.exit(0);
}
if (!isRoot) {
  console.warn(
    `\nNo mediasoup worker ${version} binary could be built without root. Build it once (cached in ${cache}):\n` +
      `  sudo bash ${path.relative(process.cwd(), script)} ${version}\n` +
      `or point MEDIASOUP_WORKER_BIN at a mediasoup-worker ${version} binary.\n`,
  );
  process.exit(0);
}
process.exit(r.status || 1);
