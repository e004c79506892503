import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { config, StartupError } from "../config.ts";

/**
 * The embedded database: PGlite (PostgreSQL in WebAssembly) served on a loopback port with the
 * PostgreSQL wire protocol, so the app, the CLI and migrations all use the same pg driver.
 * One process owns the data directory; it records its port in data/pglite.lock so that the
 * CLI run beside a running server talks to that server's database instead of opening the
 * files a second time (which would corrupt them).
 */
export interface EmbeddedDatabase {
  url: string;
  owner: boolean;
  close(): Promise<void>;
}

const dataDir = () => config().dataDir;
const lockFile = () => path.join(dataDir(), "pglite.lock");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

const urlFor = (port: number) => `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

async function waitForOwner(): Promise<{ pid: number; port: number } | null> {
  // The owner writes its port a moment after taking the lock.
  for (let i = 0; i < 100; i++) {
    try {
      const info = JSON.parse(fs.readFileSync(lockFile(), "utf8")) as { pid: number; port?: number };
      if (!alive(info.pid)) return null;
      if (info.port) return { pid: info.pid, port: info.port };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StartupError(`The embedded database in ${dataDir()} is locked by another process that never became ready: stop it, or remove ${lockFile()} if none is running.`);
}

export async function openEmbedded(): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dataDir(), { recursive: true });
  for (let tries = 0; tries < 3; tries++) {
    const owner = await waitForOwner();
    if (owner) {
      if (await reachable(owner.port)) return { url: urlFor(owner.port), owner: false, close: async () => {} };
      throw new StartupError(`The embedded database is held by process ${owner.pid} but does not answer on port ${owner.port}: stop that process and try again.`);
    }
    try {
      fs.rmSync(lockFile(), { force: true });
      const fd = fs.openSync(lockFile(), "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid }));
      fs.closeSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue; // someone else won the race
      throw e;
    }
    return startOwned();
  }
  throw new StartupError(`Could not take the embedded database lock ${lockFile()}: another process keeps taking it.`);
}

async function startOwned(): Promise<EmbeddedDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  let db;
  try {
    db = await PGlite.create({ dataDir: path.join(dataDir(), "pglite"), extensions: await pgliteExtensions() });
  } catch (e) {
    fs.rmSync(lockFile(), { force: true });
    throw new StartupError(`The embedded database in ${path.join(dataDir(), "pglite")} could not be opened (${(e as Error).message}): restore it from a backup or move it away to start empty.`, { cause: e });
  }
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 64 });
  await server.start();
  const address = (server as unknown as { server: net.Server }).server?.address();
  const port = typeof address === "object" && address ? address.port : Number(new URL(`http://${server.getServerConn()}`).port);
  fs.writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, port }));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await server.stop();
      await db.close();
    } finally {
      try {
        const info = JSON.parse(fs.readFileSync(lockFile(), "utf8")) as { pid: number };
        if (info.pid === process.pid) fs.rmSync(lockFile(), { force: true });
      } catch {
        /* already gone */
      }
    }
  };
  process.once("exit", () => {
    try {
      const info = JSON.parse(fs.readFileSync(lockFile(), "utf8")) as { pid: number };
      if (info.pid === process.pid) fs.rmSync(lockFile(), { force: true });
    } catch {
      /* already gone */
    }
  });
  return { url: urlFor(port), owner: true, close };
}

/** The extensions the migrations create (pg_trgm: the name search's index); every PGlite Checkpoint opens loads them. */
export async function pgliteExtensions() {
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return { pg_trgm };
}
