import "server-only";
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { LeasedQuota } from "@/lib/quota-lease";
import { redis } from "@/lib/redis";

// Rate limits with rate-limiter-flexible. Counters live in the shared store (Postgres, or Redis
// when REDIS_URL is set), never only in this process, so instances behind a load balancer share
// them. Both the task API's per-user limit and Better Auth's per-IP rules run through here.

export function createLimiter(keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const options = { keyPrefix, points, duration };
  if (redis) return new RateLimiterRedis({ ...options, storeClient: redis });
  // One INSERT … ON CONFLICT per request on the app's own pool; the table comes from the migrations.
  // The statements are sent unnamed: the embedded PGlite shares one session among all connections,
  // where a second connection preparing the same named statement would fail.
  const unnamed = { query: (query: pg.QueryConfig) => pool.query({ text: query.text, values: query.values }) };
  return new RateLimiterPostgres({
    ...options,
    storeClient: unnamed,
    storeType: "pool",
    tableName: "rate_limit_bucket",
    tableCreated: true,
    clearExpiredByTimeout: true,
  });
}

type Consumed = { allowed: true; retryAfter: null } | { allowed: false; retryAfter: number };

const limiters = new Map<string, RateLimiterAbstract>();

/** Spends one point of `key` under a `max` per `window` seconds rule. */
export async function consume(scope: string, key: string, max: number, window: number): Promise<Consumed> {
  const id = `${scope}:${max}:${window}`;
  let limiter = limiters.get(id);
  if (!limiter) limiters.set(id, (limiter = createLimiter(id, max, window)));
  try {
    await limiter.consume(key);
    return { allowed: true, retryAfter: null };
  } catch (result) {
    if (result instanceof RateLimiterRes) {
      return { allowed: false, retryAfter: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
    }
    throw result;
  }
}

// The task quota takes its points from the shared counter in leases (lib/quota-lease.ts), so most
// requests cost no store round trip. One per process (on globalThis, so every route bundle shares
// it and no bundle strands points of its own).
const globalForQuota = globalThis as unknown as { evoTaskQuotas?: Map<string, LeasedQuota> };
function taskQuota(): LeasedQuota {
  const id = `tasks:${env.RATE_LIMIT_TASKS}:${env.RATE_LIMIT_TASKS_WINDOW}`;
  const quotas = (globalForQuota.evoTaskQuotas ??= new Map());
  let quota = quotas.get(id);
  if (!quota) {
    quota = new LeasedQuota(createLimiter(id, env.RATE_LIMIT_TASKS, env.RATE_LIMIT_TASKS_WINDOW), env.RATE_LIMIT_TASKS);
    quotas.set(id, quota);
  }
  return quota;
}

/** Spends one request of the user's task-API quota, or throws a 429 that says when to come back. */
export async function consumeTaskQuota(userId: string): Promise<void> {
  const result = await taskQuota().consume(userId);
  if (!result.allowed) {
    const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    throw new ApiError("rate_limited", `Too many requests. Try again in ${retryAfter} s.`, {
      headers: { "retry-after": String(retryAfter) },
    });
  }
}

/** Better Auth's `rateLimit.customStorage`: its per-IP rules, on the same shared counters. */
export const authRateLimitStorage = {
  consume: (key: string, rule: { window: number; max: number }) => consume("auth", key, rule.max, rule.window),
};
