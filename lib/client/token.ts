import "client-only";
import { ApiError, networkError, toApiError } from "./api-error";
import { TOKEN_URL } from "@/lib/shared/api-paths";
import { dropEarlyRequests, takeEarlyToken } from "./early-requests";

// The browser's copy of the API token: fetched from /api/auth/token with the session
// cookie, kept in memory only (never in storage a script could read later), and replaced shortly
// before it expires. Concurrent callers share one request.

// Refresh a minute early, so a token never expires on its way to the server.
const REFRESH_MARGIN_MS = 60_000;

export type TokenClaims = { sub: string; email?: string; name?: string };

type CachedToken = { token: string; refreshAt: number; claims: TokenClaims };

let cached: CachedToken | null = null;
let pending: Promise<CachedToken> | null = null;
// Bumped by clearToken(): a request that was already on its way when the user signed out must not
// put its token back.
let generation = 0;
let redirecting = false;
const listeners = new Set<() => void>();

function decodeClaims(token: string): { claims: TokenClaims; lifetimeMs: number } {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as TokenClaims & { iat?: number; exp?: number };
    // exp − iat rather than exp − now: the server's clock decides, a skewed laptop clock does not.
    const lifetimeMs = claims.exp && claims.iat ? (claims.exp - claims.iat) * 1000 : 5 * 60_000;
    return { claims, lifetimeMs };
  } catch {
    return { claims: { sub: "" }, lifetimeMs: 5 * 60_000 };
  }
}

/** The session is gone: leave for the sign-in page (once), keeping nothing of this user in memory. */
function sendToSignIn(): void {
  clearToken();
  if (redirecting || typeof window === "undefined") return;
  redirecting = true;
  // A full page load, not a router push: this runs outside React, and a fresh page also drops every
  // cached response that belonged to the old session.
  // `ended` makes the sign-in page say why the user is there.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/sign-in?ended=1");
}

async function requestToken(): Promise<CachedToken> {
  const startedIn = generation;
  const fetchToken = () =>
    fetch(TOKEN_URL, { credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" } });
  // The task page starts the first token request from an inline script (lib/shared/early-fetch.ts).
  const early = takeEarlyToken();
  let response: Response;
  try {
    response = await (early ? early.catch(fetchToken) : fetchToken());
  } catch {
    throw networkError();
  }
  if (response.status === 401) {
    sendToSignIn();
    throw new ApiError(401, "unauthorized", "Your session has ended. Sign in again.");
  }
  if (!response.ok) throw await toApiError(response);
  const { token } = (await response.json()) as { token: string };
  const { claims, lifetimeMs } = decodeClaims(token);
  const fresh: CachedToken = { token, claims, refreshAt: Date.now() + lifetimeMs - REFRESH_MARGIN_MS };
  if (startedIn === generation) {
    cached = fresh;
    listeners.forEach((listener) => listener());
  }
  return fresh;
}

/** A token valid for at least another minute; `fresh` skips the cache (after a 401). */
export async function getToken(options: { fresh?: boolean } = {}): Promise<string> {
  if (!options.fresh && cached && Date.now() < cached.refreshAt) return cached.token;
  if (options.fresh) cached = null;
  pending ??= requestToken().finally(() => {
    pending = null;
  });
  return (await pending).token;
}

/** Forget the token (sign-out). JWTs stay valid until exp on the server; this client drops its copy. */
export function clearToken(): void {
  dropEarlyRequests();
  generation += 1;
  cached = null;
  pending = null;
  listeners.forEach((listener) => listener());
}

/** Who the cached token says the user is, for the header; null until the first token arrives. */
export function currentClaims(): TokenClaims | null {
  return cached?.claims ?? null;
}

export function subscribeToClaims(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
