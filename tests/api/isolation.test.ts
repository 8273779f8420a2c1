import { beforeAll, describe, expect, it } from "vitest";
import * as complete from "@/app/api/tasks/[id]/complete/route";
import * as item from "@/app/api/tasks/[id]/route";
import * as collection from "@/app/api/tasks/route";
import { call, signUp, type CallOptions, type TestUser } from "../support/api";

// Two users, A and B. Nothing B does can read, change or even detect A's tasks: every attempt is a
// 404 byte-for-byte identical to a missing id's, and B's lists only ever hold B's own tasks.

type Response = Awaited<ReturnType<typeof call>>;
type TaskJson = { id: string; title: string; updatedAt: string } & Record<string, unknown>;

const MISSING_ID = "0190b8a4-0000-7000-8000-000000000000";

let alice: TestUser;
let bob: TestUser;
let aliceTasks: TaskJson[];
let bobTasks: TaskJson[];
let target: TaskJson; // the one of A's tasks B keeps going after

const opts = (user: TestUser, id: string, extra: CallOptions = {}): CallOptions => ({
  token: user.token,
  params: { id },
  ...extra,
});
const path = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

// Every per-task operation, as B would attempt it.
const operations: [string, (user: TestUser, id: string) => Promise<Response>][] = [
  ["GET", (user, id) => call(item.GET, "GET", path(id), opts(user, id))],
  [
    "PUT",
    (user, id) =>
      call(item.PUT, "PUT", path(id), opts(user, id, { body: { title: "Pwned", completed: true } })),
  ],
  ["DELETE", (user, id) => call(item.DELETE, "DELETE", path(id), opts(user, id))],
  [
    "PATCH complete (toggle)",
    (user, id) => call(complete.PATCH, "PATCH", `${path(id)}/complete`, opts(user, id)),
  ],
  [
    "PATCH complete (set)",
    (user, id) =>
      call(complete.PATCH, "PATCH", `${path(id)}/complete`, opts(user, id, { body: { completed: true } })),
  ],
];

const getAs = (user: TestUser, id: string) => call(item.GET, "GET", path(id), opts(user, id));
const list = (user: TestUser, query: Record<string, string | string[]> = {}) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) search.append(key, v);
  const qs = search.toString();
  return call(collection.GET, "GET", `/api/tasks${qs ? `?${qs}` : ""}`, { token: user.token });
};

async function createAs(user: TestUser, body: Record<string, unknown>): Promise<TaskJson> {
  const response = await call(collection.POST, "POST", "/api/tasks", { token: user.token, body });
  expect(response.status).toBe(201);
  return response.json as TaskJson;
}

/** A's tasks as A sees them now. */
async function snapshotOfA(): Promise<TaskJson[]> {
  return Promise.all(aliceTasks.map(async (task) => (await getAs(alice, task.id)).json as TaskJson));
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([signUp("Alice"), signUp("Bob")]);
  aliceTasks = [];
  // Shared words, tags, priorities and due dates, so every filter B uses would match A's rows too.
  for (const [i, title] of [
    "Secret plan alpha",
    "Secret plan beta",
    "Shared word gamma",
    "100% done",
    "snake_case",
  ].entries()) {
    aliceTasks.push(
      await createAs(alice, {
        title,
        description: `Alice's private notes ${i}`,
        priority: (["low", "medium", "high"] as const)[i % 3],
        dueAt: `2026-04-0${i + 1}T09:00:00Z`,
        tags: ["shared", `alice${i}`],
      }),
    );
  }
  // One completed task of A's, so status filters have something to leak.
  const done = await call(complete.PATCH, "PATCH", path(aliceTasks[1]!.id), opts(alice, aliceTasks[1]!.id));
  expect(done.status).toBe(200);
  aliceTasks[1] = done.json as TaskJson;
  target = aliceTasks[0]!;

  bobTasks = [];
  for (const [i, title] of [
    "Shared word delta",
    "Bob's own",
    "Secret plan bob",
    "Another of Bob's",
  ].entries()) {
    bobTasks.push(
      await createAs(bob, {
        title,
        description: i % 2 ? "private notes" : null,
        priority: (["high", "medium", "low"] as const)[i % 3],
        dueAt: i === 3 ? null : `2026-04-0${i + 1}T09:00:00Z`,
        tags: ["shared", `bob${i}`],
      }),
    );
  }
  const bobDone = await call(complete.PATCH, "PATCH", path(bobTasks[0]!.id), opts(bob, bobTasks[0]!.id));
  bobTasks[0] = bobDone.json as TaskJson;
});

describe("B acting on A's task by id", () => {
  it.each(operations)(
    "%s is a 404 identical to a missing id's, and A's task is untouched",
    async (_name, operation) => {
      const before = await snapshotOfA();
      const foreign = await operation(bob, target.id);
      const missing = await operation(bob, MISSING_ID);

      expect(foreign.status).toBe(404);
      expect(foreign.json).toMatchObject({ status: 404, code: "not_found" });
      expect(foreign.text).toBe(missing.text);
      expect(foreign.status).toBe(missing.status);
      expect(foreign.headers.get("content-type")).toBe(missing.headers.get("content-type"));
      expect(foreign.text).not.toContain(target.id);

      expect(await snapshotOfA()).toEqual(before);
    },
  );

  it("after every attempt, A still sees all of A's tasks exactly as created", async () => {
    for (const [, operation] of operations) await operation(bob, target.id);
    expect(await snapshotOfA()).toEqual(aliceTasks);
    const listed = await list(alice, { limit: "100" });
    expect(listed.json.count).toBe(aliceTasks.length);
    expect([...(listed.json.data as TaskJson[])].sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [...aliceTasks].sort((x, y) => x.id.localeCompare(y.id)),
    );
  });

  it("A can still act on the task afterwards (the 404s were not a side effect of a broken task)", async () => {
    const response = await getAs(alice, target.id);
    expect(response.status).toBe(200);
    expect(response.json).toEqual(target);
  });
});

