import { test, expect, devices } from "@playwright/test";
import { createIntegration, createSession } from "./support/flow";

// Chromium's fake camera: a generated video stream, permission granted without a prompt.
const { defaultBrowserType: _browser, ...phone } = devices["Pixel 7"];
void _browser;
test.use({
  ...phone,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
      "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ],
  },
});

test("the camera path: live preview with a frame guide, take three photos, review, submit", async ({ page }) => {
  const integration = createIntegration("E2E camera", { environment: "test" });
  const session = await createSession(integration.id);
  await page.goto(`/v/${session.sessionToken}`);
  await page.getByLabel(/I agree/).check();
  await page.getByRole("button", { name: "Start" }).click();
  for (const heading of ["Front of your document", "Back of your document", "Your face"]) {
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
    await expect(page.getByTestId("frame-guide")).toBeVisible();
    await expect.poll(() => page.locator("video").evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Take photo" }).click();
  }
  await expect(page.getByRole("heading", { name: "Check your pictures" })).toBeVisible();
  // The captures are JPEGs the server accepted and serves back for this session only.
  const srcs = await page.locator("figure img").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
  expect(srcs.every((w) => w > 0)).toBe(true);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("region", { name: "TEST integration: choose the decision" })).toBeVisible();
});
