import type { IncomingHttpHeaders } from "node:http";
import { hmacMatches, isSha256Hex, legacyMatches } from "../crypto/signatures.ts";
import { pool } from "../db/index.ts";
import { decryptSecret } from "../crypto/secrets.ts";
import { validKeySql } from "../keys/key-validity.ts";
import { veriffError } from "./errors.ts";
import { isDomainError } from "../errors.ts";
import { isUuid } from "../validation/uuid.ts";
import type { Plan } from "../validation/integration.ts";


export interface ApiCaller {
  apiKey: string;
  integrationId: string;
  plan: Plan;
  rateCap: number | null;
  active: boolean;
  /** veriff: the integration's sessions are created at Veriff (lib/veriff/create-at-veriff.ts). */
  provider: "checkpoint" | "veriff";
  /** This key's shared secret first, then those of the integration's other valid keys (rotation). */
  secrets: Buffer[];
  /** This key's shared secret cannot be decrypted with this AUTH_SECRET: the key is refused, clearly. */
  undecryptable?: boolean;
}

/**
 * Key lookups are cached in memory for CACHE_TTL_MS: a revoked key or a deactivated integration
 * stops working in every process within that time, and the create path costs no lookup round
 * trip while the entry is warm. A key whose rotation grace period ends sooner expires then.
 */
export const CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { caller: ApiCaller | null; until: number }>();
const inflight = new Map<string, Promise<ApiCaller | null>>();
// last_used_at is written at most once a minute per key per process, off the request's path.
const TOUCH_EVERY_MS = 60_000;
const touched = new Map<string, number>();

interface KeyRow {
  integration_id: string;
  plan: Plan;
  rate_cap: number | null;
  active: boolean;
  provider: "checkpoint" | "veriff";
  secret_ciphertext: string;
  revoked_at: Date | null;
  others: string[] | null;
}

async function load(apiKey: string): Promise<{ caller: ApiCaller | null; until: number }> {
  const { rows } = await pool().query<KeyRow>(
    `SELECT k.integration_id, i.plan, i.rate_cap, i.active, i.provider, k.secret_ciphertext, k.revoked_at,
            (SELECT array_agg(o.secret_ciphertext ORDER BY o.created_at DESC) FROM api_keys o
              WHERE o.integration_id = k.integration_id AND o.id <> k.id AND ${validKeySql("o")}) AS others
       FROM api_keys k JOIN integrations i ON i.id = k.integration_id
      WHERE k.id = $1 AND ${validKeySql("k")}`,
    [apiKey],
  );
  const now = Date.now();
  const r = rows[0];
  if (!r) return { caller: null, until: now + CACHE_TTL_MS };
  const until = Math.min(now + CACHE_TTL_MS, r.revoked_at ? new Date(r.revoked_at).getTime() : Infinity);
  return {
    until,
    caller: {
      apiKey,
      integrationId: r.integration_id,
      plan: r.plan,
      rateCap: r.rate_cap,
      active: r.active,
      provider: r.provider,
      ...openSecrets(apiKey, r),
    },
  };
}

/**
 * The key's secrets in the clear. One written under another AUTH_SECRET is logged and left out:
 * an undecryptable other key does not stop this one, and an undecryptable own secret refuses
 * only this key (authenticate), never the whole integration with a 500.
 */
function openSecrets(apiKey: string, r: KeyRow): { secrets: Buffer[]; undecryptable: boolean } {
  const open = (c: string, which: string): Buffer | null => {
    try {
      return Buffer.from(decryptSecret(c), "utf8");
    } catch (e) {
      if (!isDomainError(e, "secret_undecryptable")) throw e;
      console.error(`[api] ${which} of integration ${r.integration_id} cannot be decrypted with this AUTH_SECRET: it was written under another one.`);
      return null;
    }
  };
  const own = open(r.secret_ciphertext, `the shared secret of API key ${apiKey}`);
  const others = (r.others ?? []).map((c) => open(c, "the shared secret of another API key")).filter((b) => b !== null);
  return { secrets: own ? [own, ...others] : others, undecryptable: !own };
}

