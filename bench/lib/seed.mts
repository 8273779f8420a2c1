import { randomBytes } from "node:crypto";
import pg from "pg";
import type { App } from "./app-server.mts";

// Users are signed up through the running app (Better Auth hashes their passwords and issues their
// tokens exactly as in production); their tasks are inserted with plain SQL, which takes seconds
// instead of minutes. Task contents come from a seeded generator, so every run has the same shape.

export type BenchUser = { id: string; email: string; cookie: string; ip: string; token: string; tokenAt: number };
export type SeededTask = { id: string; userId: string };

const PASSWORD = "bench-password-not-secret";

/** Better Auth limits sign-ups per client IP (per /64 for IPv6), so each user comes from its own. */
function fakeClientIp(): string {
  const group = () => randomBytes(2).toString("hex");
  return `2001:db8:${group()}:${group()}::1`;
}

async function signUp(app: App, label: string, runId: string): Promise<BenchUser> {
  const email = `${label}-${runId}@bench.example.com`;
  const ip = fakeClientIp();
  const response = await fetch(`${app.baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.origin, "x-forwarded-for": ip },
    body: JSON.stringify({ name: label, email, password: PASSWORD }),
  });
  const body = (await response.json()) as { user?: { id?: string } };
  if (!response.ok || !body.user?.id) throw new Error(`sign-up failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const user = { id: body.user.id, email, cookie, ip, token: "", tokenAt: 0 };
  await refreshToken(app, user);
  return user;
}

/** Tokens live 15 minutes; the session cookie gets a new one. */
export async function refreshToken(app: App, user: BenchUser): Promise<void> {
  const response = await fetch(`${app.baseUrl}/api/auth/token`, {
    headers: { cookie: user.cookie, "x-forwarded-for": user.ip },
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`GET /api/auth/token failed: HTTP ${response.status}`);
  user.token = body.token;
  user.tokenAt = Date.now();
}

export async function signUpUsers(app: App, labels: string[], concurrency = 4): Promise<BenchUser[]> {
  const runId = randomBytes(3).toString("hex");
  const users: BenchUser[] = new Array<BenchUser>(labels.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < labels.length) {
        const index = next++;
        users[index] = await signUp(app, labels[index]!, runId);
      }
    }),
  );
  return users;
}

/** Users that exist only as rows (the "other users" whose tasks share the table), with no login. */
export async function insertUsers(client: pg.Client, count: number, now: Date): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomBytes(16).toString("base64url"));
  await client.query(
    `INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
     SELECT id, 'Bench ' || id, id || '@rows.bench.example.com', false, $2, $2 FROM unnest($1::text[]) AS id`,
    [ids, now],
  );
  return ids;
}

// Deterministic pseudo-random numbers (mulberry32), so the data set is the same every run.
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, chance: (p: number) => next() < p };
}

const VERBS = ["Buy", "Call", "Email", "Review", "Fix", "Write", "Prepare", "Schedule", "Clean", "Update", "Book", "Pay", "Plan", "Read", "Finish", "Send", "Check", "Organise", "Renew", "Draft"];
const OBJECTS = ["milk", "the plumber", "quarterly report", "pull request", "dentist appointment", "tax return", "garage", "team offsite", "insurance policy", "blog post", "flight to Lisbon", "electricity bill", "birthday gift for Sam", "project roadmap", "car service", "slides for Monday", "weekly report", "grocery list", "passport", "budget spreadsheet", "onboarding docs", "kitchen sink", "conference talk", "release notes", "server logs", "expense report", "newsletter", "backup drive", "library books", "gym membership"];
const SUFFIXES = ["", "", "", "", " before Friday", " (urgent)", " for Q3", " again", " with Alex", " — second try"];
const NOTES = [
  "Ask Maria whether the numbers in the report are final.",
  "Bring the receipts and the warranty card.",
  "Check the shared drive first; an older draft is there.",
  "Needs two hours without meetings.",
  "Call before noon, they close early on Fridays.",
  "Link the ticket in the description when done.",
  "Compare at least three offers before deciding.",
  "Low effort, but it keeps slipping: just do it.",
];
const TAGS = ["work", "home", "errands", "finance", "health", "urgent", "family", "travel", "reading", "admin", "shopping", "car", "garden", "learning", "someday"];

