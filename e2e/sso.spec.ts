import { test, expect, type Page } from "@playwright/test";
import { admin, signIn } from "./support/users";
import { ensureUser } from "./support/portal";

// Through the real OpenID provider on loopback (e2e/support/oidc-provider.mjs, started by
// playwright.config.ts): its development login form takes an account id and any password.
async function signInThroughProvider(page: Page, accountId: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await page.locator('input[name="login"]').fill(accountId);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
}

test.beforeAll(() => {
  ensureUser({ name: "Sam Single", email: "sam@checkpoint.test", password: "sam password 123456" }, "operator");
  ensureUser({ name: "Una Unverified", email: "una@checkpoint.test", password: "una password 123456" }, "operator");
});

test("an existing user signs in with the OpenID provider by their verified e-mail", async ({ page }) => {
  await signInThroughProvider(page, "sam");
  await expect(page).toHaveURL(/\/sessions$/);
  await page.getByRole("button", { name: "Account menu" }).click();
  await expect(page.getByText("sam@checkpoint.test")).toBeVisible();
});

test("an unverified e-mail names no account, even an existing one", async ({ page }) => {
  await signInThroughProvider(page, "una");
  await expect(page).toHaveURL(/\/sign-in\?error=sso_unverified/);
  await expect(page.getByRole("alert").filter({ hasText: "has not verified your e-mail address" })).toBeVisible();
  await page.goto("/sessions");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an unknown user outside the allowed domains gets no account; one inside gets the default role", async ({ page, browser }) => {
  await signInThroughProvider(page, "stan");
  await expect(page).toHaveURL(/\/sign-in\?error=sso_unknown/);
  await expect(page.getByRole("alert").filter({ hasText: "No Checkpoint account has the e-mail address" })).toBeVisible();

  const fresh = await (await browser.newContext()).newPage();
  await signInThroughProvider(fresh, "nia");
  await expect(fresh).toHaveURL(/\/sessions$/);
  await fresh.context().close();

  await signIn(page, admin);
  await page.goto("/team");
  await expect(page.getByRole("combobox", { name: "Role of nia@sso.checkpoint.test" })).toHaveValue("reviewer");
  await expect(page.getByText("stan@elsewhere.test")).toHaveCount(0);
  await page.goto("/audit?action=user.sso_refused");
  await expect(page.getByRole("row").filter({ hasText: "user.sso_refused" })).toHaveCount(2);
});
