// "Add Verification" creates the session through POST /v1/sessions (the API branch): this spec
// needs the API in the same build. Contract: 201 {status:"success",verification:{id,url,...}}
// or {status:"fail",code,message}.
import fs from "node:fs";
import { test, expect } from "@playwright/test";
import { decodeQr } from "./support/qr";
import { admin, signIn } from "./support/users";
import { cli, ensureUser, expectNoAxeViolations, operator } from "./support/portal";

test.describe.configure({ mode: "serial" });

let paused: { id: string };

test.beforeAll(() => {
  ensureUser(operator, "operator");
  paused = JSON.parse(cli(["integration", "create", "--name", "Paused for e2e", "--environment", "live", "--plan", "enterprise", "--json"]));
});


test("an operator generates a verification link with a QR code that decodes to the link", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, operator);
  await page.getByRole("link", { name: "Add Verification" }).first().click();
  await expect(page.getByRole("heading", { name: "Add Verification" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Integration").selectOption({ label: "Test integration (test)" });
  await page.getByRole("button", { name: "Generate Verification" }).click();
  await expect(page.getByText("User first name is required.")).toBeVisible();
  await page.getByLabel("User first name").fill("Sarah");
  await page.getByLabel("User last name").fill("Morgan");
  await page.getByLabel("vendorData").fill("case-42");
  await page.getByLabel("endUserId").fill("not-a-uuid");
  await page.getByRole("button", { name: "Generate Verification" }).click();
  await expect(page.getByText(/endUserId must be a UUID/).first()).toBeVisible();
  await expect(page.getByLabel("User first name")).toHaveValue("Sarah");
  await page.getByLabel("endUserId").fill("");
  await page.getByLabel("Language").fill("et");
  await page.getByRole("button", { name: "Generate Verification" }).click();

  await expect(page.getByText("Verification created for Sarah Morgan.")).toBeVisible();
  const link = await page.getByRole("textbox", { name: "Session link" }).inputValue();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/v\/ey[\w-]+\.[\w-]+\.[\w-]+$/);
  await expect(page.getByText(/Valid until/)).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  const [pngDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download QR (PNG)" }).click()]);
  expect(pngDownload.suggestedFilename()).toMatch(/^verification-[0-9a-f]{8}\.png$/);
  const png = fs.readFileSync((await pngDownload.path())!);
  expect(await decodeQr(page, png)).toBe(link);

  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download QR (SVG)" }).click()]);
  const svg = fs.readFileSync((await svgDownload.path())!, "utf8");
  expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg/);

  await expect(page.getByRole("link", { name: "Open link" })).toHaveAttribute("href", link);
  const mail = await page.getByRole("link", { name: "Email link" }).getAttribute("href");
  expect(decodeURIComponent(mail!)).toContain(link);

  // The session records who made it and where from.
  await page.getByRole("link", { name: "Open the session" }).click();
  await expect(page.getByText("case-42")).toBeVisible();
  await expect(page.getByText(`${operator.name} (${operator.email})`)).toBeVisible();
  await expect(page.getByText("Back office", { exact: true })).toBeVisible();
});

test("without a clipboard, copy says so and offers the text selected", async ({ page }) => {
  await signIn(page, admin);
  await page.addInitScript(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
  await page.goto("/sessions/new");
  await page.getByLabel("User first name").fill("Nora");
  await page.getByLabel("User last name").fill("Clip");
  await page.getByRole("button", { name: "Generate Verification" }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Copy failed — select the text")).toBeVisible();
  const link = await page.getByRole("textbox", { name: "Session link" }).inputValue();
  await expect(page.getByRole("textbox", { name: "Text to copy" })).toHaveValue(link);
});

test("an API refusal (inactive integration) shows in the form and keeps what was typed", async ({ page }) => {
  // Deactivated directly in the database, as the integrations screen would.
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "-e", `import {boot} from "./lib/boot.ts"; import {pool, closeDb} from "./lib/db/index.ts"; const b = await boot({firstRun:false}); await pool().query("UPDATE integrations SET active = false WHERE id = $1", ["${paused.id}"]); await closeDb(); await b.target.close();`],
    { env: { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" }, encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  // The API caches key lookups for 5 s (docs/api.md): the change reaches it within that.
  await page.waitForTimeout(5500);
  await signIn(page, admin);
  await page.goto("/sessions/new");
  await page.getByLabel("Integration").selectOption({ label: "Paused for e2e (live) — inactive" });
  await page.getByLabel("User first name").fill("Ivan");
  await page.getByLabel("User last name").fill("Inactive");
  await page.getByLabel("vendorData").fill("keep-me");
  await page.getByRole("button", { name: "Generate Verification" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "1804" })).toBeVisible();
  await expect(page.getByLabel("User first name")).toHaveValue("Ivan");
  await expect(page.getByLabel("vendorData")).toHaveValue("keep-me");
  await expect(page.getByLabel("Integration")).toHaveValue(paused.id);
});
