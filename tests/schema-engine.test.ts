import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import { startEmbeddedPostgres } from "../scripts/embedded-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The real Prisma CLI, through prisma.config.ts and scripts/prisma-schema-engine.mjs, against a
// database of its own: a fresh one on the Postgres server named by DATABASE_URL, or an in-memory
// PGlite when there is none (or it names a PGlite, which cannot host a second database).

const ROOT = path.resolve(import.meta.dirname, "..");
const PRISMA_CLI = createRequire(import.meta.url).resolve("prisma/build/index.js");
const TIMEOUT = 180_000;

type CliResult = { code: number | null; output: string; stdout: string };

function prisma(args: string[], databaseUrl: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: "1" };
  // Prove that prisma.config.ts alone finds the stand-in engine.
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [PRISMA_CLI, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, stdout }));
  });
}

async function isPGlite(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>("select version()");
    return /pglite|emscripten/i.test(rows[0]?.version ?? "");
  } finally {
    await client.end();
  }
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function startDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl && !(await isPGlite(serverUrl))) {
    const name = `schema_engine_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
    await onServer(serverUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      stop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  return startEmbeddedPostgres();
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("Prisma CLI through the schema engine stand-in", () => {
  let database: { url: string; stop: () => Promise<void> } | undefined;
  let scratch: string;
  const url = () => database!.url;

  beforeAll(async () => {
    database = await startDatabase();
    scratch = await mkdtemp(path.join(tmpdir(), "schema-engine-test-"));
  }, TIMEOUT);

  afterAll(async () => {
    await database?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }, TIMEOUT);

  it(
    "deploys every migration to an empty database, which status then reports up to date",
    async () => {
      const deploy = await prisma(["migrate", "deploy"], url());
      expect(deploy.output).toContain("All migrations have been successfully applied.");
      expect(deploy.code).toBe(0);

      const status = await prisma(["migrate", "status"], url());
      expect(status.output).toContain("Database schema is up to date!");
      expect(status.code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "reports a migration that is not applied yet",
    async () => {
      const copy = path.join(scratch, "pending");
      await cp(path.join(ROOT, "prisma"), copy, { recursive: true });
      const pending = "29991231235959_pending";
      await mkdir(path.join(copy, "migrations", pending));
      await writeFile(path.join(copy, "migrations", pending, "migration.sql"), "SELECT 1;\n");

      const status = await prisma(["migrate", "status", "--schema", path.join(copy, "schema.prisma")], url());
      expect(status.output).toMatch(/Following migrations? have not yet been applied:/);
      expect(status.output).toContain(pending);
      expect(status.code).toBe(1);
    },
    TIMEOUT,
  );

  const diff = (schema: string) =>
    prisma(
      [
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema",
        schema,
        "--script",
        "--exit-code",
      ],
      url(),
    );

  it(
    "has migrations that build exactly prisma/schema.prisma (else: `prisma migrate dev --name …`)",
    async () => {
      const result = await diff("prisma/schema.prisma");
      // On failure, stdout is the SQL a new migration needs.
      expect(result.stdout.trim(), result.output).toBe("-- This is an empty migration.");
      expect(result.code, result.output).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "notices a schema change that has no migration (the check above can fail)",
    async () => {
      const schema = path.join(scratch, "drifted.prisma");
      const original = await readFile(path.join(ROOT, "prisma/schema.prisma"), "utf8");
      await writeFile(schema, `${original}\nmodel DriftProbe {\n  id Int @id\n}\n`);

      const result = await diff(schema);
      expect(result.stdout).toContain('CREATE TABLE "DriftProbe"');
      expect(result.code, result.output).toBe(2);
    },
    TIMEOUT,
  );

  it(
    "reports an unreachable database with Prisma's P1001 message, not a stack trace",
    async () => {
      const port = await closedPort();
      const unreachable = `postgresql://postgres@127.0.0.1:${port}/postgres`;
      // `status` checks the connection through the engine's `cli` mode; `diff` goes straight to RPC.
      for (const args of [
        ["migrate", "status"],
        ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma"],
      ]) {
        const result = await prisma(args, unreachable);
        expect(result.output).toContain("P1001");
        expect(result.output).toContain(`Can't reach database server at \`127.0.0.1:${port}\``);
        expect(result.output).not.toMatch(/^\s+at /m);
        expect(result.code).toBe(1);
      }
    },
    TIMEOUT,
  );
});
