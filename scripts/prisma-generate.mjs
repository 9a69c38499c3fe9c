#!/usr/bin/env node
// Runs `prisma generate` without Prisma's engine downloads.
//
// Prisma 7 clients are engine-free (driver adapters), but the CLI still checks for its
// native schema engine before generating and tries to download it when it is missing,
// which fails offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file makes
// it skip that download; generate itself never runs the engine. An explicitly set
// PRISMA_SCHEMA_ENGINE_BINARY (e.g. a real engine on an online machine) is respected.
//
// Usage: npm run prisma:generate [-- extra prisma generate args]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env };

if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const dummyDir = path.join(root, "node_modules", ".cache", "foyer-prisma");
  const dummy = path.join(dummyDir, "schema-engine-placeholder");
  if (!existsSync(dummy)) {
    mkdirSync(dummyDir, { recursive: true });
    writeFileSync(
      dummy,
      "#!/bin/sh\necho 'placeholder: Prisma schema engine is not installed (offline build)' >&2\nexit 1\n",
      { mode: 0o755 },
    );
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = dummy;
}
// No telemetry/update checks (they would only time out offline).
env.CHECKPOINT_DISABLE ??= "1";
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";

const bin = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "prisma.cmd" : "prisma");
if (!existsSync(bin)) {
  console.error(`prisma CLI not found at ${bin}; run npm install first`);
  process.exit(1);
}

const child = spawn(bin, ["generate", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
child.on("error", (err) => {
  console.error(`failed to start prisma: ${err.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    console.error(`prisma generate killed by ${signal}`);
    process.exit(1);
  }
  process.exit(code ?? 1);
});
