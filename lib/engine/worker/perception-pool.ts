import fs from "node:fs";
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
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
  child: ChildProcess;
  ready: Promise<void>;
  isReady: boolean;
  busy: Task | null;
}

export interface PerceptionPool {
  readonly size: number;
  analyse(images: EngineImage[], opts?: AnalyseOptions): Promise<Perception>;
  /** Resolves once every worker has loaded its models. */
  ready(): Promise<void>;
  /** Worker process ids (for memory figures). */
  pids(): number[];
  close(): Promise<void>;
}

/**
 * Perception's worker nice value. On Linux the nice value is per thread and inherited: started
 * under `nice`, every thread of the worker (V8's, libuv's, libvips', onnxruntime's) yields the
 * CPU to the server's event loop. Measured in docs/performance.md.
 */
export const PERCEPTION_NICE = 19;
const NICE = ["/usr/bin/nice", "/bin/nice"].find((p) => fs.existsSync(p)) ?? null;
const RESTART_DELAY_MS = 10_000;

/**
 * `size` perception worker processes, each with its own copy of the models (loaded once per
 * process), fed one attempt at a time over IPC (pictures as typed arrays, "advanced"
 * serialization). A process rather than a thread: the models' native code (onnxruntime, libvips,
 * wasm) cannot take the server down when it fails, and the whole process can run niced. A worker
 * that dies fails its task (the job is retried) and is replaced.
 */
export function createPerceptionPool(size: number): PerceptionPool {
  const boot = fileURLToPath(new URL("./process-boot.mjs", import.meta.url));
  const entry = new URL("./perception-process.ts", import.meta.url).href;
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const child = fork(boot, [entry], {
      execPath: NICE ?? process.execPath,
      execArgv: NICE ? ["-n", String(PERCEPTION_NICE), process.execPath] : [],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const slot: Slot = { child, busy: null, isReady: false, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: { ready?: boolean; error?: string }) => {
        if (m.ready === undefined) return;
        child.off("message", onReady);
        if (m.ready) resolve();
        else reject(new Error(`Perception worker failed to start: ${m.error}`));
      };
      child.on("message", onReady);
      child.once("exit", (code) => reject(new Error(`Perception worker exited (${code}) before its models loaded.`)));
    });
    slot.ready.then(
      () => {
        slot.isReady = true;
        pump();
      },
      (e: Error) => {
        // Without models nothing can run: fail what waits (its job is retried) rather than hang.
        for (const t of queue.splice(0)) t.reject(e);
      },
    );
    child.on("message", (m: { id?: number; result?: Perception; error?: string }) => {
      if (m.id === undefined || !slot.busy || slot.busy.id !== m.id) return;
      const t = slot.busy;
      slot.busy = null;
      if (m.error) t.reject(new Error(m.error));
      else t.resolve(m.result!);
      pump();
    });
    child.on("error", (e) => {
      slot.busy?.reject(e);
      slot.busy = null;
    });
    child.on("exit", (code, signal) => {
      slot.busy?.reject(new Error(`Perception worker exited (${signal ?? code}).`));
      slot.busy = null;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      // Replaced at once after a crash at work; after a failed start, not before RESTART_DELAY_MS (no crash loop).
      if (!closed) setTimeout(() => !closed && slots.push(spawn()), slot.isReady ? 0 : RESTART_DELAY_MS).unref();
    });
    return slot;
  }

  function pump() {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.isReady || slot.busy) continue;
      const t = queue.shift()!;
      slot.busy = t;
      slot.child.send({ id: t.id, images: t.images, opts: t.opts });
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    size,
    analyse(images, opts) {
      if (closed) return Promise.reject(new Error("The perception pool is closed."));
      return new Promise<Perception>((resolve, reject) => {
        queue.push({ id: nextId++, images, opts, resolve, reject });
        pump();
      });
    },
    async ready() {
      await Promise.all(slots.map((s) => s.ready));
    },
    pids: () => slots.map((s) => s.child.pid).filter((p): p is number => p != null),
    async close() {
      closed = true;
      for (const t of queue.splice(0)) t.reject(new Error("The perception pool is closed."));
      await Promise.all(
        slots.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
              s.child.once("exit", () => resolve());
              s.child.kill("SIGTERM");
              setTimeout(() => s.child.kill("SIGKILL"), 5000).unref();
            }),
        ),
      );
    },
  };
}
