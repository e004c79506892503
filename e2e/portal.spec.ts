import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { test, expect, type Page } from "@playwright/test";
import { decodeQr } from "./support/qr";
import { admin, signIn } from "./support/users";
import { captureAction, cli, ensureUser, expectNoAxeViolations, makeFixtures, operator, replayAction, reviewer, type Fixtures, type CapturedAction } from "./support/portal";

// One story in order: the data is made once, and later steps rely on what earlier ones did.
test.describe.configure({ mode: "serial" });

let f: Fixtures;
const captured: Record<string, CapturedAction> = {};

test.beforeAll(() => {
  ensureUser(operator, "operator");
  ensureUser(reviewer, "reviewer");
  f = makeFixtures();
});


test("without a clipboard, copy says so and offers the text selected", async ({ page }) => {
  await signIn(page, reviewer);
  await page.addInitScript(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
  await page.goto(`/sessions/${f.tess}`);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Copy failed — select the text")).toBeVisible();
  const link = await page.getByRole("textbox", { name: "Session link" }).inputValue();
  await expect(page.getByRole("textbox", { name: "Text to copy" })).toHaveValue(link);
  await expect(page.getByRole("textbox", { name: "Text to copy" })).toBeFocused();
});

const navLinks = (page: Page) => page.getByRole("navigation", { name: "Main" }).getByRole("link");

test("each role lands on All verifications and sees only its navigation", async ({ page }) => {
  const expected: [typeof admin, string[]][] = [
    [admin, ["All verifications", "Add Verification", "Review queue", "Analytics", "Integrations", "API keys", "Team", "Audit log", "Data requests", "Webhook deliveries"]],
    [operator, ["All verifications", "Add Verification", "Analytics"]],
    [reviewer, ["All verifications", "Review queue", "Analytics"]],
  ];
  for (const [who, items] of expected) {
    await page.context().clearCookies();
    await signIn(page, who);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sessions$/);
    await expect(page.getByRole("heading", { name: "All verifications" })).toBeVisible();
    await expect(navLinks(page)).toHaveText(items);
    await expect(navLinks(page).first()).toHaveAttribute("aria-current", "page");
  }
  // The server refuses pages the navigation hides.
  await page.goto("/sessions/new");
  await expect(page).toHaveURL(/\/forbidden$/);
  await page.context().clearCookies();
  await signIn(page, operator);
  await page.goto("/review");
  await expect(page).toHaveURL(/\/forbidden$/);
});

test("the shell collapses to a menu on a phone, and dark mode sticks", async ({ page }) => {
  await signIn(page, admin);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/sessions");
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await menu.click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Review queue" }).click();
  await expect(page).toHaveURL(/\/review/);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expectNoAxeViolations(page);

  await page.setViewportSize({ width: 1280, height: 800 });
  // The toggle names the mode it switches to.
  const wasDark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  const toggle = page.getByRole("button", { name: wasDark ? "Switch to light mode" : "Switch to dark mode" });
  await toggle.click();
  await expect(page.locator("html")).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
  await expect(page.getByRole("button", { name: wasDark ? "Switch to dark mode" : "Switch to light mode" })).toBeVisible();
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!wasDark);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /^Switch to (light|dark) mode$/ }).click();
});

