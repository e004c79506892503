import { pool } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { createVerificationViaApi } from "../api-client/checkpoint-client.ts";
import { checkAddVerification } from "../validation/add-verification.ts";

export interface PortalCreated {
  id: string;
  url: string;
  expiresAt: string;
  person: string;
}

export class FormRefusal extends Error {
  constructor(message: string, public readonly fieldErrors?: Record<string, string>) {
    super(message);
    this.name = "FormRefusal";
  }
}

/** The integration's newest key that is still valid (revoked_at unset or in the future: rotation grace). */
export async function newestValidApiKey(integrationId: string): Promise<string | null> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id FROM api_keys WHERE integration_id = $1::uuid AND (revoked_at IS NULL OR revoked_at > now()) ORDER BY created_at DESC, id DESC LIMIT 1`,
    [integrationId],
  );
  return rows[0]?.id ?? null;
}

/** "Add Verification": validate as the API does, then create through the /v1 API with the integration's key. */
export async function createVerificationFromPortal(values: Record<string, unknown>, userId: string): Promise<PortalCreated> {
  const check = checkAddVerification(values);
  if (!check.ok) throw new FormRefusal(check.message, check.fieldErrors);
  const apiKey = await newestValidApiKey(check.form.integrationId);
  if (!apiKey) throw new FormRefusal("This integration has no valid API key: an admin can create one under API keys.", { integrationId: "No valid API key." });
  // 45 s: a Veriff-backed integration's create may be tried three times at Veriff (lib/veriff/create-at-veriff.ts).
  const r = await createVerificationViaApi({ apiKey, body: check.body, portalUserId: userId, timeoutMs: 45_000 });
  // Veriff's refusals (a Veriff-backed integration) are already one sentence that names Veriff.
  if (!r.ok && r.message.startsWith("Veriff ")) throw new FormRefusal(r.message);
  if (!r.ok) {
    const why =
      r.httpStatus === 429
        ? `Rate cap reached for this integration: ${r.message}`
        : r.code === "1804"
          ? "This integration is inactive: an admin can activate it under Integrations."
          : r.message;
    throw new FormRefusal(`The API refused the request${r.code ? ` (${r.code})` : ""}: ${why}`);
  }
  const { rows } = await pool().query<{ expires_at: Date }>(`SELECT expires_at FROM verification_sessions WHERE id = $1::uuid`, [r.data.id]);
  if (!rows[0]) throw new DomainError("session_not_found", "The API created the session but it cannot be read back.");
  return { id: r.data.id, url: r.data.url, expiresAt: new Date(rows[0].expires_at).toISOString(), person: `${check.form.firstName} ${check.form.lastName}` };
}
