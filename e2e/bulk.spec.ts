// Add Verification's CSV tab: upload → preview with row errors (nothing created) → run → the
// links as CSV and the QR codes as a ZIP of PNGs.
import fs from "node:fs";
import { test, expect } from "@playwright/test";
import { unzipSync } from "fflate";
import { decodeQr } from "./support/qr";
import { signIn } from "./support/users";
import { ensureUser, expectNoAxeViolations, operator } from "./support/portal";

test.beforeAll(() => ensureUser(operator, "operator"));

const file = [
  "First Name,Last Name,vendorData,endUserId,E-mail,Language",
  "Ada,Lovelace,bulk-1,,ada@example.com,en",
  "Bob,,bulk-2,,,",
  "Cy,Young,bulk-3,not-a-uuid,,",
  "Di,Prince,bulk-4,,,et",
  "Ed,Stone,bulk-5,,,de",
].join("\n");

test("an operator uploads a CSV, sees the row errors before anything is created, runs it and downloads the links and QR codes", async ({ page }) => {
  await signIn(page, operator);
  await page.goto("/sessions/new");
  await page.getByRole("link", { name: "Upload CSV" }).click();
  await expect(page.getByLabel("CSV file")).toBeVisible();
  await expect(page.getByText(/E-mail is not configured on this server/)).toBeVisible();
  await page.getByLabel("Integration").selectOption({ label: "Test integration (test)" });
  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Check the file" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Nothing has been created yet." })).toBeVisible();
  await expect(page.getByText("2 with errors (not created)")).toBeVisible();
  const errors = page.getByRole("table", { name: "Rows with errors" });
  await expect(errors.getByRole("row", { name: /^2 Bob/ })).toContainText("lastName: Last name is required.");
  await expect(errors.getByRole("row", { name: /^3 Cy Young/ })).toContainText("endUserId: Request includes invalid parameters: endUserId must be a UUID.");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Create 3 verification(s)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Done: 3 created of 3" })).toBeVisible({ timeout: 30_000 });
  await expectNoAxeViolations(page);

  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download links (CSV)" }).click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^checkpoint-links-[0-9a-f]{8}\.csv$/);
  const lines = fs.readFileSync((await csvDownload.path())!, "utf8").trim().split("\r\n");
  expect(lines[0]).toBe("row,name,email,vendorData,state,sessionId,url,error");
  expect(lines).toHaveLength(6);
  const ada = lines[1].split(",");
  expect(ada.slice(0, 5)).toEqual(["1", "Ada Lovelace", "ada@example.com", "bulk-1", "created"]);
  expect(ada[6]).toMatch(/^http:\/\/localhost:\d+\/v\/ey/);
  expect(lines[2]).toMatch(/^2,Bob,,bulk-2,invalid,,,lastName: Last name is required\.$/);

  const [zipDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download QR codes (ZIP)" }).click()]);
  const files = unzipSync(fs.readFileSync((await zipDownload.path())!));
  expect(Object.keys(files)).toEqual(["row-0001-Ada-Lovelace.png", "row-0004-Di-Prince.png", "row-0005-Ed-Stone.png"]);
  expect(await decodeQr(page, Buffer.from(files["row-0001-Ada-Lovelace.png"]))).toBe(ada[6]);

  // The sessions exist, made through the API by this operator.
  await page.goto(`/sessions/${ada[5]}`);
  await expect(page.getByText("bulk-1")).toBeVisible();
  await expect(page.getByText(`${operator.name} (${operator.email})`)).toBeVisible();
});
