import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { prepareLocalEnvironment } from "./local-env";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Runs `next <args>` with the local environment, and stops the embedded database after it. */
export async function runNext(command: "dev" | "start"): Promise<void> {
  const { env, stop } = await prepareLocalEnvironment(command);
  const child = spawn(process.execPath, [nextBin, command, ...process.argv.slice(2)], { env, stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  const code = await new Promise<number>((resolve) => child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 0 : 1))));
  await stop();
  process.exit(code);
}
