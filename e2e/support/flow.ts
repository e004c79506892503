import { spawnSync } from "node:child_process";
import { expect, type Page, type FrameLocator } from "@playwright/test";

/** `npx checkpoint ...` against the e2e server's embedded database (it finds the running server). */
export function cli<T = unknown>(args: string[]): T {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args, "--json"], {
    // Webhook receivers in these tests listen on loopback: allowed as the e2e server allows them.
    env: { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "", CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

export interface Integration {
  id: string;
  apiKey: string;
  sharedSecret: string;
}
export interface Session {
  id: string;
  sessionToken: string;
  url: string;
}

export function createIntegration(name: string, opts: { environment?: "test" | "live"; decision?: string; event?: string; callback?: string } = {}) {
  const args = ["integration", "create", "--name", name, "--environment", opts.environment ?? "live"];
  if (opts.decision) args.push("--decision-webhook", opts.decision);
  if (opts.event) args.push("--event-webhook", opts.event);
  if (opts.callback) args.push("--callback", opts.callback);
  const created = cli<Integration>(args);
  apiKeys.set(created.id, created.apiKey);
  return created;
}

const apiKeys = new Map<string, string>();

/** Creates a session as an integrator does: POST /v1/sessions with the integration's API key. */
export async function createSession(integrationId: string, opts: { lang?: string; callback?: string } = {}): Promise<Session> {
  const key = apiKeys.get(integrationId);
  if (!key) throw new Error(`no API key recorded for integration ${integrationId}: create it with createIntegration()`);
  const post = () =>
    fetch(`http://localhost:${process.env.E2E_PORT ?? 3210}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-auth-client": key },
      body: JSON.stringify({ verification: { person: { firstName: "Sarah", lastName: "Morgan" }, lang: opts.lang, callback: opts.callback, timestamp: new Date().toISOString() } }),
    });
  // A pooled keep-alive socket that the server closed as idle (its 5 s timeout, about as long as
  // a CLI call before it) fails before the request is sent ("other side closed"): send it again.
  const res = await post().catch((e: Error & { cause?: { code?: string } }) => {
    if (e.cause?.code === "UND_ERR_SOCKET") return post();
    throw e;
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.verification as Session;
}

// A small valid PNG (8x8): the flow checks the file type from its bytes.
export const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFklEQVR4nGNkYPjPQAxgIkoVwyglCAAv+gEDFZ2sXQAAAABJRU5ErkJggg==",
  "base64",
);

/** Uploads one picture through the file fallback (switching from the camera when it is offered). */
export async function uploadPicture(scope: Page | FrameLocator, heading: string, name = "picture.png") {
  await expect(scope.getByRole("heading", { name: heading })).toBeVisible();
  // Wait for the camera to start or fail (then the file chooser is shown on its own).
  await expect(scope.getByText("Starting the camera…")).toHaveCount(0);
  const useFile = scope.getByRole("button", { name: "Upload a file instead" });
  if (await useFile.isVisible()) await useFile.click();
  await scope.locator('input[type="file"]').setInputFiles({ name, mimeType: "image/png", buffer: png });
}

/** Consent, then front, back and selfie through the file fallback, ending on the review. */
export async function captureAll(scope: Page | FrameLocator) {
  await scope.getByLabel(/I agree/).check();
  await scope.getByRole("button", { name: "Start" }).click();
  await uploadPicture(scope, "Front of your document");
  await uploadPicture(scope, "Back of your document");
  await uploadPicture(scope, "Your face");
  await expect(scope.getByRole("heading", { name: "Check your pictures" })).toBeVisible();
}
