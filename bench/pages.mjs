// Time to first byte of the portal's main pages and the hosted flow page, and each page's
// first-load JavaScript (the <script src> chunks its HTML loads, gzipped). Needs a build.
import fs from "node:fs";
import zlib from "node:zlib";
import { cli, freshDatabase, startServer, summarize, timeToFirstByte } from "./lib.mjs";

const ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 40);

async function signIn(base, email, password) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const cookies = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed: ${res.status}`);
  return [...cookies, session].join("; ");
}

async function firstLoadJs(base, path, cookie) {
  const html = await (await fetch(`${base}${path}`, { headers: { cookie } })).text();
  // Modern browsers skip the noModule polyfills: count what they load.
  const tags = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]).filter((t) => !/nomodule/i.test(t));
  const srcs = [...new Set(tags.map((t) => t.match(/src="([^"]+)"/)?.[1]).filter(Boolean))];
  let raw = 0, gzip = 0;
  for (const src of srcs) {
    const buf = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    raw += buf.length;
    gzip += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { scripts: srcs.length, rawKB: Math.round(raw / 102.4) / 10, gzipKB: Math.round(gzip / 102.4) / 10 };
}

export async function benchPages() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("build first: npx next build");
  const db = await freshDatabase("cp_bench_pages");
  const env = { DATABASE_URL: db.url, AUTH_SECRET: "b".repeat(64), CHECKPOINT_SKIP_BUILD: "1" };
  const server = await startServer(env);
  try {
    const password = "bench password 123";
    cli(["user", "create", "--email", "bench@checkpoint.test", "--name", "Bench", "--role", "admin", "--password", password], env);
    const integration = JSON.parse(cli(["integration", "create", "--name", "Bench", "--json", "--rate-cap", "100000"], env));
    const cookie = await signIn(server.url, "bench@checkpoint.test", password);
    const pages = ["/sessions", "/sessions/new", "/review", "/analytics", "/integrations", "/team", "/audit", "/webhooks"];
    const created = await fetch(`${server.url}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-auth-client": integration.apiKey },
      body: JSON.stringify({ verification: { person: { firstName: "Bench", lastName: "Person" } } }),
    });
    let flowPath = null;
    if (created.status === 201) {
      const body = await created.json();
      flowPath = new URL(body.verification.url).pathname;
      const detail = `/sessions/${body.verification.id}`;
      pages.push(detail);
    }
    const results = [];
    for (const path of pages) {
      const first = await timeToFirstByte(`${server.url}${path}`, { cookie });
      if (first.status !== 200) {
        results.push({ page: path, status: first.status, skipped: "not 200" });
        continue;
      }
      const ms = [];
      for (let i = 0; i < ROUNDS; i++) ms.push((await timeToFirstByte(`${server.url}${path}`, { cookie })).ms);
      results.push({ page: path.replace(/[0-9a-f-]{36}/, "[id]"), ttfbMs: summarize(ms), firstLoadJs: await firstLoadJs(server.url, path, cookie) });
    }
    if (flowPath) {
      // The hosted flow: the first open moves the session to started; time the re-opens.
      const ms = [];
      for (let i = 0; i < ROUNDS; i++) ms.push((await timeToFirstByte(`${server.url}${flowPath}`)).ms);
      results.push({ page: "/v/[token]", ttfbMs: summarize(ms), firstLoadJs: await firstLoadJs(server.url, flowPath, "") });
    }
    return results;
  } finally {
    await server.stop();
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPages(), null, 2));
}
