import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "../../scripts/embedded-postgres";

// Starting what a person reaches: a fresh database and production servers (`next start`) on it.

const root = path.resolve(import.meta.dirname, "../..");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
export const RESULTS_DIR = path.join(root, "test-results");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export type FreshDatabase = { url: string; poolSize?: string; drop: () => Promise<void> };

/** A new database on the server named by DATABASE_URL when it is set, else an in-memory PGlite. */
export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await startEmbeddedPostgres();
    console.log(`[${prefix}] embedded PGlite (in memory)`);
    return { url: db.url, poolSize: EMBEDDED_POOL_SIZE, drop: db.stop };
  }
  const name = `evo_${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  console.log(`[${prefix}] Postgres server, fresh database ${name}`);
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

export type AppServer = { baseURL: string; process: ChildProcess; stop: () => Promise<void> };

/** `next start` from the existing build on a free port, ready once /api/health answers 200. */
export async function startAppServer(options: {
  database: FreshDatabase;
  secret: string;
  logName: string;
  baseURL?: string;
  env?: Record<string, string>;
}): Promise<AppServer> {
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const log = createWriteStream(path.join(RESULTS_DIR, options.logName));
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: options.database.url,
      ...(options.database.poolSize ? { DATABASE_POOL_SIZE: options.database.poolSize } : {}),
      BETTER_AUTH_SECRET: options.secret,
      BETTER_AUTH_URL: options.baseURL ?? baseURL,
      // A production server needs SMTP_URL or this; the tests that send mail pass their own.
      MAIL_DISABLED: "true",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const server = { baseURL, process: child, stop: () => stopProcess(child) };
  try {
    await waitForHealth(baseURL, child, options.logName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForHealth(baseURL: string, server: ChildProcess, logName: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`next start exited with ${server.exitCode}; see test-results/${logName}`);
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

async function stopProcess(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
