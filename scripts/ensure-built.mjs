// Builds the browser client into dist/client when it is missing or older than its
// sources, so `npm start` and the browser tests always serve the current client.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "dist/client/index.html");

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(root, "client")), newest(path.join(root, "shared")), fs.statSync(path.join(root, "vite.config.ts")).mtimeMs);
if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= sources) process.exit(0);

console.log("Building the client (vite build)…");
const r = spawnSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
