import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "./embedded-postgres";
import { migrateDeploy } from "./migrate-deploy.mjs";

// What `npm run dev` and `npm start` add when nothing is configured: the embedded database under
// .data/ with migrations applied, and a development secret generated once and kept there too.

export const DATA_DIR = path.resolve(process.cwd(), ".data");

function localSecret(): string {
  const file = path.join(DATA_DIR, "better-auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * `dev` always fills in what is missing. `start` with a DATABASE_URL is a real deployment and is
 * left alone: its secret must be configured, and its migrations applied by `prisma migrate deploy`.
 */
export async function prepareLocalEnvironment(
  mode: "dev" | "start",
): Promise<{ env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (mode === "start" && env.DATABASE_URL) return { env, stop: async () => {} };
  mkdirSync(DATA_DIR, { recursive: true });
  const port = Number(process.env.PORT ?? 3000);
  env.BETTER_AUTH_URL ??= `http://localhost:${port}`;
  env.BETTER_AUTH_SECRET ??= localSecret();
  // `npm start` is production, which sends mail only through SMTP_URL; trying the build locally
  // without one runs with mail switched off (the development outbox is `npm run dev`'s).
  if (mode === "start" && !env.SMTP_URL && env.MAIL_DISABLED === undefined) {
    env.MAIL_DISABLED = "true";
    console.log("[evo-todo] no SMTP_URL: mail is off (password reset and verification unavailable)");
  }

  let stop = async () => {};
  if (!env.DATABASE_URL) {
    const started = Date.now();
    const db = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "pglite") });
    env.DATABASE_URL = db.url;
    env.DATABASE_POOL_SIZE = EMBEDDED_POOL_SIZE;
    stop = db.stop;
    console.log(`[evo-todo] embedded Postgres (PGlite) in .data/pglite, ready in ${Date.now() - started} ms`);
  }
  await migrateDeploy(env.DATABASE_URL);
  console.log("[evo-todo] migrations applied");
  return { env, stop };
}
