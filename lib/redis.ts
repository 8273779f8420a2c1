import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/env";

// One Redis connection per process, only when REDIS_URL is set. No offline queue: when Redis is
// down a command fails at once instead of piling up behind a reconnect.

function createRedis(url: string): Redis {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  client.on("error", (error) => console.warn("[redis]", error.message));
  return client;
}

const globalForRedis = globalThis as unknown as { evoRedis?: Redis };
export const redis: Redis | null = env.REDIS_URL ? (globalForRedis.evoRedis ??= createRedis(env.REDIS_URL)) : null;
