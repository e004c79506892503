// Prisma CLI configuration (CLI process only, never loaded by the app).
// Prisma 6.19's JavaScript schema engine connects through the pg driver adapter; see shared/stack.md.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { connectionSettings } from "./lib/db/connection-settings.ts";

// prisma/orm#27403: the adapter cannot deserialize the catalog types `name` (OID 19) and
// `"char"` (OID 18) that migrate deploy/status read; report them as text (OID 25).
const patched = Symbol.for("checkpoint.pgCatalogTypesPatched");
const proto = pg.Client.prototype as unknown as Record<string | symbol, unknown> & { query: (...a: unknown[]) => unknown };
if (!proto[patched]) {
  proto[patched] = true;
  const original = proto.query;
  const fix = (result: unknown) => {
    for (const r of Array.isArray(result) ? result : [result]) {
      const fields = (r as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
      for (const f of fields ?? []) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
    }
    return result;
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const cbIndex = args.findIndex((a) => typeof a === "function");
    if (cbIndex >= 0) {
      const cb = args[cbIndex] as (err: unknown, res: unknown) => void;
      args[cbIndex] = (err: unknown, res: unknown) => cb(err, err ? res : fix(res));
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    return out && typeof (out as Promise<unknown>).then === "function" ? (out as Promise<unknown>).then(fix) : out;
  };
}

// schema.prisma's `env("DATABASE_URL")` must resolve or the CLI tries to download its engine;
// generate and datamodel-to-datamodel diffs never connect, so a local default is enough.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

function connection() {
  const { host, port, user, password, database } = connectionSettings(process.env.DATABASE_URL!);
  return { host, port, user, password, database };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaPg(connection()),
});
