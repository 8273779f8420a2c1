import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { EMBEDDED_POOL_SIZE } from "../../scripts/embedded-postgres.ts";
import { migrateDeploy } from "../../scripts/migrate-deploy.mjs";
import { postgresBackends } from "./cpu-time.mts";
import { canConnect, startWithHandshake } from "./processes.mts";

// The database under the benchmark: a fresh, uniquely named database on the Postgres server at
// 127.0.0.1:5432 (user postgres, trust auth) when one answers, dropped at the end; otherwise the
// embedded PGlite in a child process, which serves one session at a time (pool size 1, see
// scripts/embedded-postgres.ts).

export type BenchDatabase = {
  kind: "postgres" | "embedded";
  url: string;
  /** DATABASE_POOL_SIZE for the app, and the floor's pool size. */
  poolSize: number;
  server: { version: string; settings: Record<string, string> };
  /** The processes doing this database's work, for CPU time per request. */
  processes: () => number[];
  close: () => Promise<void>;
};

const SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const APP_DEFAULT_POOL_SIZE = 10; // lib/env.ts's DATABASE_POOL_SIZE default

export async function openDatabase(options: { embedded: boolean }): Promise<BenchDatabase> {
  let reason = "--embedded was given";
  if (!options.embedded) {
    if (await canConnect(5432)) {
      try {
        return await createServerDatabase();
      } catch (error) {
        reason = `127.0.0.1:5432 refused the benchmark (${(error as Error).message})`;
      }
    } else {
      reason = "nothing listens on 127.0.0.1:5432";
    }
  }
  console.log(`  using the embedded PGlite: ${reason}`);
  return startEmbedded();
}

async function createServerDatabase(): Promise<BenchDatabase> {
  const name = `evo_bench_${new Date().toISOString().slice(0, 10).replaceAll("-", "")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  return {
    kind: "postgres",
    url,
    poolSize: APP_DEFAULT_POOL_SIZE,
    server: await describeServer(url),
    processes: () => postgresBackends(name),
    close: async () => {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function startEmbedded(): Promise<BenchDatabase> {
  const script = fileURLToPath(new URL("../embedded-postgres-server.mts", import.meta.url));
  const { process: child, ready } = await startWithHandshake<{ url: string }>(
    "embedded Postgres",
    ["--import", "tsx", script],
    process.env,
  );
  return {
    kind: "embedded",
    url: ready.url,
    poolSize: Number(EMBEDDED_POOL_SIZE),
    server: await describeServer(ready.url),
    processes: () => [child.pid],
    close: () => child.stop(),
  };
}

async function describeServer(url: string): Promise<BenchDatabase["server"]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version = (await client.query<{ version: string }>("SELECT version()")).rows[0]?.version ?? "?";
    const settings: Record<string, string> = {};
    for (const name of ["shared_buffers", "synchronous_commit", "fsync", "max_connections", "work_mem"]) {
      settings[name] = (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? "?";
    }
    return { version, settings };
  } finally {
    await client.end();
  }
}

export { migrateDeploy };
