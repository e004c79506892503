import { test, expect, type Page } from "@playwright/test";
import { admin, signIn } from "./support/users";
import { captureAll, createIntegration, createSession } from "./support/flow";

// The Content-Security-Policy (lib/http/security-headers.ts) must block nothing the portal and
// the hosted flow themselves use: every violation is recorded in the page and fails the test.
async function recordViolations(page: Page) {
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return async () => {
    const inPage = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    return [...console, ...inPage];
  };
}

test("the portal runs under its Content-Security-Policy without a violation", async ({ page }) => {
  const violations = await recordViolations(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, admin);
  for (const path of ["/sessions", "/sessions/new", "/integrations", "/team", "/audit", "/webhooks", "/account/password"]) {
    const res = await page.goto(path);
    expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    await expect(page.locator("main")).toBeVisible();
  }
  // The theme script (inline, with the nonce) ran: dark mode follows the system.
  await expect(page.locator("html")).toHaveClass(/dark/);
  // Client navigation and React Query keep working.
  await page.getByRole("link", { name: /All verifications/ }).first().click();
  await expect(page).toHaveURL(/\/sessions/);
  expect(await violations()).toEqual([]);
});

test("the hosted flow runs under its Content-Security-Policy without a violation", async ({ page }) => {
  const violations = await recordViolations(page);
  const integration = createIntegration("CSP flow", { environment: "test" });
  const session = await createSession(integration.id);
  const res = await page.goto(`/v/${session.sessionToken}`);
  expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors *");
  await expect(page.getByRole("heading", { name: "Verify your identity", exact: true })).toBeVisible();
  await captureAll(page);
  await expect(page.getByRole("heading", { name: "Check your pictures" })).toBeVisible();
  // The thumbnails are loaded from the flow's media route.
  await expect(page.getByRole("img", { name: "Your face" })).toBeVisible();
  expect(await violations()).toEqual([]);
});
