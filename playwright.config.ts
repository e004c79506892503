import { defineConfig, devices } from "@playwright/test";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `checkpoint-e2e-${process.pid}`);
process.env.E2E_DATA_DIR = dataDir;

// Debian's Chromium: Playwright's own browser download cannot run on these machines.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: ".reports/e2e.json" }]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "setup", testMatch: /global\.setup\.ts/ },
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, dependencies: ["setup"], testIgnore: /global\.setup\.ts/ },
  ],
  webServer: {
    command: "node scripts/start.mjs",
    url: `http://localhost:${port}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      CHECKPOINT_DATA_DIR: dataDir,
      DATABASE_URL: "",
      CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true",
    },
  },
});
