// The bare floor: a node:http server doing what the app does for the benchmarked routes and
// nothing else (bench/lib/floor-core.mts: the same token verification and the same SQL). Whatever
// the app spends beyond this is the price of the stack; the framework floor
// (bench/framework-floor/) serves the same core from Next.js route handlers.
//
// Two listeners share one process (so one JIT warm-up): `port` is the plain floor; `limiterPort`
// also spends a point of the per-user rate limit before every task request, through
// rate-limiter-flexible's Postgres store with the options lib/rate-limit.ts gives it (one
// INSERT … ON CONFLICT per request on this pool), to price a shared store round trip on its own.
//
// Configured by environment (see floorConfigFromEnv). Prints one JSON line
// `{ "port": n, "limiterPort": n }` on stdout when both listen.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { createFloor, floorConfigFromEnv, HttpError, MAX_BODY_BYTES } from "./lib/floor-core.mts";

const floor = createFloor(floorConfigFromEnv());
const pool = floor.pool;

// The app's limiter as the benchmark configures it (RATE_LIMIT_TASKS=1e9 per 10 s window), under
// a key prefix of its own. The statements are sent unnamed, as lib/rate-limit.ts sends them.
const limiter = new RateLimiterPostgres({
  keyPrefix: "floor-tasks:1000000000:10",
  points: 1_000_000_000,
  duration: 10,
  storeClient: { query: (query: pg.QueryConfig) => pool.query({ text: query.text, values: query.values }) },
  storeType: "pool",
  tableName: "rate_limit_bucket",
  tableCreated: true,
  clearExpiredByTimeout: true,
});

async function consumeQuota(userId: string): Promise<void> {
  try {
    await limiter.consume(userId);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new HttpError(429);
    throw error;
  }
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

const TOGGLE_PATH = /^\/api\/tasks\/([^/]+)\/complete$/;

function handler(withLimiter: boolean) {
  return async (request: http.IncomingMessage, response: http.ServerResponse) => {
    try {
      if (request.method === "OPTIONS") {
        response.writeHead(204, { allow: "GET, HEAD, POST, OPTIONS" });
        return response.end();
      }
      const url = new URL(request.url ?? "/", "http://floor.invalid");
      if (url.pathname === "/api/health") return send(response, 200, await floor.health());
      const userId = await floor.authenticate(request.headers.authorization);
      if (withLimiter) await consumeQuota(userId);
      if (url.pathname === "/api/tasks" && request.method === "GET") {
        return send(response, 200, await floor.listTasks(userId, url.searchParams));
      }
      if (url.pathname === "/api/tasks" && request.method === "POST") {
        const task = await floor.createTask(userId, request.headers["content-type"], await readBody(request));
        return send(response, 201, task, { location: `/api/tasks/${task.id}` });
      }
      const toggle = TOGGLE_PATH.exec(url.pathname);
      if (toggle?.[1] && request.method === "PATCH") {
        await readBody(request);
        return send(response, 200, await floor.toggleTask(userId, toggle[1]));
      }
      throw new HttpError(404);
    } catch (error) {
      if (error instanceof HttpError) return send(response, error.status, { status: error.status });
      console.error("[floor]", error);
      return send(response, 500, { status: 500 });
    }
  };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

const servers = [http.createServer(handler(false)), http.createServer(handler(true))];
const [port, limiterPort] = await Promise.all(servers.map(listen));
process.stdout.write(`${JSON.stringify({ port, limiterPort })}\n`);

const shutdown = () => {
  for (const server of servers) server.close();
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
