import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedHook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A webhook receiver on 127.0.0.1: records every request on arrival; `status` decides the answer, `delayMs` how long it takes. */
export async function startReceiver(opts: { port?: number } = {}) {
  const received: ReceivedHook[] = [];
  const state = { status: 200, delayMs: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const answer = () => res.writeHead(state.status, { "content-type": "text/plain" }).end(state.status < 300 ? "ok" : "receiver says no");
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });
  // Without a port, one below Linux's ephemeral range (32768+): a test that closes its receiver
  // and listens again on the same port must not find another process's port-0 socket there.
  const listen = (p: number) =>
    new Promise<boolean>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => (e.code === "EADDRINUSE" && opts.port === undefined ? resolve(false) : reject(e));
      server.once("error", onError);
      server.listen(p, "127.0.0.1", () => {
        server.off("error", onError);
        resolve(true);
      });
    });
  while (!(await listen(opts.port ?? 20_000 + Math.floor(Math.random() * 12_000))));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    received,
    state,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    async waitFor(n: number, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > end) throw new Error(`receiver got ${received.length} of ${n} webhooks`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
