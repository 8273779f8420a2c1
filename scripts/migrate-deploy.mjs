// `prisma migrate deploy` for launchers and test setup: the real CLI in a child process (so it
// goes through prisma.config.ts and the schema engine stand-in like any other command), silent
// when it works, with its whole output replayed when it does not.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const projectRoot = fileURLToPath(new URL("..", import.meta.url));

function redact(databaseUrl) {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

/**
 * Applies pending migrations from prisma/migrations to `databaseUrl`.
 * @param {string} databaseUrl
 * @returns {Promise<void>}
 */
export async function migrateDeploy(databaseUrl) {
  const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
    // The project root, wherever the caller runs from, so prisma.config.ts is the one loaded.
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = [];
  child.stdout.on("data", (chunk) => output.push([process.stdout, chunk]));
  child.stderr.on("data", (chunk) => output.push([process.stderr, chunk]));
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (...result) => resolve(result));
  });
  if (code === 0) return;

  for (const [stream, chunk] of output) stream.write(chunk);
  const text = output.map(([, chunk]) => chunk.toString()).join("");
  // The CLI's own explanation starts at its "Error:" line (e.g. "Error: P1001: Can't reach …").
  const reason = text
    .slice(Math.max(0, text.indexOf("Error:")))
    .trim()
    .split("\n")
    .slice(0, 6)
    .join("\n");
  throw new Error(
    `prisma migrate deploy failed for ${redact(databaseUrl)} (${signal ?? `exit code ${code}`})` +
      (reason ? `:\n${reason}` : ""),
  );
}
