/**
 * Perception on the synthetic corpus: real models (PaddleOCR on onnxruntime, human on wasm,
 * zxing-wasm), loaded once for the file, with every network door closed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { parse } from "mrz";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDigit, generateCase, td1, td3, type Case, type CaseSpec } from "@/lib/engine/corpus/index.ts";
import { analyse, warmUp } from "@/lib/engine/perception/analyse.ts";
import { aamvaReading } from "@/lib/engine/perception/barcode.ts";
import { alpha2, normaliseAlpha3 } from "@/lib/engine/perception/countries.ts";
import { distinctFaces } from "@/lib/engine/perception/face.ts";
import { cleanLine, confusableRepair, fitLength, nameDoubts } from "@/lib/engine/perception/mrz.ts";
import { judge, missingPictures } from "@/lib/engine/perception/quality.ts";
import type { EngineImage, Perception } from "@/lib/engine/types.ts";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");

// No network: any attempt to reach a host fails the test run.
const netCalls: string[] = [];
const realFetch = globalThis.fetch;
const http = require("node:http") as typeof import("node:http");
const https = require("node:https") as typeof import("node:https");
const saved = { httpRequest: http.request, httpGet: http.get, httpsRequest: https.request, httpsGet: https.get };
function closeNetwork() {
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith("file://")) return realFetch(input);
    netCalls.push(url);
    throw new Error(`network access attempted: ${url}`);
  }) as typeof fetch;
  const block = (name: string) =>
    ((...args: unknown[]) => {
      netCalls.push(`${name} ${String(args[0])}`);
      throw new Error(`network access attempted via ${name}`);
    }) as never;
  http.request = block("http.request");
  http.get = block("http.get");
  https.request = block("https.request");
  https.get = block("https.get");
}
function openNetwork() {
  globalThis.fetch = realFetch;
  Object.assign(http, { request: saved.httpRequest, get: saved.httpGet });
  Object.assign(https, { request: saved.httpsRequest, get: saved.httpsGet });
}

const required = (c: Case) => (c.document?.type === "PASSPORT" ? ["document-front", "face"] : ["document-front", "document-back", "face"]);
const cases = new Map<string, { c: Case; p: Perception }>();
async function run(spec: CaseSpec) {
  const c = await generateCase(spec);
  const p = await analyse(c.images, { required: required(c) });
  cases.set(spec.name, { c, p });
  return { c, p };
}

beforeAll(async () => {
  closeNetwork();
  const t = performance.now();
  await warmUp();
  console.log(`perception warm-up ${Math.round(performance.now() - t)} ms`);
}, 120_000);

afterAll(() => {
  openNetwork();
  const rows = [...cases.values()].map(({ c, p }) => `${c.name}: ${p.timings.total} ms (${Object.entries(p.timings).filter(([k]) => k !== "total").map(([k, v]) => `${k} ${v}`).join(", ")})`);
  console.log(`perception timings:\n  ${rows.join("\n  ")}\n  peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
});

describe("MRZ writing and parsing (no models)", () => {
  it("check digits agree with the mrz package on the ICAO specimen", () => {
    expect(checkDigit("L898902C3")).toBe("6");
    expect(checkDigit("740812")).toBe("2");
    expect(checkDigit("120415")).toBe("9");
    const lines = td3({ documentCode: "P", issuingState: "EST", nationality: "EST", lastName: "Tamm", firstName: "Kristjan Mart", documentNumber: "K4821973", dateOfBirth: "1988-04-17", expiryDate: "2031-02-03", sex: "M", optional1: "38804170235" });
    expect(lines.map((l) => l.length)).toEqual([44, 44]);
    expect(parse(lines).valid).toBe(true);
    const card = td1({ documentCode: "ID", issuingState: "FIN", nationality: "FIN", lastName: "Virtanen", firstName: "Aino", documentNumber: "XP7342815", dateOfBirth: "1990-01-31", expiryDate: "2030-06-30", sex: "F" });
    expect(card.map((l) => l.length)).toEqual([30, 30, 30]);
    expect(parse(card).valid).toBe(true);
  });

  it("cleans OCR text into the MRZ alphabet and repairs filler runs", () => {
    expect(cleanLine("IDFIN×P73428152<<<<<<<<<<<<<<<")).toBe("IDFINXP73428152<<<<<<<<<<<<<<<");
    expect(cleanLine("p<est tamm«kristjan")).toBe("P<ESTTAMM<<KRISTJAN");
    expect(fitLength("P<ESTTAMM<<KRISTJAN<<<<<<<<<<<<<<<<<<<<<<<", 44)).toHaveLength(44);
    expect(fitLength("ABC", 44)).toBeNull();
  });

  it("calls a failing check digit an OCR doubt only when one letter/digit confusion repairs every check digit", () => {
    const fields = { documentCode: "P", issuingState: "EST", nationality: "EST", lastName: "Tamm", firstName: "Kristjan", documentNumber: "X0O1I8B5S", dateOfBirth: "1966-03-12", expiryDate: "2031-02-03", sex: "M" as const };
    const good = td3(fields);
    // The OCR read the letter O as a zero: the number's and the composite check digits fail.
    const misread = [good[0], good[1].replace("X0O1", "X001")];
    const r = parse(misread);
    expect(r.valid).toBe(false);
    expect(confusableRepair(misread, r.details)).toMatchObject({ field: "documentNumber", read: "0", alternative: "O" });
    // A wrong birth-date check digit: digits only, no letter/digit confusion to blame.
    const tampered = [good[0], good[1].slice(0, 19) + String((Number(good[1][19]) + 3) % 10) + good[1].slice(20)];
    expect(confusableRepair(tampered, parse(tampered).details)).toBeNull();
  });

  it("doubts names the MRZ cannot vouch for", () => {
    const line2 = "P0000001<8EST7205147M330111138804170235<<<34";
    expect(nameDoubts({ format: "TD3", lines: ["P<ESTLOPEZ<GARCIA<<MARIA<JOSE<<<<<<<<<<<<<<<", line2], nameMean: 0.97, nameFitted: false })).toEqual([]);
    expect(nameDoubts({ format: "TD3", lines: ["P<ESTLOPEZ<GARCIA<MARIA<JOSE<<<<<<<<<<<<<<<<", line2], nameMean: 0.97, nameFitted: true })).toEqual(["length repaired", "no surname separator"]);
    expect(nameDoubts({ format: "TD3", lines: ["P<ESTIVANOVA<<EKATERINA<<<<<<C<<<K<<<<<<<<<<", line2], nameMean: 0.8, nameFitted: false })).toEqual(["low confidence", "stray letters among fillers"]);
  });

  it("maps ICAO codes to alpha-2 (D<< is Germany, UTO is no country)", () => {
    expect(normaliseAlpha3("D<<")).toBe("DEU");
    expect(alpha2("D<<")).toBe("DE");
    expect(alpha2("EST")).toBe("EE");
    expect(alpha2("GBR")).toBe("GB");
    expect(alpha2("UTO")).toBeNull();
  });

  it("parses AAMVA data elements", () => {
    const text = "@\n\x1e\rANSI 636014100001DL00310110DLDCSCARTER\nDACJOHN\nDADNONE\nDBB11021985\nDBA01112033\nDBC1\nDAQD8241957\nDCGUSA\r";
    const r = aamvaReading(text)!;
    expect(r).toMatchObject({ source: "barcode", valid: true, documentType: "DRIVERS_LICENSE", lastName: "CARTER", firstName: "JOHN", dateOfBirth: "1985-11-02", expiryDate: "2033-01-11", documentNumber: "D8241957", sex: "M", issuingCountryAlpha2: "US" });
    expect(aamvaReading("no barcode data")).toBeNull();
  });
});

describe("quality (no models)", () => {
  const m = { width: 2000, height: 1500, sharpness: 150, mean: 150, saturatedShare: 0.001, darkShare: 0.01 };
  it("passes a good picture and names each problem", () => {
    expect(judge("document-front", m).result).toBe("pass");
    expect(judge("document-front", { ...m, sharpness: 3 })).toMatchObject({ result: "fail", reasonCode: 204, evidence: { issues: ["blurred"] } });
    expect(judge("document-front", { ...m, mean: 20, darkShare: 0.8 }).evidence.issues).toContain("too_dark");
    expect(judge("document-front", { ...m, mean: 240, saturatedShare: 0.7 }).evidence.issues).toContain("over_exposed");
    expect(judge("document-front", { ...m, saturatedShare: 0.3 }).evidence.issues).toEqual(["glare"]);
    expect(judge("face", { ...m, saturatedShare: 0.3 }).result).toBe("pass");
    expect(judge("document-front", { ...m, width: 400, height: 300 }).evidence.issues).toEqual(["low_resolution"]);
  });
  it("reports each missing required picture with its code", () => {
    const img = (context: string): EngineImage => ({ mediaId: context, context, mimetype: "image/jpeg", bytes: new Uint8Array() });
    const missing = missingPictures([img("face")], ["document-front", "document-back", "face", "document-and-face"]);
    expect(missing.map((c) => [c.name, c.reasonCode])).toEqual([
      ["image_quality.missing.document-front", 608],
      ["image_quality.missing.document-back", 609],
      ["image_quality.missing.document-and-face", 201],
    ]);
  });
  it("merges duplicate boxes of one face", () => {
    const f = (x: number, y: number, w: number, score = 1) => ({ box: [x, y, w, w] as [number, number, number, number], score });
    expect(distinctFaces([f(90, 0, 1100), f(0, 0, 950, 0.9)])).toHaveLength(1);
    expect(distinctFaces([f(0, 0, 100), f(500, 0, 100)])).toHaveLength(2);
  });
});

describe("perception on synthetic sessions", () => {
  it("reads a TD3 passport's MRZ exactly, every check digit valid", async () => {
    const { c, p } = await run({ name: "t-passport", document: "TD3", country: "D", nationality: "D", holder: { firstName: "Jürgen Karl", lastName: "Müller-Lüdenscheidt", documentNumber: "C01X00T47", personalNumber: "" }, portrait: "franck-2", selfie: "franck-4" });
    expect(p.documentCheck).toMatchObject({ name: "mrz", result: "pass" });
    expect(p.document).toMatchObject({
      source: "mrz",
      format: "TD3",
      valid: true,
      documentType: "PASSPORT",
      issuingCountry: "DEU",
      issuingCountryAlpha2: "DE",
      nationality: "DEU",
      nationalityAlpha2: "DE",
      documentNumber: "C01X00T47",
      lastName: "MUELLER LUEDENSCHEIDT",
      firstName: "JUERGEN KARL",
      dateOfBirth: c.truth.dateOfBirth,
      expiryDate: c.truth.expiryDate,
      sex: "M",
      personalNumber: null,
    });
    expect(p.document!.raw).toEqual(c.truth.mrz);
    expect(Object.values(p.document!.checks).every(Boolean)).toBe(true);
    expect(p.quality.filter((q) => q.result !== "pass")).toEqual([]);
  });

  it("reads a TD1 ID card's MRZ exactly from the back", async () => {
    const { c, p } = await run({ name: "t-idcard", document: "TD1", holder: { firstName: "Aino Helmi", lastName: "Virtanen", sex: "F", documentNumber: "XP7342815", dateOfBirth: "1961-09-30" }, portrait: "franck-4", selfie: "franck-1" });
    expect(p.documentCheck.result).toBe("pass");
    expect(p.document).toMatchObject({ format: "TD1", documentType: "ID_CARD", issuingCountry: "FIN", issuingCountryAlpha2: "FI", documentNumber: "XP7342815", lastName: "VIRTANEN", firstName: "AINO HELMI", dateOfBirth: "1961-09-30", expiryDate: c.truth.expiryDate, sex: "F" });
    expect(p.documentCheck.evidence.mediaId).toBe("t-idcard-document-back");
  });

  it("reads a TD2 zone (residence permit) and a passport photographed sideways", async () => {
    const { c, p } = await run({ name: "t-td2", document: "TD2", holder: { firstName: "Aino", lastName: "Virtanen", sex: "F" }, selfie: "omit" });
    expect(p.document).toMatchObject({ format: "TD2", documentType: "RESIDENCE_PERMIT", documentNumber: c.truth.documentNumber, lastName: "VIRTANEN", firstName: "AINO", sex: "F", valid: true });
    const front = cases.get("t-passport")!.c.images.find((i) => i.context === "document-front")!;
    const sideways = { ...front, mediaId: "sideways", bytes: new Uint8Array(await sharp(front.bytes).rotate(90).jpeg({ quality: 90 }).toBuffer()) };
    const turned = await analyse([sideways]);
    expect(turned.documentCheck.result).toBe("pass");
    expect(turned.documentCheck.evidence.rotation).toBe(270);
    expect(turned.document?.documentNumber).toBe("C01X00T47");
  });

  it("detects a wrong check digit (and does not call it valid)", async () => {
    const { p } = await run({ name: "t-wrong-digit", document: "TD3", wrongCheckDigit: "birthDate" });
    expect(p.documentCheck.result).not.toBe("pass");
    expect(p.document?.valid).toBe(false);
    expect(p.document?.checks.birthDate).toBe(false);
    // Both reads agreed on the characters: a wrong document, not an OCR doubt.
    expect(p.documentCheck).toMatchObject({ result: "fail", reasonCode: 102 });
  });

  it("flags blurred and dark pictures (204) and passes sharp ones", async () => {
    const blurred = await run({ name: "t-blurred", document: "TD3", photo: { blur: 9 }, selfie: "omit" });
    const q = blurred.p.quality.find((x) => x.name === "image_quality.document-front")!;
    expect(q).toMatchObject({ result: "fail", reasonCode: 204 });
    expect(q.evidence.issues).toContain("blurred");
    const dark = await run({ name: "t-dark", document: "TD1", photo: { brightness: 0.12, noise: 3 }, selfie: "omit", omit: ["document-front"] });
    const d = dark.p.quality.find((x) => x.name === "image_quality.document-back")!;
    expect(d).toMatchObject({ result: "fail", reasonCode: 204 });
    expect(d.evidence.issues).toContain("too_dark");
    const sharpOne = cases.get("t-passport")!.p.quality.find((x) => x.name === "image_quality.document-front")!;
    expect(sharpOne.result).toBe("pass");
    expect(sharpOne.evidence.sharpness as number).toBeGreaterThan((q.evidence.sharpness as number) * 5);
  });

  it("counts faces: none in a picture of a wall, one in a selfie; the document portrait is found", async () => {
    const { p } = await run({ name: "t-no-face", document: "TD3", selfie: null });
    expect(p.selfie).toMatchObject({ count: 0, embedding: null });
    expect(p.faceSimilarity).toBeNull();
    const ok = cases.get("t-passport")!.p;
    expect(ok.selfie).toMatchObject({ count: 1 });
    expect(ok.selfie!.embedding!.length).toBeGreaterThan(100);
    expect(ok.documentPortrait).toMatchObject({ count: 1 });
    expect(ok.selfie!.estimatedAge).toBeGreaterThan(5);
    const crop = Buffer.from(ok.selfie!.cropJpegBase64!, "base64");
    const meta = await sharp(crop).metadata();
    expect(meta.format).toBe("jpeg");
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(160);
  });

  it("scores the same person above another person", async () => {
    const same = cases.get("t-passport")!.p.faceSimilarity!;
    const same2 = cases.get("t-idcard")!.p.faceSimilarity!;
    const { p } = await run({ name: "t-other-person", document: "TD3", portrait: "franck-1", selfie: "connery", omit: [] });
    const other = p.faceSimilarity!;
    expect(Math.min(same, same2)).toBeGreaterThan(other + 0.1);
    expect(Math.min(same, same2)).toBeGreaterThan(0.6);
    expect(other).toBeLessThan(0.6);
  });

  it("reads an AAMVA PDF417 barcode when there is no MRZ (round trip through bwip-js)", async () => {
    const { c, p } = await run({ name: "t-dl", document: "DL", holder: { firstName: "John", lastName: "Carter", documentNumber: "D8241957", dateOfBirth: "1985-11-02" }, selfie: "franck-2" });
    expect(p.documentCheck).toMatchObject({ name: "barcode", result: "pass" });
    expect(p.document).toMatchObject({ source: "barcode", documentType: "DRIVERS_LICENSE", lastName: "CARTER", firstName: "JOHN", dateOfBirth: "1985-11-02", expiryDate: c.truth.expiryDate, issueDate: c.truth.issueDate, documentNumber: "D8241957", sex: "M", issuingCountry: "USA", issuingCountryAlpha2: "US" });
    // A session that asked for a driving licence has the barcode read first, and no OCR at all.
    const hinted = await analyse(c.images, { documentType: "DRIVERS_LICENSE" });
    expect(hinted.document).toEqual(p.document);
    expect(hinted.timings.mrz).toBeUndefined();
  });

  it("says clearly what it cannot decode, HEIC included", async () => {
    const heic = readFileSync(path.join(root, "lib/engine/corpus/fixtures/synthetic-320x240.heic"));
    const p = await analyse(
      [
        { mediaId: "h", context: "document-front", mimetype: "image/heic", bytes: new Uint8Array(heic) },
        { mediaId: "x", context: "face", mimetype: "image/jpeg", bytes: new Uint8Array(Buffer.from("not a picture")) },
      ],
      { required: ["document-front", "face"] },
    );
    const front = p.quality.find((q) => q.name === "image_quality.document-front")!;
    expect(front.evidence).toMatchObject({ width: 320, height: 240, issues: ["low_resolution"] });
    const bad = p.quality.find((q) => q.name === "image_quality.face")!;
    expect(bad).toMatchObject({ result: "inconclusive", reasonCode: 204 });
    expect(String(bad.evidence.error)).toMatch(/cannot decode/);
    expect(p.document).toBeNull();
    expect(p.documentCheck.result).toBe("inconclusive");
    expect(p.selfie).toBeNull();
  });

  it("made no network access", () => {
    expect(netCalls).toEqual([]);
  });
});

describe("perception in a worker thread", () => {
  it("loads and analyses in a worker_threads Worker (tsx registered in the thread)", async () => {
    const c = await generateCase({ name: "t-worker", document: "TD3", selfie: "omit" });
    const code = `
      import { parentPort, workerData } from "node:worker_threads";
      // As the pipeline's thread boot does: tsx's loader is registered per thread.
      const { register } = await import(${JSON.stringify(pathToFileURL(require.resolve("tsx/esm/api").replace(/index\.cjs$/, "index.mjs")).href)});
      register();
      const { analyse } = await import(${JSON.stringify(pathToFileURL(path.join(root, "lib/engine/perception/analyse.ts")).href)});
      const p = await analyse(workerData.images, { required: ["document-front"] });
      parentPort.postMessage({ result: p.documentCheck.result, number: p.document?.documentNumber ?? null });
    `;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
      workerData: { images: c.images },
    });
    const out = await new Promise<{ result: string; number: string | null }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => code !== 0 && reject(new Error(`worker exited ${code}`)));
    });
    await worker.terminate();
    expect(out).toEqual({ result: "pass", number: c.truth.documentNumber });
  }, 120_000);
});
