import { z } from "zod";
import { uuidSchema } from "./uuid.ts";
import { limits } from "./limits.ts";

export const keyLabel = z.string().trim().min(1, "Label is required.").max(limits.label, `Label is at most ${limits.label} characters.`);

/** Rotation grace periods offered to admins, in seconds. */
export const graceOptions = { none: 0, "1h": 3600, "24h": 86_400, "7d": 604_800 } as const;
export type Grace = keyof typeof graceOptions;

export const createKeyInput = z.object({
  integrationId: uuidSchema("Unknown integration."),
  label: keyLabel,
});
export type CreateKeyInput = z.input<typeof createKeyInput>;

export const rotateKeyInput = z.object({
  keyId: uuidSchema("Unknown key."),
  grace: z.enum(Object.keys(graceOptions) as [Grace, ...Grace[]], { message: "Choose a grace period." }),
  label: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), keyLabel.optional()),
});
export type RotateKeyInput = z.input<typeof rotateKeyInput>;

export const revokeKeyInput = z.object({ keyId: uuidSchema("Unknown key.") });
