// `npm run lighthouse`: Lighthouse on the production build, /sign-in signed out and /tasks signed in
// with 20 tasks, plus the first-load JS of both pages (gzip bytes of the scripts their HTML loads).
// Needs an existing build (`npm run build`) and Debian's Chromium (CHROME_PATH, default
// /usr/bin/chromium); never downloads a browser.
// Like the browser tests it runs on a fresh database: a new one on the server named by DATABASE_URL
// when it is set, else an in-memory PGlite. Options:
//   --runs=N              Lighthouse runs per page and preset; medians are reported (default 1)
//   --presets=LIST        comma list of mobile, desktop (default mobile,desktop)
//   --pages=LIST          comma list of paths (default /sign-in,/tasks)
//   --full                also keep every full Lighthouse report (JSON) in test-results/lighthouse/
// Lighthouse's throttling is simulated (Lantern): it replays the observed page load on a model of a
// slow phone (or a desktop), so scores move with the machine's load; compare runs made together.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, type Config, type Flags, type Result } from "lighthouse";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium.ts";
import { freshDatabase, startAppServer, type AppServer, type FreshDatabase } from "../e2e/support/server.ts";
import { migrateDeploy } from "../scripts/migrate-deploy.mjs";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];

const runs = Number(option("runs") ?? 1);
const presets = (option("presets") ?? "mobile,desktop").split(",") as Preset[];
const pages = (option("pages") ?? "/sign-in,/tasks").split(",");
const keepFull = args.includes("--full");
const FULL_DIR = path.join(root, "test-results", "lighthouse");
const CHROME_PATH = process.env.CHROME_PATH ?? CHROMIUM_PATH;
// Lighthouse drives Chromium through chrome-launcher, which wants the new headless mode.
const CHROME_FLAGS = CHROMIUM_ARGS.map((arg) => (arg === "--headless" ? "--headless=new" : arg));
const TASKS = 20;
const CLIENT_IP = "2001:db8:1:2::1";

type Preset = "mobile" | "desktop";
const CONFIGS: Record<Preset, Config | undefined> = { mobile: undefined, desktop: desktopConfig };
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const METRICS = {
  FCP: "first-contentful-paint",
  LCP: "largest-contentful-paint",
  TBT: "total-blocking-time",
  CLS: "cumulative-layout-shift",
  SI: "speed-index",
} as const;
type MetricName = keyof typeof METRICS;

type RunSummary = {
  page: string;
  preset: Preset;
  run: number;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  metrics: Record<MetricName, number | null>;
  lcpElement: string | null;
  /** Lighthouse's CPU benchmark of this machine during the run (higher is faster; it drifts with load). */
  benchmarkIndex: number | null;
  scriptTransferBytes: number | null;
  /** Scored audits below a full score (in performance: the metrics). */
  failing: { category: string; id: string; score: number | null; displayValue?: string }[];
  /** The three longest main-thread tasks, as Lighthouse simulated them (what TBT is made of). */
  longTasks: { url: string; ms: number }[];
  warnings: string[];
};

if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("No production build in .next/: run `npm run build` first.");
  process.exit(1);
}
if (!existsSync(CHROME_PATH)) {
  console.error(`${CHROME_PATH} is missing: \`apt-get install -y chromium\` (or set CHROME_PATH).`);
  process.exit(1);
}
for (const preset of presets) {
  if (!(preset in CONFIGS)) {
    console.error(`unknown preset ${preset}: use mobile and/or desktop`);
    process.exit(1);
  }
}

let database: FreshDatabase | null = null;
let server: AppServer | null = null;
let chrome: chromeLauncher.LaunchedChrome | null = null;
let cleaningUp: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    if (chrome) await Promise.resolve(chrome.kill()).catch(() => {});
    if (server) await server.stop().catch(() => {});
    if (database)
      await database
        .drop()
        .catch((error: Error) => console.error(`could not drop the database: ${error.message}`));
  })();
  return cleaningUp;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

// --- the app, a user and their tasks --------------------------------------------------------------

