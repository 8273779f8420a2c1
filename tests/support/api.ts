import { randomUUID } from "node:crypto";
import * as authRoute from "@/app/api/auth/[...all]/route";

// Route handlers are plain functions: tests build a Request, call the exported method in-process
// and read the Response, with the real database behind them.

export const ORIGIN = "http://localhost:3000";

// Each route declares its own params type; any of them accepts the params a test passes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response> | Response;

export type CallOptions = {
  token?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export function buildRequest(method: string, path: string, options: CallOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(new URL(path, ORIGIN), { method, headers, body, duplex: "half" } as RequestInit);
}

export async function call(handler: Handler, method: string, path: string, options: CallOptions = {}) {
  const response = await handler(buildRequest(method, path, options), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, text, json: json as any };
}

export type TestUser = { id: string; email: string; token: string; cookie: string; ip: string };

/**
 * A distinct client address (IPv6 documentation range, a new /64 each time) per test user, so
 * Better Auth's per-IP limits on sign-up and sign-in see separate clients, as in real life.
 */
export function clientIp(): string {
  const hex = () => Math.floor(Math.random() * 0xffff).toString(16);
  return `2001:db8:${hex()}:${hex()}::1`;
}

/** Signs a new user up through Better Auth's real endpoint and gets a JWT from /api/auth/token. */
export async function signUp(name = "Test User"): Promise<TestUser> {
  const email = `user-${randomUUID()}@example.com`;
  const ip = clientIp();
  const signUp = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": ip },
      body: JSON.stringify({ name, email, password: "correct horse battery staple" }),
    }),
  );
  if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const { user } = (await signUp.json()) as { user: { id: string } };
  const cookie = signUp.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const token = await getToken(cookie, ip);
  return { id: user.id, email, token, cookie, ip };
}

export async function getToken(cookie: string, ip = clientIp()): Promise<string> {
  const response = await authRoute.GET(
    new Request(`${ORIGIN}/api/auth/token`, { headers: { cookie, "x-forwarded-for": ip } }),
  );
  if (response.status !== 200) throw new Error(`token failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
