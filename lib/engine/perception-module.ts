import type { EngineImage, Perception } from "./types.ts";

/** lib/engine/perception/analyse.ts (perception's module): loaded where it runs, never into Next's bundle. */
export interface PerceptionModule {
  analyse(images: EngineImage[]): Promise<Perception>;
  /** Loads the models once per process or thread. */
  warmUp(): Promise<void>;
}

export async function loadPerception(): Promise<PerceptionModule> {
  const m = (await import(new URL("./perception/analyse.ts", import.meta.url).href)) as Partial<PerceptionModule>;
  if (typeof m.analyse !== "function") throw new Error("lib/engine/perception/analyse.ts does not export analyse().");
  return { analyse: m.analyse, warmUp: typeof m.warmUp === "function" ? m.warmUp : async () => {} };
}
