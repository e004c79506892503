/**
 * A worker's loop: runs `tick` again at once while it reports work done, and otherwise waits
 * `idleMs` (or until woken). A failing tick is reported and waited out (at least 1 s), never fatal.
 * The one loop of the webhook, bulk and e-mail workers.
 */
export function startPollLoop(opts: { name: string; idleMs: number; tick: () => Promise<boolean>; onError?: (e: unknown) => void }): { wake(): void; stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await opts.tick();
      } catch (e) {
        if (!stopped) (opts.onError ?? ((err) => console.error(`[${opts.name}] ${(err as Error).message}`)))(e);
        await sleep(Math.max(opts.idleMs, 1000));
        continue;
      }
      if (!busy && !stopped) await sleep(opts.idleMs);
    }
  })();
  return {
    wake: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
