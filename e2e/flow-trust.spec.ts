import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import { test, expect, type Page } from "@playwright/test";
import { captureAll, cli, createIntegration, createSession, uploadPicture } from "./support/flow";
import fs from "node:fs";

// The flow's word files, read as data (Playwright's loader does not import JSON modules).
type Words = Record<string, unknown> & { errors: Record<string, string> } & Record<"title" | "start" | "consentRequired" | "cancel" | "canceledTitle" | "resume" | "cameraStarting" | "useFile" | "review" | "submit" | "thanksTitle" | "document-front" | "document-back" | "face", string>;
const translations: Record<string, Words> = Object.fromEntries(["en", "de", "fr"].map((l) => [l, JSON.parse(fs.readFileSync(`lib/flow/i18n/${l}.json`, "utf8"))]));
const dictionary = (lang: string) => translations[lang];

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const unique = (name: string) => `${name} ${crypto.randomBytes(3).toString("hex")}`;

function brand(id: string, flags: string[]) {
  return cli<Record<string, unknown>>(["integration", "update", id, ...flags]);
}

test("branding set from the CLI shows on consent: who asks and why, logo, colour, privacy policy; support on the final screen", async ({ page }) => {
  const integration = createIntegration(unique("E2E branded"));
  const updated = brand(integration.id, [
    "--display-name", "Acme Bank",
    "--logo-url", "https://logo.acme.test/acme.svg",
    "--accent-color", "#ffd500",
    "--privacy-url", "https://acme.test/privacy",
    "--support-email", "help@acme.test",
  ]);
  expect(updated).toMatchObject({ changed: true, brandDisplayName: "Acme Bank", brandLogoUrl: "https://logo.acme.test/acme.svg", brandAccentColor: "#FFD500", privacyPolicyUrl: "https://acme.test/privacy", supportEmail: "help@acme.test" });

  // Refused with the flag named, nothing saved: http logos, colours that are not #RRGGBB.
  for (const [flag, value, says] of [
    ["--logo-url", "http://logo.acme.test/a.svg", /--logo-url: Logo URL must be an https:\/\/ address/],
    ["--accent-color", "yellow", /--accent-color: Accent colour must be a colour like #1D4ED8/],
    ["--support-email", "not-an-address", /--support-email: Support e-mail is not a valid e-mail address/],
  ] as const) {
    const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", "integration", "update", integration.id, flag, value], {
      env: { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(says);
  }

  // The logo is the integration's own https address; the test answers it with a tiny SVG.
  await page.route("https://logo.acme.test/**", (route) =>
    route.fulfill({ contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="32"><rect width="80" height="32" fill="#FFD500"/></svg>' }),
  );
  const session = await createSession(integration.id);
  await page.goto(`/v/${session.sessionToken}`);
  await expect(page.getByTestId("consent-asks")).toHaveText("Acme Bank asks you to verify your identity");
  await expect(page.getByText(/Acme Bank needs to check that you are who you say you are/)).toBeVisible();
  await expect(page.getByTestId("brand-logo")).toHaveAttribute("src", "https://logo.acme.test/acme.svg");
  await expect(page.getByTestId("brand-logo")).toHaveAttribute("alt", "Acme Bank logo");
  await expect(page.getByTestId("brand-logo")).toHaveAttribute("referrerpolicy", "no-referrer");
  // It is drawn, not blocked by the page's Content-Security-Policy.
  await expect.poll(() => page.getByTestId("brand-logo").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const privacy = page.getByRole("link", { name: /Read the privacy policy of Acme Bank/ });
  await expect(privacy).toHaveAttribute("href", "https://acme.test/privacy");
  await expect(privacy).toHaveAttribute("target", "_blank");
  await expect(privacy).toHaveAttribute("rel", /noopener/);
  await expect(page.getByLabel(/I agree that Acme Bank/)).toBeVisible();
  // The accent: yellow is too light for white text, so the flow darkens it until it reads at 4.5:1.
  const startBg = await page.getByRole("button", { name: "Start" }).evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(startBg).not.toBe("rgb(40, 83, 217)");
  expect(startBg).not.toBe("rgb(255, 213, 0)");

  await page.screenshot({ path: "test-results/flow-branded-consent-light.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/flow-branded-consent-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  // Progress across the steps, guidance with each capture.
  await expect(page.getByTestId("flow-step")).toHaveText("Step 1 of 5 · Consent");
  await page.getByLabel(/I agree/).check();
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page.getByTestId("flow-step")).toHaveText("Step 2 of 5 · Front");
  const tips = page.getByRole("region", { name: "Tips for a good picture" });
  await expect(tips.getByRole("listitem")).toHaveText([/whole document inside the frame/, /No glare/, /Bright, even light/]);
  await expect(tips.locator("svg")).toHaveCount(3);
  await page.screenshot({ path: "test-results/flow-branded-capture.png", fullPage: true });
  await expect(page.getByRole("navigation", { name: "Progress" }).locator('[aria-current="step"]')).toHaveText("Front");
  await uploadPicture(page, "Front of your document");
  await uploadPicture(page, "Back of your document");
  await expect(page.getByTestId("flow-step")).toHaveText("Step 4 of 5 · Selfie");
  await expect(page.getByRole("region", { name: "Tips for a good picture" }).getByRole("listitem")).toHaveText([/face inside the oval/, /Nothing covering your face/, /Light in front of you/]);
  await uploadPicture(page, "Your face");
  await expect(page.getByTestId("flow-step")).toHaveText("Step 5 of 5 · Check");
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
  await page.getByRole("button", { name: "Submit" }).click();

  // A clear final screen, the support address, and no Cancel any more.
  await expect(page.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  await expect(page.getByText("Your pictures were submitted. Acme Bank will let you know the result. You can close this page.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Questions? Write to help@acme.test." })).toHaveAttribute("href", "mailto:help@acme.test");
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Progress" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/flow-branded-final.png" });

  // Cleared again ("" clears a field): Checkpoint's defaults, the integration's own name.
  brand(integration.id, ["--display-name", "", "--logo-url", "", "--accent-color", "", "--privacy-url", ""]);
  const s2 = await createSession(integration.id);
  await page.goto(`/v/${s2.sessionToken}`);
  await expect(page.getByTestId("consent-asks")).toHaveText(/^E2E branded \w+ asks you to verify your identity$/);
  await expect(page.getByTestId("brand-logo")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /privacy policy/ })).toHaveCount(0);
});

test("the TEST panel's Cancel is gone once the pictures are submitted; a canceled flow can be resumed", async ({ page }) => {
  const integration = createIntegration(unique("E2E cancel"), { environment: "test" });
  const session = await createSession(integration.id);
  await page.goto(`/v/${session.sessionToken}`);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Verification canceled" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  await page.getByRole("button", { name: "Continue verifying" }).click();
  await captureAll(page);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("region", { name: "TEST integration: choose the decision" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  // Reopened while submitted: still no Cancel.
  await page.reload();
  await expect(page.getByRole("region", { name: "TEST integration: choose the decision" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
});

/** Every English text of the flow (placeholders cut out), at least 8 characters long, that this language says otherwise. */
function englishFragments(lang: string): string[] {
  const leaves = (v: unknown, path = ""): [string, string][] =>
    typeof v === "string" ? [[path, v]] : v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => leaves(x, path ? `${path}.${k}` : k)) : [];
  const theirs = new Map(leaves(translations[lang]));
  return leaves(translations.en)
    .filter(([k, en]) => theirs.get(k) !== en)
    .flatMap(([, en]) => en.split(/\{\w+\}/))
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
}

async function expectNoEnglish(page: Page, lang: string, where: string) {
  const text = await page.locator("main").innerText();
  const labels = await page.locator("main [aria-label], main [alt]").evaluateAll((els) => els.map((e) => `${e.getAttribute("aria-label") ?? ""} ${e.getAttribute("alt") ?? ""}`).join(" "));
  // Whole words only: French "Progression" is not English "Progress".
  const found = (f: string, hay: string) => new RegExp(`(?<!\\p{L})${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\p{L})`, "u").test(hay);
  const english = englishFragments(lang).filter((f) => found(f, text) || found(f, labels));
  expect(english, `English on the ${where} screen in ${lang}`).toEqual([]);
  await expect(page.locator("main")).toHaveAttribute("lang", lang);
  await expect(page.locator("main")).toHaveAttribute("dir", "ltr");
}

for (const lang of ["de", "fr"]) {
  test(`a ${lang} flow shows no English, from consent to the final screen`, async ({ page }) => {
    const t = dictionary(lang);
    const integration = createIntegration(unique(`E2E ${lang}`), { environment: "live" });
    brand(integration.id, ["--support-email", "help@example.test"]);
    const session = await createSession(integration.id, { lang });
    await page.goto(`/v/${session.sessionToken}`);
    await expect(page.getByRole("heading", { name: t.title })).toBeVisible();
    await page.getByRole("button", { name: t.start }).click();
    await expect(page.getByText(t.consentRequired)).toBeVisible();
    await expectNoEnglish(page, lang, "consent");

    await page.getByRole("button", { name: t.cancel }).click();
    await expect(page.getByRole("heading", { name: t.canceledTitle })).toBeVisible();
    await expectNoEnglish(page, lang, "canceled");
    await page.getByRole("button", { name: t.resume }).click();

    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: t.start }).click();
    for (const step of ["document-front", "document-back", "face"] as const) {
      await expect(page.getByRole("heading", { name: t[step] })).toBeVisible();
      await expect(page.getByText(t.cameraStarting)).toHaveCount(0);
      const useFile = page.getByRole("button", { name: t.useFile });
      if (await useFile.isVisible()) await useFile.click();
      if (step === "document-front") {
        // A wrong file: the refusal in the person's language, not the server's English.
        await page.locator('input[type="file"]').setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
        await expect(page.getByText(t.errors.media_type)).toBeVisible();
      }
      await expectNoEnglish(page, lang, step);
      await page.locator('input[type="file"]').setInputFiles({ name: `${step}.png`, mimeType: "image/png", buffer: (await import("./support/flow")).png });
    }
    await expect(page.getByRole("heading", { name: t.review })).toBeVisible();
    await expectNoEnglish(page, lang, "review");
    await page.getByRole("button", { name: t.submit }).click();
    await expect(page.getByRole("heading", { name: t.thanksTitle })).toBeVisible();
    await expectNoEnglish(page, lang, "final");
    await page.screenshot({ path: `test-results/flow-${lang}-final.png` });
  });
}
