// The floor's SQL: the statements the app sends (lib/tasks/queries.ts), copied verbatim from what
// bench/explain-queries.mts records at the `pg` client. bench/run.mts compares the list, create and
// toggle statements with those the app really issues on every run and warns when this copy has
// gone stale.

const COLUMNS = `"id", "title", "description", "completed", "completedAt", "priority", "dueAt", "tags", "createdAt", "updatedAt"`;
const SEARCH = `("title" ILIKE $2 OR "description" ILIKE $3)`;
const ORDER = `ORDER BY "createdAt" DESC, "id" DESC`;
export const SQL = {
  page: `SELECT ${COLUMNS} FROM "task" WHERE "userId" = $1 ${ORDER} LIMIT $2`,
  count: `SELECT count(*)::int AS "count" FROM "task" WHERE "userId" = $1`,
  searchPage: `SELECT ${COLUMNS} FROM "task" WHERE "userId" = $1 AND ${SEARCH} ${ORDER} LIMIT $4`,
  searchCount: `SELECT count(*)::int AS "count" FROM "task" WHERE "userId" = $1 AND ${SEARCH}`,
  cursorPage: `SELECT ${COLUMNS} FROM "task" WHERE "userId" = $1 AND (("createdAt", "id") < ($2::timestamptz, $3::uuid)) ${ORDER} LIMIT $4`,
  insert: `
    INSERT INTO "task" ("id", "userId", "title", "description", "priority", "dueAt", "tags", "createdAt", "updatedAt")
    VALUES ($1::uuid, $2, $3, $4::varchar, $5::"Priority", $6::timestamptz, $7::text[], now(), now())
    RETURNING ${COLUMNS}`,
  toggle: `
    UPDATE "task"
    SET "completed" = NOT "completed", "completedAt" = CASE WHEN "completed" THEN NULL ELSE now() END,
        "updatedAt" = CASE WHEN true THEN now() ELSE "updatedAt" END
    WHERE "id" = $1::uuid AND "userId" = $2
    RETURNING ${COLUMNS}`,
};

/** Whitespace-insensitive comparison of two statements. */
export const sameSql = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
