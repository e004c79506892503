import { defineConfig, devices } from "@playwright/test";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `checkpoint-e2e-${process.pid}`);
process.env.E2E_DATA_DIR = dataDir;
// The loopback OpenID provider the single sign-on spec signs in through (e2e/support/oidc-provider.mjs).
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 2);
process.env.E2E_OIDC_PORT = String(oidcPort);

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
  webServer: [
    {
      command: `node e2e/support/oidc-provider.mjs ${oidcPort} http://localhost:${port}/api/auth/callback/oidc`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
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
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_CLIENT_ID: "checkpoint-e2e",
        OIDC_CLIENT_SECRET: "checkpoint-e2e-secret",
        OIDC_NAME: "Test IdP",
        OIDC_ALLOW_DOMAINS: "sso.checkpoint.test",
        OIDC_DEFAULT_ROLE: "reviewer",
      },
    },
  ],
});
