// A real OpenID provider on loopback for the single sign-on e2e test (the `oidc-provider`
// package, the certified Node implementation): `node e2e/support/oidc-provider.mjs <port> <redirect_uri>`.
// Its development login form takes an account id below and any password; consent is granted
// up front (loadExistingGrant), as a company's provider does for its own applications.
import Provider from "oidc-provider";

const [port, redirectUri] = [Number(process.argv[2]), process.argv[3]];
const issuer = `http://127.0.0.1:${port}`;

export const accounts = {
  sam: { email: "sam@checkpoint.test", email_verified: true, name: "Sam Single" },
  una: { email: "una@checkpoint.test", email_verified: false, name: "Una Unverified" },
  stan: { email: "stan@elsewhere.test", email_verified: true, name: "Stan Stranger" },
  nia: { email: "nia@sso.checkpoint.test", email_verified: true, name: "Nia Newcomer" },
};

const provider = new Provider(issuer, {
  clients: [{ client_id: "checkpoint-e2e", client_secret: "checkpoint-e2e-secret", redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  cookies: { keys: ["checkpoint-e2e-oidc-cookie-key"] },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const a = accounts[id];
    return a ? { accountId: id, claims: async () => ({ sub: id, ...a }) } : undefined;
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
});
provider.listen(port, "127.0.0.1", () => console.log(`OpenID provider at ${issuer}`));
