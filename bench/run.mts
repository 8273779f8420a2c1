// `npm run bench`: the production app against two floors doing the same token check and the same
// SQL, on a real Postgres, over loopback: a bare node:http server, and a minimal Next.js app of route
// handlers (the framework floor). See the README's Benchmark section. Options:
//   --node=20|24|26   the Node.js to run on (default 26, what production runs; fetched from the npm
//                     registry's `node` package when this machine has another)
//   --seconds=N       length of one sample (default 3)
//   --rounds=N        interleaved rounds per target; medians are reported (default 3)
//   --connections=L   comma list of concurrencies (default 1,16,64)
//   --build           always run `next build` (app and framework floor); --no-build: never
//                     (default: when sources are newer)
//   --embedded        use the embedded PGlite even if a Postgres server is listening on :5432
//   --profile         also CPU-profile the app under list load and summarise the hot functions
//   --quick           a smoke run: 1 s samples, 1 round, concurrencies 1 and 16
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { coldStart, startApp, type App, type AppConfig, type ColdStart } from "./lib/app-server.mts";
import { ensureBuild, type BuildMode, type BuildResult } from "./lib/build.mts";
import { buildFrameworkFloor, startFrameworkFloor } from "./lib/framework-floor.mts";
import { nodeOrigin, relaunchOn, wantedNodeMajor } from "./lib/node-version.mts";
import { summariseProfile, type ProfileSummary } from "./lib/cpu-profile.mts";
import { migrateDeploy, openDatabase, type BenchDatabase } from "./lib/database.mts";
import { compare, problems, runLoad, type Comparison, type Scenario, type Target } from "./lib/load.mts";
import { freePort, startWithHandshake, stopAll, type Managed } from "./lib/processes.mts";
import { renderMarkdown, renderPlans, renderText, type BenchResults, type Machine } from "./lib/report.mts";
import { explainQueries, measureScale, scaleQueries } from "./lib/scale.mts";
import type { Explained } from "./explain-queries.mts";
import { sameSql, SQL } from "./lib/floor-sql.mts";
import { insertUsers, refreshToken, SEARCH_TERM, seedTasks, signUpUsers, type BenchUser, type SeededTask } from "./lib/seed.mts";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];

const nodeMajor = wantedNodeMajor(args);
const relaunched = await relaunchOn(nodeMajor, fileURLToPath(import.meta.url), args);
if (relaunched !== null) process.exit(relaunched);

const quick = flag("quick");
const settings = {
  seconds: Number(option("seconds") ?? (quick ? 1 : 3)),
  rounds: Number(option("rounds") ?? (quick ? 1 : 3)),
  connections: (option("connections") ?? (quick ? "1,16" : "1,16,64")).split(",").map(Number),
  // 50 users with a login and 200 tasks each carry the load; one more has 10,000 tasks for the
  // scale section, among 100 other users (the 50 above and 50 that exist only as rows).
  users: 50,
  tasksPerUser: 200,
  scaleTasks: 10_000,
  otherUsers: 100,
};
const buildMode: BuildMode = flag("build") ? "always" : flag("no-build") ? "never" : "auto";
const secret = "bench-only-secret-0123456789-abcdefghijklmnop";

const started = performance.now();
const startedAt = new Date();
const loadAtStart = loadavg()[0]!;
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const step = (text: string) => console.log(`[${elapsed()}] ${text}`);

let database: BenchDatabase | null = null;
let cleaningUp: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    await stopAll();
    if (database) {
      await database.close().catch((error: Error) => console.error(`could not drop the benchmark database: ${error.message}`));
    }
  })();
  return cleaningUp;
}
// Ctrl-C reaches this process twice (from the terminal, and relayed by tsx's parent process):
// keep handling the signal, so that the second one does not kill the clean-up half-way.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (cleaningUp) return;
    console.error(`\n${signal}: stopping everything the benchmark started …`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function machineInfo(db: BenchDatabase): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? "?",
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    nodeOrigin: nodeOrigin(),
    postgres: db.server.version,
    database: db.kind,
    databaseSettings: db.server.settings,
    poolSize: db.poolSize,
    loadAverage: { start: loadAtStart, end: Number.NaN },
  };
}

