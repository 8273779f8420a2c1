import { execFileSync, spawn } from "node:child_process";

// The benchmark runs on the Node.js that production runs (26) unless `--node 20|24|26` says
// otherwise. When this process is on another major version, it starts itself again on the wanted
// one (from the npm registry's `node` package, which npx fetches once and caches), so the runner,
// the app, both floors and the load generator all run on the same Node.

export const DEFAULT_NODE_MAJOR = 26;
const SUPPORTED = [20, 24, 26];
const RELAUNCHED = "EVO_BENCH_RELAUNCHED";

/** `--node 24` or `--node=24`; the default otherwise. */
export function wantedNodeMajor(args: string[]): number {
  const index = args.findIndex((arg) => arg === "--node" || arg.startsWith("--node="));
  if (index === -1) return DEFAULT_NODE_MAJOR;
  const value = args[index]!.includes("=") ? args[index]!.split("=")[1] : args[index + 1];
  const major = Number(value);
  if (!SUPPORTED.includes(major)) throw new Error(`--node takes one of ${SUPPORTED.join(", ")} (got ${value ?? "nothing"})`);
  return major;
}

export const currentNodeMajor = () => Number(process.versions.node.split(".")[0]);

/** The path of a Node binary of that major version: this one, or the registry's `node` package's. */
export function nodeBinary(major: number): string {
  if (currentNodeMajor() === major) return process.execPath;
  console.log(`Node ${major}: from the npm registry's \`node@${major}\` package (npx caches it after the first time) …`);
  return execFileSync("npx", ["-y", "-p", `node@${major}`, "node", "-p", "process.execPath"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/**
 * Runs `script` again on Node `major` when this process is on another version, and resolves to its
 * exit code; resolves to null when this process is the right one (or already the relaunched one).
 */
export async function relaunchOn(major: number, script: string, args: string[]): Promise<number | null> {
  if (currentNodeMajor() === major || process.env[RELAUNCHED]) return null;
  const binary = nodeBinary(major);
  const child = spawn(binary, ["--import", "tsx", script, ...args], {
    stdio: "inherit",
    env: { ...process.env, [RELAUNCHED]: `from ${process.version}` },
  });
  // Ctrl-C reaches the child from the terminal; it cleans up and exits, and so do we after it.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

/** Where this run's Node came from, for the results. */
export function nodeOrigin(): string {
  const from = process.env[RELAUNCHED];
  return from ? `npm registry \`node\` package (relaunched ${from})` : "the machine's";
}
