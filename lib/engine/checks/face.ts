import type { CheckResult, Perception } from "../types.ts";
import type { EngineSettings } from "../settings.ts";
import { check, fmt } from "./check.ts";

/** Exactly one face in the selfie: none → 605 (face image missing), several → 641. */
export function checkSelfie(p: Perception): CheckResult {
  const t = performance.now();
  const s = p.selfie;
  if (!s || s.count === 0) return check("face.selfie", "fail", "No face found in the selfie.", { startedAt: t, reasonCode: 605, evidence: { faces: 0 } });
  // Liveness is a weak signal here (shared/engine.md): shown to the reviewer, never decisive.
  const evidence = { faces: s.count, confidence: s.confidence, estimatedAge: s.estimatedAge, liveness: s.liveness, liveness_note: "weak signal, not used to decide" };
  if (s.count > 1) return check("face.selfie", "fail", `${s.count} faces in the selfie.`, { startedAt: t, reasonCode: 641, score: s.confidence, evidence });
  return check("face.selfie", "pass", "One face in the selfie.", { startedAt: t, score: s.confidence, evidence });
}

/** A portrait found on the document; without one the faces cannot be compared (606). */
export function checkPortrait(p: Perception): CheckResult {
  const t = performance.now();
  const d = p.documentPortrait;
  if (!d || d.count === 0) return check("face.portrait", "inconclusive", "No portrait found on the document.", { startedAt: t, reasonCode: 606, evidence: { faces: 0 } });
  return check("face.portrait", "pass", "Portrait found on the document.", { startedAt: t, score: d.confidence, evidence: { faces: d.count, confidence: d.confidence } });
}

/**
 * Selfie against document portrait. The margins between the same person and different people are
 * thin with the models that run here, so: pass only at or above `faceMatchHigh`, fail (103) only
 * below `faceMatchLow`, a person decides the band between.
 */
export function checkFaceMatch(p: Perception, settings: EngineSettings): CheckResult {
  const t = performance.now();
  const sim = p.faceSimilarity;
  const evidence = {
    similarity: sim,
    high: settings.faceMatchHigh,
    low: settings.faceMatchLow,
  };
  if (sim == null) return check("face.match", "inconclusive", "Faces could not be compared.", { startedAt: t, evidence });
  if (sim >= settings.faceMatchHigh) return check("face.match", "pass", `Face similarity ${fmt(sim)}, at or above ${fmt(settings.faceMatchHigh)}.`, { startedAt: t, score: sim, evidence });
  if (sim < settings.faceMatchLow) return check("face.match", "fail", `Face similarity ${fmt(sim)}, below ${fmt(settings.faceMatchLow)}: not the same person.`, { startedAt: t, score: sim, reasonCode: 103, evidence });
  return check("face.match", "inconclusive", `Face similarity ${fmt(sim)}, below ${fmt(settings.faceMatchHigh)}.`, { startedAt: t, score: sim, evidence });
}