type TaskRow = {
  id: string;
  userId: string;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: Date | null;
  priority: string;
  dueAt: Date | null;
  tags: string;
  createdAt: Date;
  updatedAt: Date;
};

function uuidv7(ms: number, random: () => number): string {
  const hex = (bits: number, value: number) => Math.floor(value).toString(16).padStart(bits / 4, "0");
  const rand = (bits: number) => hex(bits, random() * 2 ** bits);
  const time = hex(48, ms);
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${rand(12)}-${variant}${rand(12)}-${rand(24)}${rand(24)}`;
}

const DAY = 86_400_000;

function generateTasks(userId: string, count: number, now: number, seed: number): TaskRow[] {
  const random = generator(seed);
  const rows: TaskRow[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = now - Math.floor(random.next() * 180 * DAY);
    const completed = random.chance(0.4);
    const completedAt = completed ? createdAt + Math.floor(random.next() * Math.min(now - createdAt, 20 * DAY)) : null;
    const edited = createdAt + Math.floor(random.next() * Math.min(now - createdAt, 5 * DAY));
    const tags = new Set<string>();
    const tagCount = Math.floor(random.next() * 4);
    while (tags.size < tagCount) tags.add(random.pick(TAGS));
    const roll = random.next();
    rows.push({
      id: uuidv7(createdAt, random.next),
      userId,
      title: `${random.pick(VERBS)} ${random.pick(OBJECTS)}${random.pick(SUFFIXES)}`,
      description: random.chance(0.5) ? random.pick(NOTES) : null,
      completed,
      completedAt: completedAt === null ? null : new Date(completedAt),
      priority: roll < 0.3 ? "low" : roll < 0.8 ? "medium" : "high",
      dueAt: random.chance(0.6) ? new Date(createdAt + Math.floor((random.next() * 40 - 5) * DAY)) : null,
      tags: [...tags].join(","),
      createdAt: new Date(createdAt),
      updatedAt: new Date(Math.max(edited, completedAt ?? 0)),
    });
  }
  return rows;
}

async function insertTasks(client: pg.Client, rows: TaskRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 5_000) {
    const batch = rows.slice(start, start + 5_000);
    const column = <K extends keyof TaskRow>(key: K) => batch.map((row) => row[key]);
    await client.query(
      `INSERT INTO "task" (id, "userId", title, description, completed, "completedAt", priority, "dueAt", tags, "createdAt", "updatedAt")
       SELECT id, "userId", title, description, completed, "completedAt", priority, "dueAt",
              CASE WHEN tags = '' THEN ARRAY[]::text[] ELSE string_to_array(tags, ',') END, "createdAt", "updatedAt"
       FROM unnest($1::uuid[], $2::text[], $3::varchar[], $4::varchar[], $5::boolean[], $6::timestamptz[],
                   $7::"Priority"[], $8::timestamptz[], $9::text[], $10::timestamptz[], $11::timestamptz[])
         AS t(id, "userId", title, description, completed, "completedAt", priority, "dueAt", tags, "createdAt", "updatedAt")`,
      [
        column("id"),
        column("userId"),
        column("title"),
        column("description"),
        column("completed"),
        column("completedAt"),
        column("priority"),
        column("dueAt"),
        column("tags"),
        column("createdAt"),
        column("updatedAt"),
      ],
    );
  }
}

/** Inserts `count` tasks for each user; returns every task's id and owner. */
export async function seedTasks(
  client: pg.Client,
  plan: { userId: string; count: number }[],
  now: Date,
): Promise<SeededTask[]> {
  const rows = plan.flatMap(({ userId, count }, index) => generateTasks(userId, count, now.getTime(), 1_000 + index));
  await insertTasks(client, rows);
  // A table in steady state has been vacuumed (autovacuum does it after inserts): statistics for
  // the planner, and a visibility map that makes index-only scans possible.
  await client.query(`VACUUM (ANALYZE) "task"`);
  return rows.map(({ id, userId }) => ({ id, userId }));
}

/** The word the "search" scenario looks for: in about one title in ten, and in some descriptions. */
export const SEARCH_TERM = "report";
