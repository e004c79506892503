import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { routeError } from "@/lib/auth/route-guard";
import { readLimitedBody } from "@/lib/http/read-limited-body";

const handler = NextAuth(authOptions);

// next-auth reads a POST body whole (req.text() / req.json()); a sign-in form is a few hundred
// bytes, so the body is read here first with a limit and handed on from memory.
const AUTH_BODY_LIMIT = 16 * 1024;

async function POST(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  let body: Buffer;
  try {
    body = await readLimitedBody(req, AUTH_BODY_LIMIT);
  } catch (e) {
    return routeError(e);
  }
  return handler(new NextRequest(req.url, { method: "POST", headers: req.headers, body: body as Uint8Array<ArrayBuffer> }), ctx);
}

export { handler as GET, POST };
