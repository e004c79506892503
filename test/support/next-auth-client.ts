/** A minimal next-auth 4 client over real HTTP: its own cookie jar and CSRF token per instance. */
export class AuthClient {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async fetch(path: string, init: RequestInit = {}) {
    const res = await fetch(this.base + path, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: this.header() } });
    this.store(res);
    return res;
  }

  async csrf(): Promise<string> {
    const res = await this.fetch("/api/auth/csrf");
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /** Posts the credentials form as next-auth's signIn() does; returns the error code, or null when signed in. */
  async signIn(email: string, password: string, otp = "", csrfToken?: string): Promise<string | null> {
    const token = csrfToken ?? (await this.csrf());
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ csrfToken: token, email, password, otp, json: "true", callbackUrl: this.base + "/" }),
    });
    const body = (await res.json()) as { url: string };
    const error = new URL(body.url).searchParams.get("error");
    return error ?? (this.cookies.has("next-auth.session-token") ? null : "no_session");
  }

  /** The status of a portal page: 200 when signed in and allowed, or where it redirects. */
  async page(path: string): Promise<{ status: number; location: string | null }> {
    const res = await this.fetch(path);
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get("location") };
  }

  async signedIn(): Promise<boolean> {
    const res = await this.fetch("/api/auth/session");
    const s = (await res.json()) as { user?: unknown };
    if (!s.user) return false;
    // The session endpoint only decodes the cookie; the portal also checks the session version.
    const p = await this.page("/sessions");
    return p.status === 200;
  }

  async signOut() {
    const csrfToken = await this.csrf();
    await this.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
  }
}
