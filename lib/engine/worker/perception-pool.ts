import { Worker } from "node:worker_threads";
import type { EngineImage, Perception } from "../types.ts";
import type { AnalyseOptions } from "../perception-module.ts";

interface Task {
  id: number;
  images: EngineImage[];
  opts?: AnalyseOptions;
  resolve: (p: Perception) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  busy: Task | null;
}

export interface PerceptionPool {
  readonly size: number;
  analyse(images: EngineImage[], opts?: AnalyseOptions): Promise<Perception>;
  /** Resolves once every thread has loaded its models. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `size` worker threads, each with its own copy of the models (loaded once per thread), fed one
 * attempt at a time. A thread that dies fails its task (the job is retried) and is replaced.
 */
export function createPerceptionPool(size: number): PerceptionPool {
  const boot = new URL("./thread-boot.mjs", import.meta.url);
  const entry = new URL("./perception-thread.ts", import.meta.url).href;
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  let startError: Error | null = null;

  function spawn(): Slot {
    const worker = new Worker(boot, { workerData: { entry } });
    const slot: Slot = { worker, busy: null, isReady: false, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: { ready?: boolean; error?: string }) => {
        if (m.ready === undefined) return;
        worker.off("message", onReady);
        if (m.ready) resolve();
        else reject(new Error(`Perception thread failed to start: ${m.error}`));
      };
      worker.on("message", onReady);
    });
    slot.ready.then(
      () => {
        slot.isReady = true;
        pump();
      },
      (e: Error) => {
        // Without models nothing can run: fail what waits (and what comes) rather than hang.
        startError = e;
        for (const t of queue.splice(0)) t.reject(e);
      },
    );
    worker.on("message", (m: { id?: number; result?: Perception; error?: string }) => {
      if (m.id === undefined || !slot.busy || slot.busy.id !== m.id) return;
      const t = slot.busy;
      slot.busy = null;
      if (m.error) t.reject(new Error(m.error));
      else t.resolve(m.result!);
      pump();
    });
    worker.on("error", (e) => {
      slot.busy?.reject(e);
      slot.busy = null;
    });
    worker.on("exit", (code) => {
      slot.busy?.reject(new Error(`Perception thread exited (${code}).`));
      slot.busy = null;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      if (!slot.isReady && !startError) startError = new Error(`Perception thread exited (${code}) before its models loaded.`);
      if (!closed && !startError) slots.push(spawn());
      if (startError) for (const t of queue.splice(0)) t.reject(startError);
    });
    worker.unref();
    return slot;
  }

  function pump() {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.isReady || slot.busy) continue;
      const t = queue.shift()!;
      slot.busy = t;
      // The pictures' buffers are copied (structured clone): the caller's stay usable.
      slot.worker.postMessage({ id: t.id, images: t.images, opts: t.opts });
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    size,
    analyse(images, opts) {
      if (closed) return Promise.reject(new Error("The perception pool is closed."));
      if (startError) return Promise.reject(startError);
      return new Promise<Perception>((resolve, reject) => {
        queue.push({ id: nextId++, images, opts, resolve, reject });
        pump();
      });
    },
    async ready() {
      await Promise.all(slots.map((s) => s.ready));
    },
    async close() {
      closed = true;
      for (const t of queue.splice(0)) t.reject(new Error("The perception pool is closed."));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
