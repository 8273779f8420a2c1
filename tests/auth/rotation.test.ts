import { decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as tasks from "@/app/api/tasks/route";
import { KeyStore } from "@/lib/auth/key-store";
import { databaseKeySource } from "@/lib/auth/require-user";
import { PUBLISH_DELAY_MS, rotateSigningKey } from "@/lib/auth/signing-keys";
import { prisma } from "@/lib/db/client";
import { call, getToken, ORIGIN, signUp, type TestUser } from "../support/api";

// Rotation publishes a key at once and signs with it only after PUBLISH_DELAY. Time is moved by
// editing the key rows' timestamps, as if the delay (or the grace period) had passed.

const kidOf = (token: string) => decodeProtectedHeader(token).kid as string;
const jwksKids = async () => {
  const response = await authRoute.GET(new Request(`${ORIGIN}/api/auth/jwks`));
  return ((await response.json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
};
const list = (token: string) => call(tasks.GET, "GET", "/api/tasks", { token });

/** Moves a key's creation (and any retirement) into the past by `ms`. */
async function age(ms: number) {
  await prisma.$executeRaw`UPDATE "jwks" SET "createdAt" = "createdAt" - ${ms} * interval '1 millisecond',
    "expiresAt" = "expiresAt" - ${ms} * interval '1 millisecond'`;
}

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
});

describe("signing-key rotation", () => {
  it("publishes the new key at once, signs with it after the delay, and keeps old tokens valid", async () => {
    const oldToken = user.token;
    const oldKid = kidOf(oldToken);
    const { kid: newKid, rotated } = await rotateSigningKey();
    expect(rotated).toBe(true);

    // Published now, not yet signing.
    expect(await jwksKids()).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect(kidOf(await getToken(user.cookie))).toBe(oldKid);

    // A second rotation during the delay is the same rotation.
    expect(await rotateSigningKey()).toMatchObject({ kid: newKid, rotated: false });

    // Another instance that reloaded its keys at any time since publication knows the new kid.
    const otherInstance = new KeyStore(databaseKeySource, 30_000);
    await otherInstance.getKey({ alg: "EdDSA", kid: oldKid });

    await age(PUBLISH_DELAY_MS + 1_000);
    const newToken = await getToken(user.cookie);
    expect(kidOf(newToken)).toBe(newKid);
    await expect(otherInstance.getKey({ alg: "EdDSA", kid: newKid })).resolves.toBeDefined();
    expect(otherInstance.refreshCount).toBe(1);

    expect((await list(newToken)).status).toBe(200);
    expect((await list(oldToken)).status).toBe(200);
    expect(await jwksKids()).toEqual(expect.arrayContaining([oldKid, newKid]));
  });

  it("drops a retired key once the grace period is over", async () => {
    const token = await getToken(user.cookie);
    const retiredKid = kidOf(token);
    await rotateSigningKey();
    await age(PUBLISH_DELAY_MS + 31 * 24 * 60 * 60 * 1000);
    expect(await jwksKids()).not.toContain(retiredKid);
    const fresh = new KeyStore(databaseKeySource, 30_000);
    await expect(fresh.getKey({ alg: "EdDSA", kid: retiredKid })).rejects.toThrow();
  });
});
