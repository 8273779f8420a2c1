// Before/after of one change, in the same run: the production build of another commit ("before",
// default HEAD~1) and of this working tree ("after"), started side by side on one fresh database
// and driven alternately (A B, B A, …) with the same requests, so the machine's drift falls on both.
//   npx tsx bench/compare-builds.mts [--before=<git ref>] [--rounds=5] [--seconds=3] [--connections=16]
// The before tree is exported with `git archive` into a temporary folder beside a hard-linked copy
// of node_modules (Next.js refuses a symlinked one) and built there; both builds run on this Node.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startApp, type App, type AppConfig } from "./lib/app-server.mts";
import { ensureBuild } from "./lib/build.mts";
import { migrateDeploy, openDatabase, type BenchDatabase } from "./lib/database.mts";
import { runLoad, type Sample, type Scenario, type Target } from "./lib/load.mts";
import { freePort, stopAll } from "./lib/processes.mts";
import { insertUsers, seedTasks, signUpUsers } from "./lib/seed.mts";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const before = option("before", "HEAD~1");
const rounds = Number(option("rounds", "5"));
const seconds = Number(option("seconds", "3"));
const connections = option("connections", "16").split(",").map(Number);
const secret = "bench-only-secret-0123456789-abcdefghijklmnop";

const scratch = mkdtempSync(join(tmpdir(), "evo-before-"));
let database: BenchDatabase | null = null;

async function main() {
  const commit = execFileSync("git", ["rev-parse", "--short", before], { cwd: root, encoding: "utf8" }).trim();
  console.log(`before: ${before} (${commit}) in ${scratch}; after: this working tree; Node ${process.version}`);
  execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C ${scratch}`], { cwd: root });
  execFileSync("cp", ["-al", join(root, "node_modules"), join(scratch, "node_modules")]);
  execFileSync("cp", ["-a", join(root, "lib/db/generated"), join(scratch, "lib/db/generated")]);
  const [afterBuild, beforeBuild] = [await ensureBuild(root, "auto"), await ensureBuild(scratch, "always")];
  console.log(`builds: after ${afterBuild.built ? `${afterBuild.seconds.toFixed(0)} s` : "kept"}, before ${beforeBuild.seconds.toFixed(0)} s`);

  database = await openDatabase({ embedded: false });
  await migrateDeploy(database.url);
  const config = async (dir: string): Promise<AppConfig> => ({ root: dir, port: await freePort(), databaseUrl: database!.url, poolSize: database!.poolSize, secret });
  const afterApp: App = await startApp(await config(root));
  const beforeApp: App = await startApp(await config(scratch));
  // Each app issues tokens for its own origin, so each gets its own 50 users (200 tasks each).
  const users = await signUpUsers(afterApp, Array.from({ length: 50 }, (_, i) => `ab-after-${i}`));
  const beforeUsers = await signUpUsers(beforeApp, Array.from({ length: 50 }, (_, i) => `ab-before-${i}`));
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const others = await insertUsers(sql, 50, new Date());
  const owners = [...users.map((user) => user.id), ...beforeUsers.map((user) => user.id), ...others];
  await seedTasks(sql, owners.map((userId) => ({ userId, count: 200 })), new Date());
  await sql.query("VACUUM ANALYZE");
  await sql.end();

  const list = (name: string, people: typeof users): Scenario => ({
    id: "list",
    label: `list (50 items), ${name}`,
    expectStatus: 200,
    request: (n) => ({ method: "GET", path: "/api/tasks?limit=50", headers: { authorization: `Bearer ${people[n % people.length]!.token}` } }),
  });
  const targets: [Target, Scenario][] = [
    [{ name: "after", baseUrl: afterApp.baseUrl, pid: afterApp.pid }, list("after", users)],
    [{ name: "before", baseUrl: beforeApp.baseUrl, pid: beforeApp.pid }, list("before", beforeUsers)],
  ];
  for (const [target, scenario] of targets) await runLoad(target, scenario, 16, 2); // warm-up
  for (const c of connections) {
    // Each app needs its own tokens, so the rounds alternate here rather than through compare().
    const samples: Record<string, Sample[]> = { after: [], before: [] };
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 ? [...targets].reverse() : targets;
      for (const [target, scenario] of order) samples[target.name]!.push(await runLoad(target, scenario, c, seconds, database.processes));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const row = (name: string) => {
      const s = samples[name]!;
      return {
        rps: median(s.map((x) => x.rps)),
        p99: median(s.map((x) => x.p99)),
        cpu: median(s.map((x) => x.cpuMsPerRequest.server ?? Number.NaN)),
        db: median(s.map((x) => x.cpuMsPerRequest.database ?? Number.NaN)),
      };
    };
    const [a, b] = [row("after"), row("before")];
    const load = (await import("node:os")).loadavg()[0]!.toFixed(1);
    console.log(
      `list c=${c}, ${rounds} rounds of ${seconds} s (medians), load ${load}:\n` +
        `  before ${b.rps.toFixed(0)} req/s p99 ${b.p99.toFixed(1)} ms, CPU ${b.cpu.toFixed(2)} ms/req, Postgres ${b.db.toFixed(2)} ms/req\n` +
        `  after  ${a.rps.toFixed(0)} req/s p99 ${a.p99.toFixed(1)} ms, CPU ${a.cpu.toFixed(2)} ms/req, Postgres ${a.db.toFixed(2)} ms/req\n` +
        `  after/before: req/s ${(a.rps / b.rps).toFixed(2)}, p99 ${(a.p99 / b.p99).toFixed(2)}, CPU ${(a.cpu / b.cpu).toFixed(2)}`,
    );
  }
}

try {
  await main();
} catch (error) {
  console.error(`compare-builds failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
  await (database as BenchDatabase | null)?.close().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
}
