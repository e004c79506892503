import http from "node:http";
import type { AddressInfo } from "node:net";
import crypto from "node:crypto";
import { test, expect, type Browser, type Page } from "@playwright/test";
import { admin, signIn } from "./support/users";
import { createUserWithCli } from "./support/cli";

test.describe.configure({ mode: "serial" });

const operator = { email: "olivia.ops@checkpoint.test", name: "Olivia Ops", role: "operator", password: "operator password 1" };
const reviewer = { email: "rick.review@checkpoint.test", name: "Rick Review", role: "reviewer", password: "reviewer password 1" };

let receiver: http.Server;
let hookUrl = "";
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(202, { "content-type": "text/plain" });
      res.end("accepted by e2e receiver");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/decision`;
  createUserWithCli(operator);
  createUserWithCli(reviewer);
});
test.afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

async function cookiesOf(browser: Browser, who: { email: string; password: string }) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, who);
  const cookies = await ctx.cookies();
  await ctx.close();
  return cookies;
}

/** Swaps the page's sign-in for another user's, keeping the page (and its server-action forms) loaded. */
async function becomeUser(page: Page, browser: Browser, who: { email: string; password: string }) {
  const cookies = await cookiesOf(browser, who);
  await page.context().clearCookies();
  await page.context().addCookies(cookies);
}

const addForm = (page: Page) => page.getByRole("region", { name: "Add a user" });

let integrationUrl = "";
let firstKey = "";
let firstSecret = "";

test("integrations: create shows the key and secret once, settings validate and save, test webhook is signed", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/integrations");
  await page.getByRole("link", { name: "New integration" }).click();
  // A name another integration has (the seeded "Test integration", any case) is refused on its field.
  await page.getByLabel("Name").fill("test INTEGRATION");
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText('Another integration is already called "test INTEGRATION". Choose another name.').first()).toBeVisible();
  await expect(page.getByLabel("Name")).toBeFocused();
  await expect(page.getByLabel("Name")).toHaveValue("test INTEGRATION");
  // Past the database's limit: a sentence naming the field, never zod's wording.
  await page.getByLabel("Name").fill("x".repeat(101));
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText("Name is at most 100 characters.").first()).toBeVisible();
  await page.getByLabel("Name").fill("Acme Live");
  await page.getByLabel("Environment").selectOption("live");
  await page.getByLabel("Plan").selectOption("enterprise");
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText("shown only this once")).toBeVisible();
  firstKey = await page.getByRole("textbox", { name: "API key", exact: true }).inputValue();
  firstSecret = await page.getByRole("textbox", { name: "Shared secret", exact: true }).inputValue();
  expect(firstKey).toMatch(/^[0-9a-f-]{36}$/);
  expect(firstSecret).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Copy API key" }).click();
  await expect(page.getByText(/Copied|Copy failed/).first()).toBeVisible();

  const integrationId = await page.getByRole("textbox", { name: "Integration id", exact: true }).inputValue();
  await page.getByRole("link", { name: /open the integration/ }).click();
  integrationUrl = `/integrations/${integrationId}`;
  await expect(page).toHaveURL(new RegExp(`${integrationUrl}$`));
  await expect(page.getByRole("heading", { name: "Acme Live" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "API base URL", exact: true })).toHaveValue(/^http:\/\/localhost:\d+$/);
  await expect(page.getByRole("textbox", { name: "Integration id", exact: true })).toHaveValue(integrationId);
  // After creation only the hint is shown, never the secret.
  await expect(page.getByText(`Shared secret ••••${firstSecret.slice(-4)}`)).toBeVisible();
  await expect(page.locator("body")).not.toContainText(firstSecret);

  await page.getByLabel("Default callback URL").fill("http://example.com/done");
  await page.getByLabel("Rate cap (sessions per minute)").fill("zero");
  await page.getByLabel("Decision webhook URL").fill(hookUrl);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Must be an https:// URL (http:// is allowed only for localhost).")).toBeVisible();
  await expect(page.getByText("Rate cap must be a whole number of sessions per minute.")).toBeVisible();
  await expect(page.getByLabel("Decision webhook URL")).toHaveValue(hookUrl);
  await page.getByLabel("Default callback URL").fill("https://example.com/done");
  await page.getByLabel("Rate cap (sessions per minute)").fill("120");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Rate cap (sessions per minute)")).toHaveValue("120");

  received.length = 0;
  await page.getByRole("button", { name: "Send test webhook" }).click();
  await expect(page.getByText(/The receiver answered 202 in \d+ ms/)).toBeVisible();
  await expect(page.getByText("accepted by e2e receiver")).toBeVisible();
  expect(received).toHaveLength(1);
  expect(received[0].headers["x-auth-client"]).toBe(firstKey);
  expect(received[0].headers["x-hmac-signature"]).toBe(crypto.createHmac("sha256", firstSecret).update(received[0].body).digest("hex"));
});

test("API keys: create a labelled key, rotate with a grace period, revoke", async ({ page }) => {
  await signIn(page, admin);
  await page.goto(integrationUrl);
  await page.getByLabel("Label for a new key").fill("Backend");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText('Key "Backend" created.')).toBeVisible();
  const backendKey = await page.getByRole("textbox", { name: "New API key", exact: true }).inputValue();

  // A second working key with the same label is refused on its field, keeping what was typed.
  await page.reload();
  await page.getByLabel("Label for a new key").fill("backend");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText('A key of this integration is already labelled "backend". Choose another label.').first()).toBeVisible();
  await expect(page.getByLabel("Label for a new key")).toHaveValue("backend");
  await expect(page.getByLabel("Label for a new key")).toBeFocused();

  const first = page.locator(`li[data-key-id="${firstKey}"]`);
  await first.getByRole("button", { name: "Rotate" }).click();
  await first.getByLabel("Old key keeps working for").selectOption("1h");
  await first.getByLabel("New key label").fill("Default v2");
  await first.getByRole("button", { name: "Rotate key" }).click();
  await expect(first.getByText('Rotated: the new key "Default v2"')).toBeVisible();
  // The new key's secret is shown under the new key's own row, not the old one's.
  await expect(first.getByRole("textbox", { name: "New shared secret", exact: true })).toHaveCount(0);
  const rotatedRow = page.locator("li[data-key-id]").filter({ hasText: 'New key "Default v2".' });
  const rotatedSecret = await rotatedRow.getByRole("textbox", { name: "New shared secret", exact: true }).inputValue();
  expect(rotatedSecret).not.toBe(firstSecret);
  expect(await rotatedRow.getAttribute("data-key-id")).toBe(await rotatedRow.getByRole("textbox", { name: "New API key", exact: true }).inputValue());
  await page.reload();
  await expect(page.locator(`li[data-key-id="${firstKey}"]`).getByText(/valid until/)).toBeVisible();
  await expect(page.locator("li[data-key-id]").filter({ hasText: "Default v2" })).toHaveCount(1);

  // Rotating without a label gives the new key its own: "<label> (rotated <date>)".
  const v2 = page.locator("li[data-key-id]").filter({ hasText: "Default v2" }).filter({ hasText: "active" });
  await v2.getByRole("button", { name: "Rotate" }).click();
  await v2.getByRole("button", { name: "Rotate key" }).click();
  await expect(page.getByText(/New key "Default v2 \(rotated \d{4}-\d{2}-\d{2}\)"\./)).toBeVisible();

  // Revoking asks first; Cancel leaves the key working.
  const backendRow = page.locator(`li[data-key-id="${backendKey}"]`);
  await backendRow.getByRole("button", { name: "Revoke" }).click();
  const confirmRevoke = page.getByRole("dialog", { name: 'Revoke key "Backend"?' });
  await expect(confirmRevoke).toBeVisible();
  await expect(confirmRevoke.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirmRevoke.getByRole("button", { name: "Cancel" }).click();
  await expect(confirmRevoke).toBeHidden();
  await expect(backendRow.getByText("active", { exact: true })).toBeVisible();
  await backendRow.getByRole("button", { name: "Revoke" }).click();
  await confirmRevoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.locator(`li[data-key-id="${backendKey}"]`).getByText("revoked", { exact: true })).toBeVisible();

  await page.goto("/api-keys");
  await expect(page.getByRole("cell", { name: firstKey })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: backendKey }).getByText("revoked")).toBeVisible();
});

test("team: add users with a link and a one-time password, change roles, the last admin is protected", async ({ page, browser }) => {
  await signIn(page, admin);
  await page.goto("/team");
  await addForm(page).getByLabel("Name", { exact: true }).fill("Nina New");
  await addForm(page).getByLabel("Email", { exact: true }).fill("nina@checkpoint.test");
  await addForm(page).getByLabel("Role", { exact: true }).selectOption("reviewer");
  await addForm(page).getByLabel("How they sign in first", { exact: true }).selectOption("link");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("Nina New was added as reviewer.")).toBeVisible();
  const link = await page.getByRole("textbox", { name: "Set-password link", exact: true }).inputValue();
  expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);

  // The person opens the link, chooses a password once, and signs in.
  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await p2.goto(new URL(link).pathname);
  await expect(p2.getByRole("heading", { name: "Choose a password" })).toBeVisible();
  await p2.getByLabel("New password").fill("nina's new password");
  await p2.getByLabel("Confirm password").fill("nina's new password");
  await p2.getByRole("button", { name: "Set password" }).click();
  await expect(p2).toHaveURL(/\/sign-in/);
  await p2.goto(new URL(link).pathname);
  await expect(p2.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await signIn(p2, { email: "nina@checkpoint.test", password: "nina's new password" });
  await ctx.close();

  // A one-time password, shown once.
  await page.goto("/team");
  await addForm(page).getByLabel("Name", { exact: true }).fill("Pat Password");
  await addForm(page).getByLabel("Email", { exact: true }).fill("pat@checkpoint.test");
  await addForm(page).getByLabel("Role", { exact: true }).selectOption("operator");
  await addForm(page).getByLabel("How they sign in first", { exact: true }).selectOption("password");
  await page.getByRole("button", { name: "Add user" }).click();
  const otp = await page.getByRole("textbox", { name: "One-time password", exact: true }).inputValue();
  expect(otp).toHaveLength(20);

  // A duplicate e-mail is refused on its field, keeping what was typed.
  await addForm(page).getByLabel("Name", { exact: true }).fill("Pat Again");
  await addForm(page).getByLabel("Email", { exact: true }).fill("PAT@checkpoint.test");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("A user with the e-mail pat@checkpoint.test already exists.").first()).toBeVisible();
  await expect(addForm(page).getByLabel("Name", { exact: true })).toHaveValue("Pat Again");

  // Ada is the only admin: she can be neither demoted nor disabled.
  const ada = page.locator(`li[data-user="${admin.email}"]`);
  await ada.getByLabel(`Role of ${admin.email}`).selectOption("operator");
  await ada.getByRole("button", { name: "Change role" }).click();
  await expect(ada.getByText(/last active administrator/)).toBeVisible();
  await ada.getByRole("button", { name: "Disable", exact: true }).click();
  await page.getByRole("dialog", { name: "Disable Ada Admin?" }).getByRole("button", { name: "Disable user" }).click();
  await expect(ada.getByText(/last active administrator/).nth(1)).toBeVisible();

  const pat = page.locator('li[data-user="pat@checkpoint.test"]');
  await pat.getByLabel("Role of pat@checkpoint.test").selectOption("reviewer");
  await pat.getByRole("button", { name: "Change role" }).click();
  await expect(pat.getByText("Role changed.")).toBeVisible();
  await pat.getByRole("button", { name: "Disable", exact: true }).click();
  const confirmDisable = page.getByRole("dialog", { name: "Disable Pat Password?" });
  await expect(confirmDisable).toContainText("pat@checkpoint.test is signed out at once");
  await confirmDisable.getByRole("button", { name: "Disable user" }).click();
  await expect(pat.getByText("Account disabled.")).toBeVisible();
  await expect(pat.getByText("disabled", { exact: true })).toBeVisible();
  await pat.getByRole("button", { name: "Reset password" }).click();
  await expect(pat.getByRole("textbox", { name: "Set-password link", exact: true })).toBeVisible();
});

test("audit log: filters, pages and exports as CSV", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/audit");
  await expect(page.getByRole("cell", { name: "api_key.rotate" }).first()).toBeVisible();
  await page.getByLabel("Action").selectOption("user.role_change");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=user.role_change/);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  // In words, before/after as a diff: "Role: operator → reviewer".
  await expect(rows.first()).toContainText("Changed a user's role");
  const roleChange = rows.first().getByRole("listitem").filter({ hasText: "Role" });
  await expect(roleChange.locator("del")).toHaveText("operator");
  await expect(roleChange.locator("ins")).toHaveText("reviewer");
  await page.getByLabel("Actor").fill("cli");
  await page.getByLabel("Action").selectOption("");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: "user.create" }).first()).toBeVisible();

  const res = await page.request.get("/api/audit/export?action=user.create");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/text\/csv/);
  const csv = await res.text();
  expect(csv.split("\r\n")[0].replace(/^\uFEFF/, "")).toBe("id,created_at,actor_id,actor,action,target_type,target_id,ip,before,after");
  expect(csv).toContain(operator.email);
  expect(csv).toContain("nina@checkpoint.test");
});

test("webhook deliveries: filter, attempts with request and response, resend", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/webhooks");
  await page.getByLabel("State").selectOption("delivered");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("link", { name: "test → 202" }).first().click();
  await expect(page.getByRole("heading", { name: "test webhook" })).toBeVisible();
  await expect(page.getByText("accepted by e2e receiver")).toBeVisible();
  await page.getByText("Request headers").click();
  await expect(page.getByText(`x-auth-client: ${firstKey}`)).toBeVisible();
  await page.getByRole("button", { name: "Resend" }).click();
  await expect(page.getByText("Queued: the deliverer sends it again now.")).toBeVisible();
  await page.goto("/audit?action=webhook.resend");
  await expect(page.locator("tbody tr")).toHaveCount(1);
});

test("sessions export streams CSV for sessions.read holders", async ({ page }) => {
  await signIn(page, operator);
  const res = await page.request.get("/api/sessions/export?status=approved&status=declined");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toMatch(/attachment; filename="checkpoint-verifications-/);
  expect((await res.text()).replace(/^\uFEFF/, "")).toMatch(/^session_id,created_at,integration_id,integration,status/);
});

test("operators and reviewers are refused on the server, not only in the menu", async ({ page, browser }) => {
  for (const who of [operator, reviewer]) {
    await signIn(page, who);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const label of ["Integrations", "API keys", "Team", "Audit log", "Webhooks"]) await expect(nav.getByRole("link", { name: label })).toHaveCount(0);
    for (const path of ["/integrations", "/integrations/new", integrationUrl, "/api-keys", "/team", "/audit", "/webhooks"]) {
      await page.goto(path);
      await expect(page, `${who.role} on ${path}`).toHaveURL(/\/forbidden$/);
    }
    const audit = await page.request.get("/api/audit/export");
    expect(audit.status()).toBe(403);
    expect(await audit.text()).not.toContain("user.create");
    await page.context().clearCookies();
  }
  const anonymous = await page.request.get("/api/sessions/export");
  expect(anonymous.status()).toBe(401);

  // Server actions check the role themselves: a page loaded by the admin, submitted as an operator, is refused.
  await signIn(page, admin);
  await page.goto("/team");
  await becomeUser(page, browser, operator);
  await addForm(page).getByLabel("Name", { exact: true }).fill("Mallory");
  await addForm(page).getByLabel("Email", { exact: true }).fill("mallory@checkpoint.test");
  await addForm(page).getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "You do not have permission to do this." })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, admin);
  await page.goto(integrationUrl);
  await becomeUser(page, browser, reviewer);
  await page.getByLabel("Active (an inactive").uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "You do not have permission to do this." })).toBeVisible();
  await page.getByRole("button", { name: "Send test webhook" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "You do not have permission to do this." }).nth(1)).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, admin);
  await page.goto("/team");
  await expect(page.locator('li[data-user="mallory@checkpoint.test"]')).toHaveCount(0);
  await page.goto(integrationUrl);
  await expect(page.getByText("active", { exact: true }).first()).toBeVisible();
  await expect(page.getByLabel("Active (an inactive")).toBeChecked();
});

test("deactivating an integration is audited with before and after", async ({ page }) => {
  await signIn(page, admin);
  await page.goto(integrationUrl);
  await page.getByLabel("Active (an inactive").uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("inactive: its keys are refused (1804)")).toBeVisible();
  await page.goto("/audit?action=integration.deactivate");
  const change = page.locator("tbody tr").first().getByRole("listitem").filter({ hasText: "Active" });
  await expect(change.locator("del")).toHaveText("yes");
  await expect(change.locator("ins")).toHaveText("no");
});

test("every admin screen fits a phone without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, admin);
  for (const path of ["/integrations", integrationUrl, "/api-keys", "/team", "/audit", "/webhooks"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${path.split("/")[1] || "home"}${path === integrationUrl ? "-detail" : ""}.png`, fullPage: true });
  }
});
