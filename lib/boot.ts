import pg from "pg";
import { ensureAuthSecret, StartupError } from "./config.ts";
import { describeConnectionError, poolConfig, resolveDatabase, type DatabaseTarget } from "./db/connect.ts";
import { migrate, type MigrationResult } from "./db/migrate.ts";
import { chooseDatabase } from "./db/index.ts";
import { ensureFirstRun } from "./setup/first-run.ts";
import { assertSecretMatches } from "./crypto/secret-check.ts";
import { backfillRollups } from "./analytics/backfill.ts";

export interface Booted {
  target: DatabaseTarget;
  migrations: MigrationResult | null;
}

/**
 * What the server and the CLI do before anything else: choose the database (DATABASE_URL or
 * the embedded one), make sure AUTH_SECRET exists, check the connection, apply migrations, check
 * AUTH_SECRET against the one the database was set up with and create the first-run data. Every failure is a StartupError with one line to show.
 */
export async function boot(opts: { migrate?: boolean; firstRun?: boolean } = {}): Promise<Booted> {
  const target = await resolveDatabase();
  chooseDatabase({ url: target.url, embedded: target.embedded });
  try {
    ensureAuthSecret({ embedded: target.embedded });
    const client = new pg.Client(poolConfig(target.url, 1));
    try {
      await client.connect();
    } catch (e) {
      throw describeConnectionError(e, target.url);
    }
    let migrations: MigrationResult | null = null;
    try {
      if (opts.migrate !== false) migrations = await migrate(client);
      else await assertMigrated(client);
      await assertSecretMatches(client);
      if (migrations) await backfillRollups(client, migrations.applied);
    } finally {
      await client.end().catch(() => {});
    }
    if (opts.firstRun !== false) await ensureFirstRun();
    return { target, migrations };
  } catch (e) {
    await target.close().catch(() => {});
    throw e;
  }
}

async function assertMigrated(client: pg.Client) {
  const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass('public._prisma_migrations')::text AS t`);
  if (!rows[0]?.t) throw new StartupError("The database has no Checkpoint tables yet: run `npx checkpoint migrate` first.");
}
