// A no-op route handler: `npm run bench:api` measures it as the framework's own ceiling.
// It answers 404 unless the server was started for the benchmark (CHECKPOINT_BENCH=1).
import { config } from "@/lib/config";
export const dynamic = "force-dynamic";

export async function POST() {
  if (!config().bench) return Response.json({ status: "fail", message: "Not found." }, { status: 404 });
  return Response.json({ status: "success" });
}
