import "server-only";
import { requireUser, type AuthUser } from "@/lib/auth/require-user";
import { consumeTaskQuota } from "@/lib/rate-limit";
import { ApiError, problemResponse, toProblemResponse } from "./errors";

type RouteContext<P> = { params: Promise<P> };
type UserHandler<P> = (args: { request: Request; user: AuthUser; params: P }) => Promise<Response>;

/**
 * The guard every task route is wrapped in: nobody can forget the token check, and anything the
 * handler throws becomes a problem+json response.
 */
export function withUser<P = Record<string, string>>(handler: UserHandler<P>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const user = await requireUser(request);
      await consumeTaskQuota(user.id);
      return await handler({ request, user, params: await context.params });
    } catch (error) {
      return toProblemResponse(error);
    }
  };
}

/** A 405 for every method a route does not serve, with the `Allow` header listing those it does. */
export function methodNotAllowed(...allowed: string[]) {
  const allow = [...new Set([...allowed, "OPTIONS"])].join(", ");
  return async (request: Request): Promise<Response> => {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { allow } });
    return problemResponse(
      new ApiError("method_not_allowed", `${request.method} is not allowed here.`, { headers: { allow } }),
    );
  };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}
