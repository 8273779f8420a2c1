import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpProxy } from "../support/tcp-proxy";

// The app talks to Postgres through a proxy this test can cut: while the database is away every
// route answers 503 problem+json quickly, and once it is back the same process recovers by itself.

const realUrl = new URL(process.env.DATABASE_URL!);
const proxy = new TcpProxy(realUrl.hostname, Number(realUrl.port || 5432));
await proxy.start();
process.env.DATABASE_URL = proxy.urlFor(realUrl.toString());

const { GET: health } = await import("@/app/api/health/route");
const tasks = await import("@/app/api/tasks/route");
const taskRoute = await import("@/app/api/tasks/[id]/route");
const complete = await import("@/app/api/tasks/[id]/complete/route");
const authRoute = await import("@/app/api/auth/[...all]/route");
const { call, ORIGIN, signUp } = await import("../support/api");
const { prisma } = await import("@/lib/db/client");

let token: string;
let cookie: string;
let taskId: string;

beforeAll(async () => {
  ({ token, cookie } = await signUp());
  const created = await call(tasks.POST, "POST", "/api/tasks", { token, body: { title: "Survives" } });
  taskId = created.json.id;
});

afterAll(async () => {
  await proxy.stop();
});

describe("database outage", () => {
  it("answers 503 problem+json on every route within seconds, then recovers on its own", async () => {
    expect((await health()).status).toBe(200);
    await proxy.stop();

    const params = { id: taskId };
    const attempts = [
      () => call(health, "GET", "/api/health"),
      () => call(tasks.GET, "GET", "/api/tasks", { token }),
      () => call(tasks.POST, "POST", "/api/tasks", { token, body: { title: "Lost?" } }),
      () => call(taskRoute.GET, "GET", `/api/tasks/${taskId}`, { token, params }),
      () => call(taskRoute.PUT, "PUT", `/api/tasks/${taskId}`, { token, params, body: { title: "Changed" } }),
      () => call(complete.PATCH, "PATCH", `/api/tasks/${taskId}/complete`, { token, params }),
      () => call(taskRoute.DELETE, "DELETE", `/api/tasks/${taskId}`, { token, params }),
      () => call(authRoute.GET, "GET", "/api/auth/token", { headers: { cookie } }),
      () => call(authRoute.GET, "GET", "/api/auth/jwks"),
      () =>
        call(authRoute.POST, "POST", "/api/auth/sign-in/email", {
          headers: { origin: ORIGIN, "x-forwarded-for": "2001:db8:503::1" },
          body: { email: "someone@example.com", password: "correct horse battery staple" },
        }),
    ];
    for (const [index, attempt] of attempts.entries()) {
      const response = await attempt().catch((error: unknown) => {
        throw new Error(`attempt ${index} threw`, { cause: error });
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.json).toMatchObject({ status: 503, code: "service_unavailable" });
    }

    await proxy.start();
    let recovered = 0;
    for (let i = 0; i < 50 && recovered !== 200; i += 1) {
      recovered = (await health()).status;
      if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(200);

    const list = await call(tasks.GET, "GET", "/api/tasks", { token });
    expect(list.status).toBe(200);
    expect(list.json.data.map((task: { title: string }) => task.title)).toEqual(["Survives"]);
    expect(await prisma.task.count({ where: { title: "Lost?" } })).toBe(0);
  });
});
