import { beforeAll, describe, expect, it } from "vitest";
import * as complete from "@/app/api/tasks/[id]/complete/route";
import * as taskRoute from "@/app/api/tasks/[id]/route";
import * as tasks from "@/app/api/tasks/route";
import { call, signUp, type CallOptions, type Handler, type TestUser } from "../support/api";

// One row per error in the API's error table that a request can provoke in-process, each asserting the exact
// status, code and headers. (503 is proven against a real outage in db-outage.test.ts.)

let user: TestUser;
let taskId: string;

beforeAll(async () => {
  user = await signUp();
  const created = await call(tasks.POST, "POST", "/api/tasks", { token: user.token, body: { title: "Exists" } });
  taskId = created.json.id;
});

type Case = {
  name: string;
  handler: Handler;
  method: string;
  path: () => string;
  options: () => CallOptions;
  status: number;
  code: string;
  headers?: Record<string, string>;
};

const big = "x".repeat(64 * 1024);

const cases: Case[] = [
  {
    name: "malformed JSON body",
    handler: tasks.POST,
    method: "POST",
    path: () => "/api/tasks",
    options: () => ({ token: user.token, rawBody: '{"title": "unterminated', headers: { "content-type": "application/json" } }),
    status: 400,
    code: "invalid_json",
  },
  {
    name: "a body that is not UTF-8",
    handler: tasks.POST,
    method: "POST",
    path: () => "/api/tasks",
    options: () => ({
      token: user.token,
      rawBody: new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      headers: { "content-type": "application/json" },
    }),
    status: 400,
    code: "invalid_json",
  },
  {
    name: "a missing body on create",
    handler: tasks.POST,
    method: "POST",
    path: () => "/api/tasks",
    options: () => ({ token: user.token, headers: { "content-type": "application/json" } }),
    status: 400,
    code: "invalid_json",
  },
  {
    name: "a malformed query string",
    handler: tasks.GET,
    method: "GET",
    path: () => "/api/tasks?limit=0",
    options: () => ({ token: user.token }),
    status: 400,
    code: "invalid_query",
  },
  {
    name: "a missing token",
    handler: tasks.GET,
    method: "GET",
    path: () => "/api/tasks",
    options: () => ({}),
    status: 401,
    code: "unauthorized",
    headers: { "www-authenticate": 'Bearer error="invalid_token"' },
  },
  {
    name: "an unknown id",
    handler: taskRoute.GET,
    method: "GET",
    path: () => "/api/tasks/0190b8a4-0000-7000-8000-000000000000",
    options: () => ({ token: user.token, params: { id: "0190b8a4-0000-7000-8000-000000000000" } }),
    status: 404,
    code: "not_found",
  },
  {
    name: "a malformed id",
    handler: taskRoute.GET,
    method: "GET",
    path: () => "/api/tasks/not-a-uuid",
    options: () => ({ token: user.token, params: { id: "not-a-uuid" } }),
    status: 404,
    code: "not_found",
  },
  {
    name: "PATCH on the collection",
    handler: tasks.PATCH,
    method: "PATCH",
    path: () => "/api/tasks",
    options: () => ({ token: user.token }),
    status: 405,
    code: "method_not_allowed",
    headers: { allow: "GET, HEAD, POST, OPTIONS" },
  },
  {
    name: "POST on a task",
    handler: taskRoute.POST,
    method: "POST",
    path: () => `/api/tasks/${taskId}`,
    options: () => ({ token: user.token, params: { id: taskId } }),
    status: 405,
    code: "method_not_allowed",
    headers: { allow: "GET, HEAD, PUT, DELETE, OPTIONS" },
  },
  {
    name: "GET on complete",
    handler: complete.GET,
    method: "GET",
    path: () => `/api/tasks/${taskId}/complete`,
    options: () => ({ token: user.token, params: { id: taskId } }),
    status: 405,
    code: "method_not_allowed",
    headers: { allow: "PATCH, OPTIONS" },
  },
  {
    name: "a body over 64 KiB with Content-Length",
    handler: tasks.POST,
    method: "POST",
    path: () => "/api/tasks",
    options: () => ({ token: user.token, body: { title: "x", description: big } }),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "a chunked body over 64 KiB without Content-Length",
    handler: tasks.POST,
    method: "POST",
    path: () => "/api/tasks",
    options: () => ({
      token: user.token,
      headers: { "content-type": "application/json" },
      rawBody: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"title":"x","description":"'));
          for (let i = 0; i < 80; i += 1) controller.enqueue(new TextEncoder().encode("y".repeat(1024)));
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        },
      }),
    }),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "a text/plain body",
    handler: tasks.POST,
    method: "POST",
    path: () => "/api/tasks",
    options: () => ({ token: user.token, rawBody: '{"title":"x"}', headers: { "content-type": "text/plain" } }),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a form body",
    handler: taskRoute.PUT,
    method: "PUT",
    path: () => `/api/tasks/${taskId}`,
    options: () => ({
      token: user.token,
      params: { id: taskId },
      rawBody: "title=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a body without Content-Type",
    handler: complete.PATCH,
    method: "PATCH",
    path: () => `/api/tasks/${taskId}/complete`,
    options: () => ({ token: user.token, params: { id: taskId }, rawBody: new Blob(['{"completed":true}']) }),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a failed schema",
    handler: tasks.POST,
    method: "POST",
    path: () => "/api/tasks",
    options: () => ({ token: user.token, body: { title: "" } }),
    status: 422,
    code: "validation_failed",
  },
];

describe("problem+json errors", () => {
  it.each(cases)("$status $code for $name", async (c) => {
    const response = await call(c.handler, c.method, c.path(), c.options());
    expect(response.status).toBe(c.status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json).toMatchObject({ status: c.status, code: c.code, type: `about:blank#${c.code}` });
    expect(typeof response.json.title).toBe("string");
    expect(typeof response.json.detail).toBe("string");
    for (const [name, value] of Object.entries(c.headers ?? {})) expect(response.headers.get(name)).toBe(value);
    expect(response.text).not.toMatch(/prisma|at .*\.ts|stack|SELECT|INSERT/i);
  });

  it("lists every problem of a failed schema with its path", async () => {
    const response = await call(tasks.POST, "POST", "/api/tasks", {
      token: user.token,
      body: { title: " ", priority: "urgent", userId: "x" },
    });
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual(
      expect.arrayContaining([
        { path: "title", message: "must not be empty" },
        expect.objectContaining({ path: "priority" }),
        { path: "userId", message: "is not a known field" },
      ]),
    );
  });

  it("answers OPTIONS with the allowed methods", async () => {
    const response = await call(tasks.OPTIONS, "OPTIONS", "/api/tasks");
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
