import { z } from "zod";

export const flowContexts = ["document-front", "document-back", "face"] as const;
export type FlowContext = (typeof flowContexts)[number];

export const flowUploadInput = z.object({ context: z.enum(flowContexts, { message: "Unknown picture." }) });
