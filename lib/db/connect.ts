import pg from "pg";
import { connectionSettings } from "./connection-settings.ts";
import { config, StartupError } from "../config.ts";
import { openEmbedded, type EmbeddedDatabase } from "./embedded.ts";

export interface DatabaseTarget {
  url: string;
  embedded: boolean;
  /** Releases the embedded database when this process owns it. */
  close(): Promise<void>;
}

/** DATABASE_URL (validated by lib/config.ts) selects a PostgreSQL server; without it Checkpoint runs the embedded one in ./data. */
export async function resolveDatabase(): Promise<DatabaseTarget> {
  const url = config().databaseUrl;
  if (url) return { url, embedded: false, close: async () => {} };
  const db: EmbeddedDatabase = await openEmbedded();
  return { url: db.url, embedded: true, close: db.close };
}

/** The pool's settings for a database URL (discrete settings: see connection-settings.ts). */
export function poolConfig(url: string, max: number): pg.PoolConfig {
  const s = connectionSettings(url);
  return { ...s, ssl: s.ssl as pg.PoolConfig["ssl"], max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 };
}

/** Turns a driver error met at start-up into one line naming the cause and what to do. */
export function describeConnectionError(e: unknown, url: string): StartupError {
  const err = e as NodeJS.ErrnoException & { code?: string };
  let where = "the database";
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    /* keep generic */
  }
  switch (err?.code) {
    case "ECONNREFUSED":
      return new StartupError(`Cannot connect to PostgreSQL at ${where}: nothing is listening. Start the server or fix DATABASE_URL.`, { cause: e });
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new StartupError(`Cannot resolve the database host in DATABASE_URL (${where}): check the host name.`, { cause: e });
    case "ETIMEDOUT":
      return new StartupError(`Connecting to PostgreSQL at ${where} timed out: check the host, port and firewall.`, { cause: e });
    case "3D000":
      return new StartupError(`The database in DATABASE_URL does not exist (${where}): create it with \`createdb\` or fix the name.`, { cause: e });
    case "28P01":
    case "28000":
      return new StartupError(`PostgreSQL refused the credentials in DATABASE_URL (${where}): check the user and password.`, { cause: e });
    default:
      if (/timeout/i.test(err?.message ?? "")) {
        return new StartupError(`Connecting to PostgreSQL at ${where} timed out: is the server up?`, { cause: e });
      }
      return new StartupError(`Cannot use the database at ${where}: ${err?.message ?? String(e)}`, { cause: e });
  }
}
