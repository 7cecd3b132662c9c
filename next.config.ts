import type { NextConfig } from "next";

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
  typedRoutes: false,
};

export default nextConfig;
