import { exportJWK, generateKeyPair, type JWTHeaderParameters } from "jose";
import { describe, expect, it } from "vitest";
import { KeySourceUnavailableError, KeyStore, UnknownKeyError, type PublicJwk } from "@/lib/auth/key-store";

// The key cache on its own, with a counting key source and a hand-driven clock.

async function publicJwk(kid: string): Promise<PublicJwk> {
  const { publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return { ...(await exportJWK(publicKey)), kid, alg: "EdDSA" };
}

function harness(initial: PublicJwk[]) {
  let keys = initial;
  let failing = false;
  let clock = 0;
  const source = {
    loads: 0,
    set: (next: PublicJwk[]) => (keys = next),
    fail: (value: boolean) => (failing = value),
  };
  const store = new KeyStore(
    async () => {
      source.loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failing) throw new Error("connection refused");
      return keys;
    },
    30_000,
    () => clock,
  );
  return { store, source, advance: (ms: number) => (clock += ms) };
}

const header = (kid: string, alg = "EdDSA"): JWTHeaderParameters => ({ alg, kid });

describe("KeyStore", () => {
  it("loads once, then serves known kids from memory", async () => {
    const a = await publicJwk("a");
    const { store, source } = harness([a]);
    await store.getKey(header("a"));
    for (let i = 0; i < 50; i += 1) await store.getKey(header("a"));
    expect(source.loads).toBe(1);
  });

  it("shares one load among concurrent requests for an unknown kid", async () => {
    const { store, source } = harness([await publicJwk("a")]);
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => store.getKey(header("zzz"))));
    expect(results.every((result) => result.status === "rejected" && result.reason instanceof UnknownKeyError)).toBe(true);
    expect(source.loads).toBe(1);
  });

  it("reloads for an unknown kid at most once per 30 s, and finds keys minted since", async () => {
    const a = await publicJwk("a");
    const b = await publicJwk("b");
    const { store, source, advance } = harness([a]);
    await store.getKey(header("a"));
    source.set([a, b]);
    advance(10_000);
    await expect(store.getKey(header("b"))).rejects.toBeInstanceOf(UnknownKeyError);
    expect(source.loads).toBe(1);
    advance(20_000);
    await expect(store.getKey(header("b"))).resolves.toBeDefined();
    expect(source.loads).toBe(2);
    expect(store.refreshCount).toBe(2);
  });

  it("reloads at once after invalidate(), e.g. when this process minted a key", async () => {
    const a = await publicJwk("a");
    const { store, source } = harness([a]);
    await store.getKey(header("a"));
    source.set([a, await publicJwk("b")]);
    store.invalidate();
    await expect(store.getKey(header("b"))).resolves.toBeDefined();
  });

  it("keeps cached keys working while the source is down, and says 503 for unknown kids", async () => {
    const a = await publicJwk("a");
    const { store, source, advance } = harness([a]);
    await store.getKey(header("a"));
    source.fail(true);
    advance(31_000);
    await expect(store.getKey(header("new"))).rejects.toBeInstanceOf(KeySourceUnavailableError);
    await expect(store.getKey(header("a"))).resolves.toBeDefined();
    // Still down, within the cooldown: no new attempt, still "unavailable" rather than "forged".
    await expect(store.getKey(header("new"))).rejects.toBeInstanceOf(KeySourceUnavailableError);
    expect(source.loads).toBe(2);
    // The source is back: the next reload after the cooldown recovers.
    source.fail(false);
    advance(31_000);
    await expect(store.getKey(header("new"))).rejects.toBeInstanceOf(UnknownKeyError);
    expect(source.loads).toBe(3);
  });

  it("accepts EdDSA Ed25519 public keys only", async () => {
    const okp = await publicJwk("okp");
    const { publicKey: ec } = await generateKeyPair("ES256", { extractable: true });
    const ecJwk = { ...(await exportJWK(ec)), kid: "ec", alg: "ES256" };
    const { store } = harness([okp, ecJwk as PublicJwk]);
    await expect(store.getKey(header("okp", "HS256"))).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(store.getKey(header("okp", "none"))).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(store.getKey(header("ec", "ES256"))).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(store.getKey(header("okp"))).resolves.toBeDefined();
  });
});
