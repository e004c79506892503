/**
 * Faces: @vladmandic/human (models inside its npm package) on @tensorflow/tfjs-backend-wasm,
 * loaded once per process from node_modules. Detection (blazeface), mesh (for alignment), the
 * faceres description (embedding + age), antispoof and liveness (weak signals, shared/engine.md).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FaceReading } from "../types.ts";
import { fromWork, type Decoded } from "./image.ts";
import { loadOnce } from "./load-once.ts";

/** Long side of the copy given to the detector. */
const FACE_SIZE = 1280;
/** Faces below this detector score are not counted. */
export const MIN_FACE_SCORE = 0.5;

interface HumanFace {
  score: number;
  boxScore: number;
  faceScore?: number;
  box: [number, number, number, number];
  embedding?: number[];
  age?: number;
  real?: number;
  live?: number;
}

interface HumanLike {
  load(): Promise<void>;
  warmup(): Promise<unknown>;
  detect(input: unknown): Promise<{ face: HumanFace[]; error?: string | null }>;
  tf: {
    tensor3d(values: Uint8Array | Int32Array | Float32Array, shape: [number, number, number], dtype?: string): { dispose(): void };
    engine(): { state: { numTensors: number } };
  };
}


function installFileFetch(modelDir: string) {
  const g = globalThis as { fetch: typeof fetch; __checkpointFileFetch?: boolean };
  if (g.__checkpointFileFetch) return;
  const original = g.fetch;
  // Node's fetch cannot read file:// URLs; human loads its models with fetch. Serve only files under the model folder.
  g.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith("file://")) {
      const file = fileURLToPath(url);
      if (!path.resolve(file).startsWith(path.resolve(modelDir) + path.sep)) throw new Error(`refusing to read ${file}`);
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers: { "content-type": file.endsWith(".json") ? "application/json" : "application/octet-stream" } });
    }
    return original(input, init);
  }) as typeof fetch;
  g.__checkpointFileFetch = true;
}

/** A package's folder even when its exports map hides package.json. */
function packageDir(require: NodeJS.Require, name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
  }
  throw new Error(`package ${name} is not installed (npm ci)`);
}

async function load(): Promise<HumanLike> {
  const require = createRequire(import.meta.url);
  const root = packageDir(require, "@vladmandic/human");
  const modelDir = path.join(root, "models");
  const wasmDir = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
  installFileFetch(modelDir);
  // The package's exports keys lack "./" and its bare import pulls tfjs-node (which cannot install here): load the wasm build by path.
  const mod = require(path.join(root, "dist", "human.node-wasm.js")) as { Human?: new (c: object) => HumanLike; default?: new (c: object) => HumanLike };
  const Human = mod.Human ?? mod.default!;
  const human = new Human({
    backend: "wasm",
    wasmPath: wasmDir,
    wasmPlatformFetch: false,
    modelBasePath: pathToFileURL(modelDir).href + "/",
    debug: false,
    async: true,
    warmup: "none",
    cacheSensitivity: 0,
    cacheModels: false,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { enabled: true, rotation: false, maxDetected: 5, minConfidence: 0.3, iouThreshold: 0.2, skipFrames: 0, skipTime: 0, return: false },
      mesh: { enabled: true },
      attention: { enabled: false },
      iris: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: true, skipFrames: 0, skipTime: 0 },
      antispoof: { enabled: true, skipFrames: 0, skipTime: 0 },
      liveness: { enabled: true, skipFrames: 0, skipTime: 0 },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  });
  await human.load();
  return human;
}

export const faceModels: () => Promise<HumanLike> = loadOnce(load);

function unit(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return n ? v.map((x) => x / n) : v;
}

/** The detector can return the same face twice (overlapping boxes after mesh refinement): keep the best of each cluster. */
export function distinctFaces<T extends { box: [number, number, number, number]; score: number }>(faces: T[]): T[] {
  const sorted = [...faces].sort((a, b) => b.score - a.score || b.box[2] * b.box[3] - a.box[2] * a.box[3]);
  const kept: T[] = [];
  const centreIn = (a: T, b: T) => {
    const cx = a.box[0] + a.box[2] / 2;
    const cy = a.box[1] + a.box[3] / 2;
    return cx >= b.box[0] && cx <= b.box[0] + b.box[2] && cy >= b.box[1] && cy <= b.box[1] + b.box[3];
  };
  for (const f of sorted) if (!kept.some((k) => centreIn(f, k) || centreIn(k, f))) kept.push(f);
  return kept;
}

export async function readFace(d: Decoded, opts: { crop?: boolean } = {}): Promise<FaceReading> {
  const human = await faceModels();
  const { data, info } = await fromWork(d)
    .resize({ width: FACE_SIZE, height: FACE_SIZE, fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const tensor = human.tf.tensor3d(new Int32Array(data), [info.height, info.width, 3], "int32");
  let faces: HumanFace[];
  try {
    const res = await human.detect(tensor);
    if (res.error) throw new Error(`face detection failed: ${res.error}`);
    faces = res.face;
  } finally {
    tensor.dispose();
  }
  const counted = distinctFaces(faces.filter((f) => (f.boxScore ?? f.score) >= MIN_FACE_SCORE && (f.faceScore ?? 1) >= MIN_FACE_SCORE));
  if (!counted.length) return { count: 0, confidence: null, box: null, embedding: null, cropJpegBase64: null, estimatedAge: null, liveness: null };
  const largest = counted.reduce((a, b) => (b.box[2] * b.box[3] > a.box[2] * a.box[3] ? b : a));
  // Back to the picture's own pixels (after EXIF rotation).
  const k = d.width / info.width;
  const [bx, by, bw, bh] = largest.box;
  const box = { x: Math.round(bx * k), y: Math.round(by * k), width: Math.round(bw * k), height: Math.round(bh * k) };
  let cropJpegBase64: string | null = null;
  if (opts.crop) {
    const kw = d.workWidth / info.width;
    const padW = bw * 0.25;
    const padH = bh * 0.25;
    const left = Math.max(0, Math.floor((bx - padW) * kw));
    const top = Math.max(0, Math.floor((by - padH) * kw));
    const width = Math.min(d.workWidth - left, Math.ceil((bw + 2 * padW) * kw));
    const height = Math.min(d.workHeight - top, Math.ceil((bh + 2 * padH) * kw));
    if (width > 4 && height > 4) {
      const jpg = await fromWork(d).extract({ left, top, width, height }).resize({ width: 160, height: 160, fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
      cropJpegBase64 = jpg.toString("base64");
    }
  }
  const live = typeof largest.live === "number" ? largest.live : null;
  const real = typeof largest.real === "number" ? largest.real : null;
  return {
    count: counted.length,
    confidence: Math.round((largest.boxScore ?? largest.score) * 1000) / 1000,
    box,
    embedding: largest.embedding?.length ? unit(Array.from(largest.embedding)) : null,
    cropJpegBase64,
    estimatedAge: typeof largest.age === "number" && largest.age > 0 ? Math.round(largest.age * 10) / 10 : null,
    liveness: live !== null && real !== null ? Math.round(Math.min(live, real) * 1000) / 1000 : (live ?? real),
  };
}
