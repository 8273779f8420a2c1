import path from "node:path";
import { defineConfig } from "vitest/config";

// The browser suite (npm run test:e2e): Debian's Chromium driven by playwright-core against the
// production build, started once for all files by e2e/support/global-setup.ts.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // expect.poll waits for the page like Playwright's own assertions do (its default is 1 s).
    expect: { poll: { timeout: 10_000, interval: 100 } },
    // One browser at a time: the machine has two cores and the server needs one of them.
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
