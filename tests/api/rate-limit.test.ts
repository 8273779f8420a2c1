import { describe, expect, it } from "vitest";

// A small quota for this file only, set before the app's modules read the environment.
process.env.RATE_LIMIT_TASKS = "5";
process.env.RATE_LIMIT_TASKS_WINDOW = "60";

const tasks = await import("@/app/api/tasks/route");
const authRoute = await import("@/app/api/auth/[...all]/route");
const { call, clientIp, ORIGIN, signUp } = await import("../support/api");

function signIn(email: string, password: string, ip: string) {
  return authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe("task API rate limit", () => {
  it("answers 429 problem+json with Retry-After once a user's quota is spent, per user", async () => {
    const alice = await signUp();
    const bob = await signUp();
    for (let i = 0; i < 5; i += 1) {
      expect((await call(tasks.GET, "GET", "/api/tasks", { token: alice.token })).status).toBe(200);
    }
    const limited = await call(tasks.POST, "POST", "/api/tasks", { token: alice.token, body: { title: "one more" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(limited.json).toMatchObject({ status: 429, code: "rate_limited", type: "about:blank#rate_limited" });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Nothing was written by the refused request, and another user is unaffected.
    expect((await call(tasks.GET, "GET", "/api/tasks", { token: bob.token })).status).toBe(200);
  });

  it("does not spend quota on requests without a valid token", async () => {
    const carol = await signUp();
    for (let i = 0; i < 10; i += 1) {
      expect((await call(tasks.GET, "GET", "/api/tasks", { token: "x.y.z" })).status).toBe(401);
    }
    expect((await call(tasks.GET, "GET", "/api/tasks", { token: carol.token })).status).toBe(200);
  });
});

describe("Better Auth rate limit and sign-in failures", () => {
  it("answers an unknown email and a wrong password identically", async () => {
    const user = await signUp();
    const wrongPassword = await signIn(user.email, "not the password", clientIp());
    const unknownEmail = await signIn(`nobody-${Date.now()}@example.com`, "not the password", clientIp());
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(await unknownEmail.json()).toEqual(await wrongPassword.json());
  });

  it("limits repeated sign-in attempts from one client with its own 429 and X-Retry-After", async () => {
    const user = await signUp();
    const ip = clientIp();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 10 && !limited; i += 1) {
      const response = await signIn(user.email, "wrong password", ip);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(limited, `statuses: ${statuses.join(",")}`).toBeDefined();
    expect(Number(limited!.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await signIn(user.email, "correct horse battery staple", clientIp())).status).toBe(200);
  });
});
