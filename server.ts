// Checkpoint's one process: the Veriff-compatible /v1 API on a lean node:http path, and every
// other request (portal, hosted flow, auth) handed to Next.js. See docs/performance.md.
import http from "node:http";
import path from "node:path";
import next from "next";
import { config, publishNextAuthUrl, StartupError } from "./lib/config.ts";
import { boot } from "./lib/boot.ts";
import { closeDb } from "./lib/db/index.ts";
import { handleApi } from "./lib/api/router.ts";
import { startBackgroundWork } from "./lib/background.ts";
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from "./lib/http/security-headers.ts";
import { ACTION_BODY_LIMIT } from "./lib/http/read-limited-body.ts";

async function main() {
  const cfg = config();
  const dev = !cfg.production;
  const { port, appUrl: base, dataDir } = cfg;

  // Take the port first: a port in use should fail before the database is touched. Requests
  // that arrive while the database and Next are still starting wait for them.
  let markReady!: (h: (req: http.IncomingMessage, res: http.ServerResponse) => void) => void;
  const ready = new Promise<(req: http.IncomingMessage, res: http.ServerResponse) => void>((r) => (markReady = r));
  const server = http.createServer((req, res) => {
    ready.then((h) => h(req, res));
  });
  // Behind a load balancer: an idle keep-alive connection must outlive the balancer's (60 s on
  // the common ones), or it reuses a connection this side is closing (intermittent 502s and
  // resets); headers may take a little longer than that; a whole request (a slow upload) is bounded.
  server.keepAliveTimeout = cfg.http.keepAliveTimeoutMs;
  server.headersTimeout = cfg.http.headersTimeoutMs;
  server.requestTimeout = cfg.http.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new StartupError(`Port ${port} is already in use: stop the other process or start with PORT=<another port>.`));
      else if (e.code === "EACCES") reject(new StartupError(`Not allowed to listen on port ${port}: choose a port above 1024 with PORT=.`));
      else reject(e);
    });
    server.listen(port, cfg.host, () => resolve()); // no HOST: every address, IPv6 and IPv4
  });

  const { target, migrations } = await boot();
  publishNextAuthUrl();

  // CHECKPOINT_API_ONLY=1 serves /v1 alone (API tests and API-only nodes skip loading Next).
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => unknown = (_req, res) => {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  };
  if (!cfg.apiOnly) {
    const app = next({ dev, dir: process.cwd(), hostname: "localhost", port });
    await app.prepare();
    handle = app.getRequestHandler();
  }

  markReady((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/v1/") || url === "/v1") {
      handleApi(req, res).catch((e) => {
        console.error("[api] unhandled", e);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "fail", code: "1000", message: "Internal server error." }));
      });
      return;
    }
    // The peer address as the socket saw it, for the audit log and the sign-in throttle
    // (lib/auth/client-address.ts); a value sent by the client is never trusted.
    req.headers["x-checkpoint-peer"] = req.socket.remoteAddress ?? "";
    // The path asked for, for the portal layout's gate (lib/auth/current-user.ts requirePortal):
    // set here, never taken from the client.
    req.headers["x-checkpoint-path"] = url.split("?")[0];
    // A server action's body is limited by Next (next.config.ts) while it streams; one that says
    // up front it is larger is refused here, before Next reads any of it.
    if (req.headers["next-action"] && Number(req.headers["content-length"]) > ACTION_BODY_LIMIT) {
      res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end("The request body is too large.");
      return;
    }
    // A fresh script nonce per response: on the request, where Next reads it for its own scripts
    // (and app/layout.tsx for the theme script), and on the response.
    const policy = contentSecurityPolicy({ nonce: newNonce(), frameable: url.startsWith("/v/"), dev, https: cfg.https });
    req.headers["content-security-policy"] = policy;
    res.setHeader("Content-Security-Policy", policy);
    if (cfg.https) res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    handle(req, res);
  });

  const stopWork = startBackgroundWork();
  const dbName = target.embedded ? `embedded PostgreSQL (PGlite) in ${dataDir.startsWith(process.cwd()) ? "./" + path.relative(process.cwd(), dataDir) : dataDir}` : "PostgreSQL from DATABASE_URL";
  const applied = migrations?.applied.length ? `, applied ${migrations.applied.length} migration(s)` : "";
  console.log(`Checkpoint is running at ${base} on ${dbName}${applied}.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // In-flight webhook attempts get a moment to record; an unrecorded one is retried after its lease.
    await Promise.race([stopWork(), new Promise((r) => setTimeout(r, 5000).unref())]);
    server.close();
    server.closeAllConnections?.();
    await closeDb();
    await target.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  let debug = false;
  try {
    debug = config().debug;
  } catch {
    /* the configuration itself is what failed */
  }
  if (e instanceof StartupError) {
    console.error(`Checkpoint could not start: ${e.message}`);
    if (debug && e.cause) console.error(e.cause);
  } else {
    console.error(`Checkpoint could not start: ${(e as Error)?.message ?? e}`);
    if (debug) console.error(e);
    else console.error("(set CHECKPOINT_DEBUG=1 for the stack trace)");
  }
  process.exit(1);
});
