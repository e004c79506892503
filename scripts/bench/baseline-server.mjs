// The plain baseline for `npm run bench:api`: node:http + pg, one INSERT per request.
import http from "node:http";
import crypto from "node:crypto";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY, body text, created_at timestamptz NOT NULL DEFAULT now())`);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    try {
      const id = crypto.randomUUID();
      await pool.query(`INSERT INTO bench_baseline (id, body) VALUES ($1, $2)`, [id, Buffer.concat(chunks).toString("utf8")]);
      const out = JSON.stringify({ status: "success", id });
      res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(out) }).end(out);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("baseline listening"));
process.on("SIGTERM", () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
