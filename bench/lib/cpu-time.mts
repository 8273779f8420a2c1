import { readdirSync, readFileSync } from "node:fs";

// CPU time actually spent by a set of processes (user + system, from /proc/<pid>/stat), so that a
// sample can say how many CPU milliseconds one request cost the server and the database. Unlike
// requests/s this hardly moves when other work on the machine steals time. Linux only: elsewhere
// every reading is null.

const TICK_MS = 10; // USER_HZ is 100 on every Linux architecture Node supports

/** CPU milliseconds consumed so far by `pid`, or null when it cannot be read. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces): state is [0], utime [11], stime [12].
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

export type CpuReading = Map<number, number>;

export function readCpu(pids: number[]): CpuReading {
  const reading: CpuReading = new Map();
  for (const pid of pids) {
    const ms = cpuMs(pid);
    if (ms !== null) reading.set(pid, ms);
  }
  return reading;
}

/** CPU milliseconds between two readings, over the processes present in both; null if none. */
export function cpuBetween(before: CpuReading, after: CpuReading): number | null {
  let total = 0;
  let seen = false;
  for (const [pid, end] of after) {
    const start = before.get(pid);
    if (start === undefined) continue;
    total += end - start;
    seen = true;
  }
  return seen ? total : null;
}

/** The Postgres backends serving one database (their process title names it). */
export function postgresBackends(database: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return pids;
  }
  for (const entry of entries) {
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (title.startsWith("postgres: ") && title.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}
