import { spawnSync } from "node:child_process";
import { test, expect } from "@playwright/test";
import { admin, signIn } from "./support/users";

const env = () => ({ ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" });

/** Submits a synthetic corpus case through the API on a new test integration with automated decisions on. */
function submitCase(baseURL: string, name: string): { integrationId: string; sessionId: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "e2e/support/engine-session.ts", baseURL, name], { env: env(), encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`engine-session failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test.describe.configure({ mode: "serial" });

test("the session page shows the engine's report: checks, rule, the MRZ read, faces side by side, timings", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const { sessionId } = submitCase(baseURL!, "passport-valid");
  await signIn(page, admin);
  await page.goto(`/sessions/${sessionId}`);
  // The server's engine thread decides within seconds (the first session also loads the models).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("engine-summary")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  const report = page.getByTestId("engine-report");
  await expect(page.getByRole("heading", { name: "Verification engine" })).toBeVisible();
  await expect(report.getByTestId("engine-outcome")).toContainText("approved (9001)");
  await expect(report.getByText("all_pass")).toBeVisible();
  await expect(report.getByTestId("engine-mrz")).toContainText("P<EST");
  for (const name of ["mrz", "face.match", "consistency.name", "document_validity.expiry", "duplicates.document"]) await expect(report.getByRole("cell", { name, exact: true })).toBeVisible();
  await expect(report.getByRole("img", { name: "Selfie face crop" })).toBeVisible();
  await expect(report.getByRole("img", { name: "Document portrait face crop" })).toBeVisible();
  await expect(report.getByText(/similarity 0\.\d+ \(approve ≥ 0\.60/)).toBeVisible();
  await expect(report.getByTestId("engine-timings")).toContainText("submit to decision");
  // The decision and the timeline name the engine.
  await expect(page.getByRole("region", { name: "Decision" }).getByText("engine")).toBeVisible();
});

test("a name that differs is declined 104 and the report says why", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const { sessionId } = submitCase(baseURL!, "passport-name-mismatch");
  await signIn(page, admin);
  await expect(async () => {
    await page.goto(`/sessions/${sessionId}`);
    await expect(page.getByTestId("engine-summary")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId("engine-summary")).toContainText('Name differs: "Margus Kask" given');
  await expect(page.getByTestId("engine-outcome")).toContainText("declined (9102) · reason 104");
});

test("admins set the engine per integration; a wrong threshold names its field and keeps what was typed", async ({ page, baseURL }) => {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", "integration", "create", "--name", "Engine settings", "--environment", "live", "--json"], { env: env(), encoding: "utf8" });
  const { id } = JSON.parse(r.stdout);
  void baseURL;
  await signIn(page, admin);
  await page.goto(`/integrations/${id}`);
  const engine = page.getByRole("group", { name: "Verification engine" });
  await engine.getByLabel(/Automated decisions/).check();
  await engine.getByLabel("Minimum age").fill("21");
  await engine.getByLabel("Passport").check();
  await engine.getByLabel("Face match: approve at or above").fill("0.3");
  await engine.getByLabel("Face match: decline (103) below").fill("0.5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Face match (decline) must not be above face match (approve).")).toBeVisible();
  await expect(engine.getByLabel("Minimum age")).toHaveValue("21");
  await engine.getByLabel("Face match: approve at or above").fill("0.7");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await expect(engine.getByLabel(/Automated decisions/)).toBeChecked();
  await expect(engine.getByLabel("Minimum age")).toHaveValue("21");
  await expect(engine.getByLabel("Passport")).toBeChecked();
  await expect(engine.getByLabel("Face match: approve at or above")).toHaveValue("0.7");
  await page.goto(`/audit`);
  const row = page.getByRole("row").filter({ hasText: "integration.update" }).filter({ hasText: id.slice(0, 8) }).first();
  await expect(row).toContainText("Automated decisions: no → yes");
  await expect(row).toContainText('"minAge":21');
});
