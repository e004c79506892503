// `npm test`: every test. vitest (unit, integration, HTTP; PostgreSQL server and PGlite), then
// Playwright in Debian's Chromium against the built app. Ends with one summary line.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log("Installing Debian's Chromium for the browser tests...");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const upd = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const inst = upd.status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (!inst || inst.status !== 0 || !fs.existsSync(chromium)) {
      console.error("npm test: could not install Chromium: run `apt-get install -y chromium` as root, then try again.");
      process.exit(1);
    }
  } else {
    console.error("npm test: Chromium is missing: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH), then try again.");
    process.exit(1);
  }
}

fs.mkdirSync(".reports", { recursive: true });
for (const f of ["vitest.json", "e2e.json"]) fs.rmSync(`.reports/${f}`, { force: true });
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } }).status;

const only = process.argv[2]; // "unit" or "e2e" to run one half
let vitest = 0, e2e = 0;
// One production build first: Playwright runs against it, and so do the vitest files that start
// the whole app (next-auth's endpoints over HTTP, e.g. test/auth-hardening.test.ts).
const build = run(process.execPath, ["node_modules/next/dist/bin/next", "build"]);
if (build !== 0) {
  console.error("npm test: `next build` failed.");
  process.exit(1);
}
if (only !== "e2e") {
  vitest = run(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", "--outputFile.json=.reports/vitest.json"]);
}
if (only !== "unit") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoint-e2e-"));
  e2e = run(process.execPath, ["node_modules/@playwright/test/cli.js", "test"], { CHECKPOINT_SKIP_BUILD: "1", CI: "1", E2E_DATA_DIR: dataDir });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

let passed = 0, failed = 0, skipped = 0;
try {
  const v = JSON.parse(fs.readFileSync(".reports/vitest.json", "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests + (v.numFailedTestSuites ?? 0);
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} catch {
  if (only !== "e2e") failed += 1;
}
try {
  const p = JSON.parse(fs.readFileSync(".reports/e2e.json", "utf8"));
  passed += p.stats.expected;
  failed += p.stats.unexpected + p.stats.flaky;
  skipped += p.stats.skipped;
} catch {
  if (only !== "unit") failed += 1;
}
console.log(`\nvitest: ${vitest === 0 ? "passed" : "FAILED"}; playwright: ${only === "unit" ? "not run" : e2e === 0 ? "passed" : "FAILED"}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vitest !== 0 || e2e !== 0 || failed > 0 ? 1 : 0);
