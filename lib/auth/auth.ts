import "server-only";
import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { jwt, type Jwk } from "better-auth/plugins/jwt";
import { prisma } from "@/lib/db/client";
import { appOrigin, env } from "@/lib/env";
import { authRateLimitStorage } from "@/lib/rate-limit";
import { keyStore } from "./require-user";
import { TOKEN_ALGORITHM, TOKEN_CURVE, TOKEN_LIFETIME } from "./tokens";

// Any fixed 64-bit number; it names the lock that serialises signing-key creation across processes.
const SIGNING_KEY_LOCK = 0x65766f5f6a776b73n; // "evo_jwks"

/**
 * Better Auth mints the first signing key lazily, and concurrent first calls can each mint one
 * (better-auth issue 5663). Creating it under a Postgres advisory lock, after checking whether
 * another request or instance already made a live key, makes it exactly one.
 */
async function createSigningKeyOnce(data: Omit<Jwk, "id">): Promise<Jwk> {
  const row = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`;
    const now = new Date();
    const live = await tx.jwks.findFirst({
      where: { OR: [{ alg: data.alg ?? TOKEN_ALGORITHM }, { alg: null }], AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }] },
      orderBy: { createdAt: "desc" },
    });
    return live ?? tx.jwks.create({ data: { ...data, id: randomUUID() } });
  });
  keyStore.invalidate();
  return {
    ...row,
    alg: (row.alg ?? undefined) as Jwk["alg"],
    crv: (row.crv ?? undefined) as Jwk["crv"],
    expiresAt: row.expiresAt ?? undefined,
  };
}

export const auth = betterAuth({
  appName: "Evo-TODO",
  baseURL: env.BETTER_AUTH_URL,
  secret: env.BETTER_AUTH_SECRET,
  database: prismaAdapter(prisma, { provider: "postgresql" }),
  emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128 },
  telemetry: { enabled: false },
  // On in every environment (Better Auth's default is production only), with shared counters.
  rateLimit: {
    enabled: true,
    window: env.RATE_LIMIT_AUTH_WINDOW,
    max: env.RATE_LIMIT_AUTH,
    customStorage: authRateLimitStorage,
  },
  plugins: [
    jwt({
      jwks: {
        keyPairConfig: { alg: TOKEN_ALGORITHM, crv: TOKEN_CURVE },
        rotationInterval: env.JWKS_ROTATION_INTERVAL,
        gracePeriod: env.JWKS_GRACE_PERIOD,
      },
      jwt: {
        issuer: appOrigin,
        audience: appOrigin,
        expirationTime: TOKEN_LIFETIME,
        // Only what a client needs; without this the token would carry the whole user record.
        definePayload: ({ user }) => ({ email: user.email, name: user.name }),
      },
      adapter: { createJwk: createSigningKeyOnce },
      // Clients fetch tokens from /api/auth/token; signing one on every get-session is wasted work.
      disableSettingJwtHeader: true,
    }),
    nextCookies(),
  ],
});
