import { beforeAll, describe, expect, it } from "vitest";
import * as complete from "@/app/api/tasks/[id]/complete/route";
import * as item from "@/app/api/tasks/[id]/route";
import * as collection from "@/app/api/tasks/route";
import { call, signUp, type CallOptions, type TestUser } from "../support/api";

// Every task endpoint's success path with exact shapes, plus the completion rules and two
// concurrency properties: toggles serialise, and a delete is never undone by a racing update.

type TaskJson = {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: string | null;
  priority: "low" | "medium" | "high";
  dueAt: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
};

const TASK_KEYS = [
  "completed",
  "completedAt",
  "createdAt",
  "description",
  "dueAt",
  "id",
  "priority",
  "tags",
  "title",
  "updatedAt",
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let user: TestUser;

function client(owner: () => TestUser) {
  const opts = (id: string, extra: CallOptions = {}): CallOptions => ({
    token: owner().token,
    params: { id },
    ...extra,
  });
  return {
    create: (body: unknown) => call(collection.POST, "POST", "/api/tasks", { token: owner().token, body }),
    list: (query = "") => call(collection.GET, "GET", `/api/tasks${query}`, { token: owner().token }),
    get: (id: string) => call(item.GET, "GET", `/api/tasks/${id}`, opts(id)),
    put: (id: string, body: unknown) => call(item.PUT, "PUT", `/api/tasks/${id}`, opts(id, { body })),
    remove: (id: string) => call(item.DELETE, "DELETE", `/api/tasks/${id}`, opts(id)),
    complete: (id: string, body?: unknown) =>
      call(
        complete.PATCH,
        "PATCH",
        `/api/tasks/${id}/complete`,
        opts(id, body === undefined ? {} : { body }),
      ),
  };
}

const api = client(() => user);

/** Creates a task and returns its JSON, failing loudly if the create did not succeed. */
async function createTask(body: Record<string, unknown>): Promise<TaskJson> {
  const response = await api.create(body);
  expect(response.status).toBe(201);
  return response.json as TaskJson;
}

/** A task with every optional field set, so partial updates can show what stayed unchanged. */
const fullBody = {
  title: "Full task",
  description: "Some words",
  priority: "low",
  dueAt: "2026-06-01T08:30:00.000Z",
  tags: ["home", "errand"],
};

function expectTaskShape(task: TaskJson) {
  expect(Object.keys(task).sort()).toEqual(TASK_KEYS);
  expect(task.id).toMatch(UUID_V7);
  expect(task.createdAt).toMatch(ISO_UTC);
  expect(task.updatedAt).toMatch(ISO_UTC);
  if (task.completedAt !== null) expect(task.completedAt).toMatch(ISO_UTC);
  if (task.dueAt !== null) expect(task.dueAt).toMatch(ISO_UTC);
  expect(task.completed).toBe(task.completedAt !== null);
}

function expectRecent(iso: string, since: number) {
  const at = Date.parse(iso);
  expect(at).toBeGreaterThanOrEqual(since - 2_000);
  expect(at).toBeLessThanOrEqual(Date.now() + 2_000);
}

beforeAll(async () => {
  user = await signUp("Crud Tester");
});

describe("POST /api/tasks", () => {
  it("creates a task with defaults: 201, Location, the full Task JSON and never userId", async () => {
    const before = Date.now();
    const response = await api.create({ title: "Buy milk" });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const task = response.json as TaskJson;
    expect(response.headers.get("location")).toBe(`/api/tasks/${task.id}`);
    expectTaskShape(task);
    expect(task).toEqual({
      id: task.id,
      title: "Buy milk",
      description: null,
      completed: false,
      completedAt: null,
      priority: "medium",
      dueAt: null,
      tags: [],
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
    });
    expect(response.text).not.toContain("userId");
    expect(response.text).not.toContain(user.id);
    expectRecent(task.createdAt, before);
    expectRecent(task.updatedAt, before);
  });

  it("stores every optional field and returns dueAt as UTC", async () => {
    const response = await api.create({
      title: "Everything",
      description: "All fields",
      priority: "high",
      dueAt: "2026-07-04T12:00:00+02:00",
      tags: ["work", "urgent"],
    });
    expect(response.status).toBe(201);
    const task = response.json as TaskJson;
    expectTaskShape(task);
    expect(task).toMatchObject({
      title: "Everything",
      description: "All fields",
      completed: false,
      completedAt: null,
      priority: "high",
      dueAt: "2026-07-04T10:00:00.000Z",
      tags: ["work", "urgent"],
    });
  });

  it("gives every task its own id", async () => {
    const [a, b] = await Promise.all([createTask({ title: "Twin" }), createTask({ title: "Twin" })]);
    expect(a!.id).not.toBe(b!.id);
  });
});

describe("GET /api/tasks/{id}", () => {
  it("returns the task exactly as created", async () => {
    const created = await createTask(fullBody);
    const response = await api.get(created.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.json).toEqual(created);
    expect(response.text).not.toContain("userId");
  });

  it("lists the task in GET /api/tasks", async () => {
    const created = await createTask({ title: "Listed" });
    const response = await api.list("?limit=100");
    expect(response.status).toBe(200);
    expect(Object.keys(response.json).sort()).toEqual(["count", "data", "nextCursor"]);
    expect(response.json.data).toContainEqual(created);
    for (const task of response.json.data as TaskJson[]) expectTaskShape(task);
  });
});

describe("PUT /api/tasks/{id}", () => {
  // Each row: the body sent, and the fields it must change. Everything else stays as it was.
  const updates: [string, Record<string, unknown>, Partial<TaskJson>][] = [
    ["title (trimmed)", { title: "  Renamed  " }, { title: "Renamed" }],
    ["description", { description: "Other words" }, { description: "Other words" }],
    ['description "" becomes null', { description: "" }, { description: null }],
    ["description null", { description: null }, { description: null }],
    ["priority", { priority: "high" }, { priority: "high" }],
    [
      "dueAt with an offset, stored as UTC",
      { dueAt: "2027-03-04T05:06:07-01:30" },
      { dueAt: "2027-03-04T06:36:07.000Z" },
    ],
    ["dueAt null clears it", { dueAt: null }, { dueAt: null }],
    ["tags (normalised)", { tags: [" Work ", "WORK", "x"] }, { tags: ["work", "x"] }],
    ["tags [] clears them", { tags: [] }, { tags: [] }],
    ["several fields at once", { title: "Both", priority: "medium" }, { title: "Both", priority: "medium" }],
  ];

  it.each(updates)("updates %s and leaves omitted fields unchanged", async (_name, body, changed) => {
    const before = await createTask(fullBody);
    await sleep(5);
    const response = await api.put(before.id, body);
    expect(response.status).toBe(200);
    const after = response.json as TaskJson;
    expectTaskShape(after);
    expect(after).toEqual({ ...before, ...changed, updatedAt: after.updatedAt });
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect((await api.get(before.id)).json).toEqual(after);
  });

  // Bodies that restate what the task already holds: nothing changes, not even updatedAt.
  const noOps: [string, Record<string, unknown>][] = [
    ["the same title", { title: fullBody.title }],
    ["the same title with surrounding spaces", { title: `  ${fullBody.title} ` }],
    ["the same description", { description: fullBody.description }],
    ["the same priority", { priority: fullBody.priority }],
    ["the same dueAt in another offset", { dueAt: "2026-06-01T10:30:00+02:00" }],
    ["the same tags in another case", { tags: ["HOME", "errand", "Home"] }],
    ["completed: false on a pending task", { completed: false }],
    ["every field restated", { ...fullBody, completed: false }],
  ];

  it.each(noOps)("a no-op PUT (%s) leaves the task and updatedAt unchanged", async (_name, body) => {
    const before = await createTask(fullBody);
    await sleep(5);
    const response = await api.put(before.id, body);
    expect(response.status).toBe(200);
    expect(response.json).toEqual(before);
    expect((await api.get(before.id)).json).toEqual(before);
  });

  it("a no-op PUT of an absent description or dueAt leaves updatedAt unchanged", async () => {
    const before = await createTask({ title: "Bare" });
    await sleep(5);
    for (const body of [{ description: "" }, { description: null }, { dueAt: null }, { tags: [] }]) {
      const response = await api.put(before.id, body);
      expect(response.status).toBe(200);
      expect(response.json).toEqual(before);
    }
  });

  it("completed: true stamps completedAt; true again changes nothing; false clears it", async () => {
    const created = await createTask(fullBody);
    await sleep(5);
    const since = Date.now();
    const done = await api.put(created.id, { completed: true });
    expect(done.status).toBe(200);
    const completed = done.json as TaskJson;
    expectTaskShape(completed);
    expect(completed).toEqual({
      ...created,
      completed: true,
      completedAt: completed.completedAt,
      updatedAt: completed.updatedAt,
    });
    expect(completed.completedAt).toMatch(ISO_UTC);
    expectRecent(completed.completedAt!, since);
    expect(Date.parse(completed.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    await sleep(5);
    const again = await api.put(created.id, { completed: true });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(completed);

    await sleep(5);
    const undone = await api.put(created.id, { completed: false });
    expect(undone.status).toBe(200);
    const pending = undone.json as TaskJson;
    expect(pending).toEqual({ ...created, updatedAt: pending.updatedAt });
    expect(Date.parse(pending.updatedAt)).toBeGreaterThan(Date.parse(completed.updatedAt));
    expect((await api.get(created.id)).json).toEqual(pending);
  });

  it("completed: true with another change keeps the original completedAt", async () => {
    const created = await createTask({ title: "Done early" });
    const completed = (await api.put(created.id, { completed: true })).json as TaskJson;
    await sleep(5);
    const response = await api.put(created.id, { completed: true, title: "Done, renamed" });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      completed: true,
      completedAt: completed.completedAt,
      title: "Done, renamed",
    });
  });
});

describe("PATCH /api/tasks/{id}/complete", () => {
  it("{ completed: true } sets it and stamps completedAt; repeating it changes nothing", async () => {
    const created = await createTask(fullBody);
    await sleep(5);
    const since = Date.now();
    const first = await api.complete(created.id, { completed: true });
    expect(first.status).toBe(200);
    const completed = first.json as TaskJson;
    expectTaskShape(completed);
    expect(completed).toEqual({
      ...created,
      completed: true,
      completedAt: completed.completedAt,
      updatedAt: completed.updatedAt,
    });
    expectRecent(completed.completedAt!, since);

    await sleep(5);
    const second = await api.complete(created.id, { completed: true });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(completed);
  });

  it("{ completed: false } clears completedAt; on a pending task it changes nothing", async () => {
    const created = await createTask({ title: "Flip back" });
    await sleep(5);
    const unchanged = await api.complete(created.id, { completed: false });
    expect(unchanged.status).toBe(200);
    expect(unchanged.json).toEqual(created);

    await api.complete(created.id, { completed: true });
    const cleared = await api.complete(created.id, { completed: false });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ completed: false, completedAt: null });
    expect((await api.get(created.id)).json).toEqual(cleared.json);
  });

  it("no body toggles: once to completed with completedAt, twice back to pending with completedAt null", async () => {
    const created = await createTask(fullBody);
    await sleep(5);
    const since = Date.now();
    const once = await api.complete(created.id);
    expect(once.status).toBe(200);
    const completed = once.json as TaskJson;
    expectTaskShape(completed);
    expect(completed).toEqual({
      ...created,
      completed: true,
      completedAt: completed.completedAt,
      updatedAt: completed.updatedAt,
    });
    expectRecent(completed.completedAt!, since);
    expect(Date.parse(completed.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    await sleep(5);
    const twice = await api.complete(created.id);
    expect(twice.status).toBe(200);
    const pending = twice.json as TaskJson;
    expect(pending).toEqual({ ...created, updatedAt: pending.updatedAt });
    expect(Date.parse(pending.updatedAt)).toBeGreaterThan(Date.parse(completed.updatedAt));
    expect((await api.get(created.id)).json).toEqual(pending);
  });
});

describe("DELETE /api/tasks/{id}", () => {
  it("answers 204 with an empty body; afterwards the task is gone everywhere", async () => {
    const created = await createTask(fullBody);
    const response = await api.remove(created.id);
    expect(response.status).toBe(204);
    expect(response.text).toBe("");

    const after = [
      await api.get(created.id),
      await api.remove(created.id),
      await api.put(created.id, { title: "Ghost" }),
      await api.complete(created.id),
    ];
    for (const gone of after) {
      expect(gone.status).toBe(404);
      expect(gone.json).toMatchObject({ status: 404, code: "not_found" });
    }
    const list = await api.list("?limit=100");
    expect((list.json.data as TaskJson[]).map((task) => task.id)).not.toContain(created.id);
  });
});

describe("concurrency", () => {
  it("20 concurrent toggles all succeed, each atomic: half land on completed, the end state is pending", async () => {
    const created = await createTask({ title: "Flip-flop" });
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.complete(created.id)));
    for (const response of responses) {
      expect(response.status).toBe(200);
      const task = response.json as TaskJson;
      expect(task.completed).toBe(task.completedAt !== null);
    }
    // Each toggle reads the row it writes, so 20 of them alternate: exactly 10 complete it.
    expect(responses.filter((response) => response.json.completed === true)).toHaveLength(10);
    const final = (await api.get(created.id)).json as TaskJson;
    expect(final).toMatchObject({ completed: false, completedAt: null });
  });

  it("concurrent explicit sets and toggles leave a consistent task (completed XOR completedAt null)", async () => {
    const created = await createTask({ title: "Mixed" });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 3 === 0 ? api.complete(created.id) : api.complete(created.id, { completed: i % 2 === 0 }),
      ),
    );
    for (const response of responses) expect(response.status).toBe(200);
    const final = (await api.get(created.id)).json as TaskJson;
    expectTaskShape(final);
    expect(final.completed).toBe(final.completedAt !== null);
  });

  it("concurrent PUT, toggle and DELETE of one task never give 500 and never resurrect it", async () => {
    for (let round = 0; round < 10; round += 1) {
      const created = await createTask({ title: `Race ${round}` });
      const [put, toggle, removed, secondPut] = await Promise.all([
        api.put(created.id, { title: `Race ${round} renamed`, completed: true }),
        api.complete(created.id),
        api.remove(created.id),
        api.put(created.id, { priority: "high" }),
      ]);
      expect(removed.status).toBe(204);
      for (const response of [put, toggle, secondPut]) {
        expect([200, 404]).toContain(response.status);
      }
      expect((await api.get(created.id)).status).toBe(404);
      // A late update after the delete finds nothing to change either.
      expect((await api.put(created.id, { title: "Back from the dead" })).status).toBe(404);
      expect((await api.get(created.id)).status).toBe(404);
    }
  });

  it("two concurrent DELETEs: exactly one 204, the other 404", async () => {
    const created = await createTask({ title: "Deleted twice" });
    const statuses = (await Promise.all([api.remove(created.id), api.remove(created.id)]))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([204, 404]);
  });
});
