import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureBuild, nextBin, type BuildMode, type BuildResult } from "./build.mts";
import { freePort, startProcess, type Managed } from "./processes.mts";
import type { FloorConfig } from "./floor-core.mts";

// The framework floor: bench/framework-floor/, a Next.js app of three route handlers around the
// floor's core (the same token check and SQL as the bare floor), built and started here with the
// repository's Next.js, on the app's database and keys.

export const frameworkFloorDir = fileURLToPath(new URL("../framework-floor/", import.meta.url));

/** Its sources, relative to its folder (its core is shared with the bare floor). */
const INPUTS = [".", "../lib/floor-core.mts", "../lib/floor-sql.mts", "../../lib/db/timestamps.ts", "../../package-lock.json"];

export function buildFrameworkFloor(mode: BuildMode): Promise<BuildResult> {
  return ensureBuild(frameworkFloorDir, mode, INPUTS);
}

export async function startFrameworkFloor(config: FloorConfig): Promise<{ process: Managed; baseUrl: string }> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    FLOOR_ORIGIN: config.origin,
    FLOOR_JWKS: JSON.stringify(config.jwks),
    FLOOR_DATABASE_URL: config.databaseUrl,
    FLOOR_POOL_SIZE: String(config.poolSize),
  };
  const managed = startProcess("framework floor", [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: frameworkFloorDir, env });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (managed.child.exitCode !== null || managed.child.signalCode !== null) {
      throw new Error(`the framework floor exited before it was ready:\n${managed.output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return { process: managed, baseUrl };
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`the framework floor did not answer in time:\n${managed.output()}`);
    await sleep(20);
  }
}
