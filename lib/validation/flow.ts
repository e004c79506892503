import { z } from "zod";
import { decisionChoices } from "../sessions/codes.ts";

export const flowContexts = ["document-front", "document-back", "face"] as const;
export type FlowContext = (typeof flowContexts)[number];

export const flowUploadInput = z.object({ context: z.enum(flowContexts, { message: "Unknown picture." }) });

export const testDecisionInput = z.object({
  decision: z.enum(decisionChoices),
  reasonCode: z.coerce.number().int().nullish(),
});
export type TestDecisionInput = z.infer<typeof testDecisionInput>;
