import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { jwt } from "better-auth/plugins/jwt";
import { prisma } from "@/lib/db/client";
import { appOrigin, env } from "@/lib/env";
import { authRateLimitStorage } from "@/lib/rate-limit";
import { changePasswordRevokesOthers, revocationDatabaseHooks, tokenPayload } from "./revocation/better-auth-hooks";
import {
  accountEmail,
  accountMailRateLimits,
  emailAndPasswordMailOptions,
  emailVerificationOptions,
  userLifecycleOptions,
} from "./account-email";
import { createSigningKeyOnce, listSigningKeys } from "./signing-keys";
import { TOKEN_ALGORITHM, TOKEN_CURVE, TOKEN_LIFETIME } from "./tokens";

export const auth = betterAuth({
  appName: "Evo-TODO",
  baseURL: env.BETTER_AUTH_URL,
  secret: env.BETTER_AUTH_SECRET,
  database: prismaAdapter(prisma, { provider: "postgresql" }),
  emailAndPassword: {
    enabled: true,
    minPasswordLength: 8,
    maxPasswordLength: 128,
    // Reset, verification and the sign-up notice: see ./account-email.ts.
    ...emailAndPasswordMailOptions,
  },
  emailVerification: emailVerificationOptions,
  user: userLifecycleOptions,
  // Sessions are read from the database on every /token call: a cookie cache would keep minting
  // tokens for a session that has ended (get-convex/better-auth issue 434).
  session: { cookieCache: { enabled: false } },
  databaseHooks: revocationDatabaseHooks,
  hooks: { before: changePasswordRevokesOthers },
  telemetry: { enabled: false },
  // Better Auth turns its Origin/CSRF check off under test runners; keep production behaviour
  // everywhere so the tests prove what production does.
  advanced: { disableOriginCheck: false },
  // On in every environment (Better Auth's default is production only), with shared counters.
  rateLimit: {
    enabled: true,
    window: env.RATE_LIMIT_AUTH_WINDOW,
    max: env.RATE_LIMIT_AUTH,
    customStorage: authRateLimitStorage,
    customRules: { ...accountMailRateLimits },
  },
  plugins: [
    jwt({
      jwks: {
        keyPairConfig: { alg: TOKEN_ALGORITHM, crv: TOKEN_CURVE },
        // Rotation is ours (lib/auth/signing-keys.ts): Better Auth's would sign with a new key
        // before other instances can know it. The grace period keeps retired keys in the JWKS.
        gracePeriod: env.JWKS_GRACE_PERIOD,
      },
      jwt: {
        issuer: appOrigin,
        audience: appOrigin,
        expirationTime: TOKEN_LIFETIME,
        // Only what a client needs; without this the token would carry the whole user record.
        definePayload: tokenPayload,
      },
      adapter: { createJwk: createSigningKeyOnce, getJwks: listSigningKeys },
      // Clients fetch tokens from /api/auth/token; signing one on every get-session is wasted work.
      disableSettingJwtHeader: true,
    }),
    accountEmail(),
    nextCookies(),
  ],
});
