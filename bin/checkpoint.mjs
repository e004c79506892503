#!/usr/bin/env node
// `npx checkpoint <command>`: runs lib/cli/main.ts through tsx from the project folder.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
if (!fs.existsSync(path.join(root, "lib/generated/prisma/client.ts"))) {
  const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) {
    console.error("checkpoint: `prisma generate` failed: run `npm ci` in the project folder.");
    process.exit(1);
  }
}
const { register } = await import("tsx/esm/api");
register();
const { main } = await import(path.join(root, "lib/cli/main.ts"));
process.exitCode = await main(process.argv.slice(2));
