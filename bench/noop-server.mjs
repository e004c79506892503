// `npm run bench:api`'s no-op Next server: bench/noop-app (one route handler, POST /bench/noop),
// built when missing and handed requests by node:http exactly as server.ts hands them to Next.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import next from "next";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "noop-app");
const port = Number(process.env.PORT ?? 3999);

if (!fs.existsSync(path.join(dir, ".next", "BUILD_ID"))) {
  const r = spawnSync(process.execPath, [path.resolve(dir, "../../node_modules/next/dist/bin/next"), "build", dir], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const app = next({ dev: false, dir, hostname: "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();
http.createServer((req, res) => handle(req, res)).listen(port, "127.0.0.1", () => console.log(`noop listening on ${port}`));
