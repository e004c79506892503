import { pool } from "../db/index.ts";
import { callVeriff, loadVeriffCredentials, refusalFor, unreachableRefusal, withNote } from "./client.ts";
import { UpstreamUnreachable } from "./http.ts";

/** The session's provider, or null when this integration has no such session. */
export async function sessionProvider(sessionId: string, integrationId?: string): Promise<{ provider: "checkpoint" | "veriff"; integrationId: string } | null> {
  const { rows } = await pool().query<{ provider: "checkpoint" | "veriff"; integration_id: string }>(
    `SELECT provider, integration_id FROM verification_sessions WHERE id = $1 ${integrationId ? "AND integration_id = $2" : ""}`,
    integrationId ? [sessionId, integrationId] : [sessionId],
  );
  return rows[0] ? { provider: rows[0].provider, integrationId: rows[0].integration_id } : null;
}

/**
 * DELETE /v1/sessions/{id} at Veriff (signed over the id), before the local record goes. Veriff's
 * refusal (not deletable yet, 1305/1306; its 5/h and 10/24 h limit, 429) keeps the local record
 * and reaches the caller; a session Veriff no longer knows (404) is gone there already.
 */
export async function deleteAtVeriff(integrationId: string, sessionId: string): Promise<void> {
  const creds = await loadVeriffCredentials(integrationId);
  if (!creds) return;
  let a;
  try {
    a = await callVeriff(creds, { method: "DELETE", path: `/v1/sessions/${sessionId}`, signOver: sessionId });
  } catch (e) {
    if (e instanceof UpstreamUnreachable) throw withNote(unreachableRefusal(e), "The session was not deleted.");
    throw e;
  }
  if (a.status === 200 || a.status === 404) return;
  throw withNote(refusalFor(a, "the delete"), "The session was not deleted.");
}