describe("malformed ids are a 404 identical to a missing one", () => {
  const malformed: [string, () => string][] = [
    ["not-a-uuid", () => "not-a-uuid"],
    ["a SQL injection", () => "' OR 1=1 --"],
    ["a quoted injection", () => `${target.id}' OR '1'='1`],
    ["A's id in upper case", () => target.id.toUpperCase()],
    ["A's id without hyphens", () => target.id.replaceAll("-", "")],
    ["A's id with a trailing space", () => `${target.id} `],
    ["A's id in braces", () => `{${target.id}}`],
    ["an empty id", () => ""],
    ["a very long id", () => "a".repeat(5000)],
    ["a path traversal", () => "../../etc/passwd"],
  ];
  const cases = malformed.flatMap(([name, id]) =>
    operations.map(([opName, operation]) => ({ name: `${opName} ${name}`, opName, id, operation })),
  );
  // What each operation answers for a well-formed id that does not exist (fetched once, to keep B
  // well inside the per-user rate limit).
  const missing = new Map<string, string>();

  beforeAll(async () => {
    for (const [opName, operation] of operations)
      missing.set(opName, (await operation(bob, MISSING_ID)).text);
  });

  it.each(cases)("$name (as B)", async ({ opName, id, operation }) => {
    const response = await operation(bob, id());
    expect(response.status).toBe(404);
    expect(response.text).toBe(missing.get(opName));
  });

  it("none of them touched A's tasks", async () => {
    expect(await snapshotOfA()).toEqual(aliceTasks);
  });
});

describe("B's lists never contain A's tasks", () => {
  const aliceIds = () => new Set(aliceTasks.map((task) => task.id));
  const bobIds = () => bobTasks.map((task) => task.id);

  const queries: [string, Record<string, string | string[]>, (task: TaskJson) => boolean][] = [
    ["no filters", {}, () => true],
    ["status=all", { status: "all" }, () => true],
    ["status=pending", { status: "pending" }, (task) => task.completed === false],
    ["status=completed", { status: "completed" }, (task) => task.completed === true],
    ["q matching A's title", { q: "Secret plan alpha" }, () => false],
    [
      "q matching titles of both",
      { q: "secret PLAN" },
      (task) => task.title.toLowerCase().includes("secret plan"),
    ],
    ["q matching A's description", { q: "Alice's private" }, () => false],
    [
      "q matching descriptions of both",
      { q: "private notes" },
      (task) => task.description === "private notes",
    ],
    ["a tag both use", { tag: "shared" }, () => true],
    ["A's tag", { tag: "alice0" }, () => false],
    ["priority high,medium,low", { priority: "high,medium,low" }, () => true],
    [
      "a due window covering A's tasks",
      { dueAfter: "2026-04-01T00:00:00Z", dueBefore: "2026-04-30T00:00:00Z" },
      (task) => task.dueAt !== null,
    ],
    ["status=completed&q=secret", { status: "completed", q: "secret" }, () => false],
  ];

  it.each(queries)("%s", async (_name, query, matchesBob) => {
    const response = await list(bob, { ...query, limit: "100" });
    expect(response.status).toBe(200);
    const ids = (response.json.data as TaskJson[]).map((task) => task.id);
    for (const id of ids) expect(aliceIds().has(id)).toBe(false);
    const expected = bobTasks.filter(matchesBob).map((task) => task.id);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(response.json.count).toBe(expected.length);
    expect(response.text).not.toContain("Alice");
  });

  // Whether `%` and `_` are literal is list.test.ts's business; here only that they never widen
  // the search past B's own rows.
  it.each(["%", "_", "%%", "%' OR '1'='1", "\\"])("q=%s never reaches A's tasks", async (q) => {
    const response = await list(bob, { q, limit: "100" });
    expect(response.status).toBe(200);
    const ids = (response.json.data as TaskJson[]).map((task) => task.id);
    for (const id of ids) expect(aliceIds().has(id)).toBe(false);
    for (const id of ids) expect(bobIds()).toContain(id);
    expect(response.json.count).toBe(ids.length);
  });

  it.each(["created", "updated", "title", "due", "priority"])(
    "walking pages of one (sort=%s) visits B's tasks only",
    async (sort) => {
      for (const order of ["asc", "desc"]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 10; page += 1) {
          const response: Response = await list(bob, {
            sort,
            order,
            limit: "1",
            ...(cursor ? { cursor } : {}),
          });
          expect(response.status).toBe(200);
          expect(response.json.count).toBe(bobTasks.length);
          seen.push(...(response.json.data as TaskJson[]).map((task) => task.id));
          cursor = response.json.nextCursor;
          if (!cursor) break;
        }
        expect(cursor).toBeNull();
        expect([...seen].sort()).toEqual([...bobIds()].sort());
      }
    },
  );

  it("A's list is just as closed to B's tasks", async () => {
    const response = await list(alice, { q: "bob", limit: "100" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: [], count: 0, nextCursor: null });
  });
});
