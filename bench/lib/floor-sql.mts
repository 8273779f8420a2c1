// The floor's SQL: the statements the app sends, copied verbatim from its LOG_LEVEL=debug output
// (lib/db/client.ts logs every Prisma statement), including Prisma's `OFFSET $n` (always 0) and its
// count subquery. bench/run.mts compares the list statements with those the app's listTasks()
// really issues on every run and warns when this copy has gone stale.

const COLUMNS = `"public"."task"."id", "public"."task"."title", "public"."task"."description", "public"."task"."completed", "public"."task"."completedAt", "public"."task"."priority"::text, "public"."task"."dueAt", "public"."task"."tags", "public"."task"."createdAt", "public"."task"."updatedAt"`;
const SEARCH = `("public"."task"."title" ILIKE ('%' || $2 || '%') OR "public"."task"."description" ILIKE ('%' || $3 || '%'))`;
const ORDER = `ORDER BY "public"."task"."createdAt" DESC, "public"."task"."id" DESC`;
export const SQL = {
  page: `SELECT ${COLUMNS} FROM "public"."task" WHERE "public"."task"."userId" = $1 ${ORDER} LIMIT $2 OFFSET $3`,
  count: `SELECT COUNT(*) AS "_count$_all" FROM (SELECT "public"."task"."id" FROM "public"."task" WHERE "public"."task"."userId" = $1 OFFSET $2) AS "sub"`,
  searchPage: `SELECT ${COLUMNS} FROM "public"."task" WHERE ("public"."task"."userId" = $1 AND ${SEARCH}) ${ORDER} LIMIT $4 OFFSET $5`,
  searchCount: `SELECT COUNT(*) AS "_count$_all" FROM (SELECT "public"."task"."id" FROM "public"."task" WHERE ("public"."task"."userId" = $1 AND ${SEARCH}) OFFSET $4) AS "sub"`,
  cursorPage: `SELECT ${COLUMNS} FROM "public"."task" WHERE ("public"."task"."userId" = $1 AND ("public"."task"."createdAt" < $2 OR ("public"."task"."createdAt" = $3 AND "public"."task"."id" < $4))) ${ORDER} LIMIT $5 OFFSET $6`,
  // What Prisma sends for the benchmark's body (title, priority, tags): only the columns given.
  insertBench: `INSERT INTO "public"."task" ("id","userId","title","completed","priority","tags","createdAt","updatedAt") VALUES ($1,$2,$3,$4,CAST($5::text AS "public"."Priority"),$6,$7,$8) RETURNING ${COLUMNS}`,
  insert: `INSERT INTO "public"."task" ("id","userId","title","description","completed","priority","dueAt","tags","createdAt","updatedAt") VALUES ($1,$2,$3,$4,$5,CAST($6::text AS "public"."Priority"),$7,$8,$9,$10) RETURNING ${COLUMNS}`,
  toggle: `
    UPDATE "task"
    SET "completed" = NOT "completed", "completedAt" = CASE WHEN "completed" THEN NULL ELSE now() END,
        "updatedAt" = CASE WHEN true THEN now() ELSE "updatedAt" END
    WHERE "id" = $1::uuid AND "userId" = $2
    RETURNING "id", "title", "description", "completed", "completedAt", "priority", "dueAt", "tags", "createdAt", "updatedAt"`,
};

/** Whitespace-insensitive comparison of two statements. */
export const sameSql = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
