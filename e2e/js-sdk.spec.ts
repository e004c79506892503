import { test, expect } from "@playwright/test";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";

// Veriff's own browser SDK, unmodified, on a customer's page served from another origin, creates
// a session on Checkpoint through the CORS-enabled POST /v1/sessions.
const sdkFile = path.resolve("node_modules/@veriff/js-sdk/lib/veriff.js");

let shop: http.Server;
let shopUrl: string;
let keys: { id: string; apiKey: string; sharedSecret: string };

test.beforeAll(async ({ baseURL }) => {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", "integration", "create", "--name", "SDK", "--json"], {
    env: { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" },
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  keys = JSON.parse(r.stdout);

  const page = `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
<h1>Verify your identity</h1><div id="veriff-root"></div>
<script>var module = { exports: {} };</script>
<script src="/veriff.js"></script>
<script>
  var m = module.exports.Veriff;
  var Veriff = typeof m === "function" ? m : (m.Veriff || m.default);
  window.sessionResult = null;
  Veriff({
    host: ${JSON.stringify(baseURL)},
    apiKey: ${JSON.stringify(keys.apiKey)},
    parentId: "veriff-root",
    onSession: function (err, response) { window.sessionResult = { err: err, response: response }; },
  }).mount();
</script></body></html>`;
  shop = http.createServer((req, res) => {
    if (req.url === "/veriff.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(fs.readFileSync(sdkFile));
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    }
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;
});

test.afterAll(() => new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve())));

test("@veriff/js-sdk on another origin creates a session on Checkpoint", async ({ page, baseURL, request }) => {
  expect(new URL(shopUrl).origin).not.toBe(new URL(baseURL!).origin);
  const posted = page.waitForRequest((r) => r.method() === "POST" && r.url() === `${baseURL}/v1/sessions`);
  await page.goto(shopUrl, { waitUntil: "domcontentloaded" }); // the SDK also links a web font the closed network never serves
  await page.locator("#veriff-given-name").fill("Sarah");
  await page.locator("#veriff-last-name").fill("Morgan");
  await page.locator("#veriff-vendor-data").fill("order-7");
  await page.locator("input[type=submit]").click();
  const sent = await posted;
  expect(sent.headers()["x-origin"]).toBe("js-sdk");
  await expect.poll(() => page.evaluate(() => (window as unknown as { sessionResult: unknown }).sessionResult)).not.toBeNull();
  const result = await page.evaluate(() => (window as unknown as { sessionResult: { err: unknown; response: { status: string; verification: { id: string; url: string; status: string } } } }).sessionResult);
  expect(result.err).toBeNull();
  expect(result.response.status).toBe("success");
  expect(result.response.verification.status).toBe("created");
  expect(result.response.verification.url.startsWith(`${baseURL}/v/`)).toBe(true);

  // The session exists for this integration, with the name the form sent.
  const id = result.response.verification.id;
  const person = await request.get(`/v1/sessions/${id}/person`, {
    headers: { "x-auth-client": keys.apiKey, "x-hmac-signature": crypto.createHmac("sha256", keys.sharedSecret).update(id).digest("hex") },
  });
  expect(person.status()).toBe(200);
  expect((await person.json()).person).toMatchObject({ firstName: "Sarah", lastName: "Morgan" });
  const decision = await request.get(`/v1/sessions/${id}/decision`, {
    headers: { "x-auth-client": keys.apiKey, "x-hmac-signature": crypto.createHmac("sha256", keys.sharedSecret).update(id).digest("hex") },
  });
  expect((await decision.json()).verification).toBeNull();
});
