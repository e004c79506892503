// `node scripts/bench-veriff.mjs`: what a Veriff-backed integration costs, with a second Checkpoint
// process playing Veriff (both API-only, each on a fresh database on the local PostgreSQL server):
// POST /v1/sessions native vs through to the upstream, webhook intake, reconcile. Prints JSON.
import crypto from "node:crypto";
import { cli, freshDatabase, machine, startServer, summarize } from "../bench/lib.mjs";

const N = Number(process.argv[2] ?? 200);
const hmac = (secret, body) => crypto.createHmac("sha256", secret).update(body).digest("hex");

async function timed(n, concurrency, fn) {
  const ms = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        ms.push(performance.now() - s);
      }
    }),
  );
  return { ...summarize(ms), perSecond: Math.round((n / (performance.now() - t0)) * 1000) };
}

const [udb, pdb] = await Promise.all([freshDatabase("cp_bench_up"), freshDatabase("cp_bench_p")]);
const uEnv = { DATABASE_URL: udb.url, AUTH_SECRET: crypto.randomBytes(32).toString("hex"), CHECKPOINT_BACKGROUND: "off" };
const pEnv = { DATABASE_URL: pdb.url, AUTH_SECRET: crypto.randomBytes(32).toString("hex"), CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true", CHECKPOINT_BACKGROUND: "off" };
const U = await startServer(uEnv, { apiOnly: true });
const P = await startServer(pEnv, { apiOnly: true });
try {
  const up = JSON.parse(cli(["integration", "create", "--name", "U", "--plan", "enterprise", "--rate-cap", "1000000", "--json"], uEnv));
  const native = JSON.parse(cli(["integration", "create", "--name", "native", "--plan", "enterprise", "--rate-cap", "1000000", "--json"], pEnv));
  const backed = JSON.parse(
    cli(["integration", "create", "--name", "backed", "--provider", "veriff", "--veriff-base-url", U.url, "--veriff-api-key", up.apiKey, "--veriff-shared-secret", up.sharedSecret, "--json"], pEnv),
  );
  const post = (keys) =>
    fetch(`${P.url}/v1/sessions`, { method: "POST", headers: { "content-type": "application/json", "x-auth-client": keys.apiKey }, body: JSON.stringify({ verification: { vendorData: "bench" } }) }).then(async (r) => {
      if (r.status !== 201) throw new Error(`create: ${r.status} ${await r.text()}`);
      return (await r.json()).verification.id;
    });
  await post(native);
  await post(backed);
  const results = { machine: machine(), n: N };
  results.createNative = await timed(N, 8, () => post(native));
  const ids = [];
  results.createVeriffBacked = await timed(N, 8, async (i) => (ids[i] = await post(backed)));
  results.webhookIntake = await timed(N, 8, async (i) => {
    const body = JSON.stringify({ id: ids[i], attemptId: crypto.randomUUID(), feature: "selfid", code: 7001, action: "started", vendorData: "bench", endUserId: null });
    const r = await fetch(backed.veriffWebhookUrl.replace(/^https?:\/\/[^/]+/, P.url), { method: "POST", headers: { "content-type": "application/json", "x-auth-client": up.apiKey, "x-hmac-signature": hmac(up.sharedSecret, body) }, body });
    if (r.status !== 200) throw new Error(`webhook: ${r.status} ${await r.text()}`);
  });
  const t0 = performance.now();
  const sync = JSON.parse(cli(["sessions", "sync", "--integration", backed.id, "--json"], pEnv));
  results.reconcileOnce = { sessions: sync.checked, failed: sync.failed, ms: Math.round(performance.now() - t0), note: "includes the CLI's start (about 2-3 s)" };
  console.log(JSON.stringify(results, null, 2));
} finally {
  await Promise.all([U.stop(), P.stop()]);
  await Promise.all([udb.drop(), pdb.drop()]);
}
