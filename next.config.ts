import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // PGlite and the Prisma adapter are server-only Node packages; bundling them gains nothing.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  typedRoutes: false,
};

export default nextConfig;
