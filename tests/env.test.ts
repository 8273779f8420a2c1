import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// lib/env.ts validates the environment once, at start-up, and stops with a message naming the
// variable. Each case loads it in a fresh Node process with exactly the given variables.

const envModule = path.resolve(import.meta.dirname, "../lib/env.ts");

function loadEnv(vars: Record<string, string>) {
  // react-server: the condition under which `server-only` (imported by lib/env.ts) loads, as in Next.js.
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "-e", `await import(${JSON.stringify(envModule)})`], {
    // Exactly these variables: Next.js types make NODE_ENV mandatory on ProcessEnv, hence the cast.
    env: { PATH: process.env.PATH, ...vars } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return { ok: result.status === 0, stderr: result.stderr };
}

const base = {
  DATABASE_URL: "postgresql://db.example/app",
  BETTER_AUTH_SECRET: "a-production-secret-of-at-least-32-chars",
};

describe("environment validation", () => {
  it.each([
    ["a complete production environment", { NODE_ENV: "production", ...base, SMTP_URL: "smtps://u:p@smtp.example.com" }, null],
    ["production with mail switched off", { NODE_ENV: "production", ...base, MAIL_DISABLED: "true" }, null],
    ["production without SMTP_URL", { NODE_ENV: "production", ...base }, "SMTP_URL: is required in production"],
    ["an SMTP_URL that is not smtp:// or smtps://", { ...base, SMTP_URL: "http://mail.example.com" }, "SMTP_URL: must be an smtp://"],
    ["a MAIL_FROM that is not an address", { ...base, MAIL_FROM: "Evo-TODO" }, "MAIL_FROM"],
    ["a MAIL_DISABLED that is not a boolean", { ...base, MAIL_DISABLED: "maybe" }, "MAIL_DISABLED"],
    ["verification required with mail switched off", { ...base, MAIL_DISABLED: "true", REQUIRE_EMAIL_VERIFICATION: "true" }, "REQUIRE_EMAIL_VERIFICATION"],
    ["no BETTER_AUTH_SECRET in production", { NODE_ENV: "production", DATABASE_URL: base.DATABASE_URL }, "BETTER_AUTH_SECRET"],
    ["a short BETTER_AUTH_SECRET", { ...base, BETTER_AUTH_SECRET: "short" }, "BETTER_AUTH_SECRET: must be at least 32"],
    ["no DATABASE_URL", { NODE_ENV: "production", BETTER_AUTH_SECRET: base.BETTER_AUTH_SECRET }, "DATABASE_URL"],
    ["a DATABASE_URL that is not Postgres", { ...base, DATABASE_URL: "mysql://x/y" }, "DATABASE_URL: must be a postgres"],
    ["a BETTER_AUTH_URL that is not a URL", { ...base, BETTER_AUTH_URL: "localhost" }, "BETTER_AUTH_URL"],
    ["a JWKS grace period shorter than a token's life", { ...base, JWKS_GRACE_PERIOD: "60" }, "JWKS_GRACE_PERIOD"],
    ["a non-numeric rate limit", { ...base, RATE_LIMIT_TASKS: "lots" }, "RATE_LIMIT_TASKS"],
    ["a REDIS_URL that is not redis://", { ...base, REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL"],
  ])("%s", (_name, vars, message) => {
    const { ok, stderr } = loadEnv(vars as Record<string, string>);
    if (message === null) {
      expect(stderr).toBe("");
      expect(ok).toBe(true);
    } else {
      expect(ok).toBe(false);
      expect(stderr).toContain("Invalid environment");
      expect(stderr).toContain(message);
    }
  });
});
