import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pg", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/adapter-pg"],
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    return [
      // The back office is never framed.
      { source: "/((?!v/).*)", headers: [...common, { key: "X-Frame-Options", value: "DENY" }, { key: "Content-Security-Policy", value: "frame-ancestors 'none'" }] },
      // The hosted flow is embedded by @veriff/incontext-sdk on customers' sites, camera included.
      { source: "/v/:path*", headers: [...common, { key: "Content-Security-Policy", value: "frame-ancestors *" }, { key: "Permissions-Policy", value: "camera=*, microphone=*, fullscreen=*" }] },
    ];
  },
};

export default nextConfig;
