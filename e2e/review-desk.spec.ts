// The review desk (issue 15, items 1-3): read a session in words, compare pictures, claim it,
// decide with a confirmation, a note and a 10-second undo, the note in the decision webhook's
// comments; find people by any part of the name; invalid filters explained; phone cards; saved views.
import { spawnSync } from "node:child_process";
import { test, expect } from "@playwright/test";
import { startReceiver } from "../test/support/receiver";
import { admin, signIn } from "./support/users";
import { ensureUser, reviewer } from "./support/portal";

test.describe.configure({ mode: "serial" });

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let f: { live: string; emilie: string; jose: string; tina: string; olga: string; stamp: string };

test.beforeAll(async () => {
  ensureUser(reviewer, "reviewer");
  // Port in this worktree's own range (4600-4699).
  receiver = await startReceiver({ port: 4601 });
  const r = spawnSync(process.execPath, ["--import", "tsx", "e2e/support/desk-fixtures.ts", `${receiver.url}/decision`], {
    env: { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "", CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`desk fixtures failed: ${r.stderr || r.stdout}`);
  f = JSON.parse(r.stdout.trim().split("\n").pop()!);
});
test.afterAll(async () => {
  await receiver?.close();
});

test("the session page reads in words; the viewer compares the document with the selfie, zoomed and rotated", async ({ page }) => {
  await signIn(page, reviewer);
  await page.goto(`/sessions/${f.emilie}`);
  await expect(page.getByRole("heading", { name: "Émilie Durand-Léger" })).toBeVisible();
  const identity = page.getByRole("region", { name: "Person, document and address" });
  await expect(identity.getByRole("row", { name: /First name\s+Émilie/ })).toBeVisible();
  await expect(identity.getByRole("row", { name: /Document type\s+Passport/ })).toBeVisible();
  await expect(identity.getByRole("row", { name: /Address\s+1 Rue de Rivoli, Paris/ })).toBeVisible();
  await expect(page.locator("pre")).toHaveCount(0); // no raw JSON
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByText("Started by the end user")).toBeVisible();
  await expect(timeline.getByText("Submitted by the end user")).toBeVisible();

  const pictures = page.getByRole("region", { name: "Attempts and pictures" });
  await expect(pictures.getByRole("combobox", { name: "Left picture" })).toContainText("Document front, attempt 1");
  await expect(pictures.getByRole("combobox", { name: "Left picture" }).locator("option:checked")).toHaveText("Document front, attempt 1");
  await expect(pictures.getByRole("combobox", { name: "Right picture" }).locator("option:checked")).toHaveText("Selfie, attempt 1");
  // The first document photo was retaken: marked and folded away.
  await expect(pictures.getByText("1 retaken picture (superseded)")).toBeVisible();
  await pictures.getByRole("button", { name: "Zoom in Left picture" }).click();
  await pictures.getByRole("button", { name: "Rotate Left picture" }).click();
  const left = pictures.getByRole("figure", { name: "Left picture" }).getByRole("img");
  await expect(left).toHaveAttribute("data-zoom", "1.5");
  await expect(left).toHaveAttribute("data-rotate", "90");
});

test("claim, decline with a confirmation, undo within 10 s (no webhook), then approve with a note that arrives in the webhook's comments", async ({ page }) => {
  await signIn(page, admin);
  await page.goto(`/sessions/${f.emilie}`);
  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(page.getByTestId("assignee")).toHaveText("Assigned to you");
  await page.goto("/sessions?assigned=me");
  await expect(page.getByRole("checkbox", { name: "Assigned to me" })).toBeChecked();
  await expect(page.locator("tbody tr").filter({ hasText: "Émilie Durand-Léger" })).toBeVisible();
  await page.goto(`/sessions/${f.emilie}`);

  await page.getByLabel("Declined reason").selectOption("102");
  await page.getByRole("button", { name: "Decline…" }).click();
  const confirm = page.getByRole("dialog", { name: "Decline this session?" });
  await expect(confirm).toContainText("Suspected document tampering");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("decision-words")).toHaveCount(0);

  await page.getByRole("button", { name: "Decline…" }).click();
  await confirm.getByRole("button", { name: "Decline", exact: true }).click();
  const toast = page.getByTestId("decision-toast");
  await expect(toast).toContainText("Declined (102 Suspected document tampering)");
  await expect(page.getByTestId("decision-words")).toContainText("Declined");
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(toast).toContainText("Undone: the session is submitted again and no webhook was sent.");
  await expect(page.getByTestId("decision-words")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Timeline" }).getByText("Decision undone by Ada Admin")).toBeVisible();
  await expect(page.getByRole("region", { name: "Webhook deliveries" }).getByText("cancelled").first()).toBeVisible();

  await page.getByRole("textbox", { name: /^Note/ }).fill("Checked the passport number by phone.");
  const decidedAt = Date.now();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(toast).toContainText("Approved.");
  await expect(toast).toContainText(/undo possible for \d+ s/);
  await expect(page.getByRole("region", { name: "Notes and comments" })).toContainText("Checked the passport number by phone.");
  // The webhook goes out once the undo window has closed, with the note in its comments.
  await expect.poll(() => receiver.received.filter((r) => r.path === "/decision").length, { timeout: 30_000 }).toBe(1);
  const hook = receiver.received.find((r) => r.path === "/decision")!;
  expect(hook.at - decidedAt).toBeGreaterThanOrEqual(9_000);
  const v = JSON.parse(hook.body).verification;
  expect(v.status).toBe("approved");
  expect(v.comments).toEqual([{ type: "note", comment: "Checked the passport number by phone.", author: "Ada Admin", timestamp: expect.any(String) }]);
  await expect(toast).toContainText("final");
});

test("a claimed session is the claimer's: another reviewer sees who has it and cannot decide", async ({ page }) => {
  await signIn(page, admin);
  await page.goto(`/sessions/${f.jose}`);
  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(page.getByTestId("assignee")).toHaveText("Assigned to you");
  await page.context().clearCookies();
  await signIn(page, reviewer);
  await page.goto(`/sessions/${f.jose}`);
  await expect(page.getByTestId("assignee")).toHaveText("Assigned to Ada Admin");
  await expect(page.getByRole("button", { name: "Unassign" })).toHaveCount(0);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Ada Admin is working on this session")).toBeVisible();
  await page.getByRole("textbox", { name: "Add a comment" }).fill("Looks fine to me, Ada.");
  await page.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByRole("region", { name: "Notes and comments" })).toContainText("Looks fine to me, Ada.");
  // Admins can unassign anyone.
  await page.context().clearCookies();
  await signIn(page, admin);
  await page.goto(`/sessions/${f.jose}`);
  await page.getByRole("button", { name: "Unassign" }).click();
  await expect(page.getByTestId("assignee")).toHaveText("Not assigned");
});

