import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInWithPassword } from "./sign-in.ts";
import { authSecret } from "../config.ts";

export const authOptions: NextAuthOptions = {
  // Read when next-auth first uses the options: the secret may be generated at start (lib/config.ts).
  get secret() {
    return authSecret();
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        const ip = headers["x-forwarded-for"]?.split(",")[0]?.trim() ?? null;
        const result = await signInWithPassword(credentials?.email ?? "", credentials?.password ?? "", ip);
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        // next-auth passes the thrown message to the sign-in page as ?error=
        if (result.reason === "locked") throw new Error("locked");
        if (result.reason === "disabled") throw new Error("disabled");
        return null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user) (session.user as { id?: string }).id = token.uid as string;
      return session;
    },
  },
};
