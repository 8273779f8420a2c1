import "client-only";
// What the task API says when it refuses (RFC 9457 problem+json, see lib/api/errors.ts), as one error type
// the views can read: `code` to decide, `message` to show, `errors` to mark the fields.

export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];

  constructor(status: number, code: string, message: string, errors: FieldError[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: "Your session has ended. Sign in again.",
  404: "That task no longer exists.",
  413: "That is too much text to save.",
  422: "Some of the values are not valid.",
  429: "Too many requests. Wait a moment and try again.",
  503: "The service is briefly unavailable. Try again in a moment.",
};

type ProblemBody = { code?: unknown; detail?: unknown; title?: unknown; message?: unknown; errors?: unknown };

function isFieldError(value: unknown): value is FieldError {
  const item = value as FieldError | null;
  return typeof item?.path === "string" && typeof item.message === "string";
}

/** Turns any non-2xx response into an ApiError, whatever shape (or lack of one) its body has. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: ProblemBody = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object") body = parsed as ProblemBody;
  } catch {
    // A proxy's HTML error page or an empty body: fall back to the status.
  }
  const errors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [];
  const code = typeof body.code === "string" ? body.code : `http_${response.status}`;
  const message =
    [body.detail, body.message, body.title].find((value): value is string => typeof value === "string" && value !== "") ??
    FALLBACK_MESSAGES[response.status] ??
    (response.status >= 500 ? "Something went wrong on our side. Try again." : `Request failed (${response.status}).`);
  return new ApiError(response.status, code, message, errors);
}

export function networkError(): ApiError {
  return new ApiError(0, "network_error", "Can't reach the server. Check your connection and try again.");
}

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  priority: "Priority",
  dueAt: "Due date",
  tags: "Tags",
  completed: "Completed",
};

/** "Title must not be empty": a field path and a schema message, phrased for a person. */
export function describeFieldError({ path, message }: FieldError): string {
  const [field, index] = path.split(".");
  const label = field && FIELD_LABELS[field];
  if (!label) return message;
  if (field === "tags" && index !== undefined) return `Each tag ${message}`;
  return `${label} ${message}`;
}

/** One sentence for a toast: the server's detail, plus the first field problem when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const first = error.errors[0];
    return first ? `${error.message} ${describeFieldError(first)}.` : error.message;
  }
  return "Something went wrong. Try again.";
}