async function lookup(apiKey: string): Promise<ApiCaller | null> {
  const hit = cache.get(apiKey);
  if (hit && hit.until > Date.now()) return hit.caller;
  let p = inflight.get(apiKey);
  if (!p) {
    p = load(apiKey)
      .then((entry) => {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        cache.set(apiKey, entry);
        return entry.caller;
      })
      .finally(() => inflight.delete(apiKey));
    inflight.set(apiKey, p);
  }
  return p;
}

function touch(apiKey: string) {
  const now = Date.now();
  const last = touched.get(apiKey) ?? 0;
  if (now - last < TOUCH_EVERY_MS) return;
  if (touched.size >= MAX_ENTRIES) touched.clear();
  touched.set(apiKey, now);
  pool()
    .query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [apiKey])
    .catch((e) => console.error(`[api] last_used_at not recorded: ${(e as Error).message}`));
}

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** X-AUTH-CLIENT (and vrf-integration-id where given) → the calling integration, or Veriff's 18xx. */
export async function authenticate(headers: IncomingHttpHeaders): Promise<ApiCaller> {
  const apiKey = header(headers, "x-auth-client")?.trim();
  if (!apiKey) throw veriffError(401, "1801", "Mandatory X-AUTH-CLIENT header containing the API key is missing from the request.");
  if (!isUuid(apiKey)) throw veriffError(401, "1802", "API key is not a valid UUID.");
  const caller = await lookup(apiKey.toLowerCase());
  if (!caller) throw veriffError(401, "1803", "Integration with the API key was not found.");
  const wanted = header(headers, "vrf-integration-id")?.trim();
  if (wanted && wanted.toLowerCase() !== caller.integrationId) throw veriffError(401, "1803", "Integration with the API key was not found: vrf-integration-id does not belong to this key.");
  if (!caller.active) throw veriffError(401, "1804", "Integration with the API key is not active.");
  if (caller.undecryptable) {
    throw veriffError(401, "401", "The shared secret of this API key cannot be decrypted by the server (AUTH_SECRET changed): an admin must issue a new key for the integration.");
  }
  touch(caller.apiKey);
  return caller;
}

/**
 * The request's signature over `message` (the raw body, or the id in the path) under any of the
 * caller's shared secrets, compared in constant time:
 * - X-HMAC-SIGNATURE: hex HMAC-SHA256, lower- or upper-case hex (the same signature either way);
 *   a mismatch is 1818 (id) or 1819 (body);
 * - else the legacy X-SIGNATURE Veriff still honours: hex SHA-256 of the payload concatenated
 *   with the shared secret; a mismatch is 1813 (id) or 1814 (body).
 * A malformed signature (not 64 hex digits) is 1812.
 */
export function requireSignedRequest(headers: IncomingHttpHeaders, caller: ApiCaller, message: Buffer | string, over: "body" | "id") {
  const hmac = header(headers, "x-hmac-signature")?.trim();
  const legacy = header(headers, "x-signature")?.trim();
  const what = over === "body" ? "request body" : "id in the path";
  if (!hmac && !legacy) {
    throw veriffError(401, "1812", `Signature is missing: send X-HMAC-SIGNATURE, the hex HMAC-SHA256 of the ${what} (or the legacy X-SIGNATURE).`);
  }
  const given = (hmac || legacy)!;
  if (!isSha256Hex(given)) throw veriffError(401, "1812", `Signature is not a valid SHA256 hex string (${hmac ? "X-HMAC-SIGNATURE" : "X-SIGNATURE"}).`);
  const data = typeof message === "string" ? Buffer.from(message, "utf8") : message;
  let ok = false;
  // Every secret is tried (no early exit), so the time taken does not say which one matched.
  for (const secret of caller.secrets) {
    if (hmac ? hmacMatches(secret, data, given) : legacyMatches(secret, data, given)) ok = true;
  }
  if (ok) return;
  if (hmac) {
    throw over === "body"
      ? veriffError(401, "1819", "Signature does not match: HMAC-SHA256 of the request body under the shared secret.")
      : veriffError(401, "1818", "Signature does not match: HMAC-SHA256 of the id in the path under the shared secret.");
  }
  throw over === "body"
    ? veriffError(401, "1814", "X-SIGNATURE does not match: SHA-256 of the request body followed by the shared secret.")
    : veriffError(401, "1813", "X-SIGNATURE does not match: SHA-256 of the id in the path followed by the shared secret.");
}
