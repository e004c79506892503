import type { IncomingHttpHeaders } from "node:http";
import { isUuid } from "../validation/uuid.ts";
import { pool, withTransaction } from "../db/index.ts";
import { appUrl } from "../config.ts";
import { hmacMatches, legacyMatches, sameSecret } from "../crypto/signatures.ts";
import { loadVeriffCredentials } from "./client.ts";
import { applyReport, type Verdict } from "./apply-report.ts";
import { parseIncoming } from "./payloads.ts";
import { wakeReconcile } from "./reconcile-signal.ts";

/** Where Veriff must send a Veriff-backed integration's decision and event webhooks. */
export const veriffWebhookUrl = (integrationId: string) => `${appUrl()}/v1/veriff/webhooks/${integrationId}`;
export const VERIFF_WEBHOOK_PATH = /^\/v1\/veriff\/webhooks\/([^/]+)$/;

// A rejected (unauthenticated) webhook is kept for debugging, but only its first bytes.
const REJECTED_BODY_BYTES = 16 * 1024;
const REJECTED_PER_MINUTE = 60;
const KEPT_HEADERS = ["content-type", "user-agent", "x-auth-client", "x-hmac-signature", "x-signature", "x-forwarded-for", "content-length"];

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v)?.trim();
};

export interface IntakeAnswer {
  status: number;
  body: { status: "success" | "fail"; code?: string; message?: string; verdict?: string };
}

type Stored = Verdict | "bad_signature" | "invalid" | "ignored";

async function store(
  client: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  row: { integrationId: string; sessionId: string | null; kind: string; headers: IncomingHttpHeaders; body: string; verdict: Stored; detail: string | null },
) {
  const kept: Record<string, string> = {};
  for (const k of KEPT_HEADERS) {
    const v = header(row.headers, k);
    if (v !== undefined) kept[k] = v;
  }
  await client.query(
    `INSERT INTO veriff_webhooks (integration_id, session_id, kind, headers, body, verdict, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.integrationId, row.sessionId, row.kind, JSON.stringify(kept), row.body, row.verdict, row.detail],
  );
}

/**
 * A webhook from Veriff for one integration: X-AUTH-CLIENT must be the integration's Veriff API
 * key and X-HMAC-SIGNATURE (or the legacy X-SIGNATURE) must sign the raw body under its shared
 * secret, else 401 and nothing changes. The change and the stored webhook commit together before
 * the 200, so a webhook Veriff sees acknowledged is never lost; a failure answers 500 and Veriff
 * sends it again, which is harmless (applied once: lib/veriff/payloads.ts planChange).
 */
export async function receiveVeriffWebhook(integrationId: string, headers: IncomingHttpHeaders, raw: Buffer): Promise<IntakeAnswer> {
  if (!isUuid(integrationId)) return { status: 404, body: { status: "fail", code: "404", message: "No such integration." } };
  const id = integrationId.toLowerCase();
  const creds = await loadVeriffCredentials(id).catch(() => null);
  if (!creds) return { status: 404, body: { status: "fail", code: "404", message: "No Veriff-backed integration has this webhook URL." } };

  const text = raw.toString("utf8");
  const client = header(headers, "x-auth-client");
  const hmac = header(headers, "x-hmac-signature");
  const legacy = header(headers, "x-signature");
  let why: string | null = null;
  if (!client || !sameSecret(client, creds.apiKey)) why = "X-AUTH-CLIENT is missing or is not this integration's Veriff API key.";
  else if (!hmac && !legacy) why = "Neither X-HMAC-SIGNATURE nor X-SIGNATURE is present.";
  else if (!(hmac ? hmacMatches(creds.sharedSecret, raw, hmac) : legacyMatches(creds.sharedSecret, raw, legacy!))) {
    why = hmac ? "X-HMAC-SIGNATURE does not match the body under the Veriff shared secret." : "X-SIGNATURE does not match the body and the Veriff shared secret.";
  }
  if (why) {
    // Anyone can post here: at most REJECTED_PER_MINUTE refused webhooks an integration are kept, so a flood cannot fill the table.
    const { rows } = await pool().query<{ count: number }>(
      `INSERT INTO rate_windows (integration_id, bucket, window_start, count) VALUES ($1, 'veriff-rejected', date_trunc('minute', now()), 1)
       ON CONFLICT (integration_id, bucket, window_start) DO UPDATE SET count = rate_windows.count + 1 RETURNING count`,
      [id],
    );
    if (rows[0].count <= REJECTED_PER_MINUTE) {
      await store(pool(), { integrationId: id, sessionId: null, kind: "unknown", headers, body: text.slice(0, REJECTED_BODY_BYTES), verdict: "bad_signature", detail: why });
    }
    return { status: 401, body: { status: "fail", code: client ? "1819" : "1801", message: why } };
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    await store(pool(), { integrationId: id, sessionId: null, kind: "unknown", headers, body: text, verdict: "invalid", detail: "The body is not JSON." });
    return { status: 400, body: { status: "fail", code: "1104", message: "The body is not JSON." } };
  }
  const inc = parseIncoming(json);
  if (!inc) {
    // Signed, but neither a decision nor an event (e.g. a user-defined status webhook): kept, acknowledged.
    await store(pool(), { integrationId: id, sessionId: null, kind: "unknown", headers, body: text, verdict: "ignored", detail: "Neither a decision nor an event webhook." });
    return { status: 200, body: { status: "success", verdict: "ignored" } };
  }
  const outcome = await withTransaction(async (c) => {
    const o = await applyReport(c, id, inc, "webhook");
    await store(c, { integrationId: id, sessionId: o.sessionId, kind: inc.kind, headers, body: text, verdict: o.verdict, detail: o.detail });
    return o;
  });
  if (inc.kind === "decision" && outcome.verdict === "applied") wakeReconcile();
  return { status: 200, body: { status: "success", verdict: outcome.verdict } };
}
