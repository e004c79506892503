import { forceTestDecision } from "@/lib/flow/flow-session";
import { flowError } from "@/lib/flow/respond";
import { decisionInput } from "@/lib/validation/decision";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  try {
    const input = decisionInput.parse(await req.json().catch(() => ({})));
    const r = await forceTestDecision(token, input);
    return Response.json({ status: r.to, code: r.code, reasonCode: r.reasonCode });
  } catch (e) {
    return flowError(e);
  }
}