/**
 * The bare floor (bench/floor-server.mts) and the framework floor (bench/framework-floor/), with the
 * app's public keys fetched once.
 */
async function startFloors(
  app: App,
  db: BenchDatabase,
): Promise<{ floor: Managed; plain: Target; limiter: Target; frameworkProcess: Managed; framework: Target }> {
  const jwks = await (await fetch(`${app.baseUrl}/api/auth/jwks`)).text();
  const framework = await startFrameworkFloor({ origin: app.origin, jwks: JSON.parse(jwks), databaseUrl: db.url, poolSize: db.poolSize });
  const { process: floor, ready } = await startWithHandshake<{ port: number; limiterPort: number }>(
    "floor",
    ["--import", "tsx", join(root, "bench/floor-server.mts")],
    {
      ...process.env,
      NODE_ENV: "production",
      FLOOR_DATABASE_URL: db.url,
      FLOOR_POOL_SIZE: String(db.poolSize),
      FLOOR_ORIGIN: app.origin,
      FLOOR_JWKS: jwks,
    },
  );
  return {
    floor,
    plain: { name: "floor", baseUrl: `http://127.0.0.1:${ready.port}`, pid: floor.pid },
    limiter: { name: "floorLimiter", baseUrl: `http://127.0.0.1:${ready.limiterPort}`, pid: floor.pid },
    frameworkProcess: framework.process,
    framework: { name: "framework", baseUrl: framework.baseUrl, pid: framework.process.pid },
  };
}

function scenarios(users: BenchUser[], toggles: SeededTask[]): Scenario[] {
  const tokens = new Map(users.map((user) => [user.id, user.token]));
  const auth = (n: number) => ({ authorization: `Bearer ${users[n % users.length]!.token}` });
  return [
    {
      // What the framework costs on its own: the app (and the framework floor) answer OPTIONS from a
      // route handler without a token, the limiter or the database. No list can be faster.
      id: "route",
      label: "route only (OPTIONS)",
      expectStatus: 204,
      request: () => ({ method: "OPTIONS", path: "/api/tasks", headers: {} }),
    },
    {
      id: "health",
      label: "health (SELECT 1)",
      expectStatus: 200,
      connections: [1, 16],
      request: () => ({ method: "GET", path: "/api/health", headers: {} }),
    },
    { id: "list", label: "list (50 items)", expectStatus: 200, request: (n) => ({ method: "GET", path: "/api/tasks?limit=50", headers: auth(n) }) },
    {
      id: "search",
      label: `list, q=${SEARCH_TERM}`,
      expectStatus: 200,
      request: (n) => ({ method: "GET", path: `/api/tasks?limit=50&q=${SEARCH_TERM}`, headers: auth(n) }),
    },
    {
      id: "toggle",
      label: "toggle",
      expectStatus: 200,
      request: (n) => {
        const task = toggles[n % toggles.length]!;
        return { method: "PATCH", path: `/api/tasks/${task.id}/complete`, headers: { authorization: `Bearer ${tokens.get(task.userId)}` } };
      },
    },
    {
      id: "create",
      label: "create",
      expectStatus: 201,
      request: (n) => ({
        method: "POST",
        path: "/api/tasks",
        headers: { ...auth(n), "content-type": "application/json" },
        body: JSON.stringify({ title: `Benchmark task ${n}`, priority: "high", tags: ["bench", "load"] }),
      }),
    },
  ];
}

