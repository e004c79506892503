import { performance } from "node:perf_hooks";
import { claimEngineJobs } from "./jobs.ts";
import { runEngineJob, type Analyse } from "./run-job.ts";
import { createPerceptionPool, type PerceptionPool } from "./worker/perception-pool.ts";
import { loadPerception } from "./perception-module.ts";
import { pool as db } from "../db/index.ts";

/**
 * The API first: while this process's event loop was busier than ENGINE_YIELD_ELU over the last
 * window (the API saturated), the engine starts no new job, for at most ENGINE_YIELD_MAX_MS in a
 * row, so decisions still come under sustained load. On 2 cores even a niced worker slows the API
 * (the cores may be SMT siblings; wake-ups wait for the worker's slice): docs/performance.md.
 */
export const ENGINE_YIELD_ELU = 0.5;
export const ENGINE_YIELD_MAX_MS = 5000;
const ELU_WINDOW_MS = 250;

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

  // The event loop's utilisation over the last window, sampled off the loop's own path.
  let apiLoad = 0;
  let mark = performance.eventLoopUtilization();
  const sampler = setInterval(() => {
    const now = performance.eventLoopUtilization();
    apiLoad = performance.eventLoopUtilization(now, mark).utilization;
    mark = now;
  }, ELU_WINDOW_MS);
  sampler.unref();
  let yieldedMs = 0;

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
      if (apiLoad > ENGINE_YIELD_ELU && yieldedMs < ENGINE_YIELD_MAX_MS) {
        await sleep(ELU_WINDOW_MS);
        yieldedMs += ELU_WINDOW_MS;
        continue;
      }
      yieldedMs = 0;
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
      clearInterval(sampler);
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
