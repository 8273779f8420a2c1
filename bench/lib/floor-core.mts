// What both floors do for the benchmarked routes, and nothing else: the app's token verification
// (jose, a local JWKS built once, the same claims rules) and the app's SQL (./floor-sql.mts) over a
// `pg` pool of the app's size, rows read as the app reads them (lib/db/timestamps.ts). No ORM, no
// zod, no security headers. The bare floor (bench/floor-server.mts) serves it from node:http; the
// framework floor (bench/framework-floor/) from Next.js route handlers, so that the difference
// between the two is what the framework costs.
//
// Only the list with `sort=created` (the default) is implemented, with `limit`, `q` and `cursor`;
// plus create, toggle, and /api/health (SELECT 1).
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { isoTimestamps } from "../../lib/db/timestamps.ts";
import { SQL } from "./floor-sql.mts";

export type FloorConfig = { origin: string; jwks: JSONWebKeySet; databaseUrl: string; poolSize: number };

/** FLOOR_ORIGIN (the app's origin: issuer and audience), FLOOR_JWKS (its /api/auth/jwks body), FLOOR_DATABASE_URL, FLOOR_POOL_SIZE. */
export function floorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FloorConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  return {
    origin: required("FLOOR_ORIGIN"),
    jwks: JSON.parse(required("FLOOR_JWKS")) as JSONWebKeySet,
    databaseUrl: required("FLOOR_DATABASE_URL"),
    poolSize: Number(env.FLOOR_POOL_SIZE ?? 10),
  };
}

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

// Rows come back as the API's JSON, timestamps as ISO strings, read exactly as the app reads them.
export type Row = {
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

export const MAX_BODY_BYTES = 64 * 1024;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRIORITIES = new Set(["low", "medium", "high"]);

export type Floor = ReturnType<typeof createFloor>;

export function createFloor(config: FloorConfig) {
  const jwks = createLocalJWKSet(config.jwks);
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize });
  pool.on("error", (error) => console.error("[floor] idle client error:", error.message));

  /** The app's row reading (lib/db/timestamps.ts): every statement, unnamed, ISO timestamps. */
  const rowsOf = async (text: string, values: unknown[]) => (await pool.query<Row>({ text, values, types: isoTimestamps })).rows;

  async function authenticate(authorization: string | null | undefined): Promise<string> {
    const match = BEARER.exec(authorization ?? "");
    if (!match?.[1]) throw new HttpError(401);
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        algorithms: ["EdDSA"],
        issuer: config.origin,
        audience: config.origin,
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

  // The minimum a create needs: a title, optional priority, description, due date and tags.
  async function createTask(userId: string, contentType: string | null | undefined, text: string): Promise<Row> {
    if (!/^application\/json/i.test(contentType ?? "")) throw new HttpError(415);
    let body: { title?: unknown; description?: unknown; priority?: unknown; dueAt?: unknown; tags?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new HttpError(400);
    }
    const title = typeof body.title === "string" ? body.title.trim() : "";
    const priority = body.priority ?? "medium";
    const tags = Array.isArray(body.tags) ? [...new Set(body.tags.map((tag) => String(tag).trim().toLowerCase()))] : [];
    if (!title || title.length > 255 || typeof priority !== "string" || !PRIORITIES.has(priority)) throw new HttpError(422);
    const description = typeof body.description === "string" && body.description.trim() ? body.description.trim() : null;
    const dueAt = typeof body.dueAt === "string" ? new Date(body.dueAt) : null;
    const [row] = await rowsOf(SQL.insert, [uuidv7(), userId, title, description, priority, dueAt, tags]);
    return row!;
  }

  async function toggleTask(userId: string, id: string): Promise<Row> {
    if (!UUID.test(id)) throw new HttpError(404);
    const [row] = await rowsOf(SQL.toggle, [id.toLowerCase(), userId]);
    if (!row) throw new HttpError(404);
    return row;
  }

  /** As the app's health check, which asks the database. */
  async function health() {
    await pool.query("SELECT 1");
    return { status: "ok" };
  }

  return { pool, authenticate, listTasks, createTask, toggleTask, health };
}

// The app's cursor format (base64url JSON of sort, order, value, id), so cursors are interchangeable.
function encodeCursor(row: Row): string {
  return Buffer.from(JSON.stringify({ s: "created", o: "desc", v: row.createdAt, i: row.id })).toString("base64url");
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
