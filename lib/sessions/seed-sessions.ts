import { pool } from "../db/index.ts";

const FIRST = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kaisa", "Liam", "Maria", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sarah", "Tomas", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia", "Aino", "Mart", "Liis", "Karl"];
const LAST = ["Tamm", "Saar", "Morgan", "Schmidt", "Garcia", "Rossi", "Novak", "Kowalski", "Nielsen", "Dubois", "Smith", "Silva", "Ivanova", "Kask", "Mets", "Lepp", "Okafor", "Tanaka", "Chen", "Haddad", "Berg", "Larsen", "Costa", "Horvat", "Kim", "Patel", "Nowak", "Virtanen", "Murphy", "Olsen"];

const sqlArray = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}])`;

/**
 * Inserts n realistic sessions (one attempt each) spread over the last year: statuses and
 * decisions in plausible proportions, names, vendorData and endUserIds to search for. Runs in
 * batches of set-based INSERT ... SELECT over generate_series, so a million takes minutes.
 * Creates no events or webhooks: this is load for the list, not history.
 */
export async function seedSessions(n: number, opts: { integrationIds?: string[]; batch?: number; onProgress?: (done: number) => void } = {}): Promise<number> {
  let ids = opts.integrationIds ?? [];
  if (!ids.length) {
    const { rows } = await pool().query<{ id: string }>(`SELECT id FROM integrations ORDER BY created_at, id`);
    ids = rows.map((r) => r.id);
  }
  if (!ids.length) throw new Error("No integration to seed sessions into: create one first.");
  const batch = opts.batch ?? 50_000;
  const { rows: start } = await pool().query<{ n: string }>(`SELECT count(*)::text AS n FROM verification_sessions WHERE vendor_data LIKE 'seed-%'`);
  let offset = Number(start[0].n);
  let done = 0;
  while (done < n) {
    const size = Math.min(batch, n - done);
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `CREATE TEMP TABLE seed_batch ON COMMIT DROP AS
         SELECT gen_random_uuid() AS id, gen_random_uuid() AS attempt_id, g.i,
                ($1::uuid[])[1 + floor(random() * array_length($1::uuid[], 1))::int] AS integration_id,
                ${sqlArray(FIRST)}[1 + floor(random() * ${FIRST.length})::int] AS first_name,
                ${sqlArray(LAST)}[1 + floor(random() * ${LAST.length})::int] AS last_name,
                CASE WHEN random() < 0.6 THEN gen_random_uuid() END AS end_user_id,
                now() - random() * interval '365 days' AS created_at,
                random() AS r, random() AS r2
           FROM generate_series($2::bigint, $3::bigint) AS g(i)`,
        [ids, offset + 1, offset + size],
      );
      await client.query(
        `ALTER TABLE seed_batch ADD COLUMN status "SessionStatus", ADD COLUMN decision_code int, ADD COLUMN reason_code int`,
      );
      // Proportions: half approved, the rest spread over the other eight statuses.
      await client.query(
        `UPDATE seed_batch SET status = (CASE
            WHEN r < 0.08 THEN 'created' WHEN r < 0.12 THEN 'started' WHEN r < 0.17 THEN 'submitted'
            WHEN r < 0.67 THEN 'approved' WHEN r < 0.79 THEN 'declined' WHEN r < 0.85 THEN 'resubmission_requested'
            WHEN r < 0.91 THEN 'expired' WHEN r < 0.96 THEN 'abandoned' ELSE 'review' END)::"SessionStatus"`,
      );
      await client.query(
        `UPDATE seed_batch SET
           decision_code = CASE status WHEN 'approved' THEN 9001 WHEN 'declined' THEN 9102 WHEN 'resubmission_requested' THEN 9103
                                       WHEN 'expired' THEN 9104 WHEN 'abandoned' THEN 9104 WHEN 'review' THEN 9121 END,
           reason_code = CASE status WHEN 'declined' THEN (ARRAY[102,103,105,106,108,504])[1 + floor(r2 * 6)::int]
                                     WHEN 'resubmission_requested' THEN (ARRAY[201,204,205,608,614])[1 + floor(r2 * 5)::int] END`,
      );
      await client.query(
        `INSERT INTO verification_sessions (id, integration_id, status, vendor_data, end_user_id, lang, person, person_name, name_search, source,
                                            current_attempt_id, attempt_count, decision_code, reason_code, created_at, updated_at,
                                            started_at, submitted_at, decided_at, expires_at)
         SELECT id, integration_id, status, 'seed-' || i, end_user_id, 'en',
                jsonb_build_object('firstName', first_name, 'lastName', last_name), lower(first_name || ' ' || last_name), ' ' || lower(first_name || ' ' || last_name),
                (CASE WHEN r2 < 0.8 THEN 'api' ELSE 'portal' END)::"SessionSource",
                attempt_id, 1, decision_code, reason_code, created_at,
                created_at + CASE WHEN status = 'created' THEN interval '0' ELSE r2 * interval '2 days' END,
                CASE WHEN status NOT IN ('created', 'expired') THEN created_at + interval '1 minute' END,
                CASE WHEN status NOT IN ('created', 'started', 'expired', 'abandoned') THEN created_at + interval '5 minutes' END,
                CASE WHEN decision_code IS NOT NULL THEN created_at + r2 * interval '2 days' END,
                created_at + interval '7 days'
           FROM seed_batch`,
      );
      await client.query(
        `INSERT INTO attempts (id, session_id, number, status, created_at, submitted_at)
         SELECT attempt_id, id, 1, status, created_at, CASE WHEN status NOT IN ('created', 'started', 'expired', 'abandoned') THEN created_at + interval '5 minutes' END
           FROM seed_batch`,
      );
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
    done += size;
    offset += size;
    opts.onProgress?.(done);
  }
  // Fresh statistics and visibility map, so the planner and index-only scans see the new rows.
  await pool().query(`VACUUM (ANALYZE) verification_sessions`);
  await pool().query(`VACUUM (ANALYZE) attempts`);
  return done;
}
