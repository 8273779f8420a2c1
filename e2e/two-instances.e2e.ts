import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../scripts/migrate-deploy.mjs";
import { freshDatabase, startAppServer, type AppServer, type FreshDatabase } from "./support/server";

// Two production instances on one Postgres, as behind a load balancer: same secret and public
// origin, nothing shared but the database (and Redis, in the second run). A token from one works
// on the other, data written through one is read through the other, and the per-user rate limit
// is one budget for both, whether its counters live in Postgres or in Redis.

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// The servers inherit this process's environment; only the Redis variant may see REDIS_URL.
delete process.env.REDIS_URL;

/** Whether Redis answers; CI always provides one (.ci/run starts it), a laptop may not. */
async function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = connect(Number(port || 6379), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
const withRedis = process.env.CI === "true" || (await redisReachable(REDIS_URL));
if (!withRedis) console.warn(`[two-instances] no Redis at ${REDIS_URL}: the Redis variant is skipped`);

const QUOTA = 8;
let database: FreshDatabase;
let a: AppServer;
let b: AppServer;
let origin: string;

beforeAll(async () => {
  database = await freshDatabase("two");
  await migrateDeploy(database.url);
});

afterAll(async () => {
  await database?.drop();
});

// One secret for the file: the signing key stored in the database is encrypted with it.
const secret = randomBytes(32).toString("base64url");

async function startPair(counters: Record<string, string>, label: string) {
  const env = { RATE_LIMIT_TASKS: String(QUOTA), RATE_LIMIT_TASKS_WINDOW: "300", ...counters };
  a = await startAppServer({ database, secret, logName: `instance-a-${label}.log`, env });
  origin = a.baseURL; // the public origin both serve under (iss/aud, trusted origin)
  b = await startAppServer({ database, secret, logName: `instance-b-${label}.log`, baseURL: origin, env });
}

async function signUp(server: AppServer) {
  const response = await fetch(`${server.baseURL}/api/auth/sign-up/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin,
      "x-forwarded-for": `2001:db8:2:${randomBytes(2).toString("hex")}::1`,
    },
    body: JSON.stringify({
      name: "Twin",
      email: `twin-${Date.now()}@example.com`,
      password: "correct horse battery staple",
    }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

async function token(server: AppServer, cookie: string) {
  const response = await fetch(`${server.baseURL}/api/auth/token`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

const api = (server: AppServer, bearer: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.baseURL}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", ...init.headers },
  });

describe.each([
  ["Postgres", {}],
  ...(withRedis ? [["Redis", { REDIS_URL }] as [string, Record<string, string>]] : []),
])("two instances, rate-limit counters in %s", (label, counters: Record<string, string>) => {
  beforeAll(() => startPair(counters, label.toLowerCase()));
  afterAll(() => Promise.all([a?.stop(), b?.stop()]));

  it("accept each other's tokens, share data and share the rate limit", async () => {
    const cookie = await signUp(a);
    const tokenFromA = await token(a, cookie);
    const tokenFromB = await token(b, cookie);

    const created = await api(a, tokenFromA, "/api/tasks", {
      method: "POST",
      body: JSON.stringify({ title: "Written on A" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const readOnB = await api(b, tokenFromA, `/api/tasks/${id}`);
    expect(readOnB.status).toBe(200);
    expect(((await readOnB.json()) as { title: string }).title).toBe("Written on A");

    const listOnA = await api(a, tokenFromB, "/api/tasks");
    expect(listOnA.status).toBe(200);
    expect(((await listOnA.json()) as { count: number }).count).toBe(1);

    // Three requests spent so far; alternate instances until the shared budget runs out.
    const statuses: number[] = [];
    for (let i = 0; i < QUOTA; i += 1)
      statuses.push((await api(i % 2 ? a : b, tokenFromA, "/api/tasks")).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(QUOTA - 3);
    const limited = await api(a, tokenFromB, "/api/tasks");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await api(b, tokenFromA, "/api/tasks")).status).toBe(429);
  });
});
