import type pg from "pg";
import { pool } from "../db/index.ts";
import type { PersonQuery } from "../validation/person-query.ts";
import type { SessionStatus } from "../sessions/codes.ts";

export interface PersonSession {
  id: string;
  integrationId: string;
  integrationName: string;
  status: SessionStatus;
  vendorData: string | null;
  endUserId: string | null;
  createdAt: Date;
  media: number;
  mediaRedactedAt: Date | null;
  dataRedactedAt: Date | null;
}

/** Every session of one person (by vendorData, endUserId or one session), across integrations, newest first. */
export async function findPersonSessions(q: PersonQuery, client: Pick<pg.ClientBase, "query"> = pool()): Promise<PersonSession[]> {
  const [column, value] = q.sessionId ? ["s.id", q.sessionId] : q.endUserId ? ["s.end_user_id", q.endUserId] : ["s.vendor_data", q.vendorData!];
  const { rows } = await client.query<{
    id: string; integration_id: string; integration_name: string; status: SessionStatus; vendor_data: string | null; end_user_id: string | null;
    created_at: Date; media: number; media_redacted_at: Date | null; data_redacted_at: Date | null;
  }>(
    `SELECT s.id, s.integration_id, i.name AS integration_name, s.status, s.vendor_data, s.end_user_id, s.created_at, s.media_redacted_at, s.data_redacted_at,
            (SELECT count(*)::int FROM media m WHERE m.session_id = s.id AND m.removed_at IS NULL) AS media
       FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id
      WHERE ${column} = $1 ORDER BY s.created_at DESC, s.id DESC`,
    [value],
  );
  return rows.map((r) => ({
    id: r.id, integrationId: r.integration_id, integrationName: r.integration_name, status: r.status, vendorData: r.vendor_data, endUserId: r.end_user_id,
    createdAt: new Date(r.created_at), media: r.media, mediaRedactedAt: r.media_redacted_at && new Date(r.media_redacted_at), dataRedactedAt: r.data_redacted_at && new Date(r.data_redacted_at),
  }));
}

/** Which key found the sessions, for receipts and audit rows (never the value itself: an erasure must not keep it). */
export const queryKind = (q: PersonQuery) => (q.sessionId ? "session" : q.endUserId ? "endUserId" : "vendorData");
