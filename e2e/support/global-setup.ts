import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { migrateDeploy } from "../../scripts/migrate-deploy.mjs";

// Starts what a person would reach: the production build (`next start`) on a free port, on a fresh
// database — a new database on the server named by DATABASE_URL when it is set, else an in-memory
// PGlite — with migrations applied. Everything is stopped and dropped afterwards.

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
export const RESULTS_DIR = path.join(root, "test-results");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function freshDatabase(): Promise<{ url: string; poolSize?: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await startEmbeddedPostgres();
    console.log("[e2e] embedded PGlite (in memory)");
    return { url: db.url, poolSize: EMBEDDED_POOL_SIZE, drop: db.stop };
  }
  const name = `evo_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  console.log(`[e2e] Postgres server, fresh database ${name}`);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

async function waitForHealth(baseURL: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}; see test-results/e2e-server.log`);
    try {
      const response = await fetch(`${baseURL}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${baseURL}/api/health did not answer 200 within ${timeoutMs} ms`);
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build in .next/: run `npm run build` before `npm run test:e2e`.");
  }
  if (!existsSync("/usr/bin/chromium")) {
    throw new Error("Chromium is missing: `apt-get update && apt-get install -y chromium`.");
  }
  mkdirSync(RESULTS_DIR, { recursive: true });

  const db = await freshDatabase();
  let server: ChildProcess | undefined;
  try {
    await migrateDeploy(db.url);
    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const log = createWriteStream(path.join(RESULTS_DIR, "e2e-server.log"));
    server = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: db.url,
        ...(db.poolSize ? { DATABASE_POOL_SIZE: db.poolSize } : {}),
        BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
        BETTER_AUTH_URL: baseURL,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.pipe(log);
    server.stderr?.pipe(log);
    await waitForHealth(baseURL, server);
    console.log(`[e2e] production build serving ${baseURL}`);
    project.provide("baseURL", baseURL);
  } catch (error) {
    if (server) await stopServer(server);
    await db.drop();
    throw error;
  }

  return async () => {
    if (server) await stopServer(server);
    await db.drop();
  };
}
