import type { EngineImage, Perception } from "./types.ts";

export interface AnalyseOptions {
  /** Picture contexts the attempt must have; a missing one is a failed quality check (605 / 608 / 609). */
  required?: string[];
}

/** The pictures an attempt must have: a document's front and a selfie, and the back of a card (its MRZ or barcode is there). */
export function requiredContexts(documentType: string | null | undefined): string[] {
  const t = documentType?.toUpperCase();
  return t && t !== "PASSPORT" ? ["document-front", "document-back", "face"] : ["document-front", "face"];
}

/** lib/engine/perception/analyse.ts (perception's module): loaded where it runs, never into Next's bundle. */
export interface PerceptionModule {
  analyse(images: EngineImage[], opts?: AnalyseOptions): Promise<Perception>;
  /** Loads the models once per process or thread. */
  warmUp(): Promise<void>;
}

export async function loadPerception(): Promise<PerceptionModule> {
  const m = (await import(new URL("./perception/analyse.ts", import.meta.url).href)) as Partial<PerceptionModule>;
  if (typeof m.analyse !== "function") throw new Error("lib/engine/perception/analyse.ts does not export analyse().");
  return { analyse: m.analyse, warmUp: typeof m.warmUp === "function" ? m.warmUp : async () => {} };
}
