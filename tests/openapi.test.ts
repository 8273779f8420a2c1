import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/openapi.json/route";
import { call } from "./support/api";

// The published document must be valid OpenAPI 3.1 and describe exactly the handlers that exist.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const apiRoot = path.resolve(import.meta.dirname, "../app/api");

/** Every route file under app/api, as an OpenAPI path (`[id]` → `{id}`), skipping Better Auth's. */
function routeFiles(dir = apiRoot): { file: string; path: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name.startsWith("[...") ? [] : routeFiles(full);
    if (name !== "route.ts") return [];
    const relative = path.relative(apiRoot, dir).split(path.sep).map((part) => part.replace(/^\[(.+)\]$/, "{$1}"));
    return [{ file: full, path: `/api/${relative.join("/")}` }];
  });
}

async function servedMethods(file: string): Promise<string[]> {
  const route = (await import(file)) as Record<string, unknown>;
  const served: string[] = [];
  for (const method of METHODS) {
    const handler = route[method] as ((request: Request, context: unknown) => Promise<Response>) | undefined;
    if (!handler) continue;
    // A handler that answers 405 without authentication is a "not allowed" stub, not an operation.
    const response = await handler(new Request("http://localhost:3000/x", { method }), {
      params: Promise.resolve({ id: "00000000-0000-7000-8000-000000000000" }),
    });
    if (response.status !== 405) served.push(method.toLowerCase());
  }
  return served;
}

describe("/api/openapi.json", () => {
  it("is served publicly as JSON", async () => {
    const response = await call(GET, "GET", "/api/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.json.openapi).toBe("3.1.0");
  });

  it("validates as OpenAPI 3.1", async () => {
    const { json } = await call(GET, "GET", "/api/openapi.json");
    const result = await validate(structuredClone(json));
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
    expect(result.specification).toBe("OpenAPI");
  });

  it("documents exactly the operations the route handlers serve", async () => {
    const { json } = await call(GET, "GET", "/api/openapi.json");
    const documented = Object.entries(json.paths as Record<string, Record<string, unknown>>)
      .flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method} ${route}`))
      .sort();
    const served: string[] = [];
    for (const { file, path: route } of routeFiles()) {
      if (route === "/api/openapi.json") continue;
      for (const method of await servedMethods(file)) served.push(`${method} ${route}`);
    }
    expect(documented).toEqual(served.sort());
  });

  it("documents every error a task route can answer with", async () => {
    const { json } = await call(GET, "GET", "/api/openapi.json");
    const post = json.paths["/api/tasks"].post.responses;
    expect(Object.keys(post).sort()).toEqual(["201", "400", "401", "413", "415", "422", "429", "503"]);
    expect(json.components.schemas.Task.required.sort()).toEqual(
      ["completed", "completedAt", "createdAt", "description", "dueAt", "id", "priority", "tags", "title", "updatedAt"],
    );
    expect(json.components.schemas.CreateTask.additionalProperties).toBe(false);
    expect(json.components.schemas.CreateTask.properties.title.maxLength).toBe(255);
  });
});
