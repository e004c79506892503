import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInWithPassword } from "./sign-in.ts";
import { clientAddress } from "./client-address.ts";
import { endAllSessions } from "./session-version.ts";
import { authSecret } from "../config.ts";

export const SESSION_MAX_AGE = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  // Read when next-auth first uses the options: the secret may be generated at start (lib/config.ts).
  get secret() {
    return authSecret();
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        otp: { label: "Authentication code", type: "text" },
      },
      async authorize(credentials, req) {
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        const result = await signInWithPassword(credentials?.email ?? "", credentials?.password ?? "", clientAddress(headers), credentials?.otp ?? null);
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name, sv: result.user.sessionVersion };
        // next-auth passes the thrown message to the sign-in page as ?error=
        if (result.reason === "locked") throw new Error("locked");
        if (result.reason === "disabled") throw new Error("disabled");
        if (result.reason === "otp_required") throw new Error("otp_required");
        return null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sv?: number }).sv ?? 0;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        (session.user as { id?: string }).id = token.uid as string;
        (session.user as { sv?: number }).sv = token.sv as number;
      }
      return session;
    },
  },
  events: {
    // Signing out ends every session of the user (a copied cookie dies with it).
    async signOut({ token }) {
      const uid = token?.uid as string | undefined;
      if (uid) await endAllSessions(uid, { id: uid, label: (token?.email as string) ?? "user" }, "user.sign_out");
    },
  },
};
