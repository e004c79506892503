import type pg from "pg";
import { rebuildRollups } from "./rollup.ts";

/** The migration that added the analytics rollups. */
export const ROLLUPS_MIGRATION = "20261201152259_analytics_rollups";

/**
 * When the rollups' migration has just been applied to a database that already holds sessions,
 * folds those sessions in once (what `checkpoint analytics rebuild` does), in one transaction:
 * an upgraded installation's analytics are whole from its first start.
 */
export async function backfillRollups(client: pg.ClientBase, applied: string[]): Promise<{ sessions: number } | null> {
  if (!applied.includes(ROLLUPS_MIGRATION)) return null;
  const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM verification_sessions) AS any`);
  if (!rows[0].any) return null;
  await client.query("BEGIN");
  try {
    const r = await rebuildRollups(client);
    await client.query("COMMIT");
    console.log(`Analytics: ${r.sessions} existing sessions folded into the rollups.`);
    return { sessions: r.sessions };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
