// A no-op route handler: `npm run bench:api` measures it as the framework's own ceiling. It lives
// in this tiny Next app under bench/, never in the shipped one.
export const dynamic = "force-dynamic";

export async function POST() {
  return Response.json({ status: "success" });
}
