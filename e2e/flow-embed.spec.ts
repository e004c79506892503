import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { test, expect } from "@playwright/test";
import { captureAll, createIntegration, createSession } from "./support/flow";

// A customer's page on another origin (127.0.0.1:<port> vs the flow on localhost:<E2E_PORT>)
// that embeds the flow with Veriff's own @veriff/incontext-sdk and records its events.
const sdk = fs.readFileSync(path.join(process.cwd(), "node_modules/@veriff/incontext-sdk/dist/index.umd.js"));
let server: http.Server;
let origin: string;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/sdk.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(sdk);
    const url = new URL(req.url ?? "/", "http://x").searchParams.get("flow") ?? "";
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><html><body><h1>Customer shop</h1>
<script src="/sdk.js"></script>
<script>
  window.veriffEvents = [];
  window.veriffFrame = veriffSDK.createVeriffFrame({ url: ${JSON.stringify(url)}, onEvent: function (e) { window.veriffEvents.push(e); } });
</script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

test("the incontext SDK embeds the flow from another origin and receives STARTED, SUBMITTED, FINISHED", async ({ page, baseURL }) => {
  const integration = createIntegration("E2E embed", { callback: "https://shop.example/after" });
  const session = await createSession(integration.id);
  await page.goto(`${origin}/?flow=${encodeURIComponent(`${baseURL}/v/${session.sessionToken}`)}`);
  const frame = page.frameLocator("#veriffFrame");
  await expect(frame.getByRole("heading", { name: "Verify your identity", exact: true })).toBeVisible();
  await captureAll(frame);
  await frame.getByRole("button", { name: "Submit" }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { veriffEvents: string[] }).veriffEvents)).toEqual(["STARTED", "SUBMITTED", "FINISHED"]);
  // FINISHED closes the frame; the customer's page never navigated to the callback.
  await expect(page.locator("#veriffFrame")).toHaveCount(0);
  expect(page.url().startsWith(origin)).toBe(true);
});

test("the embedded flow's cancel button reports CANCELED and the SDK closes the frame", async ({ page, baseURL }) => {
  const integration = createIntegration("E2E embed cancel");
  const session = await createSession(integration.id);
  await page.goto(`${origin}/?flow=${encodeURIComponent(`${baseURL}/v/${session.sessionToken}`)}`);
  const frame = page.frameLocator("#veriffFrame");
  await expect(frame.getByRole("heading", { name: "Verify your identity", exact: true })).toBeVisible();
  await frame.getByRole("button", { name: "Cancel" }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { veriffEvents: string[] }).veriffEvents)).toEqual(["CANCELED"]);
  await expect(page.locator("#veriffFrame")).toHaveCount(0);
});
