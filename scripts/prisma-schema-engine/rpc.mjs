// The long-running mode: JSON-RPC 2.0 with the Prisma CLI, one JSON message per line on
// stdin/stdout, each request answered by the wasm engine method of the same name.
import { Console } from "node:console";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

import { createAdapterFactory } from "./adapter.mjs";
import { checkConnection, createDatabase } from "./connection.mjs";
import { loadSchemaEngineWasm, panicMessage } from "./wasm.mjs";

/** The native engine's error code for "look at error.data". */
const RPC_ERROR = 4466;

/** wasm SchemaEngine methods the CLI calls by the same name (see schema_engine.d.ts). */
const ENGINE_METHODS = new Set([
  "applyMigrations",
  "createMigration",
  "dbExecute",
  "debugPanic",
  "devDiagnostic",
  "diagnoseMigrationHistory",
  "diff",
  "ensureConnectionValidity",
  "evaluateDataLoss",
  "introspect",
  "introspectSql",
  "markMigrationApplied",
  "markMigrationRolledBack",
  "reset",
  "schemaPush",
]);

export function logLine(level, message, fields = {}) {
  return JSON.stringify({ level, target: "schema_engine::logger", fields: { message, ...fields } });
}

function rpcError(error, errorRegistry) {
  const panic = panicMessage(error);
  if (panic !== undefined) {
    return {
      code: RPC_ERROR,
      message: panic,
      data: { is_panic: true, message: panic, backtrace: error.stack },
    };
  }
  // User-facing engine errors carry a Prisma error code (P3005, P1001, …) and meta.
  const { code = null, meta = null } = error;
  // A JS exception inside the adapter reaches the engine only as "External error id#N"; the
  // original stays in the bound adapter factory's registry.
  const message = String(error.message).replace(
    /External error id#(\d+)/g,
    (text, id) => errorRegistry?.consumeError(Number(id))?.error?.message ?? text,
  );
  return {
    code: RPC_ERROR,
    message,
    data: { is_panic: false, message, error_code: code, meta },
  };
}

export async function serveRpc({ datamodels, datasource }) {
  // stdout is the protocol channel: keep any library's console output off it.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  const log = (line) => process.stderr.write(`${line.trimEnd()}\n`);

  let engine;
  let adapterFactory;
  const startEngine = async () => {
    if (!datasource?.url) throw new Error("No datasource URL: set datasource.url in prisma.config.ts.");
    const { SchemaEngine } = await loadSchemaEngineWasm();
    const files = await Promise.all(datamodels.map(async (path) => [path, await readFile(path, "utf8")]));
    adapterFactory = createAdapterFactory(datasource);
    try {
      return await SchemaEngine.new(
        { datamodels: files.length > 0 ? files : undefined },
        log,
        adapterFactory,
      );
    } catch (error) {
      // The engine connects on creation and reports failures without a Prisma error code;
      // ask the server directly so the CLI can show its usual P1001/P1003/… message.
      const coded = await checkConnection(datasource.url);
      throw coded?.code ? Object.assign(new Error(coded.message), { code: coded.code }) : error;
    }
  };

  // wasm createMigration/evaluateDataLoss read the migrations' schema from a cache that only
  // devDiagnostic/diagnoseMigrationHistory (which get a shadow database) fill; on a cold cache
  // they fail with "PostgreSQL shadow DB must be provided through an external factory".
  // `prisma migrate dev` calls devDiagnostic first, so this only fills the cache for other orders.
  const COLD_MIGRATIONS_CACHE = "shadow DB must be provided through an external factory";
  const withMigrationsCache = async (method, input) => {
    try {
      return await engine[method](input);
    } catch (error) {
      if (!String(error.message).includes(COLD_MIGRATIONS_CACHE)) throw error;
      const { migrationsList, filters } = input;
      await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: true, filters });
      return engine[method](input);
    }
  };

  // Requests we send to the CLI (only "print"), awaiting its answer on stdin.
  let nextOwnId = 1;
  const pendingPrints = new Map();
  const print = (content) =>
    new Promise((resolve) => {
      const id = `print-${nextOwnId++}`;
      pendingPrints.set(id, resolve);
      send({ id, method: "print", params: { content } });
    });

  // Requests that need more than passing params to the engine method of the same name.
  const handlers = {
    getDatabaseVersion: () => engine.version(),
    // The CLI prints a diff only when asked to through a "print" request; the wasm engine
    // returns it instead.
    async diff(params) {
      const { stdout, exitCode } = await engine.diff(params);
      if (stdout) await print(stdout.replace(/\n$/, ""));
      return { exitCode, stdout: null };
    },
    createMigration: (input) => withMigrationsCache("createMigration", input),
    evaluateDataLoss: (input) => withMigrationsCache("evaluateDataLoss", input),
  };

  const call = async (method, params) => {
    if (method === "createDatabase") {
      // Not in the wasm engine, which only ever talks to an existing database.
      const url = params?.datasource?.tag === "ConnectionString" ? params.datasource.url : datasource?.url;
      return { databaseName: await createDatabase(url) };
    }
    if (!handlers[method] && !ENGINE_METHODS.has(method)) {
      throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
    }
    engine ??= await startEngine();
    const result = handlers[method] ? await handlers[method](params) : await engine[method](params);
    return result ?? {};
  };

  // The wasm engine is not reentrant (&mut self), so requests run one after the other.
  let queue = Promise.resolve();
  const handle = (request) => {
    queue = queue.then(async () => {
      try {
        send({ id: request.id, result: await call(request.method, request.params) });
      } catch (error) {
        const payload = error.rpcCode
          ? { code: error.rpcCode, message: error.message }
          : rpcError(error, adapterFactory?.errorRegistry);
        send({ id: request.id, error: payload });
        // After a panic the wasm instance is unusable; exit like the native engine does.
        if (payload.data?.is_panic) process.exit(101);
      }
    });
  };

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      log(logLine("ERROR", `Could not parse JSON-RPC message: ${line.slice(0, 200)}`));
      continue;
    }
    if (message.method) {
      handle(message);
    } else if (pendingPrints.has(message.id)) {
      pendingPrints.get(message.id)();
      pendingPrints.delete(message.id);
    }
  }
  // stdin closed: the CLI is done with us.
  await queue;
}
