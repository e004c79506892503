import { test, expect, type Page } from "@playwright/test";
import { generate } from "otplib";
import { admin, signIn } from "./support/users";
import { ensureUser } from "./support/portal";
import { decodeQr } from "./support/qr";

const tina = { name: "Tina Totp", email: "tina@checkpoint.test", password: "tina password 12345" };

// A code for the next 30-second step: the enrolment may have used the current one, and each step is accepted once.
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

async function passwordStep(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(tina.email);
  await page.getByLabel("Password").fill(tina.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test("TOTP: enrol from the QR code, sign in with a code and with a recovery code (once), and an admin's reset is audited", async ({ page, browser }) => {
  ensureUser(tina, "operator");
  await signIn(page, tina);
  await page.goto("/account/two-factor");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();

  // The secret as the phone reads it: from the QR code's pixels, matching the key shown as text.
  const qr = page.locator("svg").filter({ has: page.locator("title", { hasText: "QR code for your authenticator app" }) });
  const uri = await decodeQr(page, await qr.screenshot());
  expect(uri).toMatch(/^otpauth:\/\/totp\/Checkpoint:tina%40checkpoint\.test\?/);
  const secret = new URL(uri!).searchParams.get("secret")!;
  await expect(page.getByTestId("totp-secret")).toHaveText(secret);

  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
  await page.getByLabel("Code from the app").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Turn on" }).click();
  const items = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(items).toHaveCount(10);
  const codes = await items.allTextContents();
  await page.getByRole("link", { name: "Continue" }).click();
  await signOut(page);

  // Password alone is not enough; password + the code computed here signs in.
  await passwordStep(page);
  await page.getByLabel("Authentication code").fill(await nextCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/sessions$/);
  await signOut(page);

  // A recovery code works once.
  await passwordStep(page);
  await page.getByLabel("Authentication code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/sessions$/);
  await signOut(page);
  await passwordStep(page);
  await page.getByLabel("Authentication code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();

  // An admin resets Tina's second factor (lost phone): audited, and her password alone signs in again.
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, admin);
  await adminPage.goto("/team");
  await adminPage.getByRole("button", { name: `Reset two-factor of ${tina.email}` }).click();
  await expect(adminPage.getByRole("button", { name: `Reset two-factor of ${tina.email}` })).toHaveCount(0);
  await adminPage.goto("/audit?action=user.two_factor_reset");
  const row = adminPage.getByRole("row").filter({ hasText: "user.two_factor_reset" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(admin.email);
  await adminPage.context().close();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(tina.email);
  await page.getByLabel("Password").fill(tina.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/sessions$/);
});
