import { beforeAll, describe, expect, it } from "vitest";
import * as item from "@/app/api/tasks/[id]/route";
import * as collection from "@/app/api/tasks/route";
import { prisma } from "@/lib/db/client";
import { call, signUp, type TestUser } from "../support/api";

// The task validation rules, row by row: what is accepted (and exactly what is stored), and what is a
// 422 problem+json naming the offending field — with nothing written when a body is rejected.

type Response = Awaited<ReturnType<typeof call>>;
type TaskJson = Record<string, unknown> & { id: string; updatedAt: string };

const JSON_HEADERS = { "content-type": "application/json" };
const EMOJI = "😀"; // one code point, two UTF-16 code units, four UTF-8 bytes

let user: TestUser;
let other: TestUser;

const create = (body: unknown) => call(collection.POST, "POST", "/api/tasks", { token: user.token, body });
const createRaw = (rawBody: string) =>
  call(collection.POST, "POST", "/api/tasks", { token: user.token, rawBody, headers: JSON_HEADERS });
const get = (id: string) => call(item.GET, "GET", `/api/tasks/${id}`, { token: user.token, params: { id } });
const put = (id: string, body: unknown) =>
  call(item.PUT, "PUT", `/api/tasks/${id}`, { token: user.token, params: { id }, body });
const putRaw = (id: string, rawBody: string) =>
  call(item.PUT, "PUT", `/api/tasks/${id}`, {
    token: user.token,
    params: { id },
    rawBody,
    headers: JSON_HEADERS,
  });

const countTasks = () => prisma.task.count({ where: { userId: user.id } });

/** Every 422 is problem+json with a non-empty `errors: [{ path, message }]`. */
function expect422(response: Response, paths: string[] = []) {
  expect(response.status).toBe(422);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(response.json).toMatchObject({
    type: "about:blank#validation_failed",
    status: 422,
    code: "validation_failed",
    title: expect.any(String),
    detail: expect.any(String),
  });
  const errors = response.json.errors as unknown[];
  expect(Array.isArray(errors)).toBe(true);
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
  const named = (errors as { path: string }[]).map((error) => error.path);
  for (const path of paths) expect(named).toContain(path);
  expect(response.text).not.toMatch(/prisma|stack|\bat \S+:\d+/i);
  expect(response.text).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE)\s/);
}

/** Runs a request that must be rejected, proving the user's task count did not move. */
async function expectRejectedWithoutWrite(send: () => Promise<Response>, paths: string[]) {
  const before = await countTasks();
  const response = await send();
  expect422(response, paths);
  expect(await countTasks()).toBe(before);
}

beforeAll(async () => {
  [user, other] = await Promise.all([signUp("Validation Tester"), signUp("Someone Else")]);
});

const a = (n: number) => "a".repeat(n);
const tagsOf = (n: number) => Array.from({ length: n }, (_, i) => `tag${i}`);

describe("accepted bodies store exactly the normalised values", () => {
  const accepted: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["title is trimmed", { title: "  Buy milk \t\n" }, { title: "Buy milk" }],
    ["a 1-character title", { title: "x" }, { title: "x" }],
    ["a 255-code-point title", { title: a(255) }, { title: a(255) }],
    ["a 255-code-point title inside whitespace", { title: `  ${a(255)}  ` }, { title: a(255) }],
    ["255 emoji (510 UTF-16 units)", { title: EMOJI.repeat(255) }, { title: EMOJI.repeat(255) }],
    ["255 CJK characters", { title: "漢".repeat(255) }, { title: "漢".repeat(255) }],
    [
      "a title with combining marks counted per code point",
      { title: "e\u0301".repeat(127) },
      { title: "e\u0301".repeat(127) },
    ],
    [
      "a 2000-code-point description",
      { title: "d", description: "d".repeat(2000) },
      { description: "d".repeat(2000) },
    ],
    [
      "2000 emoji in the description",
      { title: "d", description: EMOJI.repeat(2000) },
      { description: EMOJI.repeat(2000) },
    ],
    ['description "" becomes null', { title: "d", description: "" }, { description: null }],
    [
      "a whitespace-only description becomes null",
      { title: "d", description: "  \n " },
      { description: null },
    ],
    ["description null", { title: "d", description: null }, { description: null }],
    ["description trimmed", { title: "d", description: "  words  " }, { description: "words" }],
    ["tags trimmed and lower-cased", { title: "t", tags: [" Work ", "HOME"] }, { tags: ["work", "home"] }],
    ["duplicate tags collapse", { title: "t", tags: ["A", " a ", "b"] }, { tags: ["a", "b"] }],
    ["10 tags", { title: "t", tags: tagsOf(10) }, { tags: tagsOf(10) }],
    ["a 32-character tag", { title: "t", tags: [a(32)] }, { tags: [a(32)] }],
    ["an emoji tag", { title: "t", tags: [EMOJI.repeat(32)] }, { tags: [EMOJI.repeat(32)] }],
    ["tags []", { title: "t", tags: [] }, { tags: [] }],
    ["priority low", { title: "p", priority: "low" }, { priority: "low" }],
    ["priority medium", { title: "p", priority: "medium" }, { priority: "medium" }],
    ["priority high", { title: "p", priority: "high" }, { priority: "high" }],
    ["dueAt in Z", { title: "d", dueAt: "2026-01-01T10:00:00Z" }, { dueAt: "2026-01-01T10:00:00.000Z" }],
    [
      "dueAt with +02:00",
      { title: "d", dueAt: "2026-01-01T10:00:00+02:00" },
      { dueAt: "2026-01-01T08:00:00.000Z" },
    ],
    [
      "dueAt with -05:30 and ms",
      { title: "d", dueAt: "2026-01-01T23:45:00.250-05:30" },
      { dueAt: "2026-01-02T05:15:00.250Z" },
    ],
    ["dueAt null", { title: "d", dueAt: null }, { dueAt: null }],
  ];

  it.each(accepted)("%s", async (_name, body, stored) => {
    const response = await create(body);
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject(stored);
    // Read back through the API: what was stored is what was returned.
    const read = await get(response.json.id);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(response.json);
    // And straight from the database, so an emoji was not mangled on the way in.
    const row = await prisma.task.findUniqueOrThrow({ where: { id: response.json.id } });
    for (const [key, value] of Object.entries(stored)) {
      if (key === "dueAt") expect(row.dueAt?.toISOString() ?? null).toBe(value);
      else expect(row[key as keyof typeof row]).toEqual(value);
    }
  });
});

