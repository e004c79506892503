import { prisma } from "../db/index.ts";
import { decryptSecret } from "../crypto/secrets.ts";

/** The newest valid key of an integration, with its decrypted secret, for signing outgoing webhooks. */
export async function newestValidKey(integrationId: string): Promise<{ id: string; secret: string } | null> {
  const rows = await prisma().$queryRaw<{ id: string; secret_ciphertext: string }[]>`
    SELECT id, secret_ciphertext FROM api_keys
    WHERE integration_id = ${integrationId}::uuid AND (revoked_at IS NULL OR revoked_at > now())
    ORDER BY (revoked_at IS NULL) DESC, created_at DESC LIMIT 1`;
  const k = rows[0];
  return k ? { id: k.id, secret: decryptSecret(k.secret_ciphertext) } : null;
}
