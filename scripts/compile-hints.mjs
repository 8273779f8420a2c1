import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

// Run by `next build` after it compiles (next.config.ts, compiler.runAfterProductionCompile).
//
// V8 compiles a function the first time it runs, on the main thread. When a page starts, that is
// most of React's and the router's code, compiled inside the one long task that evaluates them:
// tens of milliseconds on a fast machine, several times that on a phone. A script whose first line
// is this comment has all its functions compiled eagerly instead, on a background thread while it
// downloads (V8's explicit compile hints, Chromium 136+; other engines ignore the comment). Only
// the chunks that pages load at start-up get it: chunks loaded on demand (zod, Better Auth's
// client) keep lazy compilation, as most of their functions never run.
const HINT = "//# allFunctionsCalledOnLoad\n";

function* clientReferenceManifests(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* clientReferenceManifests(file);
    else if (entry.name.endsWith("_client-reference-manifest.js")) yield file;
  }
}

/** The JavaScript files of the build that some page loads at start-up (relative to distDir). */
function startupChunks(distDir) {
  const buildManifest = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8"));
  const files = new Set(buildManifest.rootMainFiles);
  for (const manifest of clientReferenceManifests(path.join(distDir, "server", "app"))) {
    // Each manifest is a script that assigns globalThis.__RSC_MANIFEST[route].
    const context = vm.createContext({});
    vm.runInContext(readFileSync(manifest, "utf8"), context);
    for (const route of Object.values(context.__RSC_MANIFEST ?? {})) {
      for (const chunks of Object.values(route.entryJSFiles ?? {}))
        for (const chunk of chunks) files.add(chunk);
    }
  }
  return [...files].filter((file) => file.endsWith(".js"));
}

export function addCompileHints(distDir) {
  const files = startupChunks(distDir);
  if (files.length === 0)
    throw new Error(`compile hints: no start-up chunks found in ${distDir}'s manifests`);
  for (const file of files) {
    const full = path.join(distDir, file);
    const source = readFileSync(full, "utf8");
    if (!source.startsWith(HINT)) writeFileSync(full, HINT + source);
  }
  console.log(`  Compile hints added to ${files.length} start-up chunks`);
}
