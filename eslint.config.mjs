import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Where code runs is in its path: lib/client/ and components/ run in the browser, lib/shared/ runs
// on both sides, and the rest of lib/ (and app/, scripts/ and the root config files) runs on the
// server. Imports are resolved to files first, so a relative path cannot slip past a rule.
const BROWSER = ["./lib/client/**", "./components/**"];
const SHARED = ["./lib/shared/**"];
const SERVER = ["./lib/!(client|shared)/**", "./lib/*.ts", "./app/**", "./scripts/**", "./*.ts"];

export const boundaryZones = [
  {
    target: BROWSER,
    from: ["./lib/!(client|shared)/**", "./lib/*.ts", "./app/**", "./scripts/**", "./*.ts"],
    message: "Browser code (lib/client, components) may import only lib/client, lib/shared and components.",
  },
  {
    target: SERVER,
    from: ["./lib/client/**"],
    message: "Server code may not import lib/client (browser-only); move what both sides need to lib/shared.",
  },
  {
    target: ["./lib/**"],
    from: ["./components/**"],
    message: "lib/ may not import components/ (React views).",
  },
  {
    target: SHARED,
    from: ["./lib/!(shared)/**", "./lib/*.ts", "./app/**", "./components/**", "./scripts/**", "./*.ts"],
    message: "lib/shared runs on the server and in the browser: it may import only lib/shared.",
  },
];

// The marker packages: a module says where it runs, and that must agree with its folder.
function markerRule(globs, forbidden) {
  return {
    files: globs.map((glob) => glob.replace("./", "")),
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: forbidden.map((name) => ({ name, message: `${name} does not belong in this folder.` })) },
      ],
    },
  };
}

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.{ts,tsx,mts,js,mjs}"],
    rules: { "import/no-restricted-paths": ["error", { zones: boundaryZones }] },
  },
  markerRule(BROWSER, ["server-only"]),
  markerRule(SERVER, ["client-only"]),
  markerRule(SHARED, ["server-only", "client-only"]),
  globalIgnores([".next/**", ".data/**", "node_modules/**", "lib/db/generated/**", "next-env.d.ts", "bench/results/**", "bench/framework-floor/.next/**", "bench/framework-floor/next-env.d.ts"]),
]);
