// Runs a command (`prisma migrate dev`, `prisma studio`, …) against DATABASE_URL, or, when it is
// unset, against the embedded database in .data/pglite that `npm run dev` uses (stop dev first).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx scripts/with-database.ts <command> [args…]");
  process.exit(2);
}

const env = { ...process.env };
let stop = async () => {};
if (!env.DATABASE_URL) {
  const dataDir = path.resolve(".data", "pglite");
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = await startEmbeddedPostgres({ dataDir });
  env.DATABASE_URL = db.url;
  stop = db.stop;
  console.log("[evo-todo] using the embedded database in .data/pglite");
}

const child = spawn(command, args, { env, stdio: "inherit", shell: process.platform === "win32" });
const code = await new Promise<number>((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? 1)));
await stop();
process.exit(code);
