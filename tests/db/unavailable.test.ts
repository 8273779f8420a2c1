import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client";
import { isDatabaseUnavailable, markConnectFailures } from "@/lib/db/unavailable";

// Every error here is a real one, provoked from a real engine (the suite's PGlite or Postgres) or
// a real socket, through both ways the app reaches the database: pg's pool (task queries) and
// Prisma's pg adapter (Better Auth). Faults must classify as unavailable, bugs must not.

const databaseUrl = process.env.DATABASE_URL!;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const urlOnPort = (port: number) => {
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return url.toString();
};

type Fault = { name: string; url: () => string };
const faults: Fault[] = [];
let refusedPort = 0;
let silentPort = 0;
let hangUpPort = 0;
let onServer = false;

beforeAll(async () => {
  refusedPort = await closedPort();
  silentPort = await listen(() => {}); // accepts, never answers: the pool's connect timeout
  hangUpPort = await listen((socket) => socket.destroy()); // accepts, then hangs up
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ version: string }>("select version()");
  onServer = !/pglite|emscripten/i.test(rows[0]?.version ?? "");
  await client.end();
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

faults.push(
  { name: "connection refused (ECONNREFUSED)", url: () => urlOnPort(refusedPort) },
  { name: "no answer within the connect timeout", url: () => urlOnPort(silentPort) },
  { name: "connection terminated during the handshake", url: () => urlOnPort(hangUpPort) },
);

function poolFor(url: string) {
  return markConnectFailures(new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 500 }));
}

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

async function bothWays(url: string, sql: string) {
  const pool = poolFor(url);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  try {
    return {
      pg: await errorOf(() => pool.query(sql)),
      prisma: await errorOf(() => prisma.$queryRawUnsafe(sql)),
    };
  } finally {
    await prisma.$disconnect().catch(() => {});
    await pool.end().catch(() => {});
  }
}

describe("database faults are unavailability", () => {
  it.each(faults)("$name, through pg and through Prisma", async ({ url }) => {
    const errors = await bothWays(url(), "select 1");
    expect(isDatabaseUnavailable(errors.pg), String(errors.pg)).toBe(true);
    expect(isDatabaseUnavailable(errors.prisma), String(errors.prisma)).toBe(true);
  });

  it("a database that does not accept connections (55000, FATAL), and a terminated backend (57P01)", async (context) => {
    if (!onServer) context.skip(); // PGlite has one database and no backends to refuse or terminate
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const name = `evo_refuse_${Date.now()}`;
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      // A session already open when its backend is terminated: the next statement fails.
      const pool = poolFor(url.toString());
      const prisma = new PrismaClient({ adapter: new PrismaPg(poolFor(url.toString())) });
      const victim = await pool.connect();
      await prisma.$queryRawUnsafe("select 1");
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      const pending = errorOf(() => victim.query("select pg_sleep(30)"));
      const prismaPending = errorOf(() => prisma.$queryRawUnsafe("select pg_sleep(30)"));
      await expect
        .poll(
          async () =>
            (
              await admin.query(
                `select 1 from pg_stat_activity where query like 'select pg_sleep%' and datname = $1`,
                [name],
              )
            ).rowCount,
          { timeout: 10_000 },
        )
        .toBe(2);
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]);
      const [terminated, prismaTerminated] = await Promise.all([pending, prismaPending]);
      expect(terminated).toMatchObject({ code: "57P01" });
      expect(isDatabaseUnavailable(terminated)).toBe(true);
      expect(isDatabaseUnavailable(prismaTerminated), String(prismaTerminated)).toBe(true);
      victim.release(true);
      await pool.end();
      await prisma.$disconnect();

      const refused = await bothWays(url.toString(), "select 1");
      expect(refused.pg).toMatchObject({ code: "55000", severity: "FATAL" });
      expect(isDatabaseUnavailable(refused.pg)).toBe(true);
      expect(isDatabaseUnavailable(refused.prisma), String(refused.prisma)).toBe(true);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe("bugs are not unavailability", () => {
  it.each([
    ["a syntax error (42601)", "selec 1"],
    ["a missing table (42P01)", "select * from no_such_table"],
    ["a bad cast (22P02)", "select 'x'::uuid"],
    ["a NUL in text (22021)", "select E'a\\\\x00b'::text || chr(0)"],
    ["division by zero (22012)", "select 1/0"],
    ["a date out of range (22008)", "select '0000-01-01T00:00:00Z'::timestamptz"],
    ["a unique violation (23505)", "create temp table u (x int primary key); insert into u values (1), (1)"],
  ])("%s, through pg and through Prisma", async (_name, sql) => {
    const errors = await bothWays(databaseUrl, sql);
    expect(isDatabaseUnavailable(errors.pg), String(errors.pg)).toBe(false);
    expect(isDatabaseUnavailable(errors.prisma), String(errors.prisma)).toBe(false);
  });
});
