import "server-only";
import { randomUUID } from "node:crypto";
import { symmetricEncrypt } from "better-auth/crypto";
import { generateExportedKeyPair, type jwt, type Jwk } from "better-auth/plugins/jwt";
import { prisma } from "@/lib/db/client";
import type { Jwks } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { keyStore } from "./require-user";
import { JWKS_REFRESH_COOLDOWN_MS, TOKEN_ALGORITHM, TOKEN_CURVE } from "./tokens";

// Signing keys: created exactly once, rotated without a window in which any instance rejects
// fresh tokens.
//
// A verifier learns a new `kid` by reloading its key set, at most once per cooldown (30 s). So a
// new key is *published* in the JWKS at once but *used for signing* only after PUBLISH_DELAY,
// twice the cooldown, when the keys it replaces retire: any instance that sees a token signed
// with it has either reloaded since it was published, or not reloaded for longer than the
// cooldown and may do so now.

export const PUBLISH_DELAY_MS = 2 * JWKS_REFRESH_COOLDOWN_MS;

// Any fixed 64-bit number; it names the lock that serialises key creation across processes.
const SIGNING_KEY_LOCK = 0x65766f5f6a776b73n; // "evo_jwks"

type JwksAdapter = NonNullable<NonNullable<Parameters<typeof jwt>[0]>["adapter"]>;
type EndpointContext = Parameters<NonNullable<JwksAdapter["getJwks"]>>[0];

const keyConfig = { alg: TOKEN_ALGORITHM, crv: TOKEN_CURVE } as const;

function toJwk(row: Jwks): Jwk {
  return {
    ...row,
    alg: (row.alg ?? undefined) as Jwk["alg"],
    crv: (row.crv ?? undefined) as Jwk["crv"],
    expiresAt: row.expiresAt ?? undefined,
  };
}

const isLive = (row: Jwks, now: number) => !row.expiresAt || row.expiresAt.getTime() > now;

/**
 * Better Auth mints the first signing key lazily, and concurrent first calls can each mint one
 * (better-auth issue 5663). Creating it under a Postgres advisory lock, after checking whether
 * another request or instance already made a live key, makes it exactly one.
 */
export async function createSigningKeyOnce(data: Omit<Jwk, "id">): Promise<Jwk> {
  const row = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`;
    const now = Date.now();
    const live = (await tx.jwks.findMany({ orderBy: { createdAt: "desc" } })).find((key) => isLive(key, now));
    return live ?? tx.jwks.create({ data: { ...data, id: randomUUID() } });
  });
  keyStore.invalidate();
  return toJwk(row);
}

/**
 * The key list Better Auth reads. The JWKS endpoint gets every key. Signing gets the *oldest* live
 * key only: during a rotation that is the retiring key, live until the new one may sign.
 * Also starts a rotation when the signing key is older than JWKS_ROTATION_INTERVAL.
 */
export async function listSigningKeys(ctx: EndpointContext): Promise<Jwk[]> {
  const rows = await prisma.jwks.findMany({ orderBy: { createdAt: "asc" } });
  if (ctx.path === "/jwks") return rows.map(toJwk);
  const now = Date.now();
  const signing = rows.find((row) => isLive(row, now));
  if (signing && !signing.expiresAt && env.JWKS_ROTATION_INTERVAL) {
    if (now - signing.createdAt.getTime() >= env.JWKS_ROTATION_INTERVAL * 1000) {
      rotateSigningKey().catch((error) => console.error("[auth] key rotation failed:", error));
    }
  }
  // None live: Better Auth mints the first key through createSigningKeyOnce.
  return signing ? [toJwk(signing)] : [];
}

/**
 * Publishes a new signing key now; it signs from PUBLISH_DELAY on, when the current keys retire.
 * Retired keys stay in the JWKS for JWKS_GRACE_PERIOD so the tokens they signed still verify.
 * A rotation already in progress (a key younger than PUBLISH_DELAY) is left to finish.
 */
export async function rotateSigningKey(): Promise<{ kid: string; signsFrom: Date; rotated: boolean }> {
  const { publicWebKey, privateWebKey } = await generateExportedKeyPair({ jwks: { keyPairConfig: keyConfig } });
  const privateKey = JSON.stringify(
    await symmetricEncrypt({ key: env.BETTER_AUTH_SECRET, data: JSON.stringify(privateWebKey) }),
  );
  const result = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`;
    const now = new Date();
    const signsFrom = new Date(now.getTime() + PUBLISH_DELAY_MS);
    // A live key with a retirement date means a rotation is under way: its successor is newest.
    const retiring = await tx.jwks.findFirst({ where: { expiresAt: { gt: now } }, orderBy: { expiresAt: "desc" } });
    if (retiring) {
      const successor = await tx.jwks.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      return { kid: successor.id, signsFrom: retiring.expiresAt!, rotated: false };
    }
    const { count: retired } = await tx.jwks.updateMany({
      where: { OR: [{ expiresAt: null }, { expiresAt: { gt: signsFrom } }] },
      data: { expiresAt: signsFrom },
    });
    const created = await tx.jwks.create({
      data: { id: randomUUID(), publicKey: JSON.stringify(publicWebKey), privateKey, createdAt: now, ...keyConfig },
    });
    // With no key to take over from, the new one signs at once.
    return { kid: created.id, signsFrom: retired ? signsFrom : now, rotated: true };
  });
  keyStore.invalidate();
  return result;
}
