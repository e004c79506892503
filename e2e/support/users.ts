import { expect, type Page } from "@playwright/test";

export const admin = { name: "Ada Admin", email: "ada@checkpoint.test", password: "correct horse battery staple" };

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}