// Bodies POST must reject, with the error paths they must name.
const rejected: [string, unknown, string[]][] = [
  ["a missing title", { description: "no title" }, ["title"]],
  ["an empty title", { title: "" }, ["title"]],
  ["a whitespace-only title", { title: " \t\n " }, ["title"]],
  ["a null title", { title: null }, ["title"]],
  ["a numeric title", { title: 42 }, ["title"]],
  ["a 256-code-point title", { title: a(256) }, ["title"]],
  ["256 emoji", { title: EMOJI.repeat(256) }, ["title"]],
  ["U+0000 in the title", { title: "a\u0000b" }, ["title"]],
  ["U+0000 in the description", { title: "t", description: "a\u0000b" }, ["description"]],
  ["U+0000 in a tag", { title: "t", tags: ["ok", "a\u0000b"] }, ["tags.1"]],
  ["a 2001-code-point description", { title: "t", description: "d".repeat(2001) }, ["description"]],
  ["2001 emoji in the description", { title: "t", description: EMOJI.repeat(2001) }, ["description"]],
  ["a numeric description", { title: "t", description: 7 }, ["description"]],
  ["11 tags", { title: "t", tags: tagsOf(11) }, ["tags"]],
  ["a 33-character tag", { title: "t", tags: [a(33)] }, ["tags.0"]],
  ["an empty tag", { title: "t", tags: [""] }, ["tags.0"]],
  ["a whitespace-only tag", { title: "t", tags: ["ok", "   "] }, ["tags.1"]],
  ["a tag that is not a string", { title: "t", tags: [1] }, ["tags.0"]],
  ["tags that are not an array", { title: "t", tags: "work" }, ["tags"]],
  ["tags null", { title: "t", tags: null }, ["tags"]],
  ["priority urgent", { title: "t", priority: "urgent" }, ["priority"]],
  ["priority HIGH", { title: "t", priority: "HIGH" }, ["priority"]],
  ['priority ""', { title: "t", priority: "" }, ["priority"]],
  ["priority null", { title: "t", priority: null }, ["priority"]],
  ["dueAt without an offset", { title: "t", dueAt: "2026-01-01T10:00:00" }, ["dueAt"]],
  ["dueAt as a date only", { title: "t", dueAt: "2026-01-01" }, ["dueAt"]],
  ["dueAt as prose", { title: "t", dueAt: "tomorrow" }, ["dueAt"]],
  ["dueAt as epoch milliseconds", { title: "t", dueAt: 1767225600000 }, ["dueAt"]],
  ["dueAt on an impossible date", { title: "t", dueAt: "2026-02-30T10:00:00Z" }, ["dueAt"]],
  [
    "several problems at once",
    { title: "", priority: "urgent", tags: [""] },
    ["title", "priority", "tags.0"],
  ],
];

// Fields a client must never set (mass assignment), in POST and in PUT.
const forbidden: [string, unknown][] = [
  ["userId", "someone-else"],
  ["id", "0190b8a4-0000-7000-8000-000000000000"],
  ["createdAt", "2020-01-01T00:00:00.000Z"],
  ["updatedAt", "2020-01-01T00:00:00.000Z"],
  ["completedAt", "2020-01-01T00:00:00.000Z"],
];