/** The floor must send the app's SQL: compares bench/lib/floor-sql.mts with what the app really sent. */
function floorSqlDrift(explained: Explained, [firstPage, search]: string[]): string[] {
  const expected: [string, string[], string[] | undefined][] = [
    ["list", [SQL.page, SQL.count], explained.queries.find((query) => query.name === firstPage)?.statements.map((s) => s.sql)],
    ["list with q", [SQL.searchPage, SQL.searchCount], explained.queries.find((query) => query.name === search)?.statements.map((s) => s.sql)],
    ["create", [SQL.insert], explained.writes.create],
    ["toggle", [SQL.toggle], explained.writes.toggle],
  ];
  return expected
    .filter(([, floor, app]) => !app || floor.some((statement) => !app.some((sent) => sameSql(sent, statement))))
    .map(([name, , app]) => `! the floor's SQL for ${name} is not what the app sends now (update bench/lib/floor-sql.mts); the app sent:\n    ${(app ?? ["(nothing recorded)"]).join("\n    ")}`);
}

/** A floor must answer exactly what the app answers, or the comparison means nothing. */
async function checkFloorAgreesWithApp(app: App, floor: Target, user: BenchUser): Promise<string[]> {
  const mismatches: string[] = [];
  for (const path of ["/api/tasks?limit=50", `/api/tasks?limit=50&q=${SEARCH_TERM}`]) {
    const get = async (base: string) =>
      (await fetch(base + path, { headers: { authorization: `Bearer ${user.token}` } })).json() as Promise<unknown>;
    const [fromApp, fromFloor] = await Promise.all([get(app.baseUrl), get(floor.baseUrl)]);
    if (!isDeepStrictEqual(fromApp, fromFloor)) mismatches.push(`! the ${floor.name} floor's answer to ${path} differs from the app's`);
  }
  return mismatches;
}

