import "server-only";
import { ApiError } from "@/lib/api/errors";
import { v7 as uuidv7 } from "uuid";
import { Prisma, queryRows } from "@/lib/db/client";
import { decodeCursor, encodeCursor, type Cursor } from "./cursor";
import {
  PAGE_LIMIT_DEFAULT,
  defaultOrder,
  taskId,
  type CreateTaskInput,
  type ListTasksQuery,
  type Task,
  type TaskPage,
  type UpdateTaskInput,
} from "@/lib/shared/task-schema";

// Task queries are SQL written here and sent through the app's pg pool; Prisma.sql makes every
// value a bind parameter. Prisma owns the schema, the migrations and these row types, but its
// client's query compilation and result mapping cost more CPU than the statements themselves
// (0.2–1 ms each; README, Benchmark), so the task API does not go through it.
//
// Every query names the owner in its WHERE clause: a task that is someone else's is simply not
// found, in the same single statement that reads or writes it.

// The columns every task query returns. `queryRows` hands timestamps back as ISO 8601 strings, so
// a row is already the API's Task and goes out as it came in.
const RETURNING = Prisma.raw(
  `"id", "title", "description", "completed", "completedAt", "priority", "dueAt", "tags", "createdAt", "updatedAt"`,
);

const notFound = () => new ApiError("not_found", "No such task.");

/** A malformed id can never match; answer exactly as for a missing task. */
function parseId(id: string): string {
  const parsed = taskId.safeParse(id);
  if (!parsed.success) throw notFound();
  return parsed.data.toLowerCase();
}

const SORT_COLUMNS = {
  created: Prisma.raw(`"createdAt"`),
  updated: Prisma.raw(`"updatedAt"`),
  title: Prisma.raw(`"title"`),
  due: Prisma.raw(`"dueAt"`),
  priority: Prisma.raw(`"priority"`),
} as const;

