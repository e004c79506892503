import crypto from "node:crypto";
import { legacySignPayload } from "../webhooks/sign.ts";
import http from "node:http";
import https from "node:https";
import { prisma } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { decisionPayload } from "../sessions/payloads.ts";
import { newestValidKey } from "../keys/signing-key.ts";
import { DomainError } from "../errors.ts";
import { assertWebhookUrl } from "../webhooks/assert-webhook-url.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export const TEST_WEBHOOK_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 2048;

export interface TestWebhookResult {
  deliveryId: string;
  url: string;
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

/** A decision payload for a made-up session, in the exact shape real decisions have. */
export function sampleDecisionBody(now = new Date()): string {
  const id = crypto.randomUUID();
  const created = new Date(now.getTime() - 5 * 60_000);
  return JSON.stringify(
    decisionPayload(
      {
        id,
        status: "approved",
        vendor_data: "checkpoint-test-webhook",
        end_user_id: null,
        person: { firstName: "Sarah", lastName: "Morgan", dateOfBirth: "1990-01-01", nationality: "EE" },
        document: { type: "PASSPORT", number: "MORGAN123", country: "EE" },
        address: null,
        created_at: created,
      },
      { attempt_id: crypto.randomUUID(), status: "approved", code: 9001, reason_code: null, reason: null, created_at: now },
    ),
  );
}

export function signBody(body: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(body).digest("hex");
}

/** One POST with a timeout and no redirects; never throws, reports what happened. */
export async function postSigned(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs = TEST_WEBHOOK_TIMEOUT_MS,
): Promise<{ statusCode: number | null; durationMs: number; responseExcerpt: string | null; error: string | null }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: Awaited<ReturnType<typeof assertWebhookUrl>>;
  try {
    target = await assertWebhookUrl(rawUrl);
  } catch (e) {
    return { statusCode: null, durationMs: elapsed(), responseExcerpt: null, error: (e as Error).message };
  }
  const { url, address, family } = target;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: { statusCode: number | null; responseExcerpt: string | null; error: string | null }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: elapsed() });
    };
    const req = mod.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": Buffer.byteLength(body).toString() },
        // Connect to the address that was checked, not to a second DNS answer.
        lookup: (_host, opts, cb) => {
          if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else cb(null, address, family);
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(c);
          size += c.length;
          if (size >= EXCERPT_BYTES) res.destroy();
        });
        const finish = () => done({ statusCode: res.statusCode ?? null, responseExcerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8"), error: null });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`No answer within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    req.on("error", (e) => done({ statusCode: null, responseExcerpt: null, error: e.message }));
    req.end(body);
  });
}

/**
 * Sends a signed sample decision to the integration's decision webhook URL and records it in
 * the delivery log (kind "test") with its attempt. Redirects are not followed: a 3xx is the answer.
 */
export async function sendTestWebhook(integrationId: string, actor: Actor): Promise<TestWebhookResult> {
  const integration = await prisma().integration.findUnique({ where: { id: integrationId }, select: { id: true, decisionWebhookUrl: true } });
  if (!integration) throw new DomainError("not_found", "This integration does not exist.");
  if (!integration.decisionWebhookUrl) throw new DomainError("no_url", "Set a decision webhook URL first, then send a test.", "decisionWebhookUrl");
  const key = await newestValidKey(integration.id);
  if (!key) throw new DomainError("no_key", "This integration has no valid API key to sign with: create one first.");
  const body = sampleDecisionBody();
  const headers = {
    "content-type": "application/json",
    "user-agent": "Checkpoint-Webhooks/1",
    "x-auth-client": key.id,
    "x-hmac-signature": signBody(body, key.secret),
    "x-signature": legacySignPayload(body, key.secret),
  };
  const startedAt = new Date();
  const r = await postSigned(integration.decisionWebhookUrl, body, headers);
  const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
  const deliveryId = await prisma().$transaction(async (tx) => {
    const d = await tx.webhookDelivery.create({
      data: {
        integrationId: integration.id,
        kind: "test",
        url: integration.decisionWebhookUrl!,
        body,
        state: ok ? "delivered" : "failed",
        attemptCount: 1,
        nextAttemptAt: startedAt,
        lastStatusCode: r.statusCode,
        lastError: r.error ?? (ok ? null : `HTTP ${r.statusCode}`),
        deliveredAt: ok ? new Date() : null,
      },
      select: { id: true },
    });
    await tx.webhookAttempt.create({
      data: {
        deliveryId: d.id,
        startedAt,
        durationMs: r.durationMs,
        statusCode: r.statusCode,
        responseExcerpt: r.responseExcerpt,
        error: r.error,
        // The signature is recorded: it proves what was sent and is useless without the body's key.
        requestHeaders: headers as Prisma.InputJsonValue,
      },
    });
    await recordAudit(tx, actor, "integration.test_webhook", { type: "integration", id: integration.id }, { after: { deliveryId: d.id, url: integration.decisionWebhookUrl, statusCode: r.statusCode } });
    return d.id;
  });
  return { deliveryId, url: integration.decisionWebhookUrl, ...r };
}
