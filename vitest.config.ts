import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; route handlers are plain functions here.
      "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
      // Likewise `client-only`: the unit tests exercise browser modules in Node.
      "client-only": path.resolve(import.meta.dirname, "tests/support/client-only.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One fork runs the suite file by file: the files share one database and one key set.
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
