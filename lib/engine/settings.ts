import { z } from "zod";

/**
 * An integration's engine rules, stored in integrations.engine_settings (JSON). Every field has a
 * default, so an integration saved before a field existed (or with none) gets the documented rule.
 * Face thresholds are cosine similarities of the face model perception uses (shared/engine.md:
 * margins between same and different people are thin, hence a review band between low and high).
 */
export const documentTypes = ["PASSPORT", "ID_CARD", "RESIDENCE_PERMIT", "DRIVERS_LICENSE"] as const;
export type DocumentType = (typeof documentTypes)[number];

export const engineDefaults = {
  /** No minimum age unless set. */
  minAge: null as number | null,
  /** Empty: every document type / every issuing country. Countries are ISO 3166-1 alpha-2. */
  acceptedDocumentTypes: [] as DocumentType[],
  acceptedCountries: [] as string[],
  /**
   * Approve on the face only at or above this similarity; decline (103) only below faceMatchLow;
   * review between. On the corpus (faceres embeddings, cosine): the same person 0.60–0.86 across
   * photos (blurred and dark ones lowest), another person 0.47; shared/engine.md saw 0.47 for a
   * same-person pair, hence a low threshold well under it.
   */
  faceMatchHigh: 0.6,
  faceMatchLow: 0.35,
  /** Another session's selfie at or above this similarity under a different identity is a duplicate (108). */
  duplicateFaceThreshold: 0.7,
  /** How far back duplicates of the document number and face are looked for. */
  duplicateWindowDays: 90,
  /** This many sessions with one document number within the window is velocity abuse (107). */
  velocityWindowMinutes: 60,
  velocityMaxSessions: 3,
};
export type EngineSettings = typeof engineDefaults;

const unit = (label: string) =>
  z.coerce.number({ message: `${label} must be a number between 0 and 1.` }).min(0, `${label} must be between 0 and 1.`).max(1, `${label} must be between 0 and 1.`);
const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${label} must be a whole number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min}.`)
    .max(max, `${label} is at most ${max}.`);

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (typeof v === "string") return v.split(/[\s,]+/).filter(Boolean).map((x) => x.toUpperCase());
    return v ?? [];
  }, z.array(item));

/** One schema per stored field; the admin's input and the stored JSON both use it. */
const fields = {
  minAge: whole("Minimum age", 1, 120).nullable(),
  acceptedDocumentTypes: z.array(z.enum(documentTypes, { message: "Accepted documents: PASSPORT, ID_CARD, RESIDENCE_PERMIT or DRIVERS_LICENSE." })),
  acceptedCountries: z.array(z.string().regex(/^[A-Z]{2}$/, "Accepted countries are two-letter ISO codes, e.g. EE, DE.")),
  faceMatchHigh: unit("Face match (approve)"),
  faceMatchLow: unit("Face match (decline)"),
  duplicateFaceThreshold: unit("Duplicate face similarity"),
  duplicateWindowDays: whole("Duplicate window (days)", 1, 3650),
  velocityWindowMinutes: whole("Velocity window (minutes)", 1, 525_600),
  velocityMaxSessions: whole("Velocity limit (sessions)", 2, 1000),
} satisfies Record<keyof EngineSettings, z.ZodType>;

const blankIsNull = (v: unknown) => (v === "" || v === undefined ? null : v);

/** The admin's input (form, CLI or code): strict, each message naming its field; omitted fields keep their default. */
export const engineSettingsInput = z
  .object({
    ...fields,
    minAge: z.preprocess(blankIsNull, fields.minAge),
    acceptedDocumentTypes: list(fields.acceptedDocumentTypes.element),
    acceptedCountries: list(fields.acceptedCountries.element),
  })
  .partial()
  .superRefine((v, ctx) => {
    const high = v.faceMatchHigh ?? engineDefaults.faceMatchHigh;
    const low = v.faceMatchLow ?? engineDefaults.faceMatchLow;
    if (low > high) ctx.addIssue({ code: "custom", path: ["faceMatchLow"], message: "Face match (decline) must not be above face match (approve)." });
  });
export type EngineSettingsInput = z.input<typeof engineSettingsInput>;

/** The stored JSON with defaults filled in; an unreadable field falls back to its default. */
export function parseEngineSettings(stored: unknown): EngineSettings {
  const out: EngineSettings = { ...engineDefaults, acceptedDocumentTypes: [], acceptedCountries: [] };
  if (!stored || typeof stored !== "object") return out;
  for (const [k, schema] of Object.entries(fields) as [keyof EngineSettings, z.ZodType][]) {
    const raw = (stored as Record<string, unknown>)[k];
    if (raw === undefined) continue;
    const r = schema.safeParse(raw);
    if (r.success) (out as Record<string, unknown>)[k] = r.data;
  }
  if (out.faceMatchLow > out.faceMatchHigh) {
    out.faceMatchLow = engineDefaults.faceMatchLow;
    out.faceMatchHigh = engineDefaults.faceMatchHigh;
  }
  return out;
}

/** The settings form's initial values (strings, checkboxes "on") for an integration. */
export function engineFormValues(autoDecide: boolean, stored: unknown): Record<string, string> {
  const s = parseEngineSettings(stored);
  const out: Record<string, string> = {
    autoDecide: autoDecide ? "on" : "",
    "engineSettings.minAge": s.minAge?.toString() ?? "",
    "engineSettings.acceptedCountries": s.acceptedCountries.join(", "),
    "engineSettings.faceMatchHigh": String(s.faceMatchHigh),
    "engineSettings.faceMatchLow": String(s.faceMatchLow),
    "engineSettings.duplicateFaceThreshold": String(s.duplicateFaceThreshold),
    "engineSettings.duplicateWindowDays": String(s.duplicateWindowDays),
    "engineSettings.velocityWindowMinutes": String(s.velocityWindowMinutes),
    "engineSettings.velocityMaxSessions": String(s.velocityMaxSessions),
  };
  for (const t of documentTypes) out[`acceptDocument.${t}`] = s.acceptedDocumentTypes.includes(t) ? "on" : "";
  return out;
}
