import * as authRoute from "@/app/api/auth/[...all]/route";
import * as tasks from "@/app/api/tasks/route";
import { call, clientIp, getToken, ORIGIN } from "./api";

// Sessions through Better Auth's real endpoints: a second sign-in for a user, and the calls that
// end sessions, each answered the way a browser would be.

export const PASSWORD = "correct horse battery staple";

export function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .filter((pair) => !pair!.endsWith("="))
    .join("; ");
}

export type Device = { cookie: string; token: string; ip: string };

/** Signs in again (a second browser): a new session with its own cookie and token. */
export async function signIn(email: string, password = PASSWORD): Promise<Device> {
  const ip = clientIp();
  const response = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": ip, "user-agent": "vitest" },
      body: JSON.stringify({ email, password }),
    }),
  );
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = cookieOf(response);
  return { cookie, token: await getToken(cookie, ip), ip };
}

/** A POST to one of Better Auth's endpoints with a device's session cookie. */
export async function authPost(device: Device, path: string, body: unknown = {}) {
  const response = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie: device.cookie, "x-forwarded-for": device.ip },
      body: JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return { status: response.status, text, cookie: cookieOf(response) };
}

/** What /api/auth/token answers for a cookie. */
export async function tokenStatus(cookie: string): Promise<number> {
  const response = await authRoute.GET(new Request(`${ORIGIN}/api/auth/token`, { headers: { cookie, "x-forwarded-for": clientIp() } }));
  await response.body?.cancel();
  return response.status;
}

/** What the task API answers for a token. */
export async function listStatus(token: string): Promise<number> {
  return (await call(tasks.GET, "GET", "/api/tasks", { token })).status;
}
