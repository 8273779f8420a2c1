import "server-only";
import { z } from "zod";

// Every environment variable the server reads, validated once. Bad values fail fast with a message
// that names the variable, instead of surfacing later as a confusing runtime error.

const isBuild = process.env.NEXT_PHASE === "phase-production-build";
const isProduction = process.env.NODE_ENV === "production";

const url = z.url({ protocol: /^https?$/ });
const positiveInt = z.coerce.number().int().positive();
const flag = z
  .enum(["true", "false", "1", "0", ""], { message: "must be true or false" })
  .default("false")
  .transform((value) => value === "true" || value === "1");

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try `openssl rand -base64 32`)"),
  BETTER_AUTH_URL: url.default("http://localhost:3000"),
  AUTH_JWKS_URL: url.optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  // Signing-key rotation, in seconds. Unset: one key forever. The grace period keeps a retired key
  // in the JWKS so tokens it signed verify until they expire; it must exceed the token lifetime.
  JWKS_ROTATION_INTERVAL: positiveInt.optional(),
  JWKS_GRACE_PERIOD: positiveInt.min(900).default(2_592_000),
  // Per-user limit on the task API: RATE_LIMIT_TASKS requests per RATE_LIMIT_TASKS_WINDOW seconds.
  RATE_LIMIT_TASKS: positiveInt.default(300),
  RATE_LIMIT_TASKS_WINDOW: positiveInt.default(10),
  // Better Auth's limit on /api/auth/*: RATE_LIMIT_AUTH requests per RATE_LIMIT_AUTH_WINDOW seconds
  // per client IP (sign-in and sign-up have stricter built-in rules).
  RATE_LIMIT_AUTH: positiveInt.default(100),
  RATE_LIMIT_AUTH_WINDOW: positiveInt.default(60),
  // Rate-limit counters live in Postgres by default, or in Redis when this is set.
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  // Prefix of the event bus's channels (Postgres LISTEN or Redis pub/sub): deployments sharing one
  // Redis keep apart by giving each its own.
  EVENTS_CHANNEL_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{0,32}$/, "must be 0-32 of A-Z a-z 0-9 _ . : -").default("evo:"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Outgoing mail (lib/mail). Unset SMTP_URL outside production: messages go to .data/outbox/.
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/, "must be an address, e.g. Evo-TODO <no-reply@example.com>")
    .default("Evo-TODO <no-reply@localhost>"),
  MAIL_DISABLED: flag,
  REQUIRE_EMAIL_VERIFICATION: flag,
});

export type Env = z.infer<typeof schema>;

function readEnv(): Env {
  const source = { ...process.env };
  // `next build` evaluates route modules without a database or secret; nothing is served then.
  if (isBuild) {
    source.DATABASE_URL ??= "postgresql://build.invalid/build";
    source.BETTER_AUTH_SECRET ??= "build-time-placeholder-never-used-to-sign-anything";
  }
  if (!isProduction && !source.BETTER_AUTH_SECRET && !source.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL and BETTER_AUTH_SECRET are not set. Start the app with `npm run dev`, which provides both.",
    );
  }
  const parsed = schema
    .superRefine((value, context) => {
      // A production server that cannot send mail would accept reset requests and lose them.
      if (isProduction && !isBuild && !value.SMTP_URL && !value.MAIL_DISABLED) {
        context.addIssue({
          code: "custom",
          path: ["SMTP_URL"],
          message:
            "is required in production (or set MAIL_DISABLED=true: password reset and email verification are then unavailable)",
        });
      }
      if (value.REQUIRE_EMAIL_VERIFICATION && value.MAIL_DISABLED) {
        context.addIssue({
          code: "custom",
          path: ["REQUIRE_EMAIL_VERIFICATION"],
          message: "needs mail, but MAIL_DISABLED=true: nobody could ever verify an address",
        });
      }
    })
    .safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = readEnv();

/** The app's origin: the JWT issuer and audience, and Better Auth's base URL. */
export const appOrigin = new URL(env.BETTER_AUTH_URL).origin;
