import crypto from "node:crypto";
import { test, expect } from "@playwright/test";
import { admin, signIn } from "./support/users";
import { cli } from "./support/cli";

test.describe.configure({ mode: "serial" });

let keys: { id: string; apiKey: string; sharedSecret: string };
const sign = (s: string) => crypto.createHmac("sha256", keys.sharedSecret).update(s).digest("hex");

async function api(base: string, method: string, path: string, body: unknown) {
  const raw = JSON.stringify(body);
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json", "x-auth-client": keys.apiKey, "x-hmac-signature": sign(raw) }, body: raw });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A session with a person and one picture (JPEG-shaped bytes). */
async function sessionWithPicture(base: string, vendorData: string, firstName: string) {
  const created = await api(base, "POST", "/v1/sessions", { verification: { vendorData, person: { firstName, lastName: "Privacy" } } });
  const id = created.verification.id as string;
  const bytes = crypto.randomBytes(4000);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  const up = await api(base, "POST", `/v1/sessions/${id}/media`, { image: { context: "face", content: bytes.toString("base64") } });
  return { id, mediaId: up.image.id as string };
}

test.beforeAll(() => {
  keys = JSON.parse(cli(["integration", "create", "--name", "Privacy shop", "--environment", "live", "--json"]));
});

test("the data requests screen finds a person's sessions, exports them and erases them with a receipt", async ({ page, baseURL }) => {
  const vendorData = `dsr-${crypto.randomBytes(4).toString("hex")}`;
  const a = await sessionWithPicture(baseURL!, vendorData, "Erin");
  await sessionWithPicture(baseURL!, vendorData, "Erin");
  const bystander = await sessionWithPicture(baseURL!, `other-${vendorData}`, "Otto");

  await signIn(page, admin);
  await page.getByRole("link", { name: "Data requests" }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  // A malformed endUserId is named, what was typed kept.
  await page.getByLabel("endUserId").fill("not-a-uuid");
  await page.getByRole("button", { name: "Find sessions" }).click();
  await expect(page.getByText("must be a UUID.")).toBeVisible();
  await expect(page.getByLabel("endUserId")).toHaveValue("not-a-uuid");
  await page.getByLabel("endUserId").fill("");
  await page.getByLabel("vendorData").fill(vendorData);
  await page.getByRole("button", { name: "Find sessions" }).click();
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(3);

  const href = await page.getByRole("link", { name: "Export (zip)" }).getAttribute("href");
  const zip = await page.request.get(href!);
  expect(zip.status()).toBe(200);
  expect(zip.headers()["content-type"]).toBe("application/zip");
  const body = await zip.body();
  expect(body.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(body.includes(Buffer.from("person.json"))).toBe(true);

  await page.getByRole("button", { name: "Erase 2 session(s)" }).click();
  const dialog = page.getByRole("dialog", { name: "Erase this person's data?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Erase for good" }).click();
  const receipt = page.getByRole("region", { name: "Erasure receipt" });
  await expect(receipt).toContainText(/2 session\(s\) matched by vendorData erased .* by ada@checkpoint\.test: 2 picture\(s\) deleted/);
  await expect(receipt).toContainText(`${a.id}: 1 picture(s)`);

  await page.goto(`/privacy?vendorData=${vendorData}`);
  await expect(page.getByText("No session matches.")).toBeVisible();
  await page.goto(`/sessions/${a.id}`);
  await expect(page.getByTestId("redactions")).toContainText("Erasure request: 1 picture and personal data");
  expect((await page.request.get(`/api/media/${a.mediaId}`)).status()).toBe(404);
  expect((await page.request.get(`/api/media/${bystander.mediaId}`)).status()).toBe(200);

  await page.goto("/audit?action=sessions.redact.erasure");
  await expect(page.getByRole("cell", { name: "sessions.redact.erasure" }).first()).toBeVisible();
});

test("an admin redacts one session from its page after confirming", async ({ page, baseURL }) => {
  const s = await sessionWithPicture(baseURL!, `page-${crypto.randomBytes(4).toString("hex")}`, "Paula");
  await signIn(page, admin);
  await page.goto(`/sessions/${s.id}`);
  const section = page.getByRole("region", { name: "Personal data" });
  await expect(section).toContainText("Nothing has been removed from this session.");
  await expect(page.getByRole("img", { name: /Selfie, attempt 1/ }).first()).toBeVisible();
  await section.getByRole("button", { name: "Redact personal data" }).click();
  const dialog = page.getByRole("dialog", { name: "Redact this session?" });
  // Cancel leaves everything as it was.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(section).toContainText("Nothing has been removed");
  await section.getByRole("button", { name: "Redact personal data" }).click();
  await dialog.getByRole("button", { name: "Redact for good" }).click();
  // The page re-renders with the record of what was removed (and no second redact button).
  await expect(page.getByTestId("redactions")).toContainText("Redacted by an admin: 1 picture and personal data");
  await expect(page.getByTestId("redactions")).toContainText("by ada@checkpoint.test");
  await expect(section.getByRole("button", { name: "Redact personal data" })).toHaveCount(0);
  expect((await page.request.get(`/api/media/${s.mediaId}`)).status()).toBe(404);
});
