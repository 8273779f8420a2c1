import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { RevocationSet } from "../lib/auth/revocation/revocation-set.ts";
import { startApp, type App } from "./lib/app-server.mts";
import { ensureBuild } from "./lib/build.mts";
import { migrateDeploy, openDatabase, type BenchDatabase } from "./lib/database.mts";
import { runLoad, type Sample } from "./lib/load.mts";
import { freePort, stopAll } from "./lib/processes.mts";
import { signUpUsers, type BenchUser } from "./lib/seed.mts";

// Revocation across instances (`npm run bench:revocation`, or as part of `npm run bench`): two
// production instances on one Postgres; a session is signed out through instance A and instance B
// is polled until it refuses that session's token. Repeated per user, with the events on Postgres
// LISTEN/NOTIFY and then on Redis pub/sub. Then list throughput on instances whose revocation sets
// hold 10,000 entries against one whose set is empty, in interleaved rounds, and what one check
// costs in process.

const root = fileURLToPath(new URL("..", import.meta.url));
const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 60);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export type RevocationResults = {
  revocations: number;
  latencyMs: Record<string, { p50: number; p99: number; max: number; samples: number }>;
  list: { fullSet: Sample[]; emptySet: Sample[]; ratio: number; entries: number };
  checkNs: number;
};

async function startInstance(database: BenchDatabase, secret: string, origin: string | null, extraEnv: Record<string, string>) {
  const port = await freePort();
  return startApp({
    root,
    port,
    databaseUrl: database.url,
    poolSize: database.poolSize,
    secret,
    extraEnv: { ...(origin ? { BETTER_AUTH_URL: origin } : {}), ...extraEnv },
  });
}

const listStatus = async (app: App, token: string) => {
  const response = await fetch(`${app.baseUrl}/api/tasks?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
};

/** Signs each user out through A and times how long B keeps accepting the token. */
async function measureLatency(a: App, b: App, users: BenchUser[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const user of users) {
    if ((await listStatus(b, user.token)) !== 200) throw new Error("B refused a live token");
    const response = await fetch(`${a.baseUrl}/api/auth/sign-out`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: a.origin, cookie: user.cookie, "x-forwarded-for": user.ip },
      body: "{}",
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`sign-out answered ${response.status}`);
    const since = performance.now();
    for (;;) {
      if ((await listStatus(b, user.token)) === 401) break;
      if (performance.now() - since > 10_000) throw new Error("B still accepts a signed-out token after 10 s");
    }
    latencies.push(performance.now() - since);
  }
  return latencies.sort((x, y) => x - y);
}

function checkCostNs(entries: number): number {
  const set = new RevocationSet();
  const now = Date.now();
  for (let i = 0; i < entries; i += 1) set.add({ kind: "session", subject: `s${i}`, at: now, expiresAt: now + 900_000 }, now);
  const iterations = 2_000_000;
  let revoked = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) if (set.isRevoked(`live-${i & 1023}`, "user", 1)) revoked += 1;
  const ns = Number(process.hrtime.bigint() - started) / iterations;
  if (revoked) throw new Error("unexpected revocation");
  return ns;
}

export async function runRevocationBench(database: BenchDatabase): Promise<RevocationResults> {
  const secret = randomBytes(32).toString("base64url");
  const latencyMs: RevocationResults["latencyMs"] = {};
  const engines: Array<[string, Record<string, string>]> = [
    ["Postgres LISTEN/NOTIFY", {}],
    ["Redis pub/sub", { REDIS_URL, EVENTS_CHANNEL_PREFIX: `evo-bench-${randomBytes(3).toString("hex")}:` }],
  ];
  let list: RevocationResults["list"] | null = null;
  for (const [label, env] of engines) {
    const a = await startInstance(database, secret, null, env);
    const b = await startInstance(database, secret, a.origin, env);
    try {
      const users = await signUpUsers(a, Array.from({ length: REVOCATIONS }, (_, i) => `revoke${i}`));
      const sorted = await measureLatency(a, b, users);
      latencyMs[label] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)!, samples: sorted.length };
      console.log(`  ${label}: ${sorted.length} revocations, p50 ${latencyMs[label].p50.toFixed(1)} ms, p99 ${latencyMs[label].p99.toFixed(1)} ms`);
      if (!list && label.startsWith("Postgres")) list = await measureList(database, a, b, secret);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }
  const checkNs = checkCostNs(10_000);
  console.log(`  one revocation check (10,000 entries): ${checkNs.toFixed(0)} ns`);
  return { revocations: REVOCATIONS, latencyMs, list: list!, checkNs };
}

/**
 * B holds 10,000 revocations (sent as notifications on its channel); C, on a channel nobody uses,
 * holds none. Both run the same build and check every request.
 */
async function measureList(database: BenchDatabase, a: App, b: App, secret: string) {
  const entries = 10_000;
  const c = await startInstance(database, secret, a.origin, { EVENTS_CHANNEL_PREFIX: "evo-bench-quiet:" });
  try {
    const [reader] = await signUpUsers(a, ["reader"]);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `SELECT pg_notify('evo:auth.revocation', json_build_object('kind', 'session', 'subject', 'bench-' || i, 'at', $1::float8, 'expiresAt', $2::float8)::text)
       FROM generate_series(1, $3::int) AS i`,
      [Date.now(), Date.now() + 900_000, entries],
    );
    await client.end();
    const scenario = {
      id: "list",
      label: "GET /api/tasks?limit=50",
      expectStatus: 200,
      request: () => ({ method: "GET" as const, path: "/api/tasks?limit=50", headers: { authorization: `Bearer ${reader!.token}` } }),
    };
    for (const target of [b, c]) await runLoad({ name: "warm", baseUrl: target.baseUrl }, scenario, 8, 2);
    const fullSet: Sample[] = [];
    const emptySet: Sample[] = [];
    for (let round = 0; round < 3; round += 1) {
      fullSet.push(await runLoad({ name: "full", baseUrl: b.baseUrl, pid: b.pid }, scenario, 16, 8));
      emptySet.push(await runLoad({ name: "empty", baseUrl: c.baseUrl, pid: c.pid }, scenario, 16, 8));
    }
    const median = (samples: Sample[]) => samples.map((s) => s.rps).sort((x, y) => x - y)[1]!;
    const ratio = median(fullSet) / median(emptySet);
    console.log(
      `  list, 16 connections: ${median(fullSet).toFixed(0)} req/s with ${entries} revocations, ${median(emptySet).toFixed(0)} with none (ratio ${ratio.toFixed(3)})`,
    );
    return { fullSet, emptySet, ratio, entries };
  } finally {
    await c.stop();
  }
}

// Run by itself: `npm run bench:revocation`.
if (import.meta.url === `file://${process.argv[1]}`) {
  await ensureBuild(root, "auto");
  const database = await openDatabase({ embedded: false });
  try {
    await migrateDeploy(database.url);
    const results = await runRevocationBench(database);
    mkdirSync(new URL("results/", import.meta.url), { recursive: true });
    const file = new URL(`results/revocation-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`  written to ${fileURLToPath(file)}`);
  } finally {
    await stopAll();
    await database.close();
  }
}
