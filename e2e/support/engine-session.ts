// Run with `node --import tsx e2e/support/engine-session.ts <base-url> <case>`: makes a test
// integration with automated decisions on, submits one synthetic corpus case through the API and
// prints {"integrationId","sessionId"} (the e2e server's engine then decides it).
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import { corpusSpecs, generateCase } from "../../lib/engine/corpus/index.ts";

const [base, caseName = "passport-valid"] = process.argv.slice(2);
const env = { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" };
const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", "integration", "create", "--name", `Engine ${caseName}`, "--environment", "test", "--auto-decide", "true", "--json"], { env, encoding: "utf8" });
if (r.status !== 0) throw new Error(r.stderr);
const keys = JSON.parse(r.stdout) as { id: string; apiKey: string; sharedSecret: string };
const sign = (s: string) => crypto.createHmac("sha256", keys.sharedSecret).update(s).digest("hex");

async function api(method: string, path: string, body: unknown, signed = true) {
  const raw = JSON.stringify(body);
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json", "x-auth-client": keys.apiKey, ...(signed ? { "x-hmac-signature": sign(raw) } : {}) }, body: raw });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const spec = corpusSpecs().find((s) => s.name === caseName)!;
const c = await generateCase({ ...spec, holder: { ...spec.holder, documentNumber: `E${crypto.randomInt(1_000_000, 9_999_999)}` } });
const created = await api("POST", "/v1/sessions", { verification: { person: c.person, document: c.document, vendorData: `e2e-${caseName}` } }, false);
const id = created.verification.id as string;
for (const img of c.images) await api("POST", `/v1/sessions/${id}/media`, { image: { context: img.context, content: Buffer.from(img.bytes).toString("base64") } });
await api("PATCH", `/v1/sessions/${id}`, { verification: { status: "submitted" } });
console.log(JSON.stringify({ integrationId: keys.id, sessionId: id }));
