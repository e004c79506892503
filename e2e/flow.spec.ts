import { test, expect, devices } from "@playwright/test";
import { startReceiver } from "../test/support/receiver";
import { verifySignature } from "../lib/webhooks/sign";
import { captureAll, cli, createIntegration, createSession, png, uploadPicture } from "./support/flow";

// A phone: the hosted flow is phone-first.
const { defaultBrowserType: _browser, ...phone } = devices["Pixel 7"];
void _browser;
test.use(phone);

test("the whole lifecycle: open on a phone, upload, review, retake, submit, decide, signed webhooks", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    const integration = createIntegration("E2E live", {
      decision: `${receiver.url}/decision`,
      event: `${receiver.url}/event`,
      callback: `${receiver.url}/done`,
    });
    const session = await createSession(integration.id);

    await page.goto(`/v/${session.sessionToken}`);
    await expect(page.getByRole("heading", { name: "Verify your identity", exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: "E2E live asks you to verify your identity" })).toBeVisible();
    // Consent is required.
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "agree" })).toHaveText("Please agree to continue.");

    await captureAll(page);
    await expect(page.getByRole("img", { name: "Front of your document" })).toBeVisible();
    await expect(page.getByRole("img", { name: "Your face" })).toBeVisible();

    // Retake the back; a wrong file is refused with a clear message first.
    await page.getByRole("button", { name: "Retake: Back of your document" }).click();
    await expect(page.getByRole("heading", { name: "Back of your document" })).toBeVisible();
    await expect(page.getByText("Starting the camera…")).toHaveCount(0);
    const useFile = page.getByRole("button", { name: "Upload a file instead" });
    if (await useFile.isVisible()) await useFile.click();
    await page.locator('input[type="file"]').setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
    await expect(page.getByText("This kind of file cannot be used: choose a JPEG, PNG, WebP, HEIC or PDF.")).toBeVisible();
    await uploadPicture(page, "Back of your document", "back-again.png");
    await expect(page.getByRole("heading", { name: "Check your pictures" })).toBeVisible();

    await page.getByRole("button", { name: "Submit" }).click();
    // Live integration: straight to the callback URL.
    await expect(page).toHaveURL(`${receiver.url}/done`);

    await expect.poll(() => receiver.received.filter((r) => r.path === "/event").length).toBe(2);
    const events = receiver.received.filter((r) => r.path === "/event");
    expect(events.map((e) => JSON.parse(e.body))).toEqual([
      expect.objectContaining({ id: session.id, code: 7001, action: "started", feature: "selfid" }),
      expect.objectContaining({ id: session.id, code: 7002, action: "submitted" }),
    ]);

    const decided = cli<{ to: string; code: number }>(["sessions", "decide", session.id, "--decision", "approved"]);
    expect(decided).toMatchObject({ to: "approved", code: 9001 });
    await expect.poll(() => receiver.received.filter((r) => r.path === "/decision").length).toBe(1);
    const decision = receiver.received.find((r) => r.path === "/decision")!;
    expect(JSON.parse(decision.body)).toMatchObject({
      status: "success",
      verification: { id: session.id, status: "approved", code: 9001, person: { firstName: "Sarah", lastName: "Morgan" } },
    });
    for (const hook of [...events, decision]) {
      expect(hook.headers["content-type"]).toBe("application/json");
      expect(hook.headers["x-auth-client"]).toBe(integration.apiKey);
      expect(verifySignature(hook.body, integration.sharedSecret, String(hook.headers["x-hmac-signature"]))).toBe(true);
    }

    // A finished session: nothing left to do.
    await page.goto(`/v/${session.sessionToken}`);
    await expect(page.getByText("Nothing left to do")).toBeVisible();
    await expect(page.getByTestId("session-status")).toHaveText("Approved");
  } finally {
    await receiver.close();
  }
});

test("a broken or tampered link shows a friendly page, never a stack", async ({ page }) => {
  const integration = createIntegration("E2E tamper");
  const session = await createSession(integration.id);
  const tampered = session.sessionToken.slice(0, -2) + (session.sessionToken.endsWith("AA") ? "BB" : "AA");
  for (const token of ["not-a-token", tampered]) {
    const res = await page.goto(`/v/${token}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByText("This link does not work")).toBeVisible();
    await expect(page.locator("body")).not.toContainText(/Error:|at \w+ \(/);
  }
  const upload = await page.request.post(`/v/${tampered}/media`, { multipart: { context: "face", file: { name: "f.png", mimeType: "image/png", buffer: png } } });
  expect(upload.status()).toBe(404);
  expect(await upload.json()).toMatchObject({ code: "invalid_token" });
});

test("test integration: the TEST panel forces a resubmission, the link reopens saying what to fix, then declines; in Estonian and German", async ({ page }) => {
  const integration = createIntegration("E2E test panel", { environment: "test" });
  const session = await createSession(integration.id, { lang: "et" });

  // The session's language...
  await page.goto(`/v/${session.sessionToken}`);
  await expect(page.getByRole("heading", { name: "Tõenda oma isikut" })).toBeVisible();
  // ...and ?lang= wins over it.
  await page.goto(`/v/${session.sessionToken}?lang=de`);
  await expect(page.getByRole("heading", { name: "Identität bestätigen" })).toBeVisible();
  await page.goto(`/v/${session.sessionToken}?lang=en`);

  await captureAll(page);
  await page.getByRole("button", { name: "Submit" }).click();
  const panel = page.getByRole("region", { name: "TEST integration: choose the decision" });
  await expect(panel).toBeVisible();
  await panel.getByLabel("Request resubmission").check();
  await panel.getByLabel("Reason").selectOption("614");
  await panel.getByRole("button", { name: "Apply decision" }).click();
  await expect(panel.getByText("Decision set: A new attempt was requested.")).toBeVisible();
  await panel.getByRole("button", { name: "Start the new attempt" }).click();

  await expect(page.getByText("Please try again")).toBeVisible();
  await expect(page.getByText("The front of the document was not fully in the frame.")).toBeVisible();
  await captureAll(page);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(panel).toBeVisible();
  await panel.getByLabel("Decline").check();
  await panel.getByLabel("Reason").selectOption("102");
  await panel.getByRole("button", { name: "Apply decision" }).click();
  await expect(panel.getByText("Decision set: Declined.")).toBeVisible();
  await panel.getByRole("button", { name: "Continue" }).click();
  // No callback URL anywhere: a thank-you screen.
  await expect(page.getByText("Thank you!")).toBeVisible();

  await page.goto(`/v/${session.sessionToken}?lang=en`);
  await expect(page.getByTestId("session-status")).toHaveText("Declined");
  // The panel cannot be used on a live integration.
  const live = createIntegration("E2E live no panel");
  const s2 = await createSession(live.id);
  await page.goto(`/v/${s2.sessionToken}`);
  const forced = await page.request.post(`/v/${s2.sessionToken}/test-decision`, { data: { decision: "approved" } });
  expect(forced.status()).toBe(403);
});
