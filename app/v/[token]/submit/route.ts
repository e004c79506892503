import { submitFlow } from "@/lib/flow/flow-session";
import { flowError } from "@/lib/flow/respond";

export const dynamic = "force-dynamic";

export async function POST(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  try {
    const s = await submitFlow(token);
    return Response.json({ status: s.status, callbackUrl: s.callbackUrl, test: s.environment === "test" });
  } catch (e) {
    return flowError(e);
  }
}
