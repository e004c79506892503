import crypto from "node:crypto";
import { test, expect, type Page } from "@playwright/test";
import { admin, signIn } from "./support/users";
import AxeBuilder from "@axe-core/playwright";
import { expectNoAxeViolations } from "./support/portal";
import { captureAll, createIntegration, createSession } from "./support/flow";

// Every page, in both themes: axe (WCAG 2.1 A/AA, contrast included) reports nothing.
const themes = ["light", "dark"] as const;

async function applyTheme(page: Page, theme: (typeof themes)[number]) {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate((t) => localStorage.setItem("theme", t), theme);
}

/** Every page's violations in both themes, gathered so that one run lists them all. */
async function violationsInBothThemes(page: Page, path: string): Promise<string[]> {
  const out: string[] = [];
  for (const theme of themes) {
    await applyTheme(page, theme);
    await page.goto(path);
    await expect(page.locator("html")).toHaveClass(theme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of results.violations) out.push(`${path} (${theme}) ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }
  return out;
}

test("axe is clean on every portal page, light and dark", async ({ page }) => {
  test.setTimeout(240_000);
  const integration = createIntegration(`A11y ${crypto.randomBytes(3).toString("hex")}`);
  const session = await createSession(integration.id);
  await page.goto("/sign-in");
  for (const theme of themes) {
    await applyTheme(page, theme);
    await page.goto("/sign-in");
    await expectNoAxeViolations(page);
  }
  await signIn(page, admin);
  const found: string[] = [];
  for (const path of [
    "/sessions",
    "/sessions/new",
    `/sessions/${session.id}`,
    "/review",
    "/integrations",
    "/integrations/new",
    `/integrations/${integration.id}`,
    "/api-keys",
    "/team",
    "/audit",
    "/webhooks",
    "/account",
  ]) {
    found.push(...(await violationsInBothThemes(page, path)));
  }
  expect(found, "axe violations").toEqual([]);
});

test("the forbidden page keeps the navigation, and is clean in both themes", async ({ page, browser }) => {
  const { createUserWithCli } = await import("./support/cli");
  const reviewer = { email: `a11y-${crypto.randomBytes(3).toString("hex")}@checkpoint.test`, name: "Ria Reviewer", role: "reviewer", password: "reviewer password 1" };
  createUserWithCli(reviewer);
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await signIn(p, reviewer);
  await p.goto("/team");
  await expect(p).toHaveURL(/\/forbidden$/);
  await expect(p.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  await expect(p.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Review queue" })).toBeVisible();
  expect(await violationsInBothThemes(p, "/forbidden"), "axe violations").toEqual([]);
  await ctx.close();
  void page;
});

test.describe("the hosted flow on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test("axe is clean on every step, light and dark, with and without branding", async ({ page }) => {
    test.setTimeout(180_000);
    const plain = createIntegration(`A11y flow ${crypto.randomBytes(3).toString("hex")}`, { environment: "test" });
    for (const theme of themes) {
      await page.emulateMedia({ colorScheme: theme });
      const session = await createSession(plain.id);
      await page.goto(`/v/${session.sessionToken}`);
      await expect(page.getByTestId("consent-asks")).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByLabel(/I agree/).check();
      await page.getByRole("button", { name: "Start" }).click();
      await expect(page.getByRole("heading", { name: "Front of your document" })).toBeVisible();
      await expect(page.getByText("Starting the camera…")).toHaveCount(0);
      await expectNoAxeViolations(page);
      await page.goto(`/v/${session.sessionToken}`);
      await captureAll(page);
      await expectNoAxeViolations(page);
      await page.getByRole("button", { name: "Submit" }).click();
      await expect(page.getByRole("region", { name: "TEST integration: choose the decision" })).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });
});
