import crypto from "node:crypto";
import { pool, withTransaction } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { decisionPayload } from "../sessions/payloads.ts";
import { newestValidKey } from "../keys/signing-key.ts";
import { DomainError } from "../errors.ts";
import { isUuid } from "../validation/uuid.ts";
import { enqueueWebhook } from "../webhooks/enqueue.ts";
import { claimDelivery, deliverClaimed } from "../webhooks/deliver.ts";

export interface TestWebhookResult {
  deliveryId: string;
  url: string;
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

/** A decision payload for a made-up session, in the exact shape real decisions have. */
export function sampleDecision(now = new Date()) {
  const id = crypto.randomUUID();
  const created = new Date(now.getTime() - 5 * 60_000);
  return decisionPayload(
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
  );
}

/**
 * Sends a signed sample decision to the integration's decision webhook URL through the outbox:
 * a delivery of kind "test" is written and claimed in one transaction (no worker takes it first),
 * then sent at once by the deliverer (its signer, keep-alive poster and pinned address) and its
 * attempt recorded. It is tried once: a failure leaves it `failed`, to resend from the delivery log.
 */
export async function sendTestWebhook(integrationId: string, actor: Actor): Promise<TestWebhookResult> {
  if (!isUuid(integrationId)) throw new DomainError("not_found", "This integration does not exist.");
  const { rows } = await pool().query<{ id: string; decision_webhook_url: string | null }>(`SELECT id, decision_webhook_url FROM integrations WHERE id = $1::uuid`, [integrationId]);
  const integration = rows[0];
  if (!integration) throw new DomainError("not_found", "This integration does not exist.");
  const url = integration.decision_webhook_url;
  if (!url) throw new DomainError("no_url", "Set a decision webhook URL first, then send a test.", "decisionWebhookUrl");
  if (!(await newestValidKey(integration.id))) throw new DomainError("no_key", "This integration has no valid API key to sign with: create one first.");
  const claimed = await withTransaction(async (client) => {
    const id = await enqueueWebhook(client, { integrationId: integration.id, sessionId: null, kind: "test", url, body: sampleDecision() });
    return claimDelivery(client, id);
  });
  if (!claimed) throw new Error("The test delivery was written but could not be claimed.");
  const outcome = await deliverClaimed(claimed, { once: true });
  await recordAudit(pool(), actor, "integration.test_webhook", { type: "integration", id: integration.id }, { after: { deliveryId: claimed.id, url, statusCode: outcome.statusCode } });
  return { deliveryId: claimed.id, url, statusCode: outcome.statusCode, durationMs: outcome.durationMs, responseExcerpt: outcome.responseExcerpt, error: outcome.error };
}
