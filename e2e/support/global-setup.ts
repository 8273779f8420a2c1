import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "../../scripts/migrate-deploy.mjs";
import { freshDatabase, startAppServer } from "./server";

// Starts what a person would reach: the production build (`next start`) on a free port, on a fresh
// database — a new database on the server named by DATABASE_URL when it is set, else an in-memory
// PGlite — with migrations applied. Everything is stopped and dropped afterwards.

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build in .next/: run `npm run build` before `npm run test:e2e`.");
  }
  if (!existsSync("/usr/bin/chromium")) {
    throw new Error("Chromium is missing: `apt-get update && apt-get install -y chromium`.");
  }

  const database = await freshDatabase("e2e");
  try {
    await migrateDeploy(database.url);
    const server = await startAppServer({
      database,
      secret: randomBytes(32).toString("base64url"),
      logName: "e2e-server.log",
    });
    console.log(`[e2e] production build serving ${server.baseURL}`);
    project.provide("baseURL", server.baseURL);
    return async () => {
      await server.stop();
      await database.drop();
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
