import { spawnSync } from "node:child_process";

/** Runs the CLI against the e2e server's embedded database (it finds the running server's port). */
export function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args], {
    env: { ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function createUserWithCli(u: { email: string; name: string; role: string; password: string }) {
  cli(["user", "create", "--email", u.email, "--name", u.name, "--role", u.role, "--password", u.password]);
}
