import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as complete from "@/app/api/tasks/[id]/complete/route";
import * as collection from "@/app/api/tasks/route";
import { prisma } from "@/lib/db/client";
import { call, signUp, type TestUser } from "../support/api";

// GET /api/tasks: every filter, every sort with its default and explicit order, the
// limit and query validation, `count` on every page, and the cursor walk over 1,000 tasks — in
// every sort and order, and while tasks are being inserted between pages.

type Response = Awaited<ReturnType<typeof call>>;
type Priority = "low" | "medium" | "high";
type Sort = "created" | "updated" | "title" | "due" | "priority";
type Order = "asc" | "desc";
type TaskJson = {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: string | null;
  priority: Priority;
  dueAt: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
};
type Query = Record<string, string | string[]>;

const SORTS: Sort[] = ["created", "updated", "title", "due", "priority"];
const PRIORITIES: Priority[] = ["low", "medium", "high"];
const DEFAULT_ORDER: Record<Sort, Order> = {
  created: "desc",
  updated: "desc",
  title: "asc",
  due: "asc",
  priority: "desc",
};

function queryString(query: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) search.append(key, v);
  const qs = search.toString();
  return qs ? `?${qs}` : "";
}

const list = (user: TestUser, query: Query = {}) =>
  call(collection.GET, "GET", `/api/tasks${queryString(query)}`, { token: user.token });
const listRaw = (user: TestUser, rawQuery: string) =>
  call(collection.GET, "GET", `/api/tasks?${rawQuery}`, { token: user.token });

async function createAs(user: TestUser, body: Record<string, unknown>): Promise<TaskJson> {
  const response = await call(collection.POST, "POST", "/api/tasks", { token: user.token, body });
  expect(response.status).toBe(201);
  return response.json as TaskJson;
}

/** The sort keys of a task, whether it came from the seed or from the API. */
type Row = {
  id: string;
  title: string;
  priority: Priority;
  dueAt: number | null;
  createdAt: number;
  updatedAt: number;
};

const rowOf = (task: TaskJson): Row => ({
  id: task.id,
  title: task.title,
  priority: task.priority,
  dueAt: task.dueAt === null ? null : Date.parse(task.dueAt),
  createdAt: Date.parse(task.createdAt),
  updatedAt: Date.parse(task.updatedAt),
});

const cmp = <T extends string | number>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order the API promises: by the sort key in the given direction, tasks without a due date
 * last in both directions, ties broken by id (in the same direction) so the order is total.
 * Titles here are lower-case ASCII letters and digits, which every collation orders like `<`;
 * uuids compare as their lower-case hex text, as Postgres compares them.
 */
function expectedOrder(rows: Row[], sort: Sort, order: Order): string[] {
  const dir = order === "asc" ? 1 : -1;
  const key = (a: Row, b: Row): number => {
    switch (sort) {
      case "created":
        return cmp(a.createdAt, b.createdAt);
      case "updated":
        return cmp(a.updatedAt, b.updatedAt);
      case "title":
        return cmp(a.title, b.title);
      case "priority":
        return cmp(PRIORITIES.indexOf(a.priority), PRIORITIES.indexOf(b.priority));
      case "due":
        return a.dueAt === null || b.dueAt === null ? 0 : cmp(a.dueAt, b.dueAt);
    }
  };
  return [...rows]
    .sort((a, b) => {
      if (sort === "due" && (a.dueAt === null) !== (b.dueAt === null)) return a.dueAt === null ? 1 : -1;
      return dir * (key(a, b) || cmp(a.id, b.id));
    })
    .map((row) => row.id);
}

/** Follows nextCursor to the end, checking `count` and the page size on every page. */
async function walk(user: TestUser, query: Query, expectedCount: number, between?: () => Promise<void>) {
  const limit = Number(query.limit ?? 20);
  const seen: string[] = [];
  const pages: Response[] = [];
  let cursor: string | null = null;
  do {
    const response: Response = await list(user, cursor ? { ...query, cursor } : query);
    expect(response.status, response.text).toBe(200);
    if (!between) expect(response.json.count).toBe(expectedCount);
    const data = response.json.data as TaskJson[];
    cursor = response.json.nextCursor;
    if (cursor !== null) expect(data).toHaveLength(limit);
    else expect(data.length).toBeLessThanOrEqual(limit);
    seen.push(...data.map((task) => task.id));
    pages.push(response);
    expect(pages.length).toBeLessThan(10_000 / limit); // a walk that loops forever is a failure
    if (cursor !== null && between) await between();
  } while (cursor !== null);
  return { seen, pages };
}

