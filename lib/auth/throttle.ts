import crypto from "node:crypto";
import { prisma } from "../db/index.ts";

/**
 * Sign-in throttle, in PostgreSQL so that every process agrees. Each attempt is counted (reserved)
 * atomically BEFORE the password is compared, on three keys:
 *  - the account from this address: 5 attempts per 15 minutes, then locked for 15 minutes;
 *  - the account from anywhere: 30 attempts per hour, then locked for an hour (the slower,
 *    global lock that a guesser rotating addresses meets);
 *  - the address across accounts: 100 attempts per 15 minutes.
 * Accounts are keyed by sha256 of the e-mail, so unknown accounts count and lock exactly like
 * existing ones. A lock lapses on its own; an admin's password reset or a set-password link
 * clears the account's locks.
 */
export interface ThrottleRule {
  name: "account_address" | "account" | "address";
  max: number;
  windowSecs: number;
  lockSecs: number;
}

export const RULES: Record<ThrottleRule["name"], ThrottleRule> = {
  account_address: { name: "account_address", max: 5, windowSecs: 15 * 60, lockSecs: 15 * 60 },
  account: { name: "account", max: 30, windowSecs: 60 * 60, lockSecs: 60 * 60 },
  address: { name: "address", max: 100, windowSecs: 15 * 60, lockSecs: 15 * 60 },
};

export const emailKey = (email: string) => crypto.createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);

export function throttleKeys(email: string, ip: string | null): { rule: ThrottleRule; key: string }[] {
  const a = emailKey(email);
  const addr = ip ?? "unknown";
  return [
    { rule: RULES.account_address, key: `aa:${a}:${addr}` },
    { rule: RULES.account, key: `a:${a}` },
    { rule: RULES.address, key: `ip:${addr}` },
  ];
}

export interface Reservation {
  allowed: boolean;
  lockedUntil: Date | null;
  counts: { key: string; rule: ThrottleRule; attempts: number }[];
}

/**
 * Counts one attempt on every key, each in one INSERT … ON CONFLICT DO UPDATE … RETURNING. The
 * attempt may go on to compare the password only if no key is locked and none is over its limit;
 * the attempt that goes over a limit sets that key's lock.
 */
export async function reserveAttempt(email: string, ip: string | null): Promise<Reservation> {
  const counts: Reservation["counts"] = [];
  let allowed = true;
  let lockedUntil: Date | null = null;
  for (const { rule, key } of throttleKeys(email, ip)) {
    const [row] = await prisma().$queryRaw<{ attempts: number; locked_until: Date | null }[]>`
      INSERT INTO sign_in_throttle AS t (key, attempts, window_start) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        attempts = CASE WHEN t.locked_until <= now() OR (t.locked_until IS NULL AND t.window_start <= now() - make_interval(secs => ${rule.windowSecs}))
                        THEN 1 ELSE t.attempts + 1 END,
        window_start = CASE WHEN t.locked_until <= now() OR (t.locked_until IS NULL AND t.window_start <= now() - make_interval(secs => ${rule.windowSecs}))
                        THEN now() ELSE t.window_start END,
        locked_until = CASE
          WHEN t.locked_until > now() THEN t.locked_until
          WHEN t.locked_until <= now() OR t.window_start <= now() - make_interval(secs => ${rule.windowSecs}) THEN NULL
          WHEN t.attempts + 1 > ${rule.max} THEN now() + make_interval(secs => ${rule.lockSecs})
          ELSE NULL END
      RETURNING attempts, locked_until`;
    counts.push({ key, rule, attempts: row.attempts });
    if (row.locked_until || row.attempts > rule.max) {
      allowed = false;
      const until = row.locked_until ? new Date(row.locked_until) : null;
      if (until && (!lockedUntil || until > lockedUntil)) lockedUntil = until;
    }
  }
  return { allowed, lockedUntil, counts };
}

/** After a failed comparison: a key that has used its last attempt locks now. Returns the lock, if any. */
export async function settleFailure(r: Reservation): Promise<Date | null> {
  let lockedUntil: Date | null = null;
  for (const c of r.counts) {
    if (c.attempts < c.rule.max) continue;
    const rows = await prisma().$queryRaw<{ locked_until: Date }[]>`
      UPDATE sign_in_throttle SET locked_until = COALESCE(locked_until, now() + make_interval(secs => ${c.rule.lockSecs}))
      WHERE key = ${c.key} RETURNING locked_until`;
    const until = rows[0] ? new Date(rows[0].locked_until) : null;
    if (until && (!lockedUntil || until > lockedUntil)) lockedUntil = until;
  }
  return lockedUntil;
}

/**
 * After a success: the attempt is given back, and the account's count from this address starts
 * again. A lock already set (by a parallel guess) stays: a success never clears a lock.
 */
export async function settleSuccess(r: Reservation): Promise<void> {
  for (const c of r.counts) {
    if (c.rule.name === "account_address") {
      await prisma().$executeRaw`UPDATE sign_in_throttle SET attempts = 0 WHERE key = ${c.key} AND locked_until IS NULL`;
    } else {
      await prisma().$executeRaw`UPDATE sign_in_throttle SET attempts = GREATEST(attempts - 1, 0) WHERE key = ${c.key} AND locked_until IS NULL`;
    }
  }
}

/** An admin's reset or a used set-password link: the account's own locks go (not the address's). */
export async function clearAccountLocks(email: string): Promise<void> {
  const a = emailKey(email);
  await prisma().$executeRaw`DELETE FROM sign_in_throttle WHERE key = ${"a:" + a} OR key LIKE ${"aa:" + a + ":%"}`;
}
