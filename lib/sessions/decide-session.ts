import { withTransaction } from "../db/index.ts";
import { transitionSession, type EventActor, type TransitionResult } from "./transition.ts";
import { decisionChoices, type DecisionChoice } from "./codes.ts";

export { decisionChoices, type DecisionChoice };

/** A person's (or script's) decision on a submitted or in-review session. */
export async function decideSession(input: {
  sessionId: string;
  integrationId?: string;
  decision: DecisionChoice;
  reasonCode?: number | null;
  actor: EventActor;
}): Promise<TransitionResult> {
  return withTransaction((client) =>
    transitionSession(client, {
      sessionId: input.sessionId,
      integrationId: input.integrationId,
      to: input.decision,
      reasonCode: input.reasonCode,
      actor: input.actor,
    }),
  );
}
