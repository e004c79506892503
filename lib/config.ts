import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

/** Where the embedded database and generated secrets live (git-ignored). */
export const dataDir = path.resolve(/*turbopackIgnore: true*/ process.env.CHECKPOINT_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "data"));

export function port(): number {
  const raw = process.env.PORT ?? "3000";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new StartupError(`PORT must be a port number, got "${raw}".`);
  return n;
}

/** Public base URL used in session links. */
let parsedAppUrl: { raw: string; url: string; origin: string } | undefined;
export function appUrl(): string {
  return parseAppUrl().url;
}

/** The scheme, host and port of APP_URL (the `host` every created session reports). */
export function appOrigin(): string {
  return parseAppUrl().origin;
}

// Parsed once per value: the create path asks for it on every request.
function parseAppUrl() {
  const raw = process.env.APP_URL ?? `http://localhost:${port()}`;
  if (parsedAppUrl?.raw === raw) return parsedAppUrl;
  try {
    const u = new URL(raw);
    parsedAppUrl = { raw, url: u.toString().replace(/\/$/, ""), origin: u.origin };
    return parsedAppUrl;
  } catch {
    throw new StartupError(`APP_URL must be an absolute URL such as https://verify.example.com, got "${raw}".`);
  }
}

/** An error whose message is the one line shown to whoever starts Checkpoint. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}

/**
 * AUTH_SECRET signs sign-in sessions and session tokens and derives the key that encrypts
 * shared secrets. With the embedded database it is generated once and kept in ./data;
 * with a server database in production it must be given.
 */
export function ensureAuthSecret(opts: { embedded: boolean }): string {
  const given = process.env.AUTH_SECRET;
  if (given) {
    if (given.length < 32) throw new StartupError("AUTH_SECRET must be at least 32 characters: generate one with `openssl rand -hex 32`.");
    return given;
  }
  const file = path.join(dataDir, "auth-secret");
  if (!opts.embedded && process.env.NODE_ENV === "production" && !fs.existsSync(file)) {
    throw new StartupError("AUTH_SECRET is required with a server database in production: set it to the output of `openssl rand -hex 32`.");
  }
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}

export function authSecret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new Error("AUTH_SECRET is not set: start Checkpoint through `npm start` or set it.");
  return s;
}

const engineEnv = z.object({
  CHECKPOINT_ENGINE: z.enum(["on", "off"], { message: 'CHECKPOINT_ENGINE must be "on" or "off".' }).default("on"),
  CHECKPOINT_ENGINE_CONCURRENCY: z.coerce
    .number({ message: "CHECKPOINT_ENGINE_CONCURRENCY must be a whole number." })
    .int("CHECKPOINT_ENGINE_CONCURRENCY must be a whole number.")
    .min(1, "CHECKPOINT_ENGINE_CONCURRENCY must be at least 1.")
    .max(32, "CHECKPOINT_ENGINE_CONCURRENCY is at most 32.")
    .default(1),
  CHECKPOINT_ENGINE_POLL_MS: z.coerce.number({ message: "CHECKPOINT_ENGINE_POLL_MS must be a number." }).int().min(10).max(60_000).default(500),
  CHECKPOINT_ENGINE_LEASE_MS: z.coerce.number({ message: "CHECKPOINT_ENGINE_LEASE_MS must be a number." }).int().min(1000).max(3_600_000).default(120_000),
});

export interface EngineConfig {
  /** Engine workers in this process (automated decisions still need an integration with them on). */
  enabled: boolean;
  /**
   * Perception worker processes, each with its own models (PaddleOCR + human: about 1.2 GB peak
   * each measured, docs/performance.md), so about one per core and 1.5 GB of memory.
   */
  concurrency: number;
  pollMs: number;
  /** How long a claimed job is a worker's before another process may take it over (a crash). */
  leaseMs: number;
}

/** The engine's settings (CHECKPOINT_ENGINE, CHECKPOINT_ENGINE_CONCURRENCY, CHECKPOINT_ENGINE_POLL_MS, CHECKPOINT_ENGINE_LEASE_MS). */
export function engineConfig(): EngineConfig {
  const r = engineEnv.safeParse({
    CHECKPOINT_ENGINE: process.env.CHECKPOINT_ENGINE || undefined,
    CHECKPOINT_ENGINE_CONCURRENCY: process.env.CHECKPOINT_ENGINE_CONCURRENCY || undefined,
    CHECKPOINT_ENGINE_POLL_MS: process.env.CHECKPOINT_ENGINE_POLL_MS || undefined,
    CHECKPOINT_ENGINE_LEASE_MS: process.env.CHECKPOINT_ENGINE_LEASE_MS || undefined,
  });
  if (!r.success) throw new StartupError(r.error.issues[0].message);
  return { enabled: r.data.CHECKPOINT_ENGINE === "on", concurrency: r.data.CHECKPOINT_ENGINE_CONCURRENCY, pollMs: r.data.CHECKPOINT_ENGINE_POLL_MS, leaseMs: r.data.CHECKPOINT_ENGINE_LEASE_MS };
}
