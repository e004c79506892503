import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "test/support/empty.ts") } },
  test: {
    include: ["lib/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    // 2 cores: two files at a time; every file makes its own databases.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
