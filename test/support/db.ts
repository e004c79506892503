import crypto from "node:crypto";
import pg from "pg";
import { migrate } from "../../lib/db/migrate.ts";
import { pgliteExtensions } from "../../lib/db/embedded.ts";
import { chooseDatabase } from "../../lib/db/index.ts";
import { reloadConfig } from "../../lib/config.ts";

export type DbKind = "server" | "pglite";

/** The PostgreSQL server the tests create their databases on (CI and every dev machine have one). */
export const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: DbKind;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, empty database: a fresh one on the server, or a fresh in-memory PGlite behind its socket. */
export async function createDatabase(kind: DbKind, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let db: TestDatabase;
  if (kind === "server") {
    const name = `cp_test_${crypto.randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    db = {
      kind,
      url: withDatabase(serverUrl, name),
      async drop() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
    const lite = await PGlite.create({ extensions: await pgliteExtensions() });
    const server = new PGLiteSocketServer({ db: lite, port: 0, host: "127.0.0.1", maxConnections: 64 });
    await server.start();
    const port = Number(server.getServerConn().split(":").pop());
    db = {
      kind,
      url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
      async drop() {
        await server.stop();
        await lite.close();
      },
    };
  }
  if (opts.migrate !== false) {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await migrate(c);
    await c.end();
  }
  return db;
}

/** Points this test process's data layer at db (its pool opens on first use) and gives it an AUTH_SECRET. */
export function useDatabase(db: TestDatabase) {
  chooseDatabase({ url: db.url, embedded: db.kind === "pglite" });
  process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString("hex");
  reloadConfig();
}

/** Sets (or, with undefined, removes) environment variables of this test process and has lib/config.ts read them again. */
export function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadConfig();
}

export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** A fresh database for this test file with the data layer pointed at it, session links on https://verify.example.com. */
export async function openTestDatabase(kind: DbKind): Promise<TestDatabase> {
  const db = await createDatabase(kind);
  // eslint-disable-next-line react-hooks/rules-of-hooks -- useDatabase is not a React hook: it points the data layer at db
  useDatabase(db);
  setEnv({ APP_URL: "https://verify.example.com" });
  return db;
}
