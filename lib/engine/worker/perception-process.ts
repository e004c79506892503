// One perception worker process: loads the models once (warmUp), then analyses one attempt's
// pictures per message from the server. The CPU-heavy work (and any native crash in it) stays
// out of the process that serves the API; it runs niced (perception-pool.ts).
import { loadPerception, type AnalyseOptions } from "../perception-module.ts";
import type { EngineImage } from "../types.ts";

const send = (m: unknown) => process.send?.(m);
// The server going away takes its workers with it.
process.on("disconnect", () => process.exit(0));

try {
  const perception = await loadPerception();
  await perception.warmUp();
  process.on("message", async (msg: { id: number; images: EngineImage[]; opts?: AnalyseOptions }) => {
    try {
      const result = await perception.analyse(msg.images, msg.opts);
      send({ id: msg.id, result });
    } catch (e) {
      send({ id: msg.id, error: (e as Error)?.stack ?? String(e) });
    }
  });
  send({ ready: true });
} catch (e) {
  send({ ready: false, error: (e as Error)?.stack ?? String(e) });
}