// ---------------------------------------------------------------------------------------------
// Filters, on a small hand-made set whose answers can be read off the table.

let filterUser: TestUser;
const byTitle = new Map<string, TaskJson>();

const FILTER_TASKS: (Record<string, unknown> & { title: string; done?: boolean })[] = [
  {
    title: "Buy milk",
    description: "From the corner SHOP",
    priority: "low",
    dueAt: "2026-03-01T09:00:00Z",
    tags: ["home", "errand"],
  },
  { title: "100% done", priority: "high", dueAt: "2026-03-02T00:00:00Z", tags: ["work"], done: true },
  {
    title: "snake_case rename",
    description: "refactor the module",
    priority: "medium",
    tags: ["work", "code"],
  },
  {
    title: "Call Mom",
    description: "ask about the MILK order",
    priority: "medium",
    dueAt: "2026-03-04T18:00:00Z",
    tags: ["family"],
  },
  {
    title: "Plan trip",
    priority: "high",
    dueAt: "2026-03-05T12:00:00+02:00",
    tags: ["travel", "home"],
    done: true,
  },
  { title: "Read book", priority: "medium", dueAt: "2026-03-03T00:00:00Z", tags: [] },
  { title: "100 percent sure", description: "no wildcards in here", priority: "low", tags: ["work"] },
  { title: "snakecase", priority: "low", tags: [] },
];
const ALL = FILTER_TASKS.map((task) => task.title);