test("All verifications: filters, sort and page live in the URL; back, forward and bad URLs work", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/sessions");
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(50);
  await expectNoAxeViolations(page);

  await page.getByRole("checkbox", { name: /^submitted/ }).click();
  await expect(page).toHaveURL(/\/sessions\?status=submitted$/);
  await expect(page.getByRole("link", { name: "Quinn Queue" })).toBeVisible();
  await page.getByLabel("Integration").selectOption({ label: "Live shop" });
  await expect(page).toHaveURL(new RegExp(`status=submitted&integration=${f.live}$`));
  await expect(rows).toHaveCount(4); // Quinn, Rosa, Fran, Lena
  await page.getByLabel("Sort").selectOption("asc");
  await expect(rows.first()).toContainText("Lena Live");

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`status=submitted&integration=${f.live}$`));
  await expect(rows.last()).toContainText("Lena Live");
  await page.goBack();
  await expect(page).toHaveURL(/\/sessions\?status=submitted$/);
  await page.goForward();
  await expect(rows).toHaveCount(4);

  // Reload: the state comes from the URL.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: /^submitted/ })).toBeChecked();
  await expect(page.getByLabel("Integration")).toHaveValue(f.live);

  // Search: name prefix, vendorData, session id.
  await page.goto("/sessions");
  await page.getByRole("searchbox", { name: "Search" }).fill("dora");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=dora/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("9102");
  await expect(rows.first()).toContainText("Declined");
  await expect(rows.first()).toContainText("Suspicious behaviour (105)");
  await page.goto(`/sessions?q=${f.toby}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Toby Test");

  // Decision filter, then a page change keeps the filter and a filter change resets the page.
  await page.goto(`/sessions?integration=${f.bulk}`);
  await expect(rows).toHaveCount(50);
  await page.getByRole("button", { name: "Next page →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(25);
  await page.getByRole("checkbox", { name: "None yet" }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page).toHaveURL(/decision=none/);
  // The export carries the same filter as the list.
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /^\/api\/sessions\/export\?.*decision=none/);

  // Live: a session created elsewhere appears within the refresh interval, on the same page.
  await page.goto(`/sessions?integration=${f.sandbox}`);
  await expect(rows).toHaveCount(2);
  cli(["seed", "sessions", "1", "--integration", f.sandbox]);
  await expect(rows).toHaveCount(3, { timeout: 20_000 });
  await expect(page).toHaveURL(new RegExp(`/sessions\\?integration=${f.sandbox}$`));

  // A malformed URL falls back to defaults instead of breaking.
  await page.goto("/sessions?status=bogus&sort=sideways&cursor=%%%&from=2026-13-45&integration=nope");
  await expect(page.getByRole("heading", { name: "All verifications" })).toBeVisible();
  await expect(rows).toHaveCount(50);
  await page.goto("/sessions?q=nobody-by-this-name");
  await expect(page.getByText("No verifications match these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear all filters" }).click();
  await expect(rows).toHaveCount(50);
});

test("session detail: an admin reads everything, declines a live session, resends a webhook and deletes", async ({ page }) => {
  await signIn(page, admin);
  await page.goto(`/sessions/${f.lena}`);
  await expect(page.getByRole("heading", { name: "Lena Live" })).toBeVisible();
  await expect(page.getByText("case-l1")).toBeVisible();
  const thumb = page.locator('img[alt="Document front, attempt 1"]').first();
  await expect(thumb).toBeVisible();
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  const [popup] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: "Open Document back, attempt 1 full size" }).click()]);
  expect((await popup.request.get(popup.url())).headers()["content-type"]).toBe("image/png");
  await popup.close();
  await expect(page.locator("time").first()).toHaveAttribute("title", /UTC$/);
  const link = await page.getByRole("textbox", { name: "Session link" }).inputValue();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/v\/ey[\w-]+\.[\w-]+\.[\w-]+$/);
  await expectNoAxeViolations(page);

  // The QR code encodes exactly the link: decode the downloaded PNG's pixels.
  const [pngDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download QR (PNG)" }).click()]);
  expect(pngDownload.suggestedFilename()).toBe(`verification-${f.lena.slice(0, 8)}.png`);
  expect(await decodeQr(page, fs.readFileSync((await pngDownload.path())!))).toBe(link);
  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download QR (SVG)" }).click()]);
  expect(fs.readFileSync((await svgDownload.path())!, "utf8")).toMatch(/^<\?xml[^>]*>\s*<svg/);
  await expect(page.getByRole("link", { name: "Open link" })).toHaveAttribute("href", link);
  expect(decodeURIComponent((await page.getByRole("link", { name: "Email link" }).getAttribute("href"))!)).toContain(link);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Copied", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  await page.getByLabel("Declined reason").selectOption("103");
  // A decline asks first, naming the reason picked.
  await page.getByRole("button", { name: "Decline…" }).click();
  const confirm = page.getByRole("dialog", { name: "Decline this session?" });
  await expect(confirm).toContainText("Person showing the document does not appear to match document photo");
  captured.decide = await captureAction(page, () => confirm.getByRole("button", { name: "Decline", exact: true }).click());
  await expect(page.getByText("Decide: the session is declined: it is final.")).toBeVisible();
  await expect(page.getByTestId("decision-words")).toContainText("Declined");
  await expect(page.getByText("Person showing the document does not appear to match document photo").first()).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Declined by Ada Admin" })).toBeVisible();

  // Its decision webhook is in the outbox; an admin can queue it again.
  await expect(page.getByText("https://hooks.example.invalid/decision").first()).toBeVisible();
  await page.getByRole("button", { name: "Resend" }).first().click();
  await expect(page.getByText("Queued for delivery now.")).toBeVisible();

  // A test integration: not yet submitted says why; submitted can be forced.
  await page.goto(`/sessions/${f.tess}`);
  await expect(page.getByText(/Force decision \(test integration\): not possible yet: the session is created/)).toBeVisible();
  await page.goto(`/sessions/${f.toby}`);
  await expect(page.getByRole("heading", { name: "Force decision (test integration)" })).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Force decision (test integration): the session is approved: it is final.")).toBeVisible();

  await page.goto(`/sessions/${f.dora}`);
  await page.getByRole("button", { name: "Delete session" }).click();
  await expect(page.getByRole("dialog", { name: "Delete this session?" })).toBeVisible();
  captured.delete = await captureAction(page, () => page.getByRole("button", { name: "Delete for good" }).click());
  await expect(page).toHaveURL(/\/sessions\?deleted=1/);
  await page.goto(`/sessions/${f.dora}`);
  await expect(page.getByText(/could not be found|404/i).first()).toBeVisible();
});

test("review queue: oldest first, pictures side by side, shortcuts, next after each decision", async ({ page }) => {
  // Other specs share this database and may leave live sessions waiting: decide those first, so
  // the queue holds exactly this spec's fixtures.
  const mine = [f.queue1, f.queue2, f.forbidden];
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `import {boot} from "./lib/boot.ts"; import {pool, closeDb} from "./lib/db/index.ts"; import {decideSession} from "./lib/sessions/decide-session.ts";
       const b = await boot({firstRun:false});
       const { rows } = await pool().query("SELECT s.id FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id WHERE s.status IN ('submitted', 'review') AND i.environment = 'live' AND NOT (s.id = ANY($1::uuid[]))", [${JSON.stringify(mine)}]);
       for (const row of rows) await decideSession({ sessionId: row.id, decision: "approved", actor: { type: "cli", label: "e2e" } });
       await closeDb(); await b.target.close();`,
    ],
    { env: { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" }, encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  await signIn(page, reviewer);
  await page.goto("/review");
  await expect(page.getByRole("heading", { name: "Quinn Queue" })).toBeVisible();
  await expect(page.getByRole("img")).toHaveCount(3);
  await expect(page.getByText("Shortcuts:")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.keyboard.press("a");
  await expect(page.getByRole("heading", { name: "Rosa Review" })).toBeVisible();
  await page.getByRole("button", { name: "Resubmit: Poor image quality" }).click();
  await page.getByRole("dialog", { name: "Ask the person to try again?" }).getByRole("button", { name: "Request resubmission" }).click();
  await expect(page.getByRole("heading", { name: "Fran Forbidden" })).toBeVisible();
  await page.keyboard.press("n");
  await expect(page.getByText("You skipped every waiting session.")).toBeVisible();

  await page.goto(`/sessions?q=${f.queue1}`);
  await expect(page.locator("tbody tr").first()).toContainText("approved");
  await page.goto(`/sessions?q=${f.queue2}`);
  await expect(page.locator("tbody tr").first()).toContainText("Poor image quality (204)");
});

test("the server refuses each role's forbidden actions even when called directly", async ({ page, playwright }) => {
  // The create action as an admin sends it (refused by validation before any API call).
  await signIn(page, admin);
  await page.goto("/sessions/new");
  captured.create = await captureAction(page, () => page.getByRole("button", { name: "Generate Verification" }).click());
  await expect(page.getByText("User first name is required.")).toBeVisible();
  await page.context().clearCookies();

  // Operator: deciding (the decide action replayed against a still-submitted session).
  await signIn(page, operator);
  const asOperator = await replayAction(page, captured.decide, [f.lena, f.forbidden]);
  expect(asOperator.text).toContain("You do not have permission to do this.");
  // Reviewer: deleting.
  await page.context().clearCookies();
  await signIn(page, reviewer);
  const asReviewer = await replayAction(page, captured.delete, [f.dora, f.forbidden]);
  expect(asReviewer.text).toContain("You do not have permission to do this.");
  // Reviewer: creating a verification.
  expect((await replayAction(page, captured.create)).text).toContain("You do not have permission to do this.");
  await page.goto(`/sessions/${f.forbidden}`);
  await expect(page.getByRole("heading", { name: "Fran Forbidden" })).toBeVisible();
  await expect(page.getByText("No decision yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete session" })).toHaveCount(0);
  // Reviewer: no resend button.
  await expect(page.getByRole("button", { name: "Resend" })).toHaveCount(0);
  // Operator: the decide action is refused for a signed-out caller too.
  await page.context().clearCookies();
  expect((await replayAction(page, captured.decide, [f.lena, f.forbidden])).text).toContain("Your session has ended: sign in again.");

  // Signed out: the JSON list and the media route answer 401.
  const anon = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anon.get("/api/sessions")).status()).toBe(401);
  expect((await anon.get(`/api/media/${f.forbidden}`)).status()).toBe(401);
  await signIn(page, reviewer);
  expect((await page.request.get("/api/sessions?status=submitted")).status()).toBe(200);
  await anon.dispose();
});

test("a user changes their own password", async ({ page }) => {
  await signIn(page, operator);
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expectNoAxeViolations(page);
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill("a brand new password");
  await page.getByLabel("Confirm new password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is wrong.").first()).toBeVisible();
  await page.getByLabel("Current password").fill(operator.password);
  await page.getByLabel("New password", { exact: true }).fill("a brand new password");
  await page.getByLabel("Confirm new password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, { email: operator.email, password: "a brand new password" });
  operator.password = "a brand new password";
});

test("screenshots of the main screens", async ({ page }) => {
  await signIn(page, admin);
  await page.setViewportSize({ width: 1360, height: 900 });
  const shot = async (path: string, name: string, fullPage = false) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForTimeout(300);
    // The README's pictures are refreshed on request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
    await page.screenshot({ path: `${process.env.UPDATE_SCREENSHOTS ? "docs/screenshots" : "test-results/screenshots"}/${name}.png`, fullPage });
  };
  await shot("/sessions", "all-verifications");
  await shot(`/sessions/${f.lena}`, "session-detail", true);
  await shot("/sessions/new", "add-verification");
  await shot(`/sessions/${f.forbidden}`, "session-submitted");
  await shot("/review", "review-queue");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot("/sessions?status=submitted", "phone-list");
});
