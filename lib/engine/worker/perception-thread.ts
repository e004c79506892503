// One perception worker thread: loads the models once (warmUp), then analyses one attempt's
// pictures per message. CPU-heavy work stays here, off the event loop that serves the API.
import { parentPort } from "node:worker_threads";
import { loadPerception, type AnalyseOptions } from "../perception-module.ts";
import type { EngineImage } from "../types.ts";

const port = parentPort!;
try {
  const perception = await loadPerception();
  await perception.warmUp();
  port.on("message", async (msg: { id: number; images: EngineImage[]; opts?: AnalyseOptions }) => {
    try {
      const result = await perception.analyse(msg.images, msg.opts);
      port.postMessage({ id: msg.id, result });
    } catch (e) {
      port.postMessage({ id: msg.id, error: (e as Error)?.stack ?? String(e) });
    }
  });
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ ready: false, error: (e as Error)?.stack ?? String(e) });
}
