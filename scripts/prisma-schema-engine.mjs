#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, which the Prisma CLI downloads from
// binaries.prisma.sh on every command — unreachable here. prisma.config.ts points
// PRISMA_SCHEMA_ENGINE_BINARY at this script, so unchanged `prisma migrate …` and `prisma db push`
// run the official @prisma/schema-engine-wasm in-process on a Postgres driver adapter instead.
//
// The CLI starts it in one of two ways:
//   --datamodels <file>… --datasource '{"url":…,"shadowDatabaseUrl":…}'   JSON-RPC on stdin/stdout
//   --datasource '{"url":…}' cli can-connect-to-database|create-database|drop-database
// Anything the CLI should show goes to stderr as the native engine's JSON log lines.
import { parseArgs } from "node:util";

import {
  checkConnection,
  connectionError,
  createDatabase,
  dropDatabase,
} from "./prisma-schema-engine/connection.mjs";
import { logLine, serveRpc } from "./prisma-schema-engine/rpc.mjs";
import { loadSchemaEngineWasm } from "./prisma-schema-engine/wasm.mjs";

function fail(message, errorCode) {
  process.stderr.write(`${logLine("ERROR", message, errorCode ? { error_code: errorCode } : {})}\n`);
  process.exit(1);
}

async function runCliCommand(command, url) {
  // The CLI parses every stderr line but the first as JSON, so lead with a throw-away line.
  process.stderr.write(`${logLine("INFO", `Running schema engine command: ${command}`)}\n`);
  if (!url) fail("No datasource URL given.");
  try {
    switch (command) {
      case "can-connect-to-database": {
        const error = await checkConnection(url);
        if (error) fail(error.message, error.code);
        return;
      }
      case "create-database":
        process.stdout.write(`Database '${await createDatabase(url)}' was successfully created.\n`);
        return;
      case "drop-database":
        process.stdout.write(`The database '${await dropDatabase(url)}' was successfully dropped.\n`);
        return;
      default:
        fail(`Unknown schema engine command: ${command}`);
    }
  } catch (error) {
    const coded = connectionError(error, url);
    fail(coded?.message ?? error.message, coded?.code);
  }
}

async function main() {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        datamodels: { type: "string", multiple: true, default: [] },
        datasource: { type: "string" },
        "enabled-preview-features": { type: "string" },
        "extension-types": { type: "string" },
        version: { type: "boolean", short: "V" },
      },
    });
  } catch (error) {
    fail(error.message);
  }
  const { values, positionals } = args;

  if (values.version) {
    const { version } = await loadSchemaEngineWasm();
    process.stdout.write(`schema-engine-wasm ${version()}\n`);
    return;
  }

  let datasource;
  try {
    datasource = values.datasource ? JSON.parse(values.datasource) : undefined;
  } catch {
    fail("--datasource is not valid JSON.");
  }

  if (positionals[0] === "cli") return runCliCommand(positionals[1], datasource?.url);
  if (positionals.length > 0) fail(`Unexpected arguments: ${positionals.join(" ")}`);
  await serveRpc({ datamodels: values.datamodels, datasource });
  // Pools to the database would keep the process alive after the CLI hangs up.
  process.exit(0);
}

await main();
