import type { NextConfig } from "next";

const nextConfig: NextConfig = {
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