/** The conditions a task must meet to be listed at all (the count uses exactly these). */
function filtersFor(userId: string, query: ListTasksQuery): Prisma.Sql[] {
  const where = [Prisma.sql`"userId" = ${userId}`];
  if (query.status !== "all") where.push(Prisma.sql`"completed" = ${query.status === "completed"}`);
  if (query.q) {
    // `%`, `_` and `\` in the search text are meant literally.
    const pattern = `%${query.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    where.push(Prisma.sql`("title" ILIKE ${pattern} OR "description" ILIKE ${pattern})`);
  }
  if (query.priority?.length) where.push(Prisma.sql`"priority" = ANY(${query.priority}::"Priority"[])`);
  if (query.tag?.length) where.push(Prisma.sql`"tags" @> ${query.tag}::text[]`);
  if (query.dueBefore) where.push(Prisma.sql`"dueAt" <= ${query.dueBefore}`);
  if (query.dueAfter) where.push(Prisma.sql`"dueAt" >= ${query.dueAfter}`);
  return where;
}

/**
 * Rows strictly after the cursor in the list's total order: the sort key, then id, in one
 * direction. A row comparison is what a btree index on (userId, key, id) starts its scan at, so a
 * deep page reads no more rows than the first.
 */
function afterCursor(cursor: Cursor): Prisma.Sql {
  const column = SORT_COLUMNS[cursor.s];
  const after = Prisma.raw(cursor.o === "asc" ? ">" : "<");
  const id = Prisma.sql`${cursor.i}::uuid`;
  switch (cursor.s) {
    case "due":
      // Tasks without a due date come last in both orders, ordered by id among themselves.
      return cursor.v === null
        ? Prisma.sql`("dueAt" IS NULL AND "id" ${after} ${id})`
        : Prisma.sql`(("dueAt", "id") ${after} (${cursor.v}::timestamptz, ${id}) OR "dueAt" IS NULL)`;
    case "priority":
      return Prisma.sql`(("priority", "id") ${after} (${cursor.v}::"Priority", ${id}))`;
    case "title":
      return Prisma.sql`(("title", "id") ${after} (${cursor.v}::text, ${id}))`;
    default:
      return Prisma.sql`((${column}, "id") ${after} (${cursor.v}::timestamptz, ${id}))`;
  }
}

function orderBy(sort: Cursor["s"], order: Cursor["o"]): Prisma.Sql {
  const direction = Prisma.raw(order === "asc" ? "ASC" : "DESC");
  const nulls = sort === "due" ? Prisma.raw(" NULLS LAST") : Prisma.empty;
  return Prisma.sql`ORDER BY ${SORT_COLUMNS[sort]} ${direction}${nulls}, "id" ${direction}`;
}

function cursorFor(row: Task, sort: Cursor["s"], order: Cursor["o"]): string {
  const value =
    sort === "title"
      ? row.title
      : sort === "priority"
        ? row.priority
        : sort === "due"
          ? row.dueAt
          : sort === "created"
            ? row.createdAt
            : row.updatedAt;
  return encodeCursor({ s: sort, o: order, v: value, i: row.id });
}

export async function listTasks(userId: string, query: ListTasksQuery): Promise<TaskPage> {
  const order = query.order ?? defaultOrder(query.sort);
  const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
  const filters = filtersFor(userId, query);
  const page = query.cursor ? [...filters, afterCursor(decodeCursor(query.cursor, query.sort, order))] : filters;

  // The count and the page are independent; running them side by side on two pooled connections
  // halves the wait.
  const [rows, [counted]] = await Promise.all([
    queryRows<Task>(Prisma.sql`
      SELECT ${RETURNING} FROM "task" WHERE ${Prisma.join(page, " AND ")}
      ${orderBy(query.sort, order)} LIMIT ${limit + 1}`),
    queryRows<{ count: number }>(Prisma.sql`SELECT count(*)::int AS "count" FROM "task" WHERE ${Prisma.join(filters, " AND ")}`),
  ]);
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return {
    data,
    count: counted?.count ?? 0,
    nextCursor: hasMore && last ? cursorFor(last, query.sort, order) : null,
  };
}

export async function createTask(userId: string, input: CreateTaskInput): Promise<Task> {
  // Time-ordered ids (uuid v7), so ids make a stable tie-breaker in every sort.
  const [row] = await queryRows<Task>(Prisma.sql`
    INSERT INTO "task" ("id", "userId", "title", "description", "priority", "dueAt", "tags", "createdAt", "updatedAt")
    VALUES (${uuidv7()}::uuid, ${userId}, ${input.title}, ${input.description ?? null}::varchar,
            ${input.priority ?? "medium"}::"Priority", ${input.dueAt ?? null}::timestamptz, ${input.tags ?? []}::text[],
            now(), now())
    RETURNING ${RETURNING}`);
  return row!;
}

export async function getTask(userId: string, id: string): Promise<Task> {
  const [row] = await queryRows<Task>(
    Prisma.sql`SELECT ${RETURNING} FROM "task" WHERE "id" = ${parseId(id)}::uuid AND "userId" = ${userId}`,
  );
  if (!row) throw notFound();
  return row;
}

export async function deleteTask(userId: string, id: string): Promise<void> {
  const deleted = await queryRows(
    Prisma.sql`DELETE FROM "task" WHERE "id" = ${parseId(id)}::uuid AND "userId" = ${userId} RETURNING "id"`,
  );
  if (deleted.length === 0) throw notFound();
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
  const [row] = await queryRows<Task>(Prisma.sql`
    UPDATE "task"
    SET ${Prisma.join(assignments, ", ")},
        "updatedAt" = CASE WHEN ${changed} THEN now() ELSE "updatedAt" END
    WHERE "id" = ${parseId(id)}::uuid AND "userId" = ${userId}
    RETURNING ${RETURNING}`);
  if (!row) throw notFound();
  return row;
}
