// The floor: a bare node:http server doing what the app does for the benchmarked routes and
// nothing else — the same token verification (jose, a local JWKS built once, the same claims
// rules) and the same SQL over a `pg` pool of the app's size. No framework, no ORM, no zod, no
// security headers. Whatever the app spends beyond this is the price of the stack.
//
// The SQL (bench/lib/floor-sql.mts) is the app's own, copied verbatim, so the database does the
// same work for both servers; rows are read as the app reads them (lib/db/timestamps.ts). Only the list with `sort=created` (the default) is implemented, with
// `limit`, `q` and `cursor`; plus create, toggle, and /api/health (SELECT 1).
//
// Two listeners share one process (so one JIT warm-up): `port` is the plain floor; `limiterPort`
// also spends a point of the per-user rate limit before every task request, exactly as
// lib/rate-limit.ts does (rate-limiter-flexible's Postgres store with the same options, on this
// pool: one INSERT … ON CONFLICT per request), to price the limiter on its own.
//
// Configured by environment: FLOOR_DATABASE_URL, FLOOR_POOL_SIZE, FLOOR_ORIGIN (the app's origin:
// token issuer and audience), FLOOR_JWKS (the app's /api/auth/jwks body). Prints one JSON line
// `{ "port": n, "limiterPort": n }` on stdout when both listen.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { v7 as uuidv7 } from "uuid";
import { isoTimestamps } from "../lib/db/timestamps.ts";
import { SQL } from "./lib/floor-sql.mts";

const origin = required("FLOOR_ORIGIN");
const jwks = createLocalJWKSet(JSON.parse(required("FLOOR_JWKS")) as JSONWebKeySet);
const pool = new pg.Pool({ connectionString: required("FLOOR_DATABASE_URL"), max: Number(process.env.FLOOR_POOL_SIZE ?? 10) });
pool.on("error", (error) => console.error("[floor] idle client error:", error.message));

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}


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

// Rows come back as the API's JSON, timestamps as ISO strings, read exactly as the app reads them.
type Row = {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: string | null;
  priority: string;
  dueAt: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
};

/** The app's row reading (lib/db/timestamps.ts): every statement, unnamed, ISO timestamps. */
const rowsOf = async (text: string, values: unknown[]) => (await pool.query<Row>({ text, values, types: isoTimestamps })).rows;

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRIORITIES = new Set(["low", "medium", "high"]);

async function authenticate(request: http.IncomingMessage): Promise<string> {
  const match = BEARER.exec(request.headers.authorization ?? "");
  if (!match?.[1]) throw new HttpError(401);
  try {
    const { payload } = await jwtVerify(match[1], jwks, {
      algorithms: ["EdDSA"],
      issuer: origin,
      audience: origin,
      clockTolerance: 30,
      maxTokenAge: 900,
      requiredClaims: ["sub", "iat", "exp"],
    });
    if (typeof payload.sub !== "string" || !payload.sub) throw new HttpError(401);
    return payload.sub;
  } catch {
    throw new HttpError(401);
  }
}

async function consumeQuota(userId: string): Promise<void> {
  try {
    await limiter.consume(userId);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new HttpError(429);
    throw error;
  }
}

async function listTasks(userId: string, params: URLSearchParams) {
  const limit = Number(params.get("limit") ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new HttpError(400);
  const q = params.get("q")?.trim();
  const rawCursor = params.get("cursor");
  let pageQuery: Promise<Row[]>;
  let countQuery: Promise<pg.QueryResult<{ count: number }>>;
  if (q) {
    if (rawCursor) throw new HttpError(400);
    const pattern = `%${q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    pageQuery = rowsOf(SQL.searchPage, [userId, pattern, pattern, limit + 1]);
    countQuery = pool.query(SQL.searchCount, [userId, pattern, pattern]);
  } else if (rawCursor) {
    const cursor = decodeCursor(rawCursor);
    pageQuery = rowsOf(SQL.cursorPage, [userId, cursor.v, cursor.i, limit + 1]);
    countQuery = pool.query(SQL.count, [userId]);
  } else {
    pageQuery = rowsOf(SQL.page, [userId, limit + 1]);
    countQuery = pool.query(SQL.count, [userId]);
  }
  // Side by side on two pooled connections, as the app does.
  const [rows, counted] = await Promise.all([pageQuery, countQuery]);
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return {
    data,
    count: counted.rows[0]?.count ?? 0,
    nextCursor: hasMore && last ? encodeCursor(last) : null,
  };
}

// The app's cursor format (base64url JSON of sort, order, value, id), so cursors are interchangeable.
function encodeCursor(row: Row): string {
  return Buffer.from(JSON.stringify({ s: "created", o: "desc", v: row.createdAt, i: row.id })).toString(
    "base64url",
  );
}

function decodeCursor(raw: string): { v: string; i: string } {
  try {
    const cursor = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { s?: unknown; o?: unknown; v?: unknown; i?: unknown };
    if (cursor.s !== "created" || cursor.o !== "desc" || typeof cursor.v !== "string" || typeof cursor.i !== "string") {
      throw new Error("bad cursor");
    }
    if (!UUID.test(cursor.i) || Number.isNaN(Date.parse(cursor.v))) throw new Error("bad cursor");
    return { v: cursor.v, i: cursor.i };
  } catch {
    throw new HttpError(400);
  }
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new HttpError(413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// The minimum a create needs: a title, optional priority, description, due date and tags.
async function createTask(userId: string, request: http.IncomingMessage) {
  if (!/^application\/json/i.test(request.headers["content-type"] ?? "")) throw new HttpError(415);
  let body: { title?: unknown; description?: unknown; priority?: unknown; dueAt?: unknown; tags?: unknown };
  try {
    body = JSON.parse(await readBody(request)) as typeof body;
  } catch (error) {
    throw error instanceof HttpError ? error : new HttpError(400);
  }
  const title = typeof body.title === "string" ? body.title.trim() : "";
  const priority = body.priority ?? "medium";
  const tags = Array.isArray(body.tags) ? [...new Set(body.tags.map((tag) => String(tag).trim().toLowerCase()))] : [];
  if (!title || title.length > 255 || typeof priority !== "string" || !PRIORITIES.has(priority)) throw new HttpError(422);
  const description = typeof body.description === "string" && body.description.trim() ? body.description.trim() : null;
  const dueAt = typeof body.dueAt === "string" ? new Date(body.dueAt) : null;
  const id = uuidv7();
  const [row] = await rowsOf(SQL.insert, [id, userId, title, description, priority, dueAt, tags]);
  return row!;
}

async function toggleTask(userId: string, id: string) {
  if (!UUID.test(id)) throw new HttpError(404);
  const [row] = await rowsOf(SQL.toggle, [id.toLowerCase(), userId]);
  if (!row) throw new HttpError(404);
  return row;
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
      if (url.pathname === "/api/health") {
        await pool.query("SELECT 1"); // as the app's health check, which asks the database
        return send(response, 200, { status: "ok" });
      }
      const userId = await authenticate(request);
      if (withLimiter) await consumeQuota(userId);
      if (url.pathname === "/api/tasks" && request.method === "GET") {
        return send(response, 200, await listTasks(userId, url.searchParams));
      }
      if (url.pathname === "/api/tasks" && request.method === "POST") {
        const task = await createTask(userId, request);
        return send(response, 201, task, { location: `/api/tasks/${task.id}` });
      }
      const toggle = TOGGLE_PATH.exec(url.pathname);
      if (toggle?.[1] && request.method === "PATCH") {
        await readBody(request);
        return send(response, 200, await toggleTask(userId, toggle[1]));
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
