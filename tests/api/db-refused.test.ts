import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../../scripts/migrate-deploy.mjs";

// A database that refuses connections (ALTER DATABASE … ALLOW_CONNECTIONS false answers SQLSTATE
// 55000 with FATAL severity; a paused managed database can look the same) is an outage: the task
// API and Better Auth's routes answer 503, and recover by themselves once it accepts again. It
// needs a server with databases of its own; PGlite has one database and no connection gate.

const suiteUrl = process.env.DATABASE_URL!;
const probe = new pg.Client({ connectionString: suiteUrl });
await probe.connect();
const onServer = !/pglite|emscripten/i.test(
  (await probe.query<{ version: string }>("select version()")).rows[0]!.version,
);
const name = `evo_refused_${Date.now()}`;
if (onServer) {
  await probe.query(`CREATE DATABASE "${name}"`);
  const url = new URL(suiteUrl);
  url.pathname = `/${name}`;
  await migrateDeploy(url.toString());
  process.env.DATABASE_URL = url.toString();
}

const allowConnections = async (allow: boolean) => {
  await probe.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allow}`);
  if (!allow)
    await probe.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]);
};

afterAll(async () => {
  if (onServer) await probe.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await probe.end();
});

describe.skipIf(!onServer)("a database that refuses connections", () => {
  it("is a 503 on the task API and on Better Auth's routes, and recovers when it accepts again", async () => {
    const tasks = await import("@/app/api/tasks/route");
    const authRoute = await import("@/app/api/auth/[...all]/route");
    const { call, ORIGIN, signUp } = await import("../support/api");
    const { token, cookie } = await signUp();
    expect((await call(tasks.POST, "POST", "/api/tasks", { token, body: { title: "Kept" } })).status).toBe(
      201,
    );

    await allowConnections(false);
    const attempts = [
      () => call(tasks.GET, "GET", "/api/tasks", { token }),
      () => call(tasks.POST, "POST", "/api/tasks", { token, body: { title: "Refused" } }),
      () => call(authRoute.GET, "GET", "/api/auth/get-session", { headers: { cookie } }),
      () => call(authRoute.GET, "GET", "/api/auth/token", { headers: { cookie } }),
      () =>
        call(authRoute.POST, "POST", "/api/auth/sign-in/email", {
          headers: { origin: ORIGIN, "x-forwarded-for": "2001:db8:55::1" },
          body: { email: "someone@example.com", password: "correct horse battery staple" },
        }),
    ];
    for (const [index, attempt] of attempts.entries()) {
      const response = await attempt();
      expect(response.status, `attempt ${index}: ${response.text}`).toBe(503);
      expect(response.json).toMatchObject({ status: 503, code: "service_unavailable" });
    }

    await allowConnections(true);
    await expect
      .poll(async () => (await call(tasks.GET, "GET", "/api/tasks", { token })).status, { timeout: 15_000 })
      .toBe(200);
    const list = await call(tasks.GET, "GET", "/api/tasks", { token });
    expect(list.json.data.map((task: { title: string }) => task.title)).toEqual(["Kept"]);
    expect((await call(authRoute.GET, "GET", "/api/auth/token", { headers: { cookie } })).status).toBe(200);
  });
});
