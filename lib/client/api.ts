import "client-only";
import { ApiError, networkError, toApiError } from "./api-error";
import { takeEarlyResponse } from "./early-requests";
import { getToken } from "./token";

// The one way the browser talks to the task API: every request carries the Bearer token, a 401 is
// retried once with a fresh token (it may have expired in between), and anything but a 2xx throws
// an ApiError the views can show. Components never call fetch themselves.

type RequestOptions = { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; signal?: AbortSignal };

async function send(path: string, options: RequestOptions, token: string): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  try {
    return await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: "no-store",
      // The token is the credential; the session cookie has no business on API calls.
      credentials: "omit",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError();
  }
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = await getToken();
  // The task page's first reads may already be on their way (lib/shared/early-fetch.ts); anything but a 2xx is asked again.
  const early = !options.method || options.method === "GET" ? await takeEarlyResponse(path) : null;
  let response = early?.ok ? early : await send(path, options, token);
  if (response.status === 401) response = await send(path, options, await getToken({ fresh: true }));
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** SWR's fetcher (set once in the root SWRConfig): keys are API paths. */
export function apiFetcher<T>(path: string): Promise<T> {
  return apiRequest<T>(path);
}

/** Retrying a 4xx cannot help; a dropped connection or a 5xx may pass on the next attempt. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}
