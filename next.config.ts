import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT } from "./lib/http/read-limited-body.ts";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Server actions' bodies (forms of a few fields): Next stops reading at the limit.
  experimental: { serverActions: { bodySizeLimit: ACTION_BODY_LIMIT } },
  serverExternalPackages: ["pg", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/adapter-pg"],
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    // The Content-Security-Policy (with its per-request nonce, frame-ancestors included) is set by
    // server.ts: lib/http/security-headers.ts.
    return [
      // The back office is never framed.
      { source: "/((?!v/).*)", headers: [...common, { key: "X-Frame-Options", value: "DENY" }] },
      // The hosted flow is embedded by @veriff/incontext-sdk on customers' sites, camera included.
      { source: "/v/:path*", headers: [...common, { key: "Permissions-Policy", value: "camera=*, microphone=*, fullscreen=*" }] },
    ];
  },
};

export default nextConfig;
