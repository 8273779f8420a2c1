import "server-only";
import { jwtVerify } from "jose";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db/client";
import { appOrigin, env } from "@/lib/env";
import { KeySourceUnavailableError, KeyStore, type KeySource, type PublicJwk } from "./key-store";
import { revocations } from "./revocation/revocations";
import { CLOCK_SKEW_SECONDS, JWKS_REFRESH_COOLDOWN_MS, TOKEN_ALGORITHM, TOKEN_LIFETIME_SECONDS } from "./tokens";

export type AuthUser = { id: string; email: string | null; name: string | null };

/** Public keys straight from the `jwks` table, dropping keys retired longer than the grace period. */
export const databaseKeySource: KeySource = async () => {
  const rows = await prisma.jwks.findMany({ select: { id: true, publicKey: true, expiresAt: true } });
  const oldestLive = Date.now() - env.JWKS_GRACE_PERIOD * 1000;
  return rows
    .filter((row) => !row.expiresAt || row.expiresAt.getTime() > oldestLive)
    .map((row) => ({ ...(JSON.parse(row.publicKey) as PublicJwk), kid: row.id }));
};

/** Keys from a JWKS URL (`AUTH_JWKS_URL`), for verifiers that do not share the database. */
function remoteKeySource(url: string): KeySource {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000), cache: "no-store" });
    if (!response.ok) throw new Error(`JWKS fetch failed with HTTP ${response.status}`);
    const body = (await response.json()) as { keys?: PublicJwk[] };
    if (!Array.isArray(body.keys)) throw new Error("JWKS response has no keys array");
    return body.keys.filter((key) => typeof key.kid === "string");
  };
}

// One key store per process (kept on globalThis so every route bundle and dev reload shares it).
const globalForKeys = globalThis as unknown as { evoKeyStore?: KeyStore };
export const keyStore = (globalForKeys.evoKeyStore ??= new KeyStore(
  env.AUTH_JWKS_URL ? remoteKeySource(env.AUTH_JWKS_URL) : databaseKeySource,
  JWKS_REFRESH_COOLDOWN_MS,
));

/**
 * Tokens already verified, until they expire: a client repeats its token for up to 15 minutes, and
 * checking an Ed25519 signature again each time costs ~0.2 ms of CPU. Bounded; the oldest entry
 * goes first. A token is only ever found here by presenting exactly the same string.
 */
const VERIFIED_CACHE_SIZE = 10_000;
type VerifiedToken = { user: AuthUser; expiresAt: number; sid: string; iat: number };
const verified = new Map<string, VerifiedToken>();

function rememberVerified(token: string, entry: VerifiedToken) {
  if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
  verified.set(token, entry);
}

// A revocation also empties the cache of the tokens it covers (the check below would refuse them
// anyway; this frees them at once).
revocations.onRevoked(() => {
  for (const [token, entry] of verified) {
    if (revocations.isRevoked(entry.sid, entry.user.id, entry.iat)) verified.delete(token);
  }
});

function assertLive(entry: VerifiedToken): AuthUser {
  if (revocations.isRevoked(entry.sid, entry.user.id, entry.iat)) throw unauthorized();
  return entry.user;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

export function unauthorized(): ApiError {
  // One generic answer for every failure: the client learns nothing about why.
  return new ApiError("unauthorized", "A valid Bearer token is required.", {
    headers: { "www-authenticate": 'Bearer error="invalid_token"' },
  });
}

/**
 * The only way a task handler learns who is calling: verifies the `Authorization: Bearer` JWT
 * locally against the in-memory key set. Cookies and query strings are never read.
 */
export async function requireUser(request: Request): Promise<AuthUser> {
  const match = BEARER.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) throw unauthorized();
  const token = match[1];
  if (!revocations.loaded) await loadRevocations();
  const hit = verified.get(token);
  if (hit) {
    if (hit.expiresAt > Date.now()) return assertLive(hit);
    verified.delete(token);
  }
  try {
    const { payload } = await jwtVerify(token, keyStore.getKey, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: appOrigin,
      audience: appOrigin,
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: TOKEN_LIFETIME_SECONDS,
      requiredClaims: ["sub", "iat", "exp", "sid"],
    });
    if (typeof payload.sub !== "string" || payload.sub.length === 0) throw unauthorized();
    if (typeof payload.sid !== "string" || payload.sid.length === 0) throw unauthorized();
    const user = {
      id: payload.sub,
      email: typeof payload.email === "string" ? payload.email : null,
      name: typeof payload.name === "string" ? payload.name : null,
    };
    const entry = { user, expiresAt: (payload.exp! + CLOCK_SKEW_SECONDS) * 1000, sid: payload.sid, iat: payload.iat! };
    rememberVerified(token, entry);
    return assertLive(entry);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof KeySourceUnavailableError) {
      console.warn("[auth] key source unavailable:", (error.cause as Error | undefined)?.message);
      throw new ApiError("service_unavailable", "Cannot verify tokens right now. Try again shortly.", {
        headers: { "retry-after": "5" },
      });
    }
    throw unauthorized();
  }
}

/** The revocation set is read once before the first token is judged; without it none can be. */
async function loadRevocations(): Promise<void> {
  try {
    await revocations.start();
  } catch (error) {
    console.warn("[auth] revocations unavailable:", (error as Error).message);
    throw new ApiError("service_unavailable", "Cannot verify tokens right now. Try again shortly.", {
      headers: { "retry-after": "5" },
    });
  }
}
