import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { query, setEnv, useDatabase } from "./support/db.ts";
import { freePort, runCli } from "./support/server.ts";
import { apiWorld, call, type ApiWorld } from "./api/support.ts";
import { sendSessionEmail } from "../lib/email/send-session-email.ts";
import { enqueueReminders } from "../lib/email/deliver-email.ts";
import { createBatch, startBatch } from "../lib/bulk/create-batch.ts";
import { getBatch } from "../lib/bulk/get-batch.ts";
import { closeDb } from "../lib/db/index.ts";
import { DomainError } from "../lib/errors.ts";

interface Received {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
}

/** The message's headers (unfolded) and its text, transfer encoding undone. */
function parseMessage(raw: string): Omit<Received, "from" | "to"> {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = rest.join("\n\n");
  const enc = headers["content-transfer-encoding"]?.toLowerCase();
  if (enc === "quoted-printable") {
    body = Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  } else if (enc === "base64") body = Buffer.from(body, "base64").toString("utf8");
  // RFC 2047 encoded-word subjects (non-ASCII).
  headers.subject = (headers.subject ?? "").replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, kind: string, t: string) =>
    kind.toUpperCase() === "B" ? Buffer.from(t, "base64").toString("utf8") : Buffer.from(t.replace(/_/g, " ").replace(/=([0-9A-F]{2})/g, (_x, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
  return { headers, text: body.replace(/\r\n/g, "\n") };
}

describe("links by e-mail through a real SMTP server on loopback", () => {
  let w: ApiWorld;
  let smtp: SMTPServer;
  const inbox: Received[] = [];
  /** Recipients the server refuses: permanently (550) or for now (451). */
  const refuse = new Map<string, number>();

  beforeAll(async () => {
    const port = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, cb) {
        const code = refuse.get(address.address);
        if (code) return cb(Object.assign(new Error(code === 550 ? "5.1.1 No such mailbox here" : "4.2.0 Mailbox busy, try later"), { responseCode: code }));
        cb();
      },
      onData(stream, session, cb) {
        const parts: Buffer[] = [];
        stream.on("data", (d: Buffer) => parts.push(d));
        stream.on("end", () => {
          inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(Buffer.concat(parts).toString("utf8")) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(port, "127.0.0.1", () => r()));
    const mail = { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Checkpoint <verify@example.com>", CHECKPOINT_EMAIL_POLL_MS: "100", CHECKPOINT_BULK_POLL_MS: "100" };
    w = await apiWorld("server", mail);
    setEnv({ ...mail, CHECKPOINT_INTERNAL_URL: w.server.url, AUTH_SECRET: w.env.AUTH_SECRET, APP_URL: w.env.APP_URL });
    useDatabase(w.db);
  }, 90_000);
  afterAll(async () => {
    await closeDb();
    await w?.stop();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  const waitFor = async <T>(what: string, get: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = await get();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error(`${what}: not in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const delivery = (id: string) => query(w.db.url, `SELECT state::text AS state, attempt_count, last_response, last_error, sent_at FROM email_deliveries WHERE id = $1`, [id]).then((r) => r[0]);
  const createSession = async (keys: { apiKey: string }, verification: Record<string, unknown>) => {
    // The CLI runs between these calls take seconds: a kept-alive socket may be closed by the server as it is reused.
    const key = crypto.randomUUID();
    const post = () => call(w.server.url, "POST", "/v1/sessions", { keys: keys as never, body: { verification }, headers: { "idempotency-key": key } });
    const r = await post().catch(post);
    expect(r.status).toBe(201);
    return r.json.verification as { id: string; url: string };
  };

  it("'Send by e-mail' delivers the session's link in the integration's template; the delivery records the server's answer", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const name = runCli(["integration", "list", "--json"], w.env).stdout;
    const integrationName = (JSON.parse(name) as { id: string; name: string }[]).find((i) => i.id === keys.id)!.name;
    const s = await createSession(keys, { person: { firstName: "Ada", lastName: "Lovelace" } });
    const { deliveryId } = await sendSessionEmail({ sessionId: s.id, to: "ada@example.com" }, { id: null, label: "test" });
    const m = await waitFor("the e-mail", () => inbox.find((x) => x.to.includes("ada@example.com")));
    expect(m.from).toBe("verify@example.com");
    expect(m.headers.subject).toBe(`${integrationName}: please verify your identity`);
    expect(m.text).toContain("Hello Ada Lovelace,");
    expect(m.text).toContain(`Start here: ${s.url}\n`);
    expect(m.text).toMatch(/The link works until \w+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M UTC\./);
    const d = await waitFor("recorded", async () => ((await delivery(deliveryId)).state === "delivered" ? delivery(deliveryId) : undefined));
    expect(d).toMatchObject({ state: "delivered", attempt_count: 1, last_error: null });
    expect(d.last_response).toMatch(/^250 /);
    const [audit] = await query(w.db.url, `SELECT action, target_id FROM audit_logs WHERE action = 'session.email' AND target_id = $1`, [s.id]);
    expect(audit).toBeTruthy();
  });

  it("in the person's language, and with the template set by the CLI", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const de = await createSession(keys, { person: { firstName: "Jörg", lastName: "Müller" }, lang: "de" });
    await sendSessionEmail({ sessionId: de.id, to: "joerg@example.com" }, { id: null, label: "test" });
    const m = await waitFor("the German e-mail", () => inbox.find((x) => x.to.includes("joerg@example.com")));
    expect(m.headers.subject).toMatch(/: Bitte bestätigen Sie Ihre Identität$/);
    expect(m.text).toContain("Hallo Jörg Müller,");
    expect(m.text).toContain(de.url);

    const bad = runCli(["integration", "update", keys.id, "--email-subject", "Verify", "--email-text", "no link here"], w.env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--email-text: The text must contain \{link\}/);
    const ok = runCli(["integration", "update", keys.id, "--email-lang", "et", "--email-subject", "{integration} – kinnita", "--email-text", "Tere {name}!\\nLink: {link}", "--json"], w.env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).emailTemplates.et).toEqual({ subject: "{integration} – kinnita", text: "Tere {name}!\nLink: {link}" });
    const et = await createSession(keys, { person: { firstName: "Mari", lastName: "Maasikas" }, lang: "et" });
    await sendSessionEmail({ sessionId: et.id, to: "mari@example.com" }, { id: null, label: "test" });
    const m2 = await waitFor("the Estonian e-mail", () => inbox.find((x) => x.to.includes("mari@example.com")));
    expect(m2.headers.subject).toMatch(/ – kinnita$/);
    expect(m2.text.trim()).toBe(`Tere Mari Maasikas!\nLink: ${et.url}`);
  });

  it("a refusal is recorded with the server's answer: 550 ends it, 451 is retried later", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const s = await createSession(keys, {});
    refuse.set("gone@example.com", 550).set("busy@example.com", 451);
    const gone = await sendSessionEmail({ sessionId: s.id, to: "gone@example.com" }, { id: null, label: "test" });
    const busy = await sendSessionEmail({ sessionId: s.id, to: "busy@example.com" }, { id: null, label: "test" });
    const g = await waitFor("550 recorded", async () => ((await delivery(gone.deliveryId)).state === "failed" ? delivery(gone.deliveryId) : undefined));
    expect(g.last_error).toMatch(/^550 .*No such mailbox here/);
    const b = await waitFor("451 recorded", async () => ((await delivery(busy.deliveryId)).attempt_count === 1 && (await delivery(busy.deliveryId)).last_error ? delivery(busy.deliveryId) : undefined));
    expect(b.state).toBe("pending");
    expect(b.last_error).toMatch(/^451 .*Mailbox busy/);
    const [attempts] = await query<{ n: number; next: boolean }>(
      w.db.url,
      `SELECT (SELECT count(*)::int FROM email_attempts WHERE delivery_id = $1) AS n, (SELECT next_attempt_at > now() + interval '20 seconds' FROM email_deliveries WHERE id = $1) AS next`,
      [busy.deliveryId],
    );
    expect(attempts).toEqual({ n: 1, next: true });
    // Retried through the outbox once due: the server takes it now.
    refuse.delete("busy@example.com");
    await query(w.db.url, `UPDATE email_deliveries SET next_attempt_at = now() WHERE id = $1`, [busy.deliveryId]);
    await waitFor("the retry", async () => ((await delivery(busy.deliveryId)).state === "delivered" ? true : undefined));
    expect(inbox.filter((x) => x.to.includes("busy@example.com"))).toHaveLength(1);
  });

  it("bulk rows with an address get their link; an unticked box sends none", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const text = "firstName,lastName,email,language\nAnn,One,ann@bulk.example,en\nBen,Two,,et\nCat,Three,cat@bulk.example,de\n";
    const { batchId } = await createBatch({ integrationId: keys.id, fileName: "mail.csv", text, sendEmail: true }, { id: null, label: "test" });
    await startBatch(batchId, { id: null, label: "test" });
    await waitFor("the batch", async () => ((await getBatch(batchId)).state === "done" ? true : undefined));
    const ann = await waitFor("Ann's e-mail", () => inbox.find((x) => x.to.includes("ann@bulk.example")));
    const cat = await waitFor("Cat's e-mail", () => inbox.find((x) => x.to.includes("cat@bulk.example")));
    const [annRow] = await query(w.db.url, `SELECT session_url FROM bulk_rows WHERE batch_id = $1 AND row_number = 1`, [batchId]);
    expect(ann.text).toContain(annRow.session_url);
    expect(cat.headers.subject).toMatch(/Bitte bestätigen/);
    expect((await getBatch(batchId)).emails).toBe(2);

    const quiet = await createBatch({ integrationId: keys.id, fileName: "quiet.csv", text: text.replace(/bulk\.example/g, "quiet.example"), sendEmail: true }, { id: null, label: "test" });
    await startBatch(quiet.batchId, { id: null, label: "test" }, { sendEmail: false });
    await waitFor("the quiet batch", async () => ((await getBatch(quiet.batchId)).state === "done" ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.filter((x) => x.to.some((t) => t.endsWith("quiet.example")))).toHaveLength(0);
  });

  it("a reminder N days before expiry to people who got the link and have not submitted", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    expect(runCli(["integration", "update", keys.id, "--email-reminder-days", "2"], w.env).status).toBe(0);
    const waiting = await createSession(keys, { person: { firstName: "Rem", lastName: "Inder" } });
    const done = await createSession(keys, { person: { firstName: "Sub", lastName: "Mitted" } });
    for (const [s, to] of [[waiting, "rem@example.com"], [done, "sub@example.com"]] as const) {
      const { deliveryId } = await sendSessionEmail({ sessionId: s.id, to }, { id: null, label: "test" });
      await waitFor("sent", async () => ((await delivery(deliveryId)).state === "delivered" ? true : undefined));
    }
    expect(await enqueueReminders()).toBe(0); // 7 days left: not yet
    await query(w.db.url, `UPDATE verification_sessions SET expires_at = now() + interval '1 day' WHERE id = ANY($1::uuid[])`, [[waiting.id, done.id]]);
    await query(w.db.url, `UPDATE verification_sessions SET status = 'submitted' WHERE id = $1`, [done.id]);
    expect(await enqueueReminders()).toBe(1);
    expect(await enqueueReminders()).toBe(0); // once
    const m = await waitFor("the reminder", () => inbox.find((x) => x.to.includes("rem@example.com") && x.headers.subject.startsWith("Reminder: ")));
    expect(m.text).toContain(waiting.url);
    expect(inbox.filter((x) => x.to.includes("sub@example.com"))).toHaveLength(1);
  });

  it("without SMTP_URL the portal says e-mail is not configured", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const s = await createSession(keys, {});
    setEnv({ SMTP_URL: undefined });
    try {
      const e = await sendSessionEmail({ sessionId: s.id, to: "x@example.com" }, { id: null, label: "test" }).catch((x) => x);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("email_not_configured");
    } finally {
      setEnv({ SMTP_URL: w.env.SMTP_URL });
    }
  });
});