async function signUp(baseURL: string): Promise<{ cookie: string; token: string }> {
  const email = `lighthouse-${randomBytes(4).toString("hex")}@example.com`;
  const response = await fetch(`${baseURL}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL, "x-forwarded-for": CLIENT_IP },
    body: JSON.stringify({ name: "Grace Hopper", email, password: "lighthouse-password-not-secret" }),
  });
  if (!response.ok) throw new Error(`sign-up failed: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const tokenResponse = await fetch(`${baseURL}/api/auth/token`, {
    headers: { cookie, "x-forwarded-for": CLIENT_IP },
  });
  const body = (await tokenResponse.json()) as { token?: string };
  if (!tokenResponse.ok || !body.token)
    throw new Error(`GET /api/auth/token failed: HTTP ${tokenResponse.status}`);
  return { cookie, token: body.token };
}

const TITLES = [
  "Renew passport",
  "Book dentist appointment",
  "Write quarterly report",
  "Buy oat milk",
  "Call the plumber about the kitchen sink",
  "Plan the team offsite",
  "Review pull request #128",
  "Pay electricity bill",
  "Water the plants",
  "Prepare slides for Thursday's demo",
  "Fix the squeaky door",
  "Order birthday present for Sam",
  "Back up the laptop",
  "Read chapter 4 of the design book",
  "Cancel unused streaming subscription",
  "Update the project README",
  "Pick up dry cleaning",
  "Schedule car service",
  "Reply to Alex about the lease",
  "Sort out the garage shelves",
];
const PRIORITIES = ["low", "medium", "high"] as const;
const TAGS = [["home"], ["work"], ["errands", "home"], ["work", "urgent"], []];

async function seedTasks(baseURL: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const day = 24 * 60 * 60 * 1000;
  for (let index = 0; index < TASKS; index++) {
    const response = await fetch(`${baseURL}/api/tasks`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        title: TITLES[index % TITLES.length],
        ...(index % 3 === 0
          ? { description: "A few words of detail, the way people actually write them." }
          : {}),
        priority: PRIORITIES[index % PRIORITIES.length],
        ...(index % 2 === 0 ? { dueAt: new Date(Date.now() + (index - 4) * day).toISOString() } : {}),
        tags: TAGS[index % TAGS.length],
      }),
    });
    if (response.status !== 201)
      throw new Error(`POST /api/tasks failed: HTTP ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    if (index % 4 === 1) {
      const done = await fetch(`${baseURL}/api/tasks/${id}/complete`, {
        method: "PATCH",
        headers: { authorization: headers.authorization },
      });
      if (!done.ok) throw new Error(`PATCH complete failed: HTTP ${done.status}`);
    }
  }
}

// --- first-load JS --------------------------------------------------------------------------------

type FirstLoad = {
  page: string;
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
  noModuleGzipBytes: number;
  cssGzipBytes: number;
};

/**
 * What a browser downloads to boot the page: every <script src> in its HTML (Next's module
 * chunks; the `noModule` polyfills only old browsers load are counted apart), read from the build
 * and gzipped at level 6, which is what `next start`'s compression sends.
 */
async function firstLoad(baseURL: string, page: string, cookie: string | null): Promise<FirstLoad> {
  const response = await fetch(`${baseURL}${page}`, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
  if (response.status !== 200) throw new Error(`GET ${page}: HTTP ${response.status}`);
  const html = await response.text();
  const sizes = (file: string) => {
    const bytes = readFileSync(path.join(root, ".next", file.replace(/^\/_next\//, "")));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
  };
  const result: FirstLoad = {
    page,
    scripts: 0,
    rawBytes: 0,
    gzipBytes: 0,
    noModuleGzipBytes: 0,
    cssGzipBytes: 0,
  };
  const seen = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*\bsrc="[^"]+"[^>]*>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(tag)![1]!;
    if (!src.startsWith("/_next/") || seen.has(src)) continue;
    seen.add(src);
    const { raw, gzip } = sizes(src);
    if (/\bnoModule\b/i.test(tag)) {
      result.noModuleGzipBytes += gzip;
      continue;
    }
    result.scripts += 1;
    result.rawBytes += raw;
    result.gzipBytes += gzip;
  }
  for (const [, href] of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    if (href!.startsWith("/_next/") && !seen.has(href!)) result.cssGzipBytes += sizes(href!).gzip;
    seen.add(href!);
  }
  return result;
}

// --- Lighthouse -----------------------------------------------------------------------------------

function summarise(lhr: Result, page: string, preset: Preset, run: number): RunSummary {
  const score = (id: string) => {
    const value = lhr.categories[id]?.score;
    return value === null || value === undefined ? null : Math.round(value * 100);
  };
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? null;
  // What cost points: every scored audit (weight > 0) below a full score — in performance those are
  // the five metrics; the unscored insights are in the full report (--full).
  const failing: RunSummary["failing"] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || ref.weight === 0 || (audit.score !== null && audit.score >= 1)) continue;
      if (audit.score === null && audit.scoreDisplayMode !== "error") continue;
      failing.push({
        category,
        id: ref.id,
        score: audit.score,
        ...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
      });
    }
  }
  const longTasks =
    (lhr.audits["long-tasks"]?.details as { items?: { url: string; duration: number }[] } | undefined)
      ?.items ?? [];
  const lcpItems = (
    lhr.audits["largest-contentful-paint-element"]?.details as
      { items?: { items?: { node?: { snippet?: string } }[] }[] } | undefined
  )?.items?.[0]?.items;
  const resourceItems = (
    lhr.audits["resource-summary"]?.details as
      { items?: { resourceType: string; transferSize: number }[] } | undefined
  )?.items;
  return {
    page,
    preset,
    run,
    scores: Object.fromEntries(CATEGORIES.map((id) => [id, score(id)])) as RunSummary["scores"],
    metrics: Object.fromEntries(
      Object.entries(METRICS).map(([name, id]) => [name, metric(id)]),
    ) as RunSummary["metrics"],
    lcpElement: lcpItems?.[0]?.node?.snippet ?? null,
    benchmarkIndex: lhr.environment.benchmarkIndex ? Math.round(lhr.environment.benchmarkIndex) : null,
    scriptTransferBytes: resourceItems?.find((item) => item.resourceType === "script")?.transferSize ?? null,
    longTasks: longTasks
      .slice(0, 3)
      .map((task) => ({ url: task.url.replace(/^https?:\/\/[^/]+/, ""), ms: Math.round(task.duration) })),
    failing,
    warnings: lhr.runWarnings,
  };
}

async function runLighthouse(url: string, preset: Preset, cookie: string | null): Promise<Result> {
  chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
    logLevel: "error",
  });
  try {
    const flags: Flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...CATEGORIES],
      // The session cookie rides on every request of the run, so /tasks loads signed in.
      extraHeaders: cookie ? { Cookie: cookie } : null,
    };
    const result = await lighthouse(url, flags, CONFIGS[preset]);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError)
      throw new Error(`Lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await Promise.resolve(chrome.kill()).catch(() => {});
    chrome = null;
  }
}

