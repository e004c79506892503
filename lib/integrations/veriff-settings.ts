import crypto from "node:crypto";
import { decryptSecret, encryptSecret } from "../crypto/secrets.ts";
import { DomainError } from "../errors.ts";
import { answerJson, callVeriff, refusalFor } from "../veriff/client.ts";
import { UpstreamUnreachable } from "../veriff/http.ts";
import type { ProviderName } from "../validation/veriff-settings.ts";

export interface ProviderColumns {
  provider: ProviderName;
  veriffBaseUrl: string | null;
  veriffApiKeyCiphertext: string | null;
  veriffSecretCiphertext: string | null;
  veriffApiKeyHint: string | null;
  veriffSecretHint: string | null;
}

export const providerColumnsSelect = {
  provider: true,
  veriffBaseUrl: true,
  veriffApiKeyCiphertext: true,
  veriffSecretCiphertext: true,
  veriffApiKeyHint: true,
  veriffSecretHint: true,
} as const;

const hint = (s: string) => s.slice(-4);

/**
 * Proves the settings against Veriff before they are stored: a signed GET decision of a session
 * id nobody has. Veriff checks the key (18xx: 1801-1804) and the signature (1812-1819) before it
 * looks the session up, so a 404 means both are right; anything else is the reason they are not.
 */
export async function probeVeriff(s: { baseUrl: string; apiKey: string; sharedSecret: string }): Promise<void> {
  const probe = crypto.randomUUID();
  let a;
  try {
    a = await callVeriff({ integrationId: "", ...s }, { method: "GET", path: `/v1/sessions/${probe}/decision`, signOver: probe });
  } catch (e) {
    if (e instanceof UpstreamUnreachable) throw new DomainError("veriff_settings", `${e.message} Nothing was saved.`, "veriffBaseUrl");
    throw e;
  }
  // Veriff's API answers in JSON; a 404 or 200 page that is not JSON is some other server.
  if ((a.status === 404 || a.status === 200) && answerJson(a)) return;
  const r = refusalFor(a, "the settings check");
  const code = r.veriffCode ?? "";
  const field = ["1801", "1802", "1803", "1804"].includes(code) ? "veriffApiKey" : code.startsWith("181") ? "veriffSharedSecret" : "veriffBaseUrl";
  throw new DomainError("veriff_settings", `${r.message} Nothing was saved.`, field);
}

/**
 * The provider columns an integration gets from the input over its current ones (key and secret
 * left empty keep the stored ones), checked against Veriff when anything about the upstream
 * changed. The audit change names what changed, never a key or secret (their last four only).
 */
export async function resolveProviderColumns(
  input: { provider?: ProviderName; veriffBaseUrl?: string; veriffApiKey?: string; veriffSharedSecret?: string },
  current: ProviderColumns | null,
): Promise<{ columns: ProviderColumns; before: Record<string, unknown>; after: Record<string, unknown> }> {
  const provider = input.provider ?? current?.provider ?? (input.veriffBaseUrl || input.veriffApiKey ? "veriff" : "checkpoint");
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (provider === "checkpoint") {
    const columns: ProviderColumns = { provider, veriffBaseUrl: null, veriffApiKeyCiphertext: null, veriffSecretCiphertext: null, veriffApiKeyHint: null, veriffSecretHint: null };
    if (current?.provider === "veriff") {
      before.provider = "veriff";
      after.provider = "checkpoint";
    }
    return { columns, before, after };
  }
  const baseUrl = input.veriffBaseUrl ?? current?.veriffBaseUrl ?? null;
  const apiKey = input.veriffApiKey ?? (current?.veriffApiKeyCiphertext ? decryptSecret(current.veriffApiKeyCiphertext) : null);
  const sharedSecret = input.veriffSharedSecret ?? (current?.veriffSecretCiphertext ? decryptSecret(current.veriffSecretCiphertext) : null);
  if (!baseUrl) throw new DomainError("veriff_settings", "A Veriff-backed integration needs Veriff's API base URL, e.g. https://stationapi.veriff.com.", "veriffBaseUrl");
  if (!apiKey) throw new DomainError("veriff_settings", "A Veriff-backed integration needs the Veriff integration's API key.", "veriffApiKey");
  if (!sharedSecret) throw new DomainError("veriff_settings", "A Veriff-backed integration needs the Veriff integration's shared secret.", "veriffSharedSecret");

  const keyChanged = input.veriffApiKey !== undefined && (!current?.veriffApiKeyCiphertext || decryptSecret(current.veriffApiKeyCiphertext) !== apiKey);
  const secretChanged = input.veriffSharedSecret !== undefined && (!current?.veriffSecretCiphertext || decryptSecret(current.veriffSecretCiphertext) !== sharedSecret);
  if (current?.provider !== "veriff") {
    before.provider = current?.provider ?? null;
    after.provider = "veriff";
  }
  if (current?.veriffBaseUrl !== baseUrl) {
    before.veriffBaseUrl = current?.veriffBaseUrl ?? null;
    after.veriffBaseUrl = baseUrl;
  }
  if (keyChanged) {
    before.veriffApiKey = current?.veriffApiKeyHint ? `…${current.veriffApiKeyHint}` : null;
    after.veriffApiKey = `…${hint(apiKey)}`;
  }
  if (secretChanged) {
    before.veriffSharedSecret = current?.veriffSecretHint ? `…${current.veriffSecretHint}` : null;
    after.veriffSharedSecret = `…${hint(sharedSecret)}`;
  }
  const columns: ProviderColumns = {
    provider,
    veriffBaseUrl: baseUrl,
    veriffApiKeyCiphertext: keyChanged || !current?.veriffApiKeyCiphertext ? encryptSecret(apiKey) : current.veriffApiKeyCiphertext,
    veriffSecretCiphertext: secretChanged || !current?.veriffSecretCiphertext ? encryptSecret(sharedSecret) : current.veriffSecretCiphertext,
    veriffApiKeyHint: hint(apiKey),
    veriffSecretHint: hint(sharedSecret),
  };
  if (Object.keys(after).length > 0) await probeVeriff({ baseUrl, apiKey, sharedSecret });
  return { columns, before, after };
}
