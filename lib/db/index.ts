import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { poolConfig } from "./connect.ts";

// One pool and one Prisma client per process. The custom server (run by tsx) and Next's
// bundled server code are two module graphs in the same process: globalThis is what they share.
interface Handles {
  pool: pg.Pool;
  prisma: PrismaClient;
}
const key = Symbol.for("checkpoint.db");
const g = globalThis as unknown as { [key]?: Handles };

// timestamptz and bigint come back as strings by default; keep ids as strings (they are
// shown, never computed) and let Date parsing happen where a value is used.
pg.types.setTypeParser(20, (v) => v);

function open(): Handles {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Checkpoint with `npm start` (it opens the embedded database) or set DATABASE_URL.");
  // PGlite is a single session behind its socket multiplexer: one connection is the safe size.
  const embedded = process.env.CHECKPOINT_EMBEDDED === "1";
  const max = Number(process.env.DATABASE_POOL_SIZE ?? (embedded ? 1 : 10));
  const pool = new pg.Pool(poolConfig(url, max));
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
