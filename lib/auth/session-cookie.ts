import "server-only";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { authSecret } from "../config.ts";
import { SESSION_MAX_AGE } from "./options.ts";

const NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/**
 * After the user's own password change (which ends their other sessions), this browser's cookie
 * is written again with the new session version, so the user stays signed in here only.
 */
export async function reissueSessionCookie(user: { id: string; email: string; name: string; sessionVersion: number }): Promise<void> {
  const jar = await cookies();
  const name = NAMES.find((n) => jar.has(n)) ?? NAMES[1];
  const token = await encode({ token: { name: user.name, email: user.email, sub: user.id, uid: user.id, sv: user.sessionVersion }, secret: authSecret(), maxAge: SESSION_MAX_AGE });
  jar.set(name, token, { httpOnly: true, sameSite: "lax", path: "/", secure: name.startsWith("__Secure-"), maxAge: SESSION_MAX_AGE });
}