test("All verifications: search by last name (case and accents aside), invalid filters explained, saved views", async ({ page }) => {
  await signIn(page, reviewer);
  await page.goto("/sessions");
  const rows = page.locator("tbody tr");
  for (const q of [`ramirez${f.stamp}`, `RAMÍREZ${f.stamp}`, `jose ramirez${f.stamp}`]) {
    await page.getByRole("searchbox", { name: "Search" }).fill(q);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(`José Ramírez${f.stamp}`);
  }
  // Open sessions say when their link stops working.
  await page.goto(`/sessions?q=open${f.stamp}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("expires in 7 days");

  await page.goto("/sessions?from=2026-05-10&to=2026-05-01&integration=not-an-id");
  const problems = page.getByTestId("filter-problems");
  await expect(problems).toContainText('The dates are reversed: "from" 2026-05-10 is after "to" 2026-05-01');
  await expect(problems).toContainText('Integration "not-an-id" is not an integration id');

  await page.goto(`/sessions?q=ramirez${f.stamp}&status=submitted`);
  await page.getByRole("button", { name: "Save this view…" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill("José waiting");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("button", { name: "José waiting", exact: true })).toBeVisible();
  await page.goto("/sessions");
  await page.getByRole("button", { name: "José waiting", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`status=submitted&q=ramirez${f.stamp}`));
  await expect(rows).toHaveCount(1);
});

test("on a phone the list is cards with status and decision", async ({ page }) => {
  await signIn(page, reviewer);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/sessions?q=${f.emilie}`);
  const card = page.getByTestId("session-card");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Émilie Durand-Léger");
  await expect(card).toContainText("approved");
  await expect(card).toContainText("Approved");
  await expect(page.locator("table")).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("the review queue shows test-integration sessions on request, marked TEST", async ({ page }) => {
  await signIn(page, reviewer);
  await page.goto("/review?env=test");
  await expect(page.getByRole("link", { name: "Test integrations" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("test-marker")).toBeVisible();
});