describe("filters", () => {
  beforeAll(async () => {
    filterUser = await signUp("Filter Tester");
    for (const { done, ...body } of FILTER_TASKS) {
      let task = await createAs(filterUser, body);
      if (done) {
        const response = await call(complete.PATCH, "PATCH", `/api/tasks/${task.id}/complete`, {
          token: filterUser.token,
          params: { id: task.id },
          body: { completed: true },
        });
        expect(response.status).toBe(200);
        task = response.json as TaskJson;
      }
      byTitle.set(task.title, task);
    }
  });

  const without = (...titles: string[]) => ALL.filter((title) => !titles.includes(title));

  const cases: [string, Query, string[]][] = [
    ["no filters", {}, ALL],
    ["status=all", { status: "all" }, ALL],
    ["status=pending", { status: "pending" }, without("100% done", "Plan trip")],
    ["status=completed", { status: "completed" }, ["100% done", "Plan trip"]],
    ["q over title and description", { q: "milk" }, ["Buy milk", "Call Mom"]],
    ["q is case-insensitive", { q: "MILK" }, ["Buy milk", "Call Mom"]],
    ["q matches the description case-insensitively", { q: "shop" }, ["Buy milk"]],
    ["q is trimmed", { q: "  milk  " }, ["Buy milk", "Call Mom"]],
    ["q is a substring", { q: "ake_ca" }, ["snake_case rename"]],
    ["q that matches nothing", { q: "zebra" }, []],
    ["q of whitespace is no filter", { q: "   " }, ALL],
    ["priority=high", { priority: "high" }, ["100% done", "Plan trip"]],
    [
      "priority as a comma list",
      { priority: "low,high" },
      ["Buy milk", "100% done", "Plan trip", "100 percent sure", "snakecase"],
    ],
    [
      "priority repeated",
      { priority: ["low", "high"] },
      ["Buy milk", "100% done", "Plan trip", "100 percent sure", "snakecase"],
    ],
    [
      "priority comma list with spaces",
      { priority: "low, high" },
      ["Buy milk", "100% done", "Plan trip", "100 percent sure", "snakecase"],
    ],
    ["priority repeated and comma-listed", { priority: ["low", "medium,high"] }, ALL],
    ["tag", { tag: "home" }, ["Buy milk", "Plan trip"]],
    ["tag is lower-cased", { tag: "HOME" }, ["Buy milk", "Plan trip"]],
    ["tag is trimmed", { tag: " home " }, ["Buy milk", "Plan trip"]],
    ["tag repeated: all must match", { tag: ["home", "errand"] }, ["Buy milk"]],
    ["tag repeated with no task carrying both", { tag: ["home", "work"] }, []],
    ["tag work", { tag: "work" }, ["100% done", "snake_case rename", "100 percent sure"]],
    ["dueBefore is inclusive", { dueBefore: "2026-03-02T00:00:00Z" }, ["Buy milk", "100% done"]],
    ["dueBefore with an offset", { dueBefore: "2026-03-02T02:00:00+02:00" }, ["Buy milk", "100% done"]],
    ["dueBefore one ms earlier", { dueBefore: "2026-03-01T23:59:59.999Z" }, ["Buy milk"]],
    ["dueAfter is inclusive", { dueAfter: "2026-03-04T18:00:00Z" }, ["Call Mom", "Plan trip"]],
    ["dueAfter one ms later", { dueAfter: "2026-03-04T18:00:00.001Z" }, ["Plan trip"]],
    ["dueAfter with an offset", { dueAfter: "2026-03-05T12:00:00+02:00" }, ["Plan trip"]],
    [
      "dueAfter and dueBefore",
      { dueAfter: "2026-03-02T00:00:00Z", dueBefore: "2026-03-03T00:00:00Z" },
      ["100% done", "Read book"],
    ],
    [
      "dueAfter later than dueBefore",
      { dueAfter: "2026-03-03T00:00:00Z", dueBefore: "2026-03-02T00:00:00Z" },
      [],
    ],
    ["status and tag", { status: "pending", tag: "home" }, ["Buy milk"]],
    ["status, priority and q", { status: "completed", priority: "high", q: "plan" }, ["Plan trip"]],
    ["q and status with no overlap", { q: "mom", status: "completed" }, []],
    [
      "every filter at once",
      { status: "pending", q: "o", priority: "low,medium", tag: "work", sort: "title" },
      ["100 percent sure", "snake_case rename"],
    ],
  ];

  it.each(cases)("%s", async (_name, query, titles) => {
    const response = await list(filterUser, { ...query, limit: "100" });
    expect(response.status, response.text).toBe(200);
    const data = response.json.data as TaskJson[];
    expect(data.map((task) => task.title).sort()).toEqual([...titles].sort());
    expect(response.json.count).toBe(titles.length);
    expect(response.json.nextCursor).toBeNull();
    for (const task of data) expect(task).toEqual(byTitle.get(task.title));
  });

  // `%` and `_` are LIKE wildcards; q is a substring, so they must match literally
  // (Prisma's `contains` does not escape them: prisma/prisma#19506; filtersFor() does).
  const wildcards: [string, Query, string[]][] = [
    ["q=% finds only the title containing %", { q: "%" }, ["100% done"]],
    ["q=100% finds only 100% done", { q: "100%" }, ["100% done"]],
    ["q=_ finds only the title containing _", { q: "_" }, ["snake_case rename"]],
    ["q=e_c is not a one-character wildcard", { q: "e_c" }, ["snake_case rename"]],
    ["q=%milk% is not a pattern", { q: "%milk%" }, []],
  ];

  it.each(wildcards)("%s", async (_name, query, titles) => {
    const response = await list(filterUser, { ...query, limit: "100" });
    expect(response.status).toBe(200);
    expect((response.json.data as TaskJson[]).map((task) => task.title).sort()).toEqual([...titles].sort());
    expect(response.json.count).toBe(titles.length);
  });

  it("a backslash in q is literal too", async () => {
    const response = await list(filterUser, { q: "\\", limit: "100" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: [], count: 0, nextCursor: null });
  });
});

