import "client-only";
import { EARLY_GLOBAL } from "@/lib/shared/early-fetch";

// The browser's side of lib/shared/early-fetch.ts: each early response is taken once, and token.ts
// and api.ts fall back to their own requests whenever one is missing, failed, or was not a 2xx.

/** The early token request, once; later callers get undefined and fetch their own. */
export function takeEarlyToken(): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const early = window[EARLY_GLOBAL];
  const token = early?.token;
  // Once taken, the page-wide handle to the token goes: it lives on in token.ts's memory only.
  if (early) delete early.token;
  return token;
}

/** The early response for this GET path, once; null when there is none or it failed. */
export async function takeEarlyResponse(path: string): Promise<Response | null> {
  if (typeof window === "undefined") return null;
  const data = window[EARLY_GLOBAL]?.data;
  const response = data?.[path];
  if (!data || !response) return null;
  delete data[path];
  return response;
}

/** Forget everything fetched early (sign-out, or the session changed under the page). */
export function dropEarlyRequests(): void {
  if (typeof window !== "undefined") delete window[EARLY_GLOBAL];
}
