import type pg from "pg";
import { recordAudit, type Actor } from "../audit/record.ts";
import { removeMediaFiles } from "../media/media-store.ts";
import { scrubSessionLogs } from "./scrub-session-logs.ts";

export type RedactionReason = "retention" | "erasure" | "manual";

/** The personal fields a data redaction clears on the session itself. */
export const personalSessionFields = ["person", "document", "address", "consents", "person_name", "provider_data"] as const;
/** Cleared too by an erasure or a manual redaction (retention keeps them so statistics can still group by them). */
export const referenceFields = ["vendor_data", "end_user_id"] as const;

export interface RedactionWhat {
  media: boolean;
  data: boolean;
  /** Clear vendorData and endUserId as well. */
  references: boolean;
}

export interface RedactionReceipt {
  reason: RedactionReason;
  at: string;
  by: string;
  sessions: { id: string; media: number; fields: string[] }[];
  totals: { sessions: number; media: number };
}

/**
 * Removes pictures and/or personal data of the given sessions in the caller's transaction,
 * keeping the non-personal record (id, status, decision, codes, times). One session_redactions
 * row per session and one audit row per call are the receipt. The ids must already be scoped
 * by the caller (an integration, or an admin's search).
 */
export async function redactSessions(
  client: pg.ClientBase,
  sessionIds: string[],
  what: RedactionWhat,
  reason: RedactionReason,
  actor: Actor,
  at: Date,
): Promise<RedactionReceipt> {
  const receipt: RedactionReceipt = { reason, at: at.toISOString(), by: actor.label, sessions: [], totals: { sessions: 0, media: 0 } };
  if (sessionIds.length === 0) return receipt;
  // Lock the sessions first, in id order, so two redactions of the same person cannot interleave.
  const locked = await client.query<{ id: string }>(`SELECT id FROM verification_sessions WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [sessionIds]);
  const ids = locked.rows.map((r) => r.id);
  const mediaBySession = new Map<string, number>();
  if (what.media) {
    const counted = await client.query<{ session_id: string; n: number }>(
      `SELECT session_id, count(*)::int AS n FROM media WHERE session_id = ANY($1::uuid[]) AND removed_at IS NULL GROUP BY session_id`,
      [ids],
    );
    for (const r of counted.rows) mediaBySession.set(r.session_id, r.n);
    await removeMediaFiles(client, { sessionIds: ids }, at);
    await client.query(`UPDATE verification_sessions SET media_redacted_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
  }
  const fields: string[] = [];
  if (what.data) {
    fields.push(...personalSessionFields, "attempts.verified_data", "engine report", "engine identity", "webhook bodies");
    const clear = [...personalSessionFields, ...(what.references ? referenceFields : [])].map((f) => `${f} = NULL`);
    if (what.references) fields.push(...referenceFields);
    await client.query(`UPDATE verification_sessions SET ${clear.join(", ")}, data_redacted_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
    await client.query(`UPDATE attempts SET verified_data = NULL WHERE session_id = ANY($1::uuid[]) AND verified_data IS NOT NULL`, [ids]);
    await client.query(`UPDATE engine_jobs SET report = NULL WHERE session_id = ANY($1::uuid[]) AND report IS NOT NULL`, [ids]);
    await client.query(`DELETE FROM engine_identities WHERE session_id = ANY($1::uuid[])`, [ids]);
    await scrubSessionLogs(client, ids);
  }
  for (const id of ids) {
    const entry = { id, media: mediaBySession.get(id) ?? 0, fields };
    receipt.sessions.push(entry);
    receipt.totals.media += entry.media;
  }
  receipt.totals.sessions = ids.length;
  await client.query(
    `INSERT INTO session_redactions (session_id, reason, removed, actor_label, created_at)
     SELECT v.id, $2, jsonb_build_object('media', v.media, 'fields', $3::jsonb), $4, $5 FROM unnest($1::uuid[], $6::int[]) AS v(id, media)`,
    [ids, reason, JSON.stringify(fields), actor.label, at, ids.map((id) => mediaBySession.get(id) ?? 0)],
  );
  await recordAudit(
    client,
    actor,
    `sessions.redact.${reason}`,
    { type: ids.length === 1 ? "session" : "sessions", id: ids.length === 1 ? ids[0] : null },
    { after: { sessions: ids, media: receipt.totals.media, fields, at: receipt.at } },
  );
  return receipt;
}