describe("sort and order on the small set", () => {
  it("tasks without a due date come last in both orders", async () => {
    const dated = ["Buy milk", "100% done", "Read book", "Call Mom", "Plan trip"];
    const undated = ALL.filter((title) => !dated.includes(title));
    for (const order of ["asc", "desc"] as const) {
      const response = await list(filterUser, { sort: "due", order, limit: "100" });
      expect(response.status).toBe(200);
      const titles = (response.json.data as TaskJson[]).map((task) => task.title);
      expect(titles.slice(0, dated.length)).toEqual(order === "asc" ? dated : [...dated].reverse());
      expect([...titles.slice(dated.length)].sort()).toEqual([...undated].sort());
    }
  });

  it("priority sorts by rank, not by name: high, medium, low by default", async () => {
    const response = await list(filterUser, { sort: "priority", limit: "100" });
    const priorities = (response.json.data as TaskJson[]).map((task) => task.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => PRIORITIES.indexOf(b) - PRIORITIES.indexOf(a)));
    expect(priorities[0]).toBe("high");
    expect(priorities.at(-1)).toBe("low");
  });

  it.each(SORTS)("sort=%s: every order is the expected one (default and explicit)", async (sort) => {
    const rows = [...byTitle.values()].map(rowOf);
    // Titles here have capitals and symbols, so compare titles with the database's own order only
    // through the 1,000-task walk below; here check the other keys exactly.
    for (const order of [undefined, "asc", "desc"] as const) {
      const response = await list(filterUser, { sort, ...(order ? { order } : {}), limit: "100" });
      expect(response.status).toBe(200);
      const ids = (response.json.data as TaskJson[]).map((task) => task.id);
      if (sort !== "title") expect(ids).toEqual(expectedOrder(rows, sort, order ?? DEFAULT_ORDER[sort]));
      else expect([...ids].sort()).toEqual(rows.map((row) => row.id).sort());
    }
    const byDefault = await list(filterUser, { sort, limit: "100" });
    const explicit = await list(filterUser, { sort, order: DEFAULT_ORDER[sort], limit: "100" });
    expect(byDefault.json).toEqual(explicit.json);
  });

  it("sort defaults to created, newest first", async () => {
    const implicit = await list(filterUser, { limit: "100" });
    const explicit = await list(filterUser, { sort: "created", order: "desc", limit: "100" });
    expect(implicit.json).toEqual(explicit.json);
    const created = (implicit.json.data as TaskJson[]).map((task) => Date.parse(task.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });
});

// ---------------------------------------------------------------------------------------------
// Query validation.

describe("query validation", () => {
  let user: TestUser;
  let createdCursor: string;
  let titleCursor: string;

  beforeAll(async () => {
    user = await signUp("Query Tester");
    for (let i = 0; i < 3; i += 1) await createAs(user, { title: `q${i}` });
    createdCursor = (await list(user, { limit: "1" })).json.nextCursor;
    titleCursor = (await list(user, { sort: "title", limit: "1" })).json.nextCursor;
    expect(typeof createdCursor).toBe("string");
    expect(typeof titleCursor).toBe("string");
  });

  const b64 = (value: unknown) =>
    Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

  // [name, query string, the parameter the error must name]
  const bad: [string, () => string, string][] = [
    ["limit=0", () => "limit=0", "limit"],
    ["limit=101", () => "limit=101", "limit"],
    ["limit=abc", () => "limit=abc", "limit"],
    ["limit=1.5", () => "limit=1.5", "limit"],
    ["limit=-1", () => "limit=-1", "limit"],
    ["limit=1e2", () => "limit=1e2", "limit"],
    ["limit empty", () => "limit=", "limit"],
    ["limit=1000", () => "limit=1000", "limit"],
    ["limit repeated", () => "limit=5&limit=6", "limit"],
    ["an unknown parameter", () => "colour=red", "colour"],
    ["userId as a parameter", () => "userId=someone", "userId"],
    ["status=done", () => "status=done", "status"],
    ["sort=random", () => "sort=random", "sort"],
    ["sort=id", () => "sort=id", "sort"],
    ["order=up", () => "order=up", "order"],
    ["priority=urgent", () => "priority=urgent", "priority"],
    ["priority=high,urgent", () => "priority=high,urgent", "priority"],
    ["tag of 33 characters", () => `tag=${"t".repeat(33)}`, "tag"],
    ["dueBefore without offset", () => "dueBefore=2026-01-01T10:00:00", "dueBefore"],
    ["dueAfter as a date", () => "dueAfter=2026-01-01", "dueAfter"],
    ["dueAfter garbage", () => "dueAfter=soon", "dueAfter"],
    ["q over 200 characters", () => `q=${"q".repeat(201)}`, "q"],
    ["q with NUL", () => "q=a%00b", "q"],
    ["a cursor that is not base64", () => "cursor=%21%21%21not-a-cursor", "cursor"],
    ["a cursor of random text", () => "cursor=abc", "cursor"],
    ["a cursor of base64 text", () => `cursor=${b64("hello world")}`, "cursor"],
    ["a cursor of empty JSON", () => `cursor=${b64({})}`, "cursor"],
    [
      "a cursor with a tampered id",
      () => `cursor=${b64({ s: "created", o: "desc", v: new Date().toISOString(), i: "1 OR 1=1" })}`,
      "cursor",
    ],
    ["a cursor from another sort", () => `sort=title&cursor=${createdCursor}`, "cursor"],
    ["a cursor from another order", () => `order=asc&cursor=${createdCursor}`, "cursor"],
    ["a title cursor used for due", () => `sort=due&cursor=${titleCursor}`, "cursor"],
    ["a cursor cut short", () => `cursor=${createdCursor.slice(0, -5)}`, "cursor"],
    ["a cursor over 1024 characters", () => `cursor=${"A".repeat(2000)}`, "cursor"],
    // Values that pass Date.parse or JSON but that Postgres refuses: each was a 500 before.
    ...(
      [
        ["a Date.parse-able but non-ISO created cursor", "created", "desc", "Tue, 01 Dec 2026 10:00:00 GMT"],
        ["a created cursor without milliseconds", "created", "desc", "2026-12-01T10:00:00Z"],
        ["a created cursor in year 0", "created", "desc", "0000-01-01T00:00:00.000Z"],
        ["a created cursor in a six-digit year", "created", "desc", "+010000-01-01T00:00:00.000Z"],
        ["an updated cursor of Feb 30", "updated", "desc", "2026-02-30T00:00:00.000Z"],
        ["a due cursor of a bare year", "due", "asc", "2026"],
        ["a title cursor with a NUL", "title", "asc", "a\u0000b"],
        ["a title cursor with a lone surrogate", "title", "asc", "a\ud800"],
        ["a title cursor over 255 characters", "title", "asc", "t".repeat(256)],
      ] as const
    ).map(
      ([name, s, o, v]) =>
        [
          name,
          () => `sort=${s}&cursor=${b64({ s, o, v, i: "00000000-0000-4000-8000-000000000000" })}`,
          "cursor",
        ] as [string, () => string, string],
    ),
  ];

  it.each(bad)("400 invalid_query for %s", async (_name, query, param) => {
    const response = await listRaw(user, query());
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json).toMatchObject({
      status: 400,
      code: "invalid_query",
      type: "about:blank#invalid_query",
    });
    const errors = response.json.errors as { path: string; message: string }[];
    for (const error of errors)
      expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(errors.some((error) => error.path === param || error.path.startsWith(`${param}.`))).toBe(true);
  });

  it.each([
    ["limit=1", "limit=1", 1],
    ["limit=100", "limit=100", 3],
    ["q of 200 characters", `q=${"q".repeat(200)}`, 0],
    ["an empty query", "", 3],
  ] as const)("200 for %s", async (_name, query, length) => {
    const response = await listRaw(user, query);
    expect(response.status, response.text).toBe(200);
    expect(response.json.data).toHaveLength(length);
  });

  it("a cursor works with the order spelled out when it was issued with the default", async () => {
    const response = await listRaw(user, `sort=created&order=desc&limit=1&cursor=${createdCursor}`);
    expect(response.status).toBe(200);
    expect(response.json.data).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The cursor walk over 1,000 tasks.

const DAY = 86_400_000;
const BASE = Date.parse("2025-01-01T00:00:00.000Z");
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo"];

/**
 * Deterministic, tie-heavy rows: 5 tasks per title, ~3 per createdAt, ~4 per updatedAt, ~8 per
 * due date, ~330 per priority. Random (v4) ids make the id tie-break independent of insertion.
 */
function seedRows(userId: string, n: number, salt = 0) {
  return Array.from({ length: n }, (_, i) => {
    const j = i + salt;
    const title = j % 50 === 0 ? WORDS[j % 5]! : `${WORDS[j % 5]}${String((j * 7) % 40).padStart(2, "0")}`;
    const createdAt = new Date(BASE - ((j * 13) % 300) * 60_000);
    const updatedAt = new Date(BASE + ((j * 29) % 250) * 1_000);
    const completed = j % 4 === 0;
    return {
      id: randomUUID(),
      userId,
      title,
      description: j % 7 === 0 ? `note ${j}` : null,
      priority: PRIORITIES[(j * 7 + (j >> 3)) % 3]!,
      dueAt: j % 6 === 0 ? null : new Date(BASE + ((j * 37) % 50) * DAY + (j % 2) * 12 * 3_600_000),
      tags: [`g${j % 3}`, ...(j % 10 === 0 ? ["ten"] : [])],
      completed,
      completedAt: completed ? updatedAt : null,
      createdAt,
      updatedAt,
    };
  });
}
type SeedRow = ReturnType<typeof seedRows>[number];

const toRow = (seed: SeedRow): Row => ({
  id: seed.id,
  title: seed.title,
  priority: seed.priority,
  dueAt: seed.dueAt?.getTime() ?? null,
  createdAt: seed.createdAt.getTime(),
  updatedAt: seed.updatedAt.getTime(),
});

describe("cursor walk over 1,000 tasks", () => {
  let user: TestUser;
  let seeds: SeedRow[];
  let rows: Row[];
  const seedById = new Map<string, SeedRow>();

  beforeAll(async () => {
    user = await signUp("Walker");
    seeds = seedRows(user.id, 1000);
    await prisma.task.createMany({ data: seeds });
    rows = seeds.map(toRow);
    for (const seed of seeds) seedById.set(seed.id, seed);
    expect(await prisma.task.count({ where: { userId: user.id } })).toBe(1000);
  });

  it("the seed really has ties on every key", () => {
    const dupes = (values: unknown[]) => values.length - new Set(values).size;
    expect(dupes(rows.map((row) => row.title))).toBeGreaterThan(500);
    expect(dupes(rows.map((row) => row.createdAt))).toBeGreaterThan(500);
    expect(dupes(rows.map((row) => row.updatedAt))).toBeGreaterThan(500);
    expect(dupes(rows.filter((row) => row.dueAt !== null).map((row) => row.dueAt))).toBeGreaterThan(500);
    expect(rows.filter((row) => row.dueAt === null).length).toBeGreaterThan(100);
  });

  it("limit defaults to 20; 1 and 100 are honoured; count is every matching task", async () => {
    for (const [query, length] of [
      [{}, 20],
      [{ limit: "1" }, 1],
      [{ limit: "100" }, 100],
    ] as const) {
      const response = await list(user, query);
      expect(response.status).toBe(200);
      expect(response.json.data).toHaveLength(length);
      expect(response.json.count).toBe(1000);
      expect(typeof response.json.nextCursor).toBe("string");
    }
  });

  const walks = SORTS.flatMap((sort) => (["asc", "desc"] as const).map((order) => ({ sort, order })));

  it.each(walks)(
    "sort=$sort order=$order visits every task exactly once, in order",
    async ({ sort, order }) => {
      const { seen, pages } = await walk(user, { sort, order, limit: "100" }, 1000);
      expect(pages).toHaveLength(10);
      expect(new Set(seen).size).toBe(1000);
      expect(seen).toEqual(expectedOrder(rows, sort, order));
      // The pages carry the stored values, not just the ids.
      for (const page of pages) {
        for (const task of page.json.data as TaskJson[]) {
          const seed = seedById.get(task.id)!;
          expect(task).toEqual({
            id: seed.id,
            title: seed.title,
            description: seed.description,
            completed: seed.completed,
            completedAt: seed.completedAt?.toISOString() ?? null,
            priority: seed.priority,
            dueAt: seed.dueAt?.toISOString() ?? null,
            tags: seed.tags,
            createdAt: seed.createdAt.toISOString(),
            updatedAt: seed.updatedAt.toISOString(),
          });
        }
      }
    },
  );

  it.each(SORTS)("sort=%s without order uses its default order", async (sort) => {
    const response = await list(user, { sort, limit: "100" });
    expect((response.json.data as TaskJson[]).map((task) => task.id)).toEqual(
      expectedOrder(rows, sort, DEFAULT_ORDER[sort]).slice(0, 100),
    );
  });

  // Filtered walks: `count` is the number of matching tasks on every page, not the page size.
  const filtered: [string, Query, (seed: SeedRow) => boolean][] = [
    ["status=completed", { status: "completed" }, (s) => s.completed],
    [
      "status=pending&priority=high,low",
      { status: "pending", priority: "high,low" },
      (s) => !s.completed && s.priority !== "medium",
    ],
    ["tag=g1&tag=ten", { tag: ["g1", "ten"] }, (s) => s.tags.includes("g1") && s.tags.includes("ten")],
    ["q=alpha", { q: "ALPHA" }, (s) => s.title.includes("alpha")],
    ["q=NOTE (descriptions)", { q: "NOTE" }, (s) => (s.description ?? "").includes("note")],
    [
      "a due window",
      {
        dueAfter: new Date(BASE + 10 * DAY).toISOString(),
        dueBefore: new Date(BASE + 20 * DAY).toISOString(),
      },
      (s) => s.dueAt !== null && s.dueAt.getTime() >= BASE + 10 * DAY && s.dueAt.getTime() <= BASE + 20 * DAY,
    ],
  ];
  const filteredWalks = filtered.flatMap(([name, query, match], i) => [
    { name, query, match, sort: SORTS[i % SORTS.length]!, order: "asc" as const },
    { name, query, match, sort: SORTS[(i + 2) % SORTS.length]!, order: "desc" as const },
  ]);

  it.each(filteredWalks)(
    "$name, sort=$sort order=$order: count on every page, every match once",
    async ({ query, match, sort, order }) => {
      const expected = expectedOrder(seeds.filter(match).map(toRow), sort, order);
      expect(expected.length).toBeGreaterThan(23);
      const { seen } = await walk(user, { ...query, sort, order, limit: "23" }, expected.length);
      expect(seen).toEqual(expected);
    },
  );
});

describe("cursor walk while tasks are inserted", () => {
  let user: TestUser;
  let known: Row[];

  beforeAll(async () => {
    user = await signUp("Concurrent Walker");
    const seeds = seedRows(user.id, 200, 7);
    await prisma.task.createMany({ data: seeds });
    known = seeds.map(toRow);
  });

  const insertWalks: { sort: Sort; order: Order }[] = [
    { sort: "created", order: "desc" },
    { sort: "created", order: "asc" },
    { sort: "updated", order: "desc" },
    { sort: "title", order: "asc" },
    { sort: "title", order: "desc" },
    { sort: "due", order: "asc" },
    { sort: "due", order: "desc" },
    { sort: "priority", order: "desc" },
  ];

  it.each(insertWalks)(
    "sort=$sort order=$order sees every pre-existing task exactly once, in order",
    async ({ sort, order }) => {
      const before = known.map((row) => row.id);
      const inserted: TaskJson[] = [];
      let n = 0;
      // Between pages, add tasks that land before, inside and after the part already walked.
      const insert = async () => {
        n += 1;
        const task = await createAs(user, {
          title: n % 2 ? `${WORDS[n % 5]}${String((n * 11) % 40).padStart(2, "0")}` : `${WORDS[(n + 2) % 5]}`,
          priority: PRIORITIES[n % 3],
          dueAt: n % 4 === 0 ? null : new Date(BASE + ((n * 17) % 50) * DAY).toISOString(),
        });
        inserted.push(task);
      };
      const expected = expectedOrder(known, sort, order);
      const { seen } = await walk(user, { sort, order, limit: "25" }, 0, insert);
      known.push(...inserted.map(rowOf));
      expect(inserted.length).toBeGreaterThanOrEqual(7);
      expect(new Set(seen).size).toBe(seen.length); // nothing twice, old or new
      const beforeSet = new Set(before);
      expect(seen.filter((id) => beforeSet.has(id))).toEqual(expected);
    },
  );

  it("after all the walks, count is every task, old and new", async () => {
    const response = await list(user, { limit: "1" });
    expect(response.json.count).toBe(known.length);
    expect(known.length).toBeGreaterThan(200);
  });
});
