/**
 * Coalesces concurrent calls into batches, one batch in flight per key: the first call runs at
 * once, calls that arrive while its batch runs wait and go together in the next one. Each call
 * gets its own item's result. Under load this turns N statements into a few (one per batch)
 * without delaying a lone call; nothing waits on a timer.
 *
 * When a batch of more than one fails, its items are retried one by one, so one bad item fails
 * alone (unless `retryAlone` is false, for batches whose effect must not be repeated).
 */
export class Batcher<T, R> {
  private readonly queues = new Map<string, { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[]>();

  constructor(
    private readonly run: (key: string, items: T[]) => Promise<R[]>,
    private readonly opts: { max: number; retryAlone: boolean },
  ) {}

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queued = this.queues.get(key);
      if (queued) {
        queued.push({ item, resolve, reject });
        return;
      }
      const q = [{ item, resolve, reject }];
      this.queues.set(key, q);
      void this.drain(key, q);
    });
  }

  private async drain(key: string, q: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[]) {
    while (q.length) {
      const batch = q.splice(0, this.opts.max);
      try {
        const results = await this.run(key, batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]));
      } catch (e) {
        if (batch.length === 1 || !this.opts.retryAlone) {
          for (const b of batch) b.reject(e);
          continue;
        }
        for (const b of batch) {
          try {
            b.resolve((await this.run(key, [b.item]))[0]);
          } catch (err) {
            b.reject(err);
          }
        }
      }
    }
    this.queues.delete(key);
  }
}
