import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: ".",
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration and browser tests start real servers; run files one at a time so
    // timings are not distorted on a 2-core machine.
    fileParallelism: false,
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
