import "server-only";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

// One table from error code to HTTP status, and one function that turns anything thrown in a route
// handler into an RFC 9457 problem+json response. Nothing from an unexpected error (stack, SQL,
// Prisma message) ever reaches the client; it is logged and becomes a generic 500.

const PROBLEMS = {
  invalid_json: { status: 400, title: "Malformed JSON body" },
  invalid_query: { status: 400, title: "Invalid query string" },
  unauthorized: { status: 401, title: "Unauthorized" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Validation failed" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal_error: { status: 500, title: "Internal server error" },
  service_unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof PROBLEMS;

export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail ?? PROBLEMS[code].title, { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export const errorCodes = Object.keys(PROBLEMS) as ErrorCode[];

export function problemStatus(code: ErrorCode): number {
  return PROBLEMS[code].status;
}

export function problemResponse(error: ApiError): Response {
  const { status, title } = PROBLEMS[error.code];
  const body = {
    type: `about:blank#${error.code}`,
    title,
    status,
    detail: error.message,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...error.headers },
  });
}

export function toProblemResponse(error: unknown): Response {
  if (error instanceof ApiError) return problemResponse(error);
  if (isDatabaseUnavailable(error)) {
    console.warn("[api] database unavailable:", describe(error));
    return problemResponse(
      new ApiError("service_unavailable", "The database is unavailable. Try again shortly.", {
        headers: { "retry-after": "5" },
      }),
    );
  }
  console.error("[api] unexpected error:", error);
  return problemResponse(new ApiError("internal_error", "Something went wrong on our side."));
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Prisma's messages open with the call site; the reason is the last line.
  const lines = error.message.split("\n").filter((line) => line.trim());
  return `${error.name}: ${lines.at(-1)?.trim() ?? ""}`;
}
