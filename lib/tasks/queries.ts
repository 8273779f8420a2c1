import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma, Prisma } from "@/lib/db/client";
import type { Priority } from "@/lib/db/generated/enums";
import { decodeCursor, encodeCursor, type Cursor } from "./cursor";
import {
  PAGE_LIMIT_DEFAULT,
  PRIORITIES,
  defaultOrder,
  taskId,
  type CreateTaskInput,
  type ListTasksQuery,
  type Task,
  type TaskPage,
  type UpdateTaskInput,
} from "./schema";

// Every query names the owner in its WHERE clause: a task that is someone else's is simply not
// found, in the same single statement that reads or writes it.

const taskSelect = {
  id: true,
  title: true,
  description: true,
  completed: true,
  completedAt: true,
  priority: true,
  dueAt: true,
  tags: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TaskSelect;

type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;

const RETURNING = Prisma.raw(
  `"id", "title", "description", "completed", "completedAt", "priority", "dueAt", "tags", "createdAt", "updatedAt"`,
);

function toTaskJson(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    completedAt: row.completedAt?.toISOString() ?? null,
    priority: row.priority,
    dueAt: row.dueAt?.toISOString() ?? null,
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const notFound = () => new ApiError("not_found", "No such task.");

/** A malformed id can never match; answer exactly as for a missing task. */
function parseId(id: string): string {
  const parsed = taskId.safeParse(id);
  if (!parsed.success) throw notFound();
  return parsed.data.toLowerCase();
}

const SORT_COLUMNS = {
  created: "createdAt",
  updated: "updatedAt",
  title: "title",
  due: "dueAt",
  priority: "priority",
} as const;

function filtersFor(userId: string, query: ListTasksQuery): Prisma.TaskWhereInput {
  const and: Prisma.TaskWhereInput[] = [{ userId }];
  if (query.status !== "all") and.push({ completed: query.status === "completed" });
  if (query.q) {
    // Prisma's `contains` becomes ILIKE without escaping its wildcards (prisma/prisma#19506);
    // escape them so `%` and `_` are searched for literally.
    const q = query.q.replace(/[\\%_]/g, (character) => `\\${character}`);
    and.push({
      OR: [
        { title: { contains: q, mode: "insensitive" } },
        { description: { contains: q, mode: "insensitive" } },
      ],
    });
  }
  if (query.priority?.length) and.push({ priority: { in: query.priority } });
  if (query.tag?.length) and.push({ tags: { hasEvery: query.tag } });
  if (query.dueBefore) and.push({ dueAt: { lte: query.dueBefore } });
  if (query.dueAfter) and.push({ dueAt: { gte: query.dueAfter } });
  return { AND: and };
}

/** Rows strictly after the cursor in the list's total order (sort key, then id). */
function afterCursor(cursor: Cursor): Prisma.TaskWhereInput {
  const cmp = cursor.o === "asc" ? "gt" : "lt";
  const idAfter = { id: { [cmp]: cursor.i } };
  switch (cursor.s) {
    case "priority": {
      // Enums compare by declaration order in Postgres, but Prisma only filters enums by set.
      const at = PRIORITIES.indexOf(cursor.v as Priority);
      const later = cursor.o === "asc" ? PRIORITIES.slice(at + 1) : PRIORITIES.slice(0, at);
      return { OR: [{ priority: { in: [...later] } }, { priority: cursor.v as Priority, ...idAfter }] };
    }
    case "due": {
      // Tasks without a due date come last in both orders.
      if (cursor.v === null) return { dueAt: null, ...idAfter };
      const due = new Date(cursor.v);
      return { OR: [{ dueAt: { [cmp]: due } }, { dueAt: due, ...idAfter }, { dueAt: null }] };
    }
    case "title":
      return keysetAfter("title", cursor.v as string, cmp, idAfter);
    default:
      return keysetAfter(SORT_COLUMNS[cursor.s], new Date(cursor.v as string), cmp, idAfter);
  }
}

/**
 * `(column, id)` strictly after `(value, cursor id)`. The OR alone cannot bound an index scan
 * (Postgres would walk and discard every row before the cursor: 40 ms at row 9,000 of 10,000), so
 * the redundant `column <= value` (or `>=`) is there to start the scan at the cursor.
 */
function keysetAfter(
  column: "title" | "createdAt" | "updatedAt",
  value: string | Date,
  cmp: "gt" | "lt",
  idAfter: Prisma.TaskWhereInput,
): Prisma.TaskWhereInput {
  const bound = cmp === "gt" ? "gte" : "lte";
  return {
    AND: [{ [column]: { [bound]: value } }, { OR: [{ [column]: { [cmp]: value } }, { [column]: value, ...idAfter }] }],
  };
}

function cursorFor(row: TaskRow, sort: Cursor["s"], order: Cursor["o"]): string {
  const value =
    sort === "title" ? row.title : sort === "priority" ? row.priority : sort === "due" ? (row.dueAt?.toISOString() ?? null) : row[SORT_COLUMNS[sort] as "createdAt" | "updatedAt"].toISOString();
  return encodeCursor({ s: sort, o: order, v: value, i: row.id });
}

export async function listTasks(userId: string, query: ListTasksQuery): Promise<TaskPage> {
  const order = query.order ?? defaultOrder(query.sort);
  const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
  const filters = filtersFor(userId, query);
  const page: Prisma.TaskWhereInput = query.cursor
    ? { AND: [filters, afterCursor(decodeCursor(query.cursor, query.sort, order))] }
    : filters;
  const sortKey: Prisma.TaskOrderByWithRelationInput =
    query.sort === "due" ? { dueAt: { sort: order, nulls: "last" } } : { [SORT_COLUMNS[query.sort]]: order };

  // The count and the page are independent; running them side by side on two pooled connections
  // halves the wait.
  const [rows, count] = await Promise.all([
    prisma.task.findMany({ where: page, orderBy: [sortKey, { id: order }], take: limit + 1, select: taskSelect }),
    prisma.task.count({ where: filters }),
  ]);
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return {
    data: data.map(toTaskJson),
    count,
    nextCursor: hasMore && last ? cursorFor(last, query.sort, order) : null,
  };
}

export async function createTask(userId: string, input: CreateTaskInput): Promise<Task> {
  const row = await prisma.task.create({ data: { ...input, userId }, select: taskSelect });
  return toTaskJson(row);
}

export async function getTask(userId: string, id: string): Promise<Task> {
  const row = await prisma.task.findFirst({ where: { id: parseId(id), userId }, select: taskSelect });
  if (!row) throw notFound();
  return toTaskJson(row);
}

export async function deleteTask(userId: string, id: string): Promise<void> {
  const { count } = await prisma.task.deleteMany({ where: { id: parseId(id), userId } });
  if (count === 0) throw notFound();
}

/**
 * Applies a partial update in one statement. `completedAt` is stamped only when the task becomes
 * completed and cleared when it becomes pending, and `updatedAt` moves only if something changed,
 * so repeating an update is a no-op. One statement means concurrent edits cannot interleave.
 */
export async function updateTask(userId: string, id: string, input: UpdateTaskInput): Promise<Task> {
  const assignments: Prisma.Sql[] = [];
  const changes: Prisma.Sql[] = [];
  const assign = (column: string, value: Prisma.Sql) => {
    const name = Prisma.raw(`"${column}"`);
    assignments.push(Prisma.sql`${name} = ${value}`);
    changes.push(Prisma.sql`${name} IS DISTINCT FROM ${value}`);
  };
  if (input.title !== undefined) assign("title", Prisma.sql`${input.title}`);
  if (input.description !== undefined) assign("description", Prisma.sql`${input.description}::varchar`);
  if (input.priority !== undefined) assign("priority", Prisma.sql`${input.priority}::"Priority"`);
  if (input.dueAt !== undefined) assign("dueAt", Prisma.sql`${input.dueAt}::timestamptz`);
  if (input.tags !== undefined) assign("tags", Prisma.sql`${input.tags}::text[]`);
  if (input.completed !== undefined) {
    const completed = Prisma.sql`${input.completed}::boolean`;
    assign("completed", completed);
    assignments.push(
      Prisma.sql`"completedAt" = CASE WHEN NOT ${completed} THEN NULL WHEN "completed" THEN "completedAt" ELSE now() END`,
    );
  }
  return updateOne(userId, id, assignments, Prisma.join(changes, " OR "));
}

/** Sets completion explicitly, or toggles it when `completed` is undefined. */
export async function setTaskCompletion(userId: string, id: string, completed?: boolean): Promise<Task> {
  if (completed !== undefined) return updateTask(userId, id, { completed });
  return updateOne(
    userId,
    id,
    [Prisma.sql`"completed" = NOT "completed"`, Prisma.sql`"completedAt" = CASE WHEN "completed" THEN NULL ELSE now() END`],
    Prisma.sql`true`,
  );
}

async function updateOne(userId: string, id: string, assignments: Prisma.Sql[], changed: Prisma.Sql): Promise<Task> {
  const rows = await prisma.$queryRaw<TaskRow[]>`
    UPDATE "task"
    SET ${Prisma.join(assignments, ", ")},
        "updatedAt" = CASE WHEN ${changed} THEN now() ELSE "updatedAt" END
    WHERE "id" = ${parseId(id)}::uuid AND "userId" = ${userId}
    RETURNING ${RETURNING}`;
  const row = rows[0];
  if (!row) throw notFound();
  return toTaskJson(row);
}
