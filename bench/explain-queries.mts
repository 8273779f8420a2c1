// EXPLAIN (ANALYZE, BUFFERS) of the exact SQL the app runs for a list request: calls the app's own
// listTasks() (lib/tasks/queries.ts) in this process, records every statement it sends through
// `pg` with its parameters, and explains each one. Whatever the query code becomes, the plans shown
// are those of the statements it really issues.
//
// Run by bench/run.mts as: node --conditions=react-server --import tsx bench/explain-queries.mts
// <input.json> <output.json>, with DATABASE_URL and BETTER_AUTH_SECRET set (lib/env.ts needs them).
// Input: { queries: [{ name, userId, search }], writes: { userId, taskId } } where `search` is a list
// URL's query string. `writes` also records (without explaining) the statements of a create (the
// benchmark's body; the task is deleted again) and of a toggle (done twice, so nothing changes).
import { readFileSync, writeFileSync } from "node:fs";
import pg from "pg";

type Input = { queries: { name: string; userId: string; search: string }[]; writes: { userId: string; taskId: string } };
type Statement = { text: string; values: unknown[] };
export type ExplainedStatement = { sql: string; params: unknown[]; plan: string; executionMs: number | null };
export type ExplainedQuery = { name: string; search: string; statements: ExplainedStatement[]; error?: string };
export type Explained = { queries: ExplainedQuery[]; writes: { create: string[]; toggle: string[] } };

const [inputPath, outputPath] = process.argv.slice(2);
if (!inputPath || !outputPath) throw new Error("usage: explain-queries.mts <input.json> <output.json>");
const input = JSON.parse(readFileSync(inputPath, "utf8")) as Input;

// Record what Prisma's pg adapter sends. It calls client.query({ text, values, … }).
let recording: Statement[] | null = null;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, values] = args;
  if (recording) {
    if (typeof config === "string") recording.push({ text: config, values: (values as unknown[] | undefined) ?? [] });
    else if (config && typeof config === "object" && "text" in config) {
      const { text, values: configValues } = config as { text: string; values?: unknown[] };
      recording.push({ text, values: configValues ?? [] });
    }
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const { createTask, deleteTask, listTasks, setTaskCompletion } = await import("../lib/tasks/queries.ts");
const { createTaskInput, listTasksQuery } = await import("../lib/shared/task-schema.ts");
const { prisma } = await import("../lib/db/client.ts");

const explainer = new pg.Client({ connectionString: process.env.DATABASE_URL });
await explainer.connect();

/** Query parameters as lib/api/request.ts's readQuery reads them: a repeated name becomes an array. */
function toParams(search: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = params[key];
    params[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return params;
}

const results: ExplainedQuery[] = [];
for (const { name, userId, search } of input.queries) {
  try {
    const statements: Statement[] = [];
    recording = statements;
    await listTasks(userId, listTasksQuery.parse(toParams(search)));
    recording = null;
    const explained: ExplainedStatement[] = [];
    for (const statement of statements) {
      const sql = `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`;
      await explainer.query(sql, statement.values); // once to warm the cache, as under load
      // Three more; the run with the median execution time is kept (single runs are noisy here).
      const runs: { plan: string; ms: number }[] = [];
      for (let run = 0; run < 3; run++) {
        const { rows } = await explainer.query<{ "QUERY PLAN": string }>(sql, statement.values);
        const text = rows.map((row) => row["QUERY PLAN"]).join("\n");
        runs.push({ plan: text, ms: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN) });
      }
      const { plan, ms } = runs.sort((a, b) => a.ms - b.ms)[1]!;
      explained.push({
        sql: statement.text.trim(),
        params: statement.values,
        plan,
        executionMs: Number.isNaN(ms) ? null : ms,
      });
    }
    results.push({ name, search, statements: explained });
  } catch (error) {
    recording = null;
    results.push({ name, search, statements: [], error: (error as Error).message });
  }
}

/** The statements `action` sends; a failure is recorded in their place (the caller reports it). */
async function record(action: () => Promise<unknown>): Promise<string[]> {
  const statements: Statement[] = [];
  recording = statements;
  try {
    await action();
  } catch (error) {
    return [`(failed: ${(error as Error).message})`];
  } finally {
    recording = null;
  }
  return statements.map((statement) => statement.text.trim());
}

const { userId, taskId } = input.writes;
const create = await record(async () => {
  const task = await createTask(userId, createTaskInput.parse({ title: "SQL capture", priority: "high", tags: ["bench", "load"] }));
  recording = null;
  await deleteTask(userId, task.id);
});
const toggle = await record(() => setTaskCompletion(userId, taskId));
await setTaskCompletion(userId, taskId).catch(() => {});

const output: Explained = { queries: results, writes: { create, toggle } };
writeFileSync(outputPath, JSON.stringify(output));
await explainer.end();
await prisma.$disconnect();
// The app's pg pool keeps idle connections for 30 s; nothing is left to wait for.
process.exit(0);
