// `npm run dev`: the server with reload on change (node --watch) plus Vite's dev server
// with hot reload, proxied to it. Ctrl-C stops both.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const serverPort = process.env.FOYER_DEV_SERVER_PORT ?? "2567";
const procs = [
  spawn(process.execPath, ["--watch-path=server", "--watch-path=shared", "--import", "tsx", "server/main.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: serverPort, FOYER_CLIENT_DIR: "dist/dev-none" },
  }),
  spawn(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js")], { cwd: root, stdio: "inherit", env: process.env }),
];
const stop = () => {
  for (const p of procs) p.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const p of procs) p.on("exit", (code) => {
  stop();
  process.exitCode = code ?? 0;
});
