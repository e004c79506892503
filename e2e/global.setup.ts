import { test as setup, expect } from "@playwright/test";
import { admin } from "./support/users";

// A fresh embedded database: the first visit offers setup, which creates the first admin.
setup("first run: the setup page creates the first admin, then is gone", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Checkpoint" })).toBeVisible();

  // A mismatch keeps what was typed and says which field is wrong.
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Confirm password").fill("something else entirely");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("The passwords do not match.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(admin.email);

  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Confirm password").fill(admin.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/sign-in\?setup=done/);
  await expect(page.getByText("Administrator created")).toBeVisible();

  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
});
