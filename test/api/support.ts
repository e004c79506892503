import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { expect } from "vitest";
import { createDatabase, type DbKind, type TestDatabase } from "../support/db.ts";
import { runCli, startServer, type RunningServer } from "../support/server.ts";

export interface Keys {
  id: string;
  apiKey: string;
  sharedSecret: string;
}

export interface ApiWorld {
  db: TestDatabase;
  server: RunningServer;
  env: Record<string, string>;
  integration(args?: string[]): Keys;
  stop(): Promise<void>;
}

/** A fresh database, the real server on it (API-only), and a way to make integrations with the CLI. */
export async function apiWorld(kind: DbKind = "server", extraEnv: Record<string, string> = {}): Promise<ApiWorld> {
  // The embedded database as users run it: owned by the server process in its data folder; the
  // CLI finds it through the lock file. For "pglite", db.url is that data folder.
  const db: TestDatabase = kind === "server" ? await createDatabase(kind) : embeddedDir();
  const env: Record<string, string> = { DATABASE_URL: kind === "server" ? db.url : "", AUTH_SECRET: crypto.randomBytes(32).toString("hex"), APP_URL: "https://verify.example.com", ...extraEnv };
  if (kind === "pglite") env.CHECKPOINT_DATA_DIR = db.url;
  const server = await startServer(env);
  return {
    db,
    server,
    env,
    integration(args = []) {
      // The tests' webhook receivers listen on loopback: saved URLs are checked like deliveries.
      const r = runCli(["integration", "create", "--name", `I-${crypto.randomBytes(3).toString("hex")}`, "--json", ...args], { ...env, CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout) as Keys;
    },
    async stop() {
      await server.stop();
      await db.drop();
    },
  };
}

function embeddedDir(): TestDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-api-lite-"));
  return { kind: "pglite", url: dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const sign = (secret: string, message: string | Buffer) => crypto.createHmac("sha256", secret).update(message).digest("hex");

export interface CallOptions {
  keys?: Keys | null;
  /** The JSON body (serialised once, so the signature covers the exact bytes sent) or a raw string. */
  body?: unknown;
  /** true: sign with keys.sharedSecret over the body (POST/PATCH) or the path id; a string: send it as is. */
  signature?: boolean | string;
  headers?: Record<string, string>;
}

export async function call(base: string, method: string, path: string, opts: CallOptions = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  const raw = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  if (raw !== undefined) headers["content-type"] ??= "application/json";
  if (opts.keys) headers["x-auth-client"] = opts.keys.apiKey;
  if (opts.signature === true && opts.keys) {
    const id = path.split("/")[3];
    headers["x-hmac-signature"] = sign(opts.keys.sharedSecret, raw ?? id);
  } else if (typeof opts.signature === "string") headers["x-hmac-signature"] = opts.signature;
  const res = await fetch(base + path, { method, headers, body: raw });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, unknown> & { code?: string; verification?: Record<string, unknown> } };
}

// Once a validator exists, every expectFail also checks the body against the document's Fail schema.
let checkFail: ((body: unknown) => void) | undefined;

/** Validates a response body against a schema of the server's own /v1/openapi.json. */
export async function openApiValidator(base: string) {
  const doc = await (await fetch(`${base}/v1/openapi.json`)).json();
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: "openapi", components: doc.components });
  const check = (schema: string, body: unknown) => {
    const validate = ajv.getSchema(`openapi#/components/schemas/${schema}`)!;
    const ok = validate(body);
    expect(ok, `${schema}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(body)}`).toBe(true);
  };
  checkFail = (body) => check("Fail", body);
  return { doc, check };
}

export const expectFail = (r: { status: number; json: { code?: string } & Record<string, unknown> }, status: number, code: string) => {
  expect({ status: r.status, code: r.json?.code, shape: r.json?.status }, JSON.stringify(r.json)).toEqual({ status, code, shape: "fail" });
  expect(typeof r.json.message).toBe("string");
  checkFail?.(r.json);
};
