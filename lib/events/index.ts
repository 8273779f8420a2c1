import "server-only";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis";
import type { EventBus } from "./bus";
import { createMemoryBus } from "./memory-bus";
import { createPostgresBus } from "./postgres-bus";
import { createRedisBus } from "./redis-bus";

export type { EventBus, TransactionEvents } from "./bus";
export type { EventTopics, Topic } from "./topics";

// The process's one event bus, chosen once: Redis pub/sub when REDIS_URL is set, the in-process
// bus on the embedded database (PGlite, told apart by its version string), else LISTEN/NOTIFY.

async function isEmbeddedDatabase(): Promise<boolean> {
  const { rows } = await pool.query<{ version: string }>("select version()");
  return /pglite/i.test(rows[0]?.version ?? "");
}

async function createEventBus(): Promise<EventBus> {
  const channelPrefix = env.EVENTS_CHANNEL_PREFIX;
  if (env.REDIS_URL) {
    const connectionName = `evo-events-${channelPrefix.replace(/[^A-Za-z0-9_.-]/g, "-")}`.replace(/-+$/, "");
    return createRedisBus({ url: env.REDIS_URL, publisher: redis ?? undefined, channelPrefix, connectionName });
  }
  if (await isEmbeddedDatabase()) return createMemoryBus();
  return createPostgresBus({ connectionString: env.DATABASE_URL, publisher: pool, channelPrefix });
}

// On globalThis: every route bundle, and every dev reload, must share one listener connection.
const globalForEvents = globalThis as unknown as { evoEventBus?: Promise<EventBus> };

export function getEventBus(): Promise<EventBus> {
  globalForEvents.evoEventBus ??= createEventBus().catch((error: unknown) => {
    // The database may be down at start-up: let the next caller try again.
    globalForEvents.evoEventBus = undefined;
    throw error;
  });
  return globalForEvents.evoEventBus;
}
