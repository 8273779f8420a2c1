import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startProcess, type Managed } from "./processes.mts";

// The production app: `next start` on a loopback port, configured only through its environment.

export type AppConfig = {
  root: string;
  port: number;
  databaseUrl: string;
  poolSize: number;
  secret: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  extraEnv?: Record<string, string>;
};

export type App = Managed & { baseUrl: string; origin: string; memory: MemorySampler };

export const appOrigin = (port: number) => `http://localhost:${port}`;

function appEnv(config: AppConfig): Record<string, string | undefined> {
  return {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    DATABASE_POOL_SIZE: String(config.poolSize),
    BETTER_AUTH_SECRET: config.secret,
    BETTER_AUTH_URL: appOrigin(config.port),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // A production server needs SMTP_URL or this; the benchmark sends no mail.
    MAIL_DISABLED: "true",
    // The per-user task limit must never answer 429 here; its store still runs on every request
    // (lib/rate-limit.ts), which the floor's limiter listener prices separately.
    RATE_LIMIT_TASKS: "1000000000",
    LOG_LEVEL: "warn",
    ...config.extraEnv,
  };
}

export function spawnApp(config: AppConfig): App {
  const nextBin = join(config.root, "node_modules/next/dist/bin/next");
  const managed = startProcess(
    "next start",
    [...(config.nodeArgs ?? []), nextBin, "start", "-p", String(config.port), "-H", "127.0.0.1"],
    { cwd: config.root, env: appEnv(config) },
  );
  return {
    ...managed,
    baseUrl: `http://127.0.0.1:${config.port}`,
    origin: appOrigin(config.port),
    memory: new MemorySampler(managed.pid),
  };
}

/** Polls `url` until it answers `status`; returns the milliseconds since `since` of the first such answer. */
export async function waitFor(
  app: App,
  path: string,
  options: { since: number; headers?: Record<string, string>; timeoutMs?: number; status?: number },
): Promise<{ firstResponseMs: number | null; readyMs: number }> {
  const deadline = options.since + (options.timeoutMs ?? 60_000);
  let firstResponseMs: number | null = null;
  for (;;) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`the app exited before answering ${path}:\n${app.output()}`);
    }
    try {
      const response = await fetch(app.baseUrl + path, { headers: options.headers, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      const at = performance.now() - options.since;
      firstResponseMs ??= at;
      if (response.status === (options.status ?? 200)) return { firstResponseMs, readyMs: at };
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`the app did not answer ${path} in time:\n${app.output()}`);
    await sleep(5);
  }
}

export async function startApp(config: AppConfig): Promise<App> {
  const since = performance.now();
  const app = spawnApp(config);
  await waitFor(app, "/api/health", { since });
  return app;
}

export type ColdStart = { probe: string; firstResponseMs: number | null; first200Ms: number; rssMb: number | null };

/** Process start to the first 200 from `path` (and to the first answer of any status). */
export async function coldStart(config: AppConfig, path: string, headers?: Record<string, string>): Promise<ColdStart> {
  const since = performance.now();
  const app = spawnApp(config);
  try {
    const { firstResponseMs, readyMs } = await waitFor(app, path, { since, headers });
    return { probe: path, firstResponseMs, first200Ms: readyMs, rssMb: app.memory.sample() };
  } finally {
    app.memory.stop();
    await app.stop();
  }
}

/** RSS of one process from /proc (Linux), sampled every 100 ms, plus the kernel's own peak (VmHWM). */
export class MemorySampler {
  private peakMb = 0;
  private timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  private read(field: "VmRSS" | "VmHWM"): number | null {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${this.pid}/status`, "utf8"));
      return match?.[1] ? Number(match[1]) / 1024 : null;
    } catch {
      return null;
    }
  }

  sample(): number | null {
    const rss = this.read("VmRSS");
    if (rss !== null) this.peakMb = Math.max(this.peakMb, rss);
    return rss;
  }

  /** Call while the process is alive. */
  peak(): { sampledPeakMb: number | null; vmHwmMb: number | null; currentMb: number | null } {
    const currentMb = this.sample();
    return { sampledPeakMb: this.peakMb || null, vmHwmMb: this.read("VmHWM"), currentMb };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
