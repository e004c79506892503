import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the real server (server.ts) as a child process and waits until it listens. */
export async function startServer(env: Record<string, string | undefined>, opts: { apiOnly?: boolean; timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      CHECKPOINT_API_ONLY: opts.apiOnly === false ? "" : "1",
      CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true",
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), opts.timeoutMs ?? 60_000);
    const check = () => {
      if (out.includes("Checkpoint is running")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        // Killed by a signal (a crash test's SIGKILL), exitCode stays null: signalCode says it is gone.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** Runs server.ts expecting it to fail; returns its exit code and output. */
export function runServerExpectingFailure(env: Record<string, string | undefined>, timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", CHECKPOINT_API_ONLY: "1", ...env },
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
