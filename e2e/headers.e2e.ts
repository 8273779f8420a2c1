import { describe, expect, inject, it } from "vitest";

// Response headers of the production server, as a browser or an API client receives them.

const baseURL = inject("baseURL");

const pages = ["/sign-in", "/sign-up"];
const apis = ["/api/health", "/api/openapi.json", "/api/tasks", "/api/auth/jwks"];

async function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${baseURL}${path}`, { headers, redirect: "manual" });
}

describe("security headers", () => {
  it.each([...pages, ...apis])(
    "%s carries nosniff, Referrer-Policy, HSTS and no X-Powered-By",
    async (path) => {
      const response = await get(path);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(response.headers.get("x-powered-by")).toBeNull();
    },
  );

  it.each(pages)("%s has a CSP that forbids framing and foreign sources", async (path) => {
    const csp = (await get(path)).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/\*|https?:/);
  });

  it.each(apis)("%s never grants or reflects a foreign Origin", async (path) => {
    const response = await get(path, { origin: "https://evil.example" });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect([...response.headers.values()].join(" ")).not.toContain("evil.example");
  });

  it("answers a CORS preflight without granting anything", async () => {
    const response = await fetch(`${baseURL}/api/tasks`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "DELETE" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("answers 415 to text and 413 to a chunked body over 64 KiB sent over the wire", async () => {
    const email = `chunked-${Date.now()}@example.com`;
    const signUp = await fetch(`${baseURL}/api/auth/sign-up/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: baseURL,
        "x-forwarded-for": "2001:db8:e2e:1::1",
      },
      body: JSON.stringify({ name: "Chunked", email, password: "correct horse battery staple" }),
    });
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const { token } = (await (await fetch(`${baseURL}/api/auth/token`, { headers: { cookie } })).json()) as {
      token: string;
    };

    const text = await fetch(`${baseURL}/api/tasks`, {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: `Bearer ${token}` },
      body: "buy milk",
    });
    expect(text.status).toBe(415);

    // Last: the server closes this connection after refusing the body.
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${baseURL}/api/tasks`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe("payload_too_large");
  });
});

describe("start-up scripts", () => {
  // V8 compiles them eagerly, off the main thread (scripts/compile-hints.mjs).
  it.each(pages)("%s loads only scripts marked for eager compilation", async (path) => {
    const html = await (await get(path)).text();
    const sources = [...html.matchAll(/<script src="([^"]+)"(?![^>]*noModule)/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const script = await (await get(source)).text();
      expect(script.startsWith("//# allFunctionsCalledOnLoad\n"), source).toBe(true);
    }
  });
});
