import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Explained } from "../explain-queries.mts";
import type { App } from "./app-server.mts";
import { runLoad, type Sample, type Target } from "./load.mts";
import { startProcess } from "./processes.mts";
import type { ScaleRow } from "./report.mts";
import type { BenchUser } from "./seed.mts";

// Scale with data: one user with many tasks among many others. A list page, filtered pages and deep
// cursor pages should each cost at most twice the first page (keyset pagination, indexes led by
// userId). Measured through the app at concurrency 1, then each query's SQL is EXPLAINed.

export type Query = { name: string; search: string };

/** Walks the list `step` rows at a time until `depth` rows are behind, and returns the cursor there. */
async function cursorAt(app: App, user: BenchUser, search: string, depth: number, step = 100): Promise<string> {
  let cursor: string | null = null;
  for (let seen = 0; seen < depth; seen += step) {
    const url = `${app.baseUrl}/api/tasks?${search}&limit=${step}${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${user.token}` } });
    const body = (await response.json()) as { nextCursor?: string | null };
    if (!response.ok || !body.nextCursor) throw new Error(`walking ${search} stopped at ${seen}: HTTP ${response.status}`);
    cursor = body.nextCursor;
  }
  return cursor!;
}

export async function scaleQueries(app: App, user: BenchUser, tasks: number, searchTerm: string): Promise<Query[]> {
  const depth = Math.floor((tasks * 0.9) / 100) * 100;
  const deep = async (sort: string) => `limit=50&${sort}&cursor=${await cursorAt(app, user, sort, depth)}`;
  return [
    { name: "first page (sort=created)", search: "limit=50" },
    { name: "second page (cursor)", search: `limit=50&cursor=${await cursorAt(app, user, "sort=created", 50, 50)}` },
    { name: `filtered: q=${searchTerm}`, search: `limit=50&q=${searchTerm}` },
    { name: "filtered: pending, high, tag=work", search: "limit=50&status=pending&priority=high&tag=work" },
    { name: `deep cursor (row ${depth.toLocaleString("en-US")})`, search: await deep("sort=created") },
    { name: "sort=due, first page", search: "limit=50&sort=due" },
    { name: "sort=due, deep cursor", search: await deep("sort=due") },
    { name: "sort=priority, deep cursor", search: await deep("sort=priority") },
    { name: "sort=title, deep cursor", search: await deep("sort=title") },
  ];
}

export async function measureScale(
  app: App,
  user: BenchUser,
  queries: Query[],
  rounds: number,
  seconds: number,
): Promise<ScaleRow[]> {
  const target: Target = { name: "app", baseUrl: app.baseUrl };
  const samples = new Map<string, Sample[]>(queries.map((query) => [query.name, []]));
  // Interleaved like the main comparisons: every query once per round.
  for (let round = 0; round < rounds; round++) {
    for (const query of round % 2 === 0 ? queries : [...queries].reverse()) {
      const scenario = {
        id: "scale",
        label: query.name,
        expectStatus: 200,
        request: () => ({ method: "GET" as const, path: `/api/tasks?${query.search}`, headers: { authorization: `Bearer ${user.token}` } }),
      };
      samples.get(query.name)!.push(await runLoad(target, scenario, 1, seconds));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rows = queries.map((query) => {
    const list = samples.get(query.name)!;
    return { query, sample: { rps: median(list.map((s) => s.rps)), p50: median(list.map((s) => s.p50)), p99: median(list.map((s) => s.p99)), rounds: list } };
  });
  const first = rows[0]!.sample.p50;
  return rows.map(({ query, sample }) => ({
    name: query.name,
    search: query.search,
    sample,
    ratioToFirst: sample.p50 / first,
    withinTwice: sample.p50 <= 2 * first,
  }));
}

/** Runs bench/explain-queries.mts in a child process (it imports the app's query code). */
export async function explainQueries(
  root: string,
  env: NodeJS.ProcessEnv,
  queries: (Query & { userId: string })[],
  writes: { userId: string; taskId: string },
): Promise<Explained> {
  const dir = mkdtempSync(join(tmpdir(), "evo-bench-explain-"));
  try {
    const input = join(dir, "input.json");
    const output = join(dir, "output.json");
    writeFileSync(input, JSON.stringify({ queries, writes }));
    const child = startProcess(
      "explain",
      ["--conditions=react-server", "--import", "tsx", join(root, "bench/explain-queries.mts"), input, output],
      { cwd: root, env },
    );
    const { code } = await child.exited;
    if (code !== 0) throw new Error(`explain-queries failed (exit ${code}):\n${child.output()}`);
    return JSON.parse(readFileSync(output, "utf8")) as Explained;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
