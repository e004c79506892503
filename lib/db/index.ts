import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { poolConfig } from "./connect.ts";
import { config } from "../config.ts";

// One pool and one Prisma client per process. The custom server (run by tsx) and Next's
// bundled server code are two module graphs in the same process: globalThis is what they share.
interface Handles {
  pool: pg.Pool;
  prisma: PrismaClient;
}
const key = Symbol.for("checkpoint.db");
const targetKey = Symbol.for("checkpoint.db-target");
const g = globalThis as unknown as { [key]?: Handles; [targetKey]?: DatabaseChoice };

export interface DatabaseChoice {
  url: string;
  /** The embedded PGlite (one session behind its socket). */
  embedded: boolean;
}

/**
 * Points this process's pool at a database: boot() with the one it chose (DATABASE_URL or the
 * embedded one it opened), tests with theirs. Without it the pool uses DATABASE_URL.
 */
export function chooseDatabase(choice: DatabaseChoice): void {
  g[targetKey] = choice;
}

function chosenDatabase(): DatabaseChoice | null {
  const url = config().databaseUrl;
  return g[targetKey] ?? (url ? { url, embedded: false } : null);
}

/** Whether the pool talks to the embedded database (PGlite). */
export function isEmbedded(): boolean {
  return chosenDatabase()?.embedded ?? false;
}

// timestamptz and bigint come back as strings by default; keep ids as strings (they are
// shown, never computed) and let Date parsing happen where a value is used.
pg.types.setTypeParser(20, (v) => v);

function open(): Handles {
  const db = chosenDatabase();
  if (!db) throw new Error("DATABASE_URL is not set: start Checkpoint with `npm start` (it opens the embedded database) or set DATABASE_URL.");
  // PGlite is a single session behind its socket multiplexer: one connection is the safe size.
  const max = config().databasePoolSize ?? (db.embedded ? 1 : 10);
  const pool = new pg.Pool(poolConfig(db.url, max));
  pool.on("error", (e) => console.error(`[db] idle connection error: ${e.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

function handles(): Handles {
  return (g[key] ??= open());
}

export const db = {
  get pool() {
    return handles().pool;
  },
  get prisma() {
    return handles().prisma;
  },
};

export function prisma(): PrismaClient {
  return handles().prisma;
}

export function pool(): pg.Pool {
  return handles().pool;
}

/** Runs fn in one transaction on one connection of the pool. */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

export async function closeDb(): Promise<void> {
  const h = g[key];
  if (!h) return;
  delete g[key];
  await h.prisma.$disconnect().catch(() => {});
  await h.pool.end().catch(() => {});
}

export type { PrismaClient };
