import "server-only";
import type { z } from "zod";
import { ApiError, type FieldError } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes.`);
}

/**
 * Reads a request body of at most 64 KiB. The cap is enforced on the declared length and again
 * while streaming, so a chunked body without Content-Length is cut off as soon as it passes the
 * limit, before anything is parsed. Returns null when the request has no body.
 */
export async function readBody(request: Request): Promise<Uint8Array | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body || declared === "0") return null;
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !JSON_MEDIA_TYPE.test(contentType.trim())) throw unsupportedMediaType();

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (size === 0) return null;
  if (contentType === null) throw unsupportedMediaType();
  return Buffer.concat(chunks, size);
}

function unsupportedMediaType(): ApiError {
  return new ApiError("unsupported_media_type", "Send the body as application/json.");
}

/** Parses a JSON body; invalid UTF-8 or JSON is a 400, never a 500. */
export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
}

function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...issue.path, key].join("."), message: "is not a known field" }));
    }
    return [{ path: issue.path.join(".") || "(root)", message: issue.message }];
  });
}

/** Validates a parsed body: a schema failure is a 422 with one entry per problem. */
export function validateBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ApiError("validation_failed", "The request body is invalid.", { errors: toFieldErrors(result.error) });
  }
  return result.data;
}

/** A required JSON body, validated. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const bytes = await readBody(request);
  if (!bytes) throw new ApiError("invalid_json", "A JSON body is required.");
  return validateBody(schema, parseJson(bytes));
}

/** Query parameters as an object; a repeated name becomes an array. Invalid ones are a 400. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  return parseQuery(new URL(request.url).searchParams, schema);
}

/** readQuery for a query string the server builds itself (the task page's first requests). */
export function parseQuery<S extends z.ZodType>(searchParams: URLSearchParams, schema: S): z.output<S> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of searchParams) {
    const existing = params[key];
    params[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const result = schema.safeParse(params);
  if (!result.success) {
    throw new ApiError("invalid_query", "The query string is invalid.", { errors: toFieldErrors(result.error) });
  }
  return result.data;
}
