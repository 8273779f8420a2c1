import type { ColdStart } from "./app-server.mts";
import type { ProfileSummary } from "./cpu-profile.mts";
import type { Comparison, Sample } from "./load.mts";
import type { ExplainedQuery } from "../explain-queries.mts";

// Everything one run measured (written to bench/results/<time>.json) and its printed tables.

export type Machine = {
  cpu: string;
  cpus: number;
  memoryGb: number;
  os: string;
  node: string;
  /** Where that Node came from (the machine's, or the npm registry's `node` package). */
  nodeOrigin?: string;
  postgres: string;
  database: "postgres" | "embedded";
  databaseSettings: Record<string, string>;
  poolSize: number;
  /** 1-minute load average when the run started and ended: other work on the machine skews numbers. */
  loadAverage: { start: number; end: number };
};

export type ScaleRow = {
  name: string;
  search: string;
  sample: Pick<Sample, "rps" | "p50" | "p99"> & { rounds: Sample[] };
  ratioToFirst: number;
  withinTwice: boolean;
  explain?: ExplainedQuery;
};

export type PlanSummary = { statement: "page" | "count" | string; scans: string[]; rowsRemovedByFilter: number; executionMs: number | null };

export type BenchResults = {
  startedAt: string;
  totalSeconds: number;
  machine: Machine;
  settings: { seconds: number; rounds: number; connections: number[]; users: number; tasksPerUser: number; scaleTasks: number; otherUsers: number };
  build: { built: boolean; reason: string; seconds: number };
  frameworkBuild?: { built: boolean; reason: string; seconds: number };
  seed: { signUpSeconds: number; taskSeconds: number; tasks: number; users: number };
  coldStart: ColdStart[];
  memory: {
    app: { sampledPeakMb: number | null; vmHwmMb: number | null; currentMb: number | null };
    floor: { vmHwmMb: number | null };
    framework?: { vmHwmMb: number | null };
  };
  comparisons: Comparison[];
  scale: { user: { tasks: number; otherUsers: number; otherTasks: number }; rows: ScaleRow[]; typicalUser: ExplainedQuery[] };
  profile?: ProfileSummary;
  notes: string[];
};

const ms = (value: number) => (Number.isNaN(value) ? "—" : value < 10 ? value.toFixed(2) : value.toFixed(1));
const rps = (value: number) => Math.round(value).toLocaleString("en-US");
const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "—");

type Cells = string[];

