// `npm start`: build the portal when the sources are newer than the last build, then run the
// server (server.ts through tsx) in production mode.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) {
    if (e === "generated" || e === "node_modules") continue;
    m = Math.max(m, newest(path.join(p, e)));
  }
  return m;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    console.error(`Checkpoint could not start: \`${[path.basename(cmd), ...args].join(" ")}\` failed (exit ${r.status}).`);
    process.exit(1);
  }
}

if (!fs.existsSync("lib/generated/prisma/client.ts")) run(process.execPath, ["node_modules/prisma/build/index.js", "generate"]);

const sources = ["app", "components", "lib", "public", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const buildId = ".next/BUILD_ID";
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (process.env.CHECKPOINT_SKIP_BUILD !== "1" && Math.max(...sources.map(newest)) > built) {
  console.log("Building the portal (first start or sources changed)...");
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"]);
}

process.env.NODE_ENV = "production";
const { register } = await import("tsx/esm/api");
register();
await import(path.join(root, "server.ts"));
