import autocannon from "autocannon";
import { cpuBetween, readCpu } from "./cpu-time.mts";

// Load with autocannon over loopback. Latency percentiles are computed here from every response's
// own time (autocannon's histogram has 1 ms resolution, too coarse for sub-millisecond floors);
// only responses with the expected status count towards requests/s and latency.

/** `pid`: the server's process, whose CPU time per request is measured. */
export type Target = { name: string; baseUrl: string; pid?: number };

/** The database's processes (Postgres backends of the benchmark database, or the embedded one). */
export type DatabaseProcesses = () => number[];

export type RequestSpec = { method: "GET" | "POST" | "PATCH" | "OPTIONS"; path: string; headers: Record<string, string>; body?: string };

export type Scenario = {
  id: string;
  label: string;
  expectStatus: number;
  /** Only these concurrencies, instead of every one the run measures. */
  connections?: number[];
  /** The n-th request of a run (n counts across all connections), so requests rotate over users. */
  request: (n: number) => RequestSpec;
};

export type Sample = {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  ok: number;
  unexpected: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  /** CPU milliseconds per successful request: the server process's, and the database's. */
  cpuMsPerRequest: { server: number | null; database: number | null };
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(
  target: Target,
  scenario: Scenario,
  connections: number,
  seconds: number,
  database: DatabaseProcesses = () => [],
): Promise<Sample> {
  let n = 0;
  const databasePids = database();
  const serverBefore = readCpu(target.pid ? [target.pid] : []);
  const databaseBefore = readCpu(databasePids);
  const first = scenario.request(n++);
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.baseUrl,
        connections,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            ...first,
            setupRequest: (request) => ({ ...request, ...scenario.request(n++) }),
          },
        ],
      },
      (error, output) => (error ? reject(error) : resolve(output)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode === scenario.expectStatus) latencies.push(responseTimeMs);
      else unexpected[statusCode] = (unexpected[statusCode] ?? 0) + 1;
    });
  });
  const serverMs = cpuBetween(serverBefore, readCpu(target.pid ? [target.pid] : []));
  const databaseMs = cpuBetween(databaseBefore, readCpu(databasePids));
  const perRequest = (ms: number | null) => (ms === null || latencies.length === 0 ? null : ms / latencies.length);
  const sorted = Float64Array.from(latencies).sort();
  const total = latencies.reduce((sum, value) => sum + value, 0);
  return {
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: latencies.length ? total / latencies.length : Number.NaN,
    ok: latencies.length,
    unexpected,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    cpuMsPerRequest: { server: perRequest(serverMs), database: perRequest(databaseMs) },
  };
}

export type Median = Pick<Sample, "rps" | "p50" | "p90" | "p99"> & { cpuServerMs: number | null; cpuDatabaseMs: number | null };

export type Comparison = {
  scenario: string;
  label: string;
  connections: number;
  /** Per target: every round's sample and the median of each metric over the rounds. */
  targets: Record<string, { rounds: Sample[]; median: Median }>;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function medianOrNull(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? median(known) : null;
}

/**
 * Runs the targets back to back, `rounds` times, reversing the order every other round (A B, B A,
 * A B …) so that the machine's drift in speed falls on both alike; reports medians per target.
 */
export async function compare(
  targets: Target[],
  scenario: Scenario,
  connections: number,
  rounds: number,
  seconds: number,
  database?: DatabaseProcesses,
): Promise<Comparison> {
  const samples = new Map<string, Sample[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) samples.get(target.name)!.push(await runLoad(target, scenario, connections, seconds, database));
  }
  const result: Comparison = { scenario: scenario.id, label: scenario.label, connections, targets: {} };
  for (const [name, list] of samples) {
    result.targets[name] = {
      rounds: list,
      median: {
        rps: median(list.map((s) => s.rps)),
        p50: median(list.map((s) => s.p50)),
        p90: median(list.map((s) => s.p90)),
        p99: median(list.map((s) => s.p99)),
        cpuServerMs: medianOrNull(list.map((s) => s.cpuMsPerRequest.server)),
        cpuDatabaseMs: medianOrNull(list.map((s) => s.cpuMsPerRequest.database)),
      },
    };
  }
  return result;
}

/** Something other than the expected status, or a socket error: worth a warning beside the row. */
export function problems(comparison: Comparison): string[] {
  const notes: string[] = [];
  for (const [name, { rounds }] of Object.entries(comparison.targets)) {
    const bad = rounds.reduce((sum, s) => sum + s.errors + s.timeouts + Object.values(s.unexpected).reduce((a, b) => a + b, 0), 0);
    if (bad > 0) {
      const statuses = rounds.flatMap((s) => Object.keys(s.unexpected));
      notes.push(`${name}: ${bad} failed responses${statuses.length ? ` (HTTP ${[...new Set(statuses)].join(", ")})` : ""}`);
    }
  }
  return notes;
}
