import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { Prisma, PrismaClient } from "./generated/client";
import { isoTimestamps } from "./timestamps";
import { markConnectFailures } from "./unavailable";

export { Prisma };

// One connection pool per process, shared by Prisma (Better Auth), the task queries
// (lib/tasks/queries.ts) and the rate limiter (lib/rate-limit.ts).

function createPool() {
  const pool = markConnectFailures(
    new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: env.DATABASE_POOL_SIZE,
      // Fail fast when Postgres is gone, so requests answer 503 within seconds instead of hanging.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // Prisma's pg adapter sends timestamps as UTC wall-clock time without an offset, so a session
      // in another time zone would shift every stored `timestamptz` (and disagree with now()).
      options: "-c TimeZone=UTC",
    }),
  );
  // An idle client losing its connection (Postgres restarting) must not crash the process; the
  // pool drops it and the next checkout reconnects.
  pool.on("error", (error) => console.warn("[db] idle connection lost:", error.message));
  return pool;
}

function createPrismaClient(pool: pg.Pool) {
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    // Errors are logged once, by toProblemResponse, without the query text.
    log: env.LOG_LEVEL === "debug" ? ["query", "warn", "error"] : ["warn"],
  });
}

// Dev reloads re-evaluate modules, so keep the pool and client on globalThis there.
const globalForDb = globalThis as unknown as { pool?: pg.Pool; prisma?: PrismaClient };

export const pool = globalForDb.pool ?? createPool();
export const prisma = globalForDb.prisma ?? createPrismaClient(pool);

if (process.env.NODE_ENV !== "production") Object.assign(globalForDb, { pool, prisma });

/**
 * Runs a statement built with Prisma.sql on the pool, unnamed (see lib/rate-limit.ts), and returns
 * its rows, with every `timestamptz` as an ISO 8601 string.
 */
export async function queryRows<T extends pg.QueryResultRow = pg.QueryResultRow>(
  statement: Prisma.Sql,
): Promise<T[]> {
  return (await pool.query<T>({ text: statement.text, values: statement.values, types: isoTimestamps })).rows;
}
