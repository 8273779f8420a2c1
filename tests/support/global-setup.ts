import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { migrateDeploy } from "../../scripts/migrate-deploy.mjs";

// The suite runs against a real Postgres engine: a fresh database on the server named by
// DATABASE_URL when it is set, otherwise an in-memory PGlite served on a free loopback port.

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databasePoolSize: string;
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  let databaseUrl: string;
  let poolSize = "8";
  let teardown: () => Promise<void>;

  if (serverUrl) {
    const name = `evo_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    // A database whose default time zone is not UTC: timestamps must not depend on it.
    await admin.query(`ALTER DATABASE "${name}" SET timezone TO 'America/New_York'`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    teardown = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    };
    console.log(`[tests] Postgres server, fresh database ${name}`);
  } else {
    const db = await startEmbeddedPostgres();
    databaseUrl = db.url;
    poolSize = EMBEDDED_POOL_SIZE;
    teardown = db.stop;
    console.log("[tests] embedded PGlite (in memory)");
  }

  await migrateDeploy(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("databasePoolSize", poolSize);
  return teardown;
}
