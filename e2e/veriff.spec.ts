// A Veriff-backed integration end to end: a second Checkpoint process (its own PostgreSQL
// database, port E2E_PORT+1) plays Veriff. The admin adds the integration in the portal, the
// operator's "Add Verification" link opens the upstream's hosted flow, and the upstream's
// decision and pictures appear in the portal.
import crypto from "node:crypto";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { test, expect } from "@playwright/test";
import { admin, signIn } from "./support/users";
import { ensureUser, expectNoAxeViolations, operator } from "./support/portal";

test.describe.configure({ mode: "serial" });

const upstreamPort = Number(process.env.E2E_PORT ?? 3210) + 1;
const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
const dbName = `cp_e2e_up_${crypto.randomBytes(4).toString("hex")}`;
const upstreamEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${dbName}`,
  AUTH_SECRET: crypto.randomBytes(32).toString("hex"),
  APP_URL: upstreamUrl,
  PORT: String(upstreamPort),
  NODE_ENV: "production",
  CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true",
  CHECKPOINT_API_ONLY: "",
};
delete upstreamEnv.CHECKPOINT_DATA_DIR;
let upstream: ChildProcess;
let keys: { id: string; apiKey: string; sharedSecret: string };
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const sign = (payload: string) => crypto.createHmac("sha256", keys.sharedSecret).update(payload).digest("hex");

function upstreamCli(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args], { env: upstreamEnv, encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`upstream checkpoint ${args.join(" ")}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function atUpstream(method: string, path: string, body?: unknown) {
  const raw = body === undefined ? undefined : JSON.stringify(body);
  const id = path.split("/")[3];
  const r = await fetch(upstreamUrl + path, { method, headers: { "content-type": "application/json", "x-auth-client": keys.apiKey, "x-hmac-signature": sign(raw ?? id) }, body: raw });
  expect(r.status, await r.clone().text()).toBeLessThan(300);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const made = spawnSync("createdb", ["-h", "127.0.0.1", "-U", "postgres", dbName], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`createdb: ${made.stderr}`);
  upstream = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env: upstreamEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`upstream did not start:\n${out}`)), 150_000);
    const on = (d: Buffer) => {
      out += d;
      if (out.includes("Checkpoint is running")) {
        clearTimeout(t);
        resolve();
      }
    };
    upstream.stdout!.on("data", on);
    upstream.stderr!.on("data", on);
    upstream.on("exit", (code) => reject(new Error(`upstream exited ${code}:\n${out}`)));
  });
  upstream.removeAllListeners("exit");
  keys = JSON.parse(upstreamCli(["integration", "create", "--name", "Veriff account", "--environment", "live", "--plan", "enterprise", "--json"]));
  ensureUser(operator, "operator");
});

test.afterAll(async () => {
  if (upstream && upstream.exitCode === null) {
    await new Promise<void>((r) => {
      upstream.once("exit", () => r());
      upstream.kill("SIGTERM");
      setTimeout(() => upstream.kill("SIGKILL"), 10_000).unref();
    });
  }
  spawnSync("dropdb", ["-h", "127.0.0.1", "-U", "postgres", "--force", "--if-exists", dbName]);
});

let webhookUrl = "";
let decidedId = "";

test("an admin adds a Veriff-backed integration; wrong credentials are refused with the field named", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/integrations/new");
  await page.getByLabel("Name").fill("Veriff upstream");
  await page.getByLabel("Environment").selectOption("live");
  await page.getByLabel("Sessions are created by").selectOption("veriff");
  await page.getByLabel("Veriff API base URL").fill(upstreamUrl);
  await page.getByLabel("Veriff API key").fill(keys.apiKey);
  await page.getByLabel("Veriff shared secret").fill("not the secret");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText(/Veriff refused the signature \(1818/).first()).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Veriff upstream");
  await expect(page.getByLabel("Veriff API base URL")).toHaveValue(upstreamUrl);
  // The secret is never sent back: it is typed again.
  await expect(page.getByLabel("Veriff shared secret")).toHaveValue("");

  await page.getByLabel("Veriff API key").fill(keys.apiKey);
  await page.getByLabel("Veriff shared secret").fill(keys.sharedSecret);
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText('Integration "Veriff upstream" created.')).toBeVisible();
  webhookUrl = await page.getByRole("textbox", { name: "Veriff webhook URL" }).inputValue();
  expect(webhookUrl).toMatch(/\/v1\/veriff\/webhooks\/[0-9a-f-]{36}$/);
  upstreamCli(["integration", "update", keys.id, "--decision-webhook", webhookUrl, "--event-webhook", webhookUrl]);

  await page.getByRole("link", { name: /open the integration/ }).click();
  await expect(page.getByText("provider: Veriff")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Veriff webhook URL" })).toHaveValue(webhookUrl);
  await page.goto("/integrations");
  await expect(page.getByRole("listitem").filter({ hasText: "Veriff upstream" }).getByText("provider: Veriff")).toBeVisible();
});

