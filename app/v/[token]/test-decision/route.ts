import { forceTestDecision, requireTestPanel } from "@/lib/flow/flow-session";
import { flowError } from "@/lib/flow/respond";
import { readLimitedJson } from "@/lib/http/read-limited-body";
import { decisionInput } from "@/lib/validation/decision";

export const dynamic = "force-dynamic";

// A decision and a reason code: a few dozen bytes.
const DECISION_LIMIT = 4 * 1024;

export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  try {
    // The token and the integration first: a refused caller's body is never read.
    const sessionId = await requireTestPanel(token);
    const input = decisionInput.parse(await readLimitedJson(req, DECISION_LIMIT));
    const r = await forceTestDecision(sessionId, input);
    return Response.json({ status: r.to, code: r.code, reasonCode: r.reasonCode });
  } catch (e) {
    return flowError(e);
  }
}
