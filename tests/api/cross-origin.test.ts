import { describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as tasks from "@/app/api/tasks/route";
import { call, clientIp, ORIGIN, signUp } from "../support/api";

// No CORS: the API never grants another origin access, never reflects its Origin, and Better Auth
// refuses state-changing requests from origins it does not trust.

const EVIL = "https://evil.example";

describe("cross-origin requests", () => {
  it("get no CORS grant on the task API, preflight or not", async () => {
    const user = await signUp();
    const preflight = await call(tasks.OPTIONS, "OPTIONS", "/api/tasks", {
      headers: { origin: EVIL, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
    });
    const list = await call(tasks.GET, "GET", "/api/tasks", { token: user.token, headers: { origin: EVIL } });
    for (const response of [preflight, list]) {
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      expect([...response.headers.values()].join(" ")).not.toContain(EVIL);
    }
  });

  it("cannot sign in from an untrusted origin", async () => {
    const user = await signUp();
    const response = await authRoute.POST(
      new Request(`${ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: EVIL, cookie: user.cookie, "x-forwarded-for": clientIp() },
        body: JSON.stringify({ email: user.email, password: "correct horse battery staple" }),
      }),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
