import { fileURLToPath } from "node:url";

import { defineConfig } from "prisma/config";

// The CLI would download a native schema engine from binaries.prisma.sh for every migrate/db
// command; this script runs the official wasm engine instead (see the script's header).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL("./scripts/prisma-schema-engine.mjs", import.meta.url),
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: {
    // Not `env("DATABASE_URL")`, which throws when it is unset: `prisma generate` (postinstall)
    // needs no database. The placeholder is only for that; set DATABASE_URL for anything that
    // connects (migrate, db push), or it goes to a local server's `postgres` database.
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/postgres",
  },
});
