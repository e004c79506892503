import { pool } from "../db/index.ts";
import { newestValidKey } from "../keys/signing-key.ts";
import { DomainError } from "../errors.ts";
import { createVerificationViaApi } from "../api-client/checkpoint-client.ts";
import { formFieldOf, type AddVerificationInput } from "../validation/add-verification.ts";

export interface PortalCreated {
  id: string;
  url: string;
  expiresAt: string;
  person: string;
}

/** "Add Verification": create through the /v1 API with the integration's key, as an integrator would. */
export async function createVerificationFromPortal(input: AddVerificationInput, userId: string): Promise<PortalCreated> {
  const apiKey = (await newestValidKey(input.integrationId))?.id;
  if (!apiKey) throw new DomainError("no_key", "This integration has no valid API key: an admin can create one under API keys.", "integrationId");
  // 45 s: a Veriff-backed integration's create may be tried three times at Veriff (lib/veriff/create-at-veriff.ts).
  const r = await createVerificationViaApi({ apiKey, body: input.body, portalUserId: userId, timeoutMs: 45_000 });
  // Veriff's refusals (a Veriff-backed integration) are already one sentence that names Veriff.
  if (!r.ok && r.message.startsWith("Veriff ")) throw new DomainError("veriff_refused", r.message, { httpStatus: r.httpStatus || 502, veriffCode: r.code });
  if (!r.ok) {
    if (r.field) throw new DomainError("invalid_input", r.message, { field: formFieldOf(r.field), veriffCode: r.code });
    const why =
      r.httpStatus === 429
        ? `Rate cap reached for this integration: ${r.message}`
        : r.code === "1804"
          ? "This integration is inactive: an admin can activate it under Integrations."
          : r.message;
    throw new DomainError("api_refused", `The API refused the request${r.code ? ` (${r.code})` : ""}: ${why}`, { veriffCode: r.code, retryAfter: r.retryAfter });
  }
  const { rows } = await pool().query<{ expires_at: Date }>(`SELECT expires_at FROM verification_sessions WHERE id = $1::uuid`, [r.data.id]);
  if (!rows[0]) throw new DomainError("session_not_found", "The API created the session but it cannot be read back.");
  return { id: r.data.id, url: r.data.url, expiresAt: new Date(rows[0].expires_at).toISOString(), person: input.person };
}