// --- output ---------------------------------------------------------------------------------------

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number | null) => (value === null ? "–" : `${Math.round(value)} ms`);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function row(cells: (string | number | null)[], widths: number[]): string {
  return cells.map((cell, index) => String(cell ?? "–").padStart(widths[index]!)).join("  ");
}

function printTable(summaries: RunSummary[]): void {
  const widths = [9, 7, 4, 5, 5, 5, 5, 9, 9, 8, 7, 9, 10, 8];
  console.log(
    row(
      [
        "page",
        "preset",
        "run",
        "perf",
        "a11y",
        "bp",
        "seo",
        "FCP",
        "LCP",
        "TBT",
        "CLS",
        "SI",
        "JS xfer",
        "CPU idx",
      ],
      widths,
    ),
  );
  const lines = [...summaries];
  if (runs > 1) {
    for (const page of pages) {
      for (const preset of presets) {
        const group = summaries.filter((summary) => summary.page === page && summary.preset === preset);
        if (group.length === 0) continue;
        const pick = <T,>(get: (summary: RunSummary) => T | null) =>
          group.map(get).filter((value): value is T => value !== null);
        lines.push({
          ...group[0]!,
          run: 0,
          scores: Object.fromEntries(
            CATEGORIES.map((id) => [id, median(pick((s) => s.scores[id]))]),
          ) as RunSummary["scores"],
          metrics: Object.fromEntries(
            (Object.keys(METRICS) as MetricName[]).map((name) => [
              name,
              median(pick((s) => s.metrics[name])),
            ]),
          ) as RunSummary["metrics"],
          scriptTransferBytes: median(pick((s) => s.scriptTransferBytes)),
          benchmarkIndex: median(pick((s) => s.benchmarkIndex)),
        });
      }
    }
  }
  for (const summary of lines) {
    const { scores: s, metrics: m } = summary;
    console.log(
      row(
        [
          summary.page,
          summary.preset,
          summary.run === 0 ? "med" : summary.run,
          s.performance,
          s.accessibility,
          s["best-practices"],
          s.seo,
          ms(m.FCP),
          ms(m.LCP),
          ms(m.TBT),
          m.CLS === null ? "–" : m.CLS.toFixed(3),
          ms(m.SI),
          summary.scriptTransferBytes === null ? "–" : kib(summary.scriptTransferBytes),
          summary.benchmarkIndex,
        ],
        widths,
      ),
    );
  }
}

// --- main -----------------------------------------------------------------------------------------

