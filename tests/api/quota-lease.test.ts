import { randomBytes } from "node:crypto";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { LeasedQuota, maxLeaseFor } from "@/lib/quota-lease";
import { createLimiter } from "@/lib/rate-limit";

// The task quota's leases, on the real shared store (the test database's rate-limit table): two
// LeasedQuota objects on one store stand for two instances of the app.

/** The shared store, counting how often it is asked. */
function sharedStore(max: number, windowSeconds: number) {
  const limiter = createLimiter(`lease-test-${randomBytes(4).toString("hex")}:${max}`, max, windowSeconds);
  const calls = { count: 0 };
  const counted = new Proxy(limiter, {
    get(target, property, receiver) {
      if (property === "consume") {
        return (key: string, points?: number) => {
          calls.count += 1;
          return target.consume(key, points);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  }) as RateLimiterAbstract;
  return { store: counted, calls };
}

async function spend(quota: LeasedQuota, key: string, times: number) {
  const decisions = [];
  for (let i = 0; i < times; i += 1) decisions.push(await quota.consume(key));
  return decisions;
}

describe("leased task quota", () => {
  it("sizes leases from the limit: small limits are the shared counter itself", () => {
    expect(maxLeaseFor(5)).toBe(1);
    expect(maxLeaseFor(31)).toBe(1);
    expect(maxLeaseFor(300)).toBe(9);
    expect(maxLeaseFor(1_000_000_000)).toBe(100);
  });

  it("asks the shared store for batches instead of once per request", async () => {
    const { store, calls } = sharedStore(10_000, 60);
    const quota = new LeasedQuota(store, 10_000);
    const decisions = await spend(quota, "steady-user", 1_000);
    expect(decisions.every((decision) => decision.allowed)).toBe(true);
    // 1, 2, 4, … 64, then batches of 100 (the cap for 10,000): 7 + 10 leases for 1,000 requests.
    expect(calls.count).toBeLessThanOrEqual(20);
  });

  it("two instances together never admit more than the limit, and at most one lease less", async () => {
    const max = 320;
    const { store } = sharedStore(max, 60);
    const a = new LeasedQuota(store, max);
    const b = new LeasedQuota(store, max);
    expect(a.maxLease).toBe(10);
    let admitted = 0;
    // Alternate between the instances, with bursts of concurrent requests on each.
    for (let round = 0; round < 40; round += 1) {
      const instance = round % 2 ? a : b;
      const burst = await Promise.all(Array.from({ length: 12 }, () => instance.consume("shared-user")));
      admitted += burst.filter((decision) => decision.allowed).length;
    }
    expect(admitted).toBeLessThanOrEqual(max);
    expect(admitted).toBeGreaterThanOrEqual(max - a.maxLease);

    for (const instance of [a, b]) {
      const refused = await instance.consume("shared-user");
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) {
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    }
    // Another user is unaffected.
    expect((await a.consume("other-user")).allowed).toBe(true);
  });

  it("admits exactly the limit under concurrent requests on one instance", async () => {
    const max = 200;
    const { store } = sharedStore(max, 60);
    const quota = new LeasedQuota(store, max);
    const decisions = await Promise.all(Array.from({ length: 260 }, () => quota.consume("busy-user")));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(max);
  });

  it("starts a new window with the store's, and the refused user gets in again", async () => {
    const max = 3;
    const { store } = sharedStore(max, 1);
    const quota = new LeasedQuota(store, max);
    expect((await spend(quota, "patient-user", 4)).map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    const refused = await quota.consume("patient-user");
    expect(refused.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, refused.allowed ? 0 : refused.retryAfterMs + 50));
    await expect.poll(async () => (await quota.consume("patient-user")).allowed, { timeout: 5_000, interval: 200 }).toBe(true);
  });
});
