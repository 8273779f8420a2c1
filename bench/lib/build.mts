import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess } from "./processes.mts";

/** The repository's Next.js CLI, for the app and for the framework floor alike. */
export const nextBin = fileURLToPath(new URL("../../node_modules/next/dist/bin/next", import.meta.url));

// `next build` only when needed: when `.next/BUILD_ID` is missing or older than any file the
// production build is made from. `--build` forces a build, `--no-build` never builds.

/** What the app's production build is made from, relative to the repository. */
export const APP_INPUTS = [
  "app",
  "lib",
  "components",
  "public",
  "prisma/schema.prisma",
  "proxy.ts",
  "next.config.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

export type BuildMode = "auto" | "always" | "never";
export type BuildResult = { built: boolean; reason: string; seconds: number };

function newestMtime(path: string): { mtimeMs: number; path: string } {
  if (!existsSync(path)) return { mtimeMs: 0, path };
  const stat = statSync(path);
  if (!stat.isDirectory()) return { mtimeMs: stat.mtimeMs, path };
  let newest = { mtimeMs: stat.mtimeMs, path };
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === ".next" || entry === "next-env.d.ts") continue;
    const candidate = newestMtime(join(path, entry));
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

function whyBuild(root: string, mode: BuildMode, inputs: string[]): string | null {
  if (mode === "always") return "--build was given";
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return mode === "never" ? null : ".next/BUILD_ID is missing";
  if (mode === "never") return null;
  const builtAt = statSync(buildId).mtimeMs;
  const newest = inputs.map((input) => newestMtime(join(root, input))).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  return newest.mtimeMs > builtAt ? `${relative(root, newest.path) || "its folder"} is newer than the last build` : null;
}

/** Builds the Next.js project in `root` when needed; `inputs` (relative to `root`) are its sources. */
export async function ensureBuild(root: string, mode: BuildMode, inputs: string[] = APP_INPUTS): Promise<BuildResult> {
  const reason = whyBuild(root, mode, inputs);
  if (!reason) {
    if (!existsSync(join(root, ".next", "BUILD_ID"))) throw new Error("--no-build, but there is no build in .next/");
    return { built: false, reason: "the build in .next/ is newer than every source file", seconds: 0 };
  }
  console.log(`  next build (${reason}) …`);
  const started = performance.now();
  // `next build` sets NODE_ENV itself and warns about any other value.
  const env: Record<string, string | undefined> = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NODE_ENV;
  const build = startProcess("next build", [nextBin, "build"], { cwd: root, env });
  const { code, signal } = await build.exited;
  if (code !== 0) throw new Error(`next build failed (${signal ?? `exit ${code}`}):\n${build.output().slice(-4_000)}`);
  return { built: true, reason, seconds: (performance.now() - started) / 1000 };
}
