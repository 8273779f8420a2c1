// Loads @prisma/schema-engine-wasm without `--experimental-wasm-modules`: its entry point does
// `import * as wasm from "./schema_engine_bg.wasm"`, which plain Node cannot import, so we
// instantiate the module ourselves and wire its JS glue in as the import object.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const GLUE = "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * The Rust panic hook reports the panic message through this global before the wasm traps with
 * "unreachable"; without it every panic surfaces as
 * "Cannot read properties of undefined (reading 'set_message')".
 */
const panicRegistry = {
  message: "",
  set_message(message) {
    this.message = message;
  },
  get() {
    return this.message;
  },
};

let loading;

/** @returns {Promise<typeof import("@prisma/schema-engine-wasm/schema_engine_bg")>} */
export function loadSchemaEngineWasm() {
  loading ??= (async () => {
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;
    const glue = await import(GLUE);
    // The package's "exports" only lists the JS files; the .wasm sits next to the glue.
    const wasmPath = fileURLToPath(import.meta.resolve(GLUE)).replace(/\.js$/, ".wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      "./schema_engine_bg.js": glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return glue;
  })();
  return loading;
}

/** A wasm panic traps as a RuntimeError; the message the hook saved is the useful part. */
export function panicMessage(error) {
  if (!(error instanceof WebAssembly.RuntimeError)) return undefined;
  return globalThis.PRISMA_WASM_PANIC_REGISTRY?.get() || error.message;
}
