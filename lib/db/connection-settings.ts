import { parse } from "pg-connection-string";

/**
 * A database URL as discrete connection settings: a connection string would win over overrides
 * such as `database` (Prisma's adapter builds its shadow database that way). Used by the app's
 * pool (lib/db/connect.ts) and the Prisma CLI (prisma.config.ts), so no imports beyond the driver's parser.
 */
export function connectionSettings(url: string) {
  const c = parse(url);
  return {
    host: c.host ?? "127.0.0.1",
    port: c.port ? Number(c.port) : 5432,
    user: c.user ?? undefined,
    password: c.password ?? undefined,
    database: c.database ?? undefined,
    ssl: c.ssl || undefined,
  };
}