function table(header: Cells, rows: Cells[], align: ("l" | "r")[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: Cells) =>
    cells.map((cell, i) => (align[i] === "l" ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].map((text) => text.trimEnd()).join("\n");
}

function markdown(header: Cells, rows: Cells[], align: ("l" | "r")[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${align.map((a) => (a === "l" ? "---" : "---:")).join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

// "floor" is the bare node:http floor; "framework" the same core behind Next.js route handlers.
const MAIN_HEADER = [
  "scenario", "conc",
  "app req/s", "p50 ms", "p99 ms",
  "framework req/s", "p50 ms", "p99 ms",
  "floor req/s", "p50 ms", "p99 ms",
  "req/s app/floor", "p99 app/floor", "req/s app/framework", "req/s framework/floor",
];
const MAIN_ALIGN: ("l" | "r")[] = ["l", ...Array<"r">(14).fill("r")];

function mainRows(results: BenchResults): Cells[] {
  return results.comparisons.map((c) => {
    const app = c.targets.app!.median;
    const floor = c.targets.floor!.median;
    const framework = c.targets.framework?.median;
    const fw = framework ? [rps(framework.rps), ms(framework.p50), ms(framework.p99)] : ["—", "—", "—"];
    return [
      c.label, String(c.connections),
      rps(app.rps), ms(app.p50), ms(app.p99),
      ...fw,
      rps(floor.rps), ms(floor.p50), ms(floor.p99),
      ratio(app.rps / floor.rps), ratio(app.p99 / floor.p99),
      framework ? ratio(app.rps / framework.rps) : "—", framework ? ratio(framework.rps / floor.rps) : "—",
    ];
  });
}

/**
 * The goal: at the concurrency where the bare floor's list peaks, list throughput ≥ 0.8× the bare
 * floor's and p99 ≤ 1.5× its p99, and ≥ 0.95× the framework floor's; beside it, the framework's
 * own ceiling (an OPTIONS answered by the route handler alone) against the same floor list.
 */
export function goalLines(results: BenchResults): string[] {
  const lists = results.comparisons.filter((c) => c.scenario === "list");
  const peak = lists.reduce<Comparison | undefined>((best, c) => (!best || c.targets.floor!.median.rps > best.targets.floor!.median.rps ? c : best), undefined);
  if (!peak) return [];
  const app = peak.targets.app!.median;
  const floor = peak.targets.floor!.median;
  const limited = peak.targets.floorLimiter?.median;
  const route = results.comparisons.find((c) => c.scenario === "route" && c.connections === peak.connections)?.targets.app!.median;
  const framework = peak.targets.framework?.median;
  const lines = [
    `Goal (list at c=${peak.connections}, where the bare floor peaks): app ${rps(app.rps)} req/s = ${ratio(app.rps / floor.rps)}× the bare floor's ${rps(floor.rps)} (goal ≥ 0.8)${limited ? `, ${ratio(app.rps / limited.rps)}× the bare floor with a shared-store rate-limit statement per request (${rps(limited.rps)})` : ""}; p99 ${ms(app.p99)} ms = ${ratio(app.p99 / floor.p99)}× the bare floor's ${ms(floor.p99)} ms (goal ≤ 1.5).`,
  ];
  if (framework) {
    lines.push(
      `Framework floor (the same token check and SQL in a Next.js route handler): ${rps(framework.rps)} req/s, p99 ${ms(framework.p99)} ms = ${ratio(framework.rps / floor.rps)}× the bare floor; the app reaches ${ratio(app.rps / framework.rps)}× of it (goal ≥ 0.95). CPU per list request: app ${app.cpuServerMs?.toFixed(2) ?? "?"} ms, framework floor ${framework.cpuServerMs?.toFixed(2) ?? "?"} ms, bare floor ${floor.cpuServerMs?.toFixed(2) ?? "?"} ms.`,
    );
  }
  if (route) {
    lines.push(
      `Framework ceiling: Next.js answering an OPTIONS from a route handler (no token, no database) does ${rps(route.rps)} req/s at c=${peak.connections}, ${ratio(route.rps / floor.rps)}× the floor's list, at ${route.cpuServerMs?.toFixed(2) ?? "?"} ms CPU per request; the app's list reaches ${ratio(app.rps / route.rps)}× of that ceiling.`,
    );
  }
  return lines;
}

const LIMITER_HEADER = ["conc", "floor req/s", "floor+limiter req/s", "limiter cost", "p99 floor", "p99 +limiter", "Postgres ms/req floor", "+limiter", "app/(floor+limiter) req/s"];

function limiterRows(results: BenchResults): Cells[] {
  return results.comparisons
    .filter((c) => c.targets.floorLimiter)
    .map((c) => {
      const floor = c.targets.floor!.median;
      const limited = c.targets.floorLimiter!.median;
      const app = c.targets.app!.median;
      const cpu = (value: number | null) => (value === null ? "—" : value.toFixed(2));
      return [String(c.connections), rps(floor.rps), rps(limited.rps), `${((1 - limited.rps / floor.rps) * 100).toFixed(0)}% of req/s`, ms(floor.p99), ms(limited.p99), cpu(floor.cpuDatabaseMs), cpu(limited.cpuDatabaseMs), ratio(app.rps / limited.rps)];
    });
}

const CPU_HEADER = ["scenario", "conc", "app CPU ms/req", "framework CPU ms/req", "floor CPU ms/req", "app/floor", "app/framework", "Postgres ms/req (app)", "(framework)", "(floor)"];
const CPU_ALIGN: ("l" | "r")[] = ["l", ...Array<"r">(9).fill("r")];

function cpuRows(results: BenchResults): Cells[] {
  const cpu = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toFixed(2));
  const over = (a: number | null, b: number | null | undefined) => (a !== null && b ? ratio(a / b) : "—");
  return results.comparisons.map((c) => {
    const app = c.targets.app!.median;
    const floor = c.targets.floor!.median;
    const framework = c.targets.framework?.median;
    return [
      c.label, String(c.connections),
      cpu(app.cpuServerMs), cpu(framework?.cpuServerMs), cpu(floor.cpuServerMs),
      over(app.cpuServerMs, floor.cpuServerMs), over(app.cpuServerMs, framework?.cpuServerMs),
      cpu(app.cpuDatabaseMs), cpu(framework?.cpuDatabaseMs), cpu(floor.cpuDatabaseMs),
    ];
  });
}

const SCALE_HEADER = ["query (heavy user, c=1)", "req/s", "p50 ms", "p99 ms", "p50 / first page", "≤ 2×", "DB exec ms (page + count)", "plan"];

function scaleRows(results: BenchResults): Cells[] {
  return results.scale.rows.map((row) => {
    const plans = row.explain ? summarisePlans(row.explain) : [];
    const exec = plans.map((p) => (p.executionMs === null ? "?" : p.executionMs.toFixed(2))).join(" + ");
    const plan = plans.map((p) => `${p.statement}: ${p.scans.join(", ") || "?"}${p.rowsRemovedByFilter ? ` (filtered out ${p.rowsRemovedByFilter})` : ""}`).join("; ");
    return [row.name, rps(row.sample.rps), ms(row.sample.p50), ms(row.sample.p99), ratio(row.ratioToFirst), row.withinTwice ? "yes" : "NO", exec || "—", plan || row.explain?.error || "—"];
  });
}

/** The scans in a text plan ("Index Scan Backward using x", "Seq Scan on task", …) and what they filtered. */
export function summarisePlans(query: ExplainedQuery): PlanSummary[] {
  const summaries = query.statements.map((statement) => {
    const scans = [...statement.plan.matchAll(/((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)(?: Backward)?) (using|on) "?([\w$]+)"?/g)].map(
      (match) => `${match[1]} ${match[2]} ${match[3]}`,
    );
    const removed = [...statement.plan.matchAll(/Rows Removed by Filter: (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    const kind = /^\s*SELECT COUNT/i.test(statement.sql) ? "count" : /^\s*SELECT/i.test(statement.sql) ? "page" : statement.sql.split(/\s+/)[0]!;
    return { statement: kind, scans: [...new Set(scans)], rowsRemovedByFilter: removed, executionMs: statement.executionMs };
  });
  const rank = (summary: PlanSummary) => ["page", "count"].indexOf(summary.statement);
  return summaries.sort((a, b) => rank(a) - rank(b));
}

/** Plans that read what they do not return (a sequential scan, rows fetched then discarded), grouped. */
export function planWarnings(queries: ExplainedQuery[]): string[] {
  const byProblem = new Map<string, string[]>();
  const add = (problem: string, name: string) => byProblem.set(problem, [...(byProblem.get(problem) ?? []), name]);
  for (const query of queries) {
    for (const plan of summarisePlans(query)) {
      for (const scan of plan.scans.filter((scan) => scan.startsWith("Seq Scan"))) add(`the ${plan.statement} query uses a ${scan}`, query.name);
      if (plan.rowsRemovedByFilter >= 1_000) add(`the ${plan.statement} query reads and discards ≥ 1,000 rows`, query.name);
    }
  }
  return [...byProblem].map(([problem, names]) => `! ${problem}: ${names.join("; ")}`);
}

/** Every plan in full, for bench/results/latest-plans.txt. */
export function renderPlans(queries: ExplainedQuery[]): string {
  return queries
    .map((query) => {
      const head = `=== ${query.name}: GET /api/tasks?${query.search.length > 120 ? `${query.search.slice(0, 120)}…` : query.search}`;
      if (query.error) return `${head}\n(failed: ${query.error})`;
      return [head, ...query.statements.map((s) => `--- ${s.sql}\n--- params: ${JSON.stringify(s.params)}\n${s.plan}`)].join("\n");
    })
    .join("\n\n");
}

const machineLine = (m: Machine) =>
  `${m.cpus} × ${m.cpu}, ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}${m.nodeOrigin ? ` (${m.nodeOrigin})` : ""}, ${m.postgres.split(" on ")[0]} (${m.database === "embedded" ? "embedded PGlite" : "server on 127.0.0.1"}, pool ${m.poolSize}, synchronous_commit=${m.databaseSettings.synchronous_commit ?? "?"}); load average ${m.loadAverage.start.toFixed(1)} at the start, ${m.loadAverage.end.toFixed(1)} at the end`;

export function renderText(results: BenchResults): string {
  const out: string[] = [];
  out.push(`Machine: ${machineLine(results.machine)}`);
  out.push(`Runs: ${results.settings.seconds} s per sample, ${results.settings.rounds} interleaved rounds per target (medians); ${results.settings.users} users × ${results.settings.tasksPerUser} tasks, requests rotate over users.`);
  out.push("");
  out.push(table(MAIN_HEADER, mainRows(results), MAIN_ALIGN));
  out.push("", ...goalLines(results));
  const warnings = results.notes.filter((note) => note.startsWith("!"));
  if (warnings.length) out.push("", ...warnings);
  out.push("", "CPU time per request (user + system, from /proc; hardly affected by other load on the machine)");
  out.push(table(CPU_HEADER, cpuRows(results), CPU_ALIGN));
  const limiter = limiterRows(results);
  if (limiter.length) {
    out.push("", "Per-user rate limiter (lib/rate-limit.ts, on every task request even with a huge quota): the floor with and without it, list (50 items)");
    out.push(table(LIMITER_HEADER, limiter, ["r", "r", "r", "r", "r", "r", "r", "r", "r"]));
  }
  out.push("", "Cold start (spawn of `next start` → first answer / first 200)");
  out.push(
    table(
      ["probe", "first answer ms", "first 200 ms", "RSS then MB"],
      results.coldStart.map((c) => [c.probe, c.firstResponseMs === null ? "—" : c.firstResponseMs.toFixed(0), c.first200Ms.toFixed(0), c.rssMb === null ? "—" : c.rssMb.toFixed(0)]),
      ["l", "r", "r", "r"],
    ),
  );
  const mem = results.memory;
  out.push("", `Peak memory of the app process under load: VmHWM ${mem.app.vmHwmMb?.toFixed(0) ?? "?"} MB (sampled RSS peak ${mem.app.sampledPeakMb?.toFixed(0) ?? "?"} MB, at the end ${mem.app.currentMb?.toFixed(0) ?? "?"} MB); bare floor ${mem.floor.vmHwmMb?.toFixed(0) ?? "?"} MB, framework floor ${mem.framework?.vmHwmMb?.toFixed(0) ?? "?"} MB.`);
  const s = results.scale.user;
  out.push("", `Scale with data: one user with ${s.tasks.toLocaleString("en-US")} tasks among ${s.otherUsers} other users (${s.otherTasks.toLocaleString("en-US")} tasks); through the app at concurrency 1`);
  out.push(table(SCALE_HEADER, scaleRows(results), ["l", "r", "r", "r", "r", "l", "r", "l"]));
  const typical = results.scale.typicalUser.map((query) => {
    const plans = summarisePlans(query).map((p) => `${p.statement}: ${p.scans.join(", ") || "?"} ${p.executionMs?.toFixed(2) ?? "?"} ms`);
    return `  ${query.name}: ${plans.join("; ") || query.error}`;
  });
  out.push("", "For comparison, a typical user (200 tasks):", ...typical);
  const plans = planWarnings([...results.scale.rows.flatMap((row) => (row.explain ? [row.explain] : [])), ...results.scale.typicalUser]);
  if (plans.length) out.push("", ...plans);
  out.push("Full EXPLAIN (ANALYZE, BUFFERS) output: bench/results/latest-plans.txt, and in the JSON.");
  if (results.profile) {
    const p = results.profile;
    out.push("", `CPU profile of the app (list, c=16): ${(p.busyMs / 1000).toFixed(1)} s busy. Self time by origin:`);
    out.push(table(["origin", "ms", "share"], p.byOrigin.slice(0, 12).map((o) => [o.origin, o.ms.toFixed(0), `${(o.share * 100).toFixed(1)}%`]), ["l", "r", "r"]));
    out.push("", "Top functions by self time:");
    out.push(table(["function", "origin", "ms", "share", "where"], p.topFunctions.map((f) => [f.name.slice(0, 40), f.origin, f.ms.toFixed(0), `${(f.share * 100).toFixed(1)}%`, f.location.slice(-60)]), ["l", "l", "r", "r", "l"]));
  }
  const other = results.notes.filter((note) => !note.startsWith("!"));
  if (other.length) out.push("", ...other);
  return out.join("\n");
}

export function renderMarkdown(results: BenchResults): string {
  const out: string[] = [];
  out.push(`Latest run (${results.startedAt.slice(0, 16).replace("T", " ")} UTC, ${Math.round(results.totalSeconds)} s in all): ${machineLine(results.machine)}.`);
  out.push("");
  out.push(markdown(MAIN_HEADER, mainRows(results), MAIN_ALIGN));
  out.push(...goalLines(results).flatMap((line) => ["", line]));
  out.push("", "CPU time per request (ms, user + system, from /proc):", "");
  out.push(markdown(CPU_HEADER, cpuRows(results), CPU_ALIGN));
  const limiter = limiterRows(results);
  if (limiter.length) {
    out.push("", "The per-user rate limiter (lib/rate-limit.ts, on every task request even with a huge quota), priced on the floor (list, 50 items):", "");
    out.push(markdown(LIMITER_HEADER, limiter, ["r", "r", "r", "r", "r", "r", "r", "r", "r"]));
  }
  const cold = results.coldStart;
  const median = (probe: string) => {
    const times = cold.filter((c) => c.probe.startsWith(probe)).map((c) => c.first200Ms).sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] ?? Number.NaN;
  };
  out.push("", `Cold start (spawn → first 200, median of ${cold.length / 2}): \`/api/health\` ${median("/api/health").toFixed(0)} ms, authenticated \`GET /api/tasks\` ${median("/api/tasks").toFixed(0)} ms. Peak RSS of the app under load: ${results.memory.app.vmHwmMb?.toFixed(0) ?? "?"} MB (the bare floor: ${results.memory.floor.vmHwmMb?.toFixed(0) ?? "?"} MB, the framework floor: ${results.memory.framework?.vmHwmMb?.toFixed(0) ?? "?"} MB).`);
  const s = results.scale.user;
  out.push("", `Scale with data (one user with ${s.tasks.toLocaleString("en-US")} tasks among ${s.otherUsers} other users, concurrency 1):`, "");
  out.push(markdown(SCALE_HEADER, scaleRows(results), ["l", "r", "r", "r", "r", "l", "r", "l"]));
  return out.join("\n");
}
