import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../scripts/migrate-deploy.mjs";
import { freshDatabase, startAppServer, type AppServer, type FreshDatabase } from "./support/server";

// Two production instances on one database (and again with Redis carrying the events): a session
// ended through instance A is refused by instance B within a second, while the user's other
// session keeps working; the same for signing out everywhere and for a password change; and a
// revocation made while the listener connections are down still reaches B once they reconnect.

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
delete process.env.REDIS_URL;
const PASSWORD = "correct horse battery staple";

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
// Channels on the shared Redis carry this run's prefix; so does the listener's connection name.
const PREFIX = `evo-e2e-${randomBytes(4).toString("hex")}:`;

let database: FreshDatabase;
const secret = randomBytes(32).toString("base64url");

beforeAll(async () => {
  database = await freshDatabase("revocation");
  await migrateDeploy(database.url);
});
afterAll(async () => {
  await database?.drop();
});

const ip = () => `2001:db8:12:${randomBytes(2).toString("hex")}::1`;

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

describe.each([
  ["Postgres LISTEN/NOTIFY", {}],
  ...(withRedis ? [["Redis pub/sub", { REDIS_URL, EVENTS_CHANNEL_PREFIX: PREFIX }] as [string, Record<string, string>]] : []),
])("revocation across two instances, events over %s", (label, extraEnv: Record<string, string>) => {
  let a: AppServer;
  let b: AppServer;
  let origin: string;
  const slug = label.split(" ")[0]!.toLowerCase();

  beforeAll(async () => {
    a = await startAppServer({ database, secret, logName: `revocation-a-${slug}.log`, env: extraEnv });
    origin = a.baseURL;
    b = await startAppServer({ database, secret, logName: `revocation-b-${slug}.log`, baseURL: origin, env: extraEnv });
  });
  afterAll(() => Promise.all([a?.stop(), b?.stop()]));

  const authPost = (server: AppServer, path: string, cookie: string, body: unknown = {}) =>
    fetch(`${server.baseURL}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, cookie, "x-forwarded-for": ip() },
      body: JSON.stringify(body),
    });

  async function signUp(): Promise<{ email: string; cookie: string }> {
    const email = `revoke-${randomBytes(6).toString("hex")}@example.com`;
    const response = await fetch(`${a.baseURL}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "x-forwarded-for": ip() },
      body: JSON.stringify({ name: "Twin", email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    return { email, cookie: cookieOf(response) };
  }

  async function signIn(email: string, password = PASSWORD): Promise<string> {
    const response = await authPost(a, "sign-in/email", "", { email, password });
    expect(response.status).toBe(200);
    return cookieOf(response);
  }

  async function token(server: AppServer, cookie: string): Promise<string> {
    const response = await fetch(`${server.baseURL}/api/auth/token`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  const list = async (server: AppServer, bearer: string) => {
    const response = await fetch(`${server.baseURL}/api/tasks?limit=1`, { headers: { authorization: `Bearer ${bearer}` } });
    await response.body?.cancel();
    return response.status;
  };

  /** Milliseconds from now until B refuses `bearer` (polled every 10 ms, 15 s at most). */
  async function msUntilRefused(bearer: string): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < 15_000) {
      if ((await list(b, bearer)) === 401) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error("instance B still accepts the token after 15 s");
  }

  /** A user signed in twice, both tokens already verified (and cached) by instance B. */
  async function twoSessions() {
    const { email, cookie: first } = await signUp();
    const second = await signIn(email);
    const tokens = [await token(a, first), await token(b, second)] as const;
    for (const bearer of tokens) expect(await list(b, bearer)).toBe(200);
    return { email, cookies: [first, second] as const, tokens };
  }

  it("sign-out through A: B refuses that session's token within a second, the other keeps working", async () => {
    const { cookies, tokens } = await twoSessions();
    expect((await authPost(a, "sign-out", cookies[1])).status).toBe(200);
    const ms = await msUntilRefused(tokens[1]);
    console.log(`[revocation ${label}] sign-out seen by B after ${ms.toFixed(0)} ms`);
    expect(await list(b, tokens[0])).toBe(200);
    expect(await list(a, tokens[0])).toBe(200);
    expect((await fetch(`${b.baseURL}/api/auth/token`, { headers: { cookie: cookies[1] } })).status).toBe(401);
  });

  it("signing out everywhere through A ends both sessions on B", async () => {
    const { cookies, tokens } = await twoSessions();
    expect((await authPost(a, "revoke-sessions", cookies[0])).status).toBe(200);
    for (const bearer of tokens) await msUntilRefused(bearer);
  });

  it("a password change through A ends the other session on B", async () => {
    const { cookies, tokens } = await twoSessions();
    const changed = await authPost(a, "change-password", cookies[0], { currentPassword: PASSWORD, newPassword: "a brand new passphrase" });
    expect(changed.status).toBe(200);
    await msUntilRefused(tokens[1]);
    // The caller got a new session: its token works on both instances.
    const renewed = await token(a, cookieOf(changed));
    expect(await list(b, renewed)).toBe(200);
  });

  it("a revocation made while the listeners are cut off still lands after they reconnect", async (context) => {
    // The embedded database has no listener to cut (its instances poll the table instead).
    if (database.poolSize && label.startsWith("Postgres")) return context.skip();
    const { cookies, tokens } = await twoSessions();
    if (label.startsWith("Postgres")) {
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'evo-events' AND datname = current_database()",
      );
      await admin.end();
      expect(rowCount).toBeGreaterThanOrEqual(2);
    } else {
      const admin = new Redis(REDIS_URL);
      const name = `evo-events-${PREFIX.replace(/[^A-Za-z0-9_.-]/g, "-")}`.replace(/-+$/, "");
      let killed = 0;
      for (const line of String(await admin.call("CLIENT", "LIST", "TYPE", "pubsub")).split("\n")) {
        const id = /\bid=(\d+)/.exec(line)?.[1];
        if (id && line.includes(`name=${name} `)) killed += Number(await admin.call("CLIENT", "KILL", "ID", id));
      }
      admin.disconnect();
      expect(killed).toBeGreaterThanOrEqual(2);
    }
    // Straight away, while the listeners are still reconnecting: the notification may be lost.
    expect((await authPost(a, "sign-out", cookies[1])).status).toBe(200);
    const ms = await msUntilRefused(tokens[1]);
    console.log(`[revocation ${label}] revocation during a listener outage seen by B after ${ms.toFixed(0)} ms`);
    expect(await list(b, tokens[0])).toBe(200);
  });
});
