import "server-only";
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { errorCodes, problemStatus, type ErrorCode } from "@/lib/api/errors";
import { createTaskInput, listTasksQuery, setCompletionInput, task, taskPage, updateTaskInput } from "@/lib/shared/task-schema";

// The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with.

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

const DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  invalid_json: "Malformed JSON body (`invalid_json`).",
  invalid_query: "Invalid query string (`invalid_query`), including a cursor that does not decode.",
  unauthorized: "Missing, malformed, forged or expired token.",
  not_found: "No such task for this user (also for another user's task or a malformed id).",
  payload_too_large: "Body over 64 KiB.",
  unsupported_media_type: "A body that is not application/json.",
  validation_failed: "The body failed validation; see `errors`.",
  rate_limited: "Too many requests; see `Retry-After`.",
  service_unavailable: "The database or key source is unavailable.",
};

function errors(...codes: ErrorCode[]): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const code of [...codes, "unauthorized", "rate_limited", "service_unavailable"] as ErrorCode[]) {
    responses[String(problemStatus(code)) as "400"] = {
      description: DESCRIPTIONS[code] ?? code,
      content: { "application/problem+json": { schema: problem } },
    };
  }
  return responses;
}

const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const idParams = { path: z.object({ id: z.uuid().meta({ description: "Task id." }) }) };

const getTaskOp: ZodOpenApiOperationObject = {
  operationId: "getTask",
  summary: "Get a task",
  requestParams: idParams,
  responses: { "200": { description: "The task.", ...jsonBody(task) }, ...errors("not_found") },
};

export function buildOpenApiDocument(serverUrl?: string) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Evo-TODO API",
      version: "1.0.0",
      description:
        "User-scoped tasks. Get a token from `GET /api/auth/token` (session cookie) and send it as " +
        "`Authorization: Bearer <jwt>`. Tokens are EdDSA JWTs valid for 15 minutes; keys at `/api/auth/jwks`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths: {
      "/api/tasks": {
        get: {
          operationId: "listTasks",
          summary: "List tasks",
          requestParams: { query: listTasksQuery },
          responses: { "200": { description: "A page of tasks.", ...jsonBody(taskPage) }, ...errors("invalid_query") },
        },
        post: {
          operationId: "createTask",
          summary: "Create a task",
          requestBody: { required: true, ...jsonBody(createTaskInput) },
          responses: {
            "201": {
              description: "The created task.",
              headers: z.object({ location: z.string().meta({ description: "/api/tasks/{id}" }) }),
              ...jsonBody(task),
            },
            ...errors("invalid_json", "payload_too_large", "unsupported_media_type", "validation_failed"),
          },
        },
      },
      "/api/tasks/{id}": {
        get: getTaskOp,
        put: {
          operationId: "updateTask",
          summary: "Update some fields of a task",
          requestParams: idParams,
          requestBody: { required: true, ...jsonBody(updateTaskInput) },
          responses: {
            "200": { description: "The updated task.", ...jsonBody(task) },
            ...errors("invalid_json", "not_found", "payload_too_large", "unsupported_media_type", "validation_failed"),
          },
        },
        delete: {
          operationId: "deleteTask",
          summary: "Delete a task",
          requestParams: idParams,
          responses: { "204": { description: "Deleted." }, ...errors("not_found") },
        },
      },
      "/api/tasks/{id}/complete": {
        patch: {
          operationId: "setTaskCompletion",
          summary: "Set completion, or toggle it when there is no body",
          requestParams: idParams,
          requestBody: { required: false, ...jsonBody(setCompletionInput) },
          responses: {
            "200": { description: "The task.", ...jsonBody(task) },
            ...errors("invalid_json", "not_found", "payload_too_large", "unsupported_media_type", "validation_failed"),
          },
        },
      },
      "/api/health": {
        get: {
          operationId: "health",
          summary: "Database health",
          security: [],
          responses: {
            "200": { description: "Healthy.", ...jsonBody(z.object({ status: z.literal("ok") })) },
            "503": { description: "The database is unavailable.", content: { "application/problem+json": { schema: problem } } },
          },
        },
      },
    },
  });
}