describe("POST /api/tasks rejects with 422 and writes nothing", () => {
  it.each(rejected)("%s", async (_name, body, paths) => {
    await expectRejectedWithoutWrite(() => create(body), paths);
  });

  it.each(forbidden)("mass assignment of %s", async (field, value) => {
    const body = { title: "Sneaky", [field]: field === "userId" ? other.id : value };
    await expectRejectedWithoutWrite(() => create(body), [field]);
    const response = await create(body);
    expect(response.json.errors).toContainEqual({ path: field, message: expect.any(String) });
  });

  it("completed is not a create field", async () => {
    await expectRejectedWithoutWrite(() => create({ title: "Done already", completed: true }), ["completed"]);
  });

  it("an unknown field is named", async () => {
    await expectRejectedWithoutWrite(() => create({ title: "Extra", colour: "red" }), ["colour"]);
  });

  const rawRejected: [string, string, string[]][] = [
    ["a lone high surrogate in the title", '{"title":"\\ud800"}', ["title"]],
    ["a lone low surrogate in the title", '{"title":"a\\udc00b"}', ["title"]],
    ["reversed surrogates in the title", '{"title":"\\udc00\\ud800"}', ["title"]],
    ["a lone surrogate in the description", '{"title":"t","description":"\\ud83d"}', ["description"]],
    ["a lone surrogate in a tag", '{"title":"t","tags":["\\ud800"]}', ["tags.0"]],
    ["an escaped NUL in the title", '{"title":"a\\u0000"}', ["title"]],
    ["a JSON array", "[]", []],
    ["a JSON array of a task", '[{"title":"t"}]', []],
    ["a JSON string", '"Buy milk"', []],
    ["JSON null", "null", []],
    ["a JSON number", "42", []],
    ["JSON true", "true", []],
  ];

  it.each(rawRejected)("%s", async (_name, rawBody, paths) => {
    await expectRejectedWithoutWrite(() => createRaw(rawBody), paths);
  });

  it("a properly paired surrogate (an emoji sent as escapes) is accepted intact", async () => {
    const response = await createRaw('{"title":"\\ud83d\\ude00"}');
    expect(response.status).toBe(201);
    expect(response.json.title).toBe(EMOJI);
  });
});

describe("PUT /api/tasks/{id} rejects with 422 and leaves the task unchanged", () => {
  let task: TaskJson;

  beforeAll(async () => {
    // A fresh owner for this block keeps each user well inside the per-user rate limit.
    user = await signUp("Validation Tester (PUT)");
    const response = await create({
      title: "Original",
      description: "Original words",
      priority: "low",
      dueAt: "2026-05-05T05:05:05.000Z",
      tags: ["keep"],
    });
    expect(response.status).toBe(201);
    task = response.json as TaskJson;
  });

  async function expectUnchanged(send: () => Promise<Response>, paths: string[]) {
    const before = await countTasks();
    expect422(await send(), paths);
    expect(await countTasks()).toBe(before);
    expect((await get(task.id)).json).toEqual(task);
    const row = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.userId).toBe(user.id);
  }

  // The create rows minus the "missing title" one (PUT's fields are all optional).
  const putRejected = rejected
    .filter(([name]) => name !== "a missing title")
    .map(([name, body, paths]) => {
      const { title, ...rest } = body as Record<string, unknown>;
      // Rows that only exist to carry a valid title drop it, so the row tests one field.
      return [name, title === "t" ? rest : body, paths] as [string, unknown, string[]];
    });

  it.each(putRejected)("%s", async (_name, body, paths) => {
    await expectUnchanged(() => put(task.id, body), paths);
  });

  it.each(forbidden)("mass assignment of %s, alone and with a valid change", async (field, value) => {
    const sneaky = field === "userId" ? other.id : value;
    await expectUnchanged(() => put(task.id, { [field]: sneaky }), [field]);
    await expectUnchanged(() => put(task.id, { title: "Changed?", [field]: sneaky }), [field]);
  });

  it("mass assignment of userId does not move the task to another user", async () => {
    await expectUnchanged(() => put(task.id, { userId: other.id, completed: true }), ["userId"]);
    expect(await prisma.task.count({ where: { userId: other.id } })).toBe(0);
  });

  it("an empty object is a 422", async () => {
    await expectUnchanged(() => put(task.id, {}), []);
  });

  const rawRejected: [string, string, string[]][] = [
    ["a lone surrogate in the title", '{"title":"\\ud800"}', ["title"]],
    ["a lone surrogate in a tag", '{"tags":["ok","x\\udfff"]}', ["tags.1"]],
    ["a JSON array", "[]", []],
    ["a JSON array of changes", '[{"title":"t"}]', []],
    ["a JSON string", '"New title"', []],
    ["JSON null", "null", []],
    ["a JSON number", "1", []],
    ["completed as a string", '{"completed":"true"}', ["completed"]],
    ["completed as a number", '{"completed":1}', ["completed"]],
    ["completed null", '{"completed":null}', ["completed"]],
  ];

  it.each(rawRejected)("%s", async (_name, rawBody, paths) => {
    await expectUnchanged(() => putRaw(task.id, rawBody), paths);
  });

  it("a valid PUT still works afterwards (the fixture is not frozen)", async () => {
    const response = await put(task.id, { tags: [" Keep ", "NEW", "new"] });
    expect(response.status).toBe(200);
    expect(response.json.tags).toEqual(["keep", "new"]);
    task = response.json as TaskJson;
  });
});
