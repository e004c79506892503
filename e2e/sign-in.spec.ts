import { test, expect } from "@playwright/test";
import { admin, signIn } from "./support/users";

test("an admin signs in, sees the first-run test integration, and signs out", async ({ page }) => {
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/sessions$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).click();
  // Wait for the client-side navigation: the list page also names the integration in its filter.
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
  await expect(page.getByRole("main").getByText("Test integration").first()).toBeVisible();
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/integrations");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "wrong" })).toHaveText("The e-mail or password is wrong.");
  await expect(page.getByLabel("Email")).toHaveValue(admin.email);
});
