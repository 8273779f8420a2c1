import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

// Optimistic page redirects only, on the mere presence of a session cookie. This is never the
// security check: every API handler verifies its Bearer token itself.

export function proxy(request: NextRequest) {
  const signedIn = Boolean(getSessionCookie(request));
  const { pathname } = request.nextUrl;
  if (pathname === "/") return NextResponse.redirect(new URL(signedIn ? "/tasks" : "/sign-in", request.url));
  if ((pathname.startsWith("/tasks") || pathname.startsWith("/account")) && !signedIn) return NextResponse.redirect(new URL("/sign-in", request.url));
  return NextResponse.next();
}

export const config = { matcher: ["/", "/tasks/:path*", "/account/:path*"] };
