import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// With AUTH_JWKS_URL set, keys come from that URL (as for an external verifier). A local server
// serves the app's own JWKS and counts how often it is asked.

let jwksBody = JSON.stringify({ keys: [] });
let requests = 0;
const server = http.createServer((_request, response) => {
  requests += 1;
  response.writeHead(200, { "content-type": "application/json" }).end(jwksBody);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.env.AUTH_JWKS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;

const tasks = await import("@/app/api/tasks/route");
const authRoute = await import("@/app/api/auth/[...all]/route");
const { call, ORIGIN, signUp } = await import("../support/api");
const { keyStore } = await import("@/lib/auth/require-user");

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("AUTH_JWKS_URL", () => {
  it("verifies against the remote key set, fetched once, and keeps cached keys when it goes down", async () => {
    const user = await signUp();
    jwksBody = await (await authRoute.GET(new Request(`${ORIGIN}/api/auth/jwks`))).text();
    requests = 0;

    expect((await call(tasks.GET, "GET", "/api/tasks", { token: user.token })).status).toBe(200);
    for (let i = 0; i < 10; i += 1) {
      expect((await call(tasks.GET, "GET", "/api/tasks", { token: user.token })).status).toBe(200);
    }
    expect(requests).toBe(1);
    expect(keyStore.refreshCount).toBe(1);

    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    expect((await call(tasks.GET, "GET", "/api/tasks", { token: user.token })).status).toBe(200);
  });
});