test("Add Verification on it: the link opens the upstream's hosted flow, and the upstream's decision and pictures reach the portal", async ({ page: operatorPage, browser }) => {
  let page = operatorPage;
  await signIn(page, operator);
  await page.goto("/sessions/new");
  await page.getByLabel("Integration").selectOption({ label: "Veriff upstream (live)" });
  await page.getByLabel("User first name").fill("Vera");
  await page.getByLabel("User last name").fill("Upstream");
  await page.getByRole("button", { name: "Generate Verification" }).click();
  await expect(page.getByText("Verification created for Vera Upstream.")).toBeVisible();
  const link = await page.getByRole("textbox", { name: "Session link" }).inputValue();
  expect(link.startsWith(`${upstreamUrl}/v/`)).toBe(true);

  // The person opens the link: the upstream's hosted flow.
  const person = await browser.newPage();
  await person.goto(link);
  await expect(person.getByRole("heading", { name: "Verify your identity", exact: true })).toBeVisible();
  await person.close();

  const id = await page.evaluate(() => document.body.innerHTML.match(/\/sessions\/([0-9a-f-]{36})/)?.[1] ?? null);
  expect(id).toBeTruthy();
  decidedId = id!;
  await page.goto(`/sessions/${id}`);
  await expect(page.getByText(/^Veriff \(the session's id at Veriff/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Open link" })).toHaveAttribute("href", link);
  // started (7001) came in from the upstream's event webhook.
  await expect(async () => {
    await page.reload();
    await expect(page.locator("h1 + span")).toHaveText("started");
  }).toPass({ timeout: 20_000 });

  // At the upstream: pictures and submit through its API, then its decision.
  await atUpstream("POST", `/v1/sessions/${id}/media`, { image: { context: "document-front", content: PNG } });
  await atUpstream("POST", `/v1/sessions/${id}/media`, { image: { context: "face", content: PNG } });
  await atUpstream("PATCH", `/v1/sessions/${id}`, { verification: { status: "submitted" } });
  upstreamCli(["sessions", "decide", id!, "--decision", "approved"]);

  const reviewerContext = await browser.newContext();
  page = await reviewerContext.newPage();
  await signIn(page, admin);
  await expect(async () => {
    await page.goto(`/sessions/${id}`);
    await expect(page.locator("h1 + span")).toHaveText("approved");
    // Both pictures came from the upstream (each shown in the viewer and among the attempt's pictures).
    await expect(page.getByRole("img", { name: "Document front, attempt 1" }).first()).toBeVisible();
    await expect(page.getByRole("img", { name: "Selfie, attempt 1" }).first()).toBeVisible();
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Webhooks received from Veriff" })).toBeVisible();
  await expectNoAxeViolations(page);
  await expect(page.getByText("applied").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await page.goto(`/sessions?q=${id}`);
  await expect(page.getByRole("row").filter({ hasText: "Vera" }).getByText("approved", { exact: true })).toBeVisible();
  await reviewerContext.close();
});

test("deleting it in the portal deletes it at the upstream; the upstream's refusal of a create shows in the form", async ({ page }) => {
  await signIn(page, admin);
  // The integration page lists the webhooks Veriff sent, with what was done with each.
  await page.goto("/integrations");
  await page.getByRole("link", { name: "Veriff upstream" }).click();
  await expect(page.getByRole("heading", { name: "Latest webhooks from Veriff" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "decision" }).filter({ hasText: "applied" }).first()).toBeVisible();
  await page.goto(`/sessions/${decidedId}`);
  await expect(page.getByText(/deleted at Veriff first/)).toBeVisible();
  await page.getByRole("button", { name: "Delete session" }).click();
  await page.getByRole("button", { name: "Delete for good" }).click();
  await expect(page).toHaveURL(/\/sessions(\?|$)/);
  const gone = await fetch(`${upstreamUrl}/v1/sessions/${decidedId}/decision`, { headers: { "x-auth-client": keys.apiKey, "x-hmac-signature": sign(decidedId) } });
  expect(gone.status).toBe(404);

  upstreamCli(["integration", "update", keys.id, "--active", "false"]);
  try {
    await page.waitForTimeout(5500); // the upstream's key cache (docs/api.md)
    await page.goto("/sessions/new");
    await page.getByLabel("Integration").selectOption({ label: "Veriff upstream (live)" });
    await page.getByLabel("User first name").fill("Ivan");
    await page.getByLabel("User last name").fill("Refused");
    await page.getByLabel("vendorData").fill("keep-me");
    await page.getByRole("button", { name: "Generate Verification" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Veriff refused the session create (1804)" })).toContainText("No session was stored.");
    await expect(page.getByLabel("User first name")).toHaveValue("Ivan");
    await expect(page.getByLabel("vendorData")).toHaveValue("keep-me");
  } finally {
    upstreamCli(["integration", "update", keys.id, "--active", "true"]);
  }
});