const startedAt = new Date();
const loadAtStart = loadavg()[0];
const started = performance.now();
const step = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

try {
  database = await freshDatabase("lighthouse");
  await migrateDeploy(database.url);
  server = await startAppServer({
    database,
    secret: randomBytes(32).toString("base64url"),
    logName: "lighthouse-server.log",
  });
  const { baseURL } = server;
  step(
    `production build (${readFileSync(path.join(root, ".next", "BUILD_ID"), "utf8").trim()}) serving ${baseURL}`,
  );

  const user = await signUp(baseURL);
  await seedTasks(baseURL, user.token);
  step(`signed up one user and added ${TASKS} tasks`);

  const cookieFor = (page: string) => (page.startsWith("/tasks") ? user.cookie : null);
  const firstLoads: FirstLoad[] = [];
  for (const page of pages) firstLoads.push(await firstLoad(baseURL, page, cookieFor(page)));
  console.log(
    "\nFirst-load JS (the <script src> of the page's HTML, gzip level 6; noModule polyfills apart):",
  );
  for (const item of firstLoads) {
    console.log(
      `  ${item.page.padEnd(9)} ${kib(item.gzipBytes).padStart(10)} gzip  (${kib(item.rawBytes)} raw, ${item.scripts} scripts)` +
        `   + CSS ${kib(item.cssGzipBytes)} gzip; noModule polyfills ${kib(item.noModuleGzipBytes)} gzip, not loaded by modern browsers`,
    );
  }
  console.log("");

  const summaries: RunSummary[] = [];
  let browserVersion = "";
  for (let run = 1; run <= runs; run++) {
    for (const preset of presets) {
      for (const page of pages) {
        const lhr = await runLighthouse(`${baseURL}${page}`, preset, cookieFor(page));
        const summary = summarise(lhr, page, preset, run);
        browserVersion ||= /Chrome\/[\d.]+/.exec(lhr.environment.hostUserAgent)?.[0] ?? "";
        if (keepFull) {
          mkdirSync(FULL_DIR, { recursive: true });
          const name = `${page.replace(/\W+/g, "") || "root"}-${preset}-${run}.json`;
          writeFileSync(path.join(FULL_DIR, name), JSON.stringify(lhr));
        }
        if (lhr.finalDisplayedUrl !== `${baseURL}${page}`)
          summary.warnings.push(`ended on ${lhr.finalDisplayedUrl}`);
        summaries.push(summary);
        step(
          `${page} ${preset} run ${run}: perf ${summary.scores.performance}, a11y ${summary.scores.accessibility}` +
            `, LCP ${ms(summary.metrics.LCP)}, TBT ${ms(summary.metrics.TBT)}`,
        );
      }
    }
  }

  console.log("");
  printTable(summaries);
  const problems = summaries.filter((summary) => summary.failing.length > 0 || summary.warnings.length > 0);
  if (problems.length > 0)
    console.log("\nScored audits below 1 (performance: its metrics), longest tasks, warnings:");
  for (const summary of problems) {
    const audits = summary.failing.map(
      (audit) =>
        `${audit.id}=${audit.score ?? "error"}${audit.displayValue ? ` (${audit.displayValue})` : ""}`,
    );
    const tasks = summary.longTasks.map((task) => `${task.url.split("/").pop() || task.url} ${task.ms} ms`);
    console.log(
      `  ${summary.page} ${summary.preset} #${summary.run}: ${[...audits, ...summary.warnings].join("; ")}`,
    );
    if (tasks.length > 0) console.log(`      longest tasks: ${tasks.join(", ")}`);
  }

  const below = summaries.filter(
    (summary) => (summary.scores.performance ?? 0) < 95 || (summary.scores.accessibility ?? 0) < 100,
  );
  console.log(
    below.length === 0
      ? "\nEvery run: performance ≥ 95 and accessibility 100."
      : `\n${below.length} of ${summaries.length} runs below performance 95 or accessibility 100.`,
  );

  const resultsDir = path.join(root, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `lighthouse-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const lighthouseVersion = (
    JSON.parse(readFileSync(path.join(root, "node_modules", "lighthouse", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        lighthouse: lighthouseVersion,
        chromium: `${CHROME_PATH} (${browserVersion})`,
        loadAverageAtStart: loadAtStart,
        database: process.env.DATABASE_URL ? "postgres server" : "embedded PGlite",
        tasks: TASKS,
        firstLoad: firstLoads,
        runs: summaries,
      },
      null,
      2,
    )}\n`,
  );
  step(`saved ${path.relative(root, file)}`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
