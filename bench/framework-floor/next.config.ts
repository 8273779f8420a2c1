import path from "node:path";
import type { NextConfig } from "next";

// The framework floor: the bench's floor (bench/lib/floor-core.mts) behind Next.js route handlers,
// with the app's server settings that shape a response (no X-Powered-By, pg left unbundled) and
// nothing else. Built and started by bench/run.mts.
const repository = path.resolve(import.meta.dirname, "../..");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pg"],
  // The floor's core lives outside this folder, and the packages are the repository's.
  turbopack: { root: repository },
  outputFileTracingRoot: repository,
  // The repository's `npm run typecheck` checks these files; the bench need not do it again.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
