import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/next/security-headers.ts";

const nextConfig: NextConfig = {
  // A second build (e.g. a test server beside a developer's) can live in its own folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Node-only packages (native addon, raw sockets) stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-copy-streams", "bullmq", "ioredis"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 for a role without access.
    authInterrupts: true,
  },
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tests included) in its own stage before the build; checking again here only doubles the build time.
  typescript: { ignoreBuildErrors: true },
  // Every answer, static files included; pages also get their CSP from proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
  typedRoutes: false,
};

export default nextConfig;
