import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInWithOidc, type OidcClaims } from "./sso.ts";
import { signInWithPassword } from "./sign-in.ts";
import { clientAddress } from "./client-address.ts";
import { endAllSessions } from "./session-version.ts";
import { authSecret, oidcSettings } from "../config.ts";

export const SESSION_MAX_AGE = 12 * 60 * 60;
export const OIDC_PROVIDER_ID = "oidc";

/**
 * OpenID Connect from OIDC_* (lib/config.ts): the authorization code flow with PKCE, state and
 * nonce; the ID token is validated by openid-client (signature, issuer, audience, nonce), and its
 * claims are merged with the userinfo answer (e-mail and email_verified come from either).
 */
function oidcProvider(): OAuthConfig<OidcClaims> | null {
  const c = oidcSettings();
  if (!c) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: c.name,
    type: "oauth",
    wellKnown: `${c.issuer}/.well-known/openid-configuration`,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
    userinfo: {
      async request({ tokens, client }) {
        // next-auth hands over openid-client's TokenSet (typed as its parameters).
        const set = tokens as TokenSet;
        return { ...set.claims(), ...(await client.userinfo(set)) } as OidcClaims;
      },
    },
    profile: (p) => ({ id: p.sub ?? "", email: p.email ?? null, name: p.name ?? null }),
  };
}

const credentials = CredentialsProvider({
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
});

export const authOptions: NextAuthOptions = {
  // Read when next-auth first uses the options: the secret may be generated at start (lib/config.ts).
  get secret() {
    return authSecret();
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
  // OAuth failures land on the sign-in page with ?error= (never next-auth's own pages).
  pages: { signIn: "/sign-in", error: "/sign-in" },
  get providers() {
    const oidc = oidcProvider();
    return oidc ? [credentials, oidc] : [credentials];
  },
  callbacks: {
    // Single sign-on decides here; the Checkpoint user it names replaces the provider's profile.
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const r = await signInWithOidc(profile as OidcClaims);
      if (!r.ok) return `/sign-in?error=sso_${r.reason}`;
      Object.assign(user, { id: r.user.id, email: r.user.email, name: r.user.name, sv: r.user.sessionVersion, mfa: r.mfa });
      return true;
    },
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sub = user.id;
        token.sv = (user as { sv?: number }).sv ?? 0;
        if ((user as { mfa?: boolean }).mfa) token.mfa = true;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        (session.user as { id?: string }).id = token.uid as string;
        (session.user as { sv?: number }).sv = token.sv as number;
        (session.user as { mfa?: boolean }).mfa = token.mfa === true;
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