/** A steady-state CPU profile of the app under list load (see bench/lib/cpu-profiler-preload.mjs). */
async function profileApp(config: AppConfig, list: Scenario): Promise<ProfileSummary> {
  const dir = join(root, "bench/results/profiles");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stamp(startedAt)}-list-c16.cpuprofile`);
  const preload = pathToFileURL(join(root, "bench/lib/cpu-profiler-preload.mjs")).href;
  const app = await startApp({ ...config, nodeArgs: [`--import=${preload}`], extraEnv: { BENCH_CPU_PROFILE: file } });
  try {
    const target = { name: "app", baseUrl: app.baseUrl };
    await runLoad(target, list, 16, 3); // warm-up, outside the profile
    app.child.kill("SIGUSR2");
    await sleep(200);
    await runLoad(target, list, 16, 8);
    app.child.kill("SIGUSR2");
    for (let waited = 0; !existsSync(file); waited += 100) {
      if (waited > 20_000) throw new Error(`the app wrote no profile:\n${app.output()}`);
      await sleep(100);
    }
    await sleep(200); // let the write finish
  } finally {
    await app.stop();
  }
  console.log(`  profile kept at ${file.slice(root.length)} (open it in Chrome DevTools › Performance)`);
  return summariseProfile(file);
}

const stamp = (date: Date) => date.toISOString().slice(0, 19).replaceAll(":", "-") + "Z";

async function main(): Promise<void> {
  const notes: string[] = [];

  step(`Node ${process.version} (${nodeOrigin()}; --node=${nodeMajor})`);
  step("build: the app");
  const build = await ensureBuild(root, buildMode);
  const built = (result: BuildResult) => `${result.built ? `built in ${result.seconds.toFixed(0)} s (${result.reason})` : `kept: ${result.reason}`}`;
  console.log(`  ${built(build)}`);
  step("build: the framework floor (bench/framework-floor)");
  const frameworkBuild = await buildFrameworkFloor(buildMode);
  console.log(`  ${built(frameworkBuild)}`);

  step("database");
  database = await openDatabase({ embedded: flag("embedded") });
  const db = database;
  const machine = machineInfo(db);
  console.log(`  ${db.kind === "embedded" ? "embedded PGlite" : `fresh database ${new URL(db.url).pathname.slice(1)} on 127.0.0.1:5432`} (${machine.postgres.split(" on ")[0]})`);
  await migrateDeploy(db.url);

  const port = await freePort();
  const config: AppConfig = { root, port, databaseUrl: db.url, poolSize: db.poolSize, secret };

  step("seed: sign up users through the app, insert tasks with SQL");
  let app = await startApp(config);
  const signUpStarted = performance.now();
  const labels = [...Array.from({ length: settings.users }, (_, i) => `user-${i + 1}`), "heavy"];
  const signedUp = await signUpUsers(app, labels);
  const signUpSeconds = (performance.now() - signUpStarted) / 1000;
  const users = signedUp.slice(0, settings.users);
  const heavy = signedUp.at(-1)!;
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const taskStarted = performance.now();
  let seeded: SeededTask[];
  try {
    const rowOnlyUsers = await insertUsers(sql, settings.otherUsers - settings.users, startedAt);
    seeded = await seedTasks(
      sql,
      [
        ...users.map((user) => ({ userId: user.id, count: settings.tasksPerUser })),
        ...rowOnlyUsers.map((userId) => ({ userId, count: settings.tasksPerUser })),
        { userId: heavy.id, count: settings.scaleTasks },
      ],
      startedAt,
    );
  } finally {
    await sql.end();
  }
  const taskSeconds = (performance.now() - taskStarted) / 1000;
  console.log(`  ${signedUp.length} sign-ups in ${signUpSeconds.toFixed(1)} s; ${seeded.length.toLocaleString("en-US")} tasks in ${taskSeconds.toFixed(1)} s`);
  // A pool of tasks to toggle: 20 per load user, spread over the whole pool.
  const loadUserIds = new Set(users.map((user) => user.id));
  const perUser = new Map<string, number>();
  const toggles = seeded.filter((task) => {
    if (!loadUserIds.has(task.userId)) return false;
    const count = perUser.get(task.userId) ?? 0;
    perUser.set(task.userId, count + 1);
    return count < 20;
  });
  toggles.sort((a, b) => (a.id < b.id ? -1 : 1));
  await app.stop();

  step("cold start ×3: spawn → first 200 from /api/health, and from an authenticated GET /api/tasks");
  const coldStarts: ColdStart[] = [];
  for (let i = 0; i < 3; i++) {
    coldStarts.push(await coldStart(config, "/api/health"));
    coldStarts.push(await coldStart(config, "/api/tasks?limit=50", { authorization: `Bearer ${users[0]!.token}` }));
  }
  coldStarts.sort((a, b) => a.probe.localeCompare(b.probe));

  app = await startApp(config);
  const { floor, plain, limiter, frameworkProcess, framework } = await startFloors(app, db);
  const appTarget: Target = { name: "app", baseUrl: app.baseUrl, pid: app.pid };
  notes.push(...(await checkFloorAgreesWithApp(app, plain, users[0]!)));
  notes.push(...(await checkFloorAgreesWithApp(app, framework, users[0]!)));
  const all = scenarios(users, toggles);
  const list = all.find((scenario) => scenario.id === "list")!;

  // Before any load writes to the table, so the plans are those of the seeded data.
  step(`scale with data: one user with ${settings.scaleTasks.toLocaleString("en-US")} tasks among ${settings.otherUsers} others`);
  await runLoad(appTarget, list, 16, 2); // warm-up, not recorded
  const queries = await scaleQueries(app, heavy, settings.scaleTasks, SEARCH_TERM);
  console.log(`  [${elapsed()}] cursors found by walking the lists`);
  const scaleRows = await measureScale(app, heavy, queries, quick ? 1 : 2, quick ? 1 : 1.5);
  console.log(`  [${elapsed()}] measured`);
  const typicalQueries = [
    { name: "typical user: first page", userId: users[0]!.id, search: "limit=50" },
    { name: `typical user: q=${SEARCH_TERM}`, userId: users[0]!.id, search: `limit=50&q=${SEARCH_TERM}` },
  ];
  const explained = await explainQueries(
    root,
    { ...process.env, DATABASE_URL: db.url, DATABASE_POOL_SIZE: String(db.poolSize), BETTER_AUTH_SECRET: secret, BETTER_AUTH_URL: app.origin, NODE_ENV: "production", MAIL_DISABLED: "true" },
    [...queries.map((query) => ({ ...query, userId: heavy.id })), ...typicalQueries],
    { userId: toggles[0]!.userId, taskId: toggles[0]!.id },
  );
  for (const row of scaleRows) row.explain = explained.queries.find((entry) => entry.name === row.name);
  const typicalUser = explained.queries.filter((entry) => typicalQueries.some((query) => query.name === entry.name));
  notes.push(...floorSqlDrift(explained, typicalQueries.map((query) => query.name)));

  step("load: app vs framework floor vs bare floor, interleaved");
  const comparisons: Comparison[] = [];
  for (const scenario of all) {
    const targets = scenario === list ? [appTarget, framework, plain, limiter] : [appTarget, framework, plain];
    for (const target of targets) await runLoad(target, scenario, 16, 1); // warm-up, not recorded
    for (const connections of settings.connections.filter((c) => !scenario.connections || scenario.connections.includes(c))) {
      if (users.some((user) => Date.now() - user.tokenAt > 12 * 60_000)) await Promise.all(users.map((user) => refreshToken(app, user)));
      const comparison = await compare(targets, scenario, connections, settings.rounds, settings.seconds, db.processes);
      comparisons.push(comparison);
      const cell = (name: string) => {
        const m = comparison.targets[name]!.median;
        return `${name} ${Math.round(m.rps).toString().padStart(5)} req/s p99 ${m.p99.toFixed(1).padStart(6)} ms`;
      };
      console.log(`  ${scenario.label.padEnd(18)} c=${String(connections).padEnd(3)} ${["app", "framework", "floor"].map(cell).join(" │ ")}`);
      notes.push(...problems(comparison).map((problem) => `! ${scenario.label} c=${connections}: ${problem}`));
    }
  }

  const appMemory = app.memory.peak();
  const floorMemory = readVmHwm(floor.pid);
  const frameworkMemory = readVmHwm(frameworkProcess.pid);
  await frameworkProcess.stop();
  await floor.stop();
  await app.stop();

  let profile: ProfileSummary | undefined;
  if (flag("profile")) {
    step("CPU profile of the app under list load (c=16, 8 s after a 3 s warm-up)");
    profile = await profileApp(config, list);
  }

  machine.loadAverage.end = loadavg()[0]!;
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    totalSeconds: (performance.now() - started) / 1000,
    machine,
    settings,
    build,
    frameworkBuild,
    seed: { signUpSeconds, taskSeconds, tasks: seeded.length, users: settings.otherUsers + 1 },
    coldStart: coldStarts,
    memory: { app: appMemory, floor: { vmHwmMb: floorMemory }, framework: { vmHwmMb: frameworkMemory } },
    comparisons,
    scale: {
      user: { tasks: settings.scaleTasks, otherUsers: settings.otherUsers, otherTasks: settings.otherUsers * settings.tasksPerUser },
      rows: scaleRows,
      typicalUser,
    },
    profile,
    notes,
  };

  step("done");
  const text = renderText(results);
  console.log(`\n${text}\n`);
  const dir = join(root, "bench/results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stamp(startedAt)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(join(dir, "latest.md"), `${renderMarkdown(results)}\n`);
  writeFileSync(join(dir, "latest-plans.txt"), `${renderPlans(explained.queries)}\n`);
  console.log(`Results: ${file.slice(root.length)} (and bench/results/latest.md for the README). Total ${elapsed().trim()}.`);
}

function readVmHwm(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

try {
  await main();
} catch (error) {
  console.error(`\nbench failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
