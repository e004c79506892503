/**
 * Runs task every intervalMs (first after firstMs), never two at once in this process, logging
 * a failure instead of throwing; returns a stop function. The timers do not keep the process up.
 */
export function runEvery(name: string, intervalMs: number, task: () => Promise<void>, firstMs = 1000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (e) {
      console.error(`[${name}] run failed: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, firstMs);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
