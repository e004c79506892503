import { claimEngineJobs } from "./jobs.ts";
import { runEngineJob, type Analyse } from "./run-job.ts";
import { createPerceptionPool, type PerceptionPool } from "./worker/perception-pool.ts";
import { loadPerception } from "./perception-module.ts";
import { pool as db } from "../db/index.ts";

export interface EngineWorker {
  /** The perception workers, once started. */
  pool(): PerceptionPool | null;
  stop(): Promise<void>;
}

/**
 * The engine loop in the server process: claims up to `concurrency` due jobs and runs them, the
 * pictures' analysis in perception worker processes (models loaded once per worker), the
 * database work here; polls every `pollMs` when idle. Claims only what a free worker can start, so
 * a lease is never spent waiting in a queue. The workers (and their models) start at
 * once when an integration has automated decisions on, else with the first job: a process that
 * never decides never loads them.
 */
export function startEngineWorker(opts: { concurrency: number; pollMs: number; onError?: (e: unknown) => void }): EngineWorker {
  let pool: PerceptionPool | null = null;
  const workers = () => (pool ??= createPerceptionPool(opts.concurrency));
  const onError = opts.onError ?? ((e) => console.error(`[engine] ${(e as Error)?.message ?? e}`));
  const inflight = new Set<Promise<unknown>>();
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });

  const loop = (async () => {
    try {
      const { rows } = await db().query<{ on: boolean }>(`SELECT EXISTS (SELECT 1 FROM integrations WHERE auto_decide) AS on`);
      if (rows[0]?.on) await workers().ready();
    } catch (e) {
      onError(e);
    }
    while (!stopped) {
      const free = opts.concurrency - inflight.size;
      if (free <= 0) {
        await Promise.race(inflight);
        continue;
      }
      let jobs;
      try {
        jobs = await claimEngineJobs(free);
      } catch (e) {
        if (!stopped) onError(e);
        await sleep(Math.max(opts.pollMs, 1000));
        continue;
      }
      for (const job of jobs) {
        const p: Promise<unknown> = runEngineJob(job, (images, o) => workers().analyse(images, o))
          .then((r) => {
            if (r.outcome === "retry" || r.outcome === "failed") onError(new Error(`job ${job.id} (session ${job.session_id}): ${r.outcome}`));
          })
          .catch(onError)
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      if (jobs.length < free) await sleep(opts.pollMs);
    }
  })();

  return {
    pool: () => pool,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await Promise.allSettled([...inflight]);
      await pool?.close();
    },
  };
}

/**
 * `checkpoint engine run-once`: runs every due job in this process (perception in-process, models
 * loaded once) until none is due, then returns what happened to each.
 */
export async function runDueJobs(opts: { analyse?: Analyse; limit?: number } = {}): Promise<{ sessionId: string; outcome: string; rule?: string; reasonCode?: number | null }[]> {
  let analyse = opts.analyse;
  const results: { sessionId: string; outcome: string; rule?: string; reasonCode?: number | null }[] = [];
  const limit = opts.limit ?? Infinity;
  while (results.length < limit) {
    const [job] = await claimEngineJobs(1);
    if (!job) break;
    if (!analyse) {
      const m = await loadPerception();
      await m.warmUp();
      analyse = m.analyse;
    }
    const r = await runEngineJob(job, analyse);
    results.push({ sessionId: job.session_id, outcome: r.outcome, rule: r.decision?.rule, reasonCode: r.decision?.reasonCode });
  }
  return results;
}
