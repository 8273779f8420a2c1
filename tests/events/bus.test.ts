import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MAX_PAYLOAD_BYTES, type EventBus } from "@/lib/events/bus";
import { getEventBus } from "@/lib/events";
import { createMemoryBus } from "@/lib/events/memory-bus";
import { createPostgresBus, LISTENER_APPLICATION_NAME } from "@/lib/events/postgres-bus";
import { createRedisBus } from "@/lib/events/redis-bus";
import type { RevocationEvent } from "@/lib/events/topics";

// The event bus on each engine: what one bus publishes reaches every bus (its own included), an
// unsubscribed handler hears nothing more, oversized payloads are refused, transactional events go
// out with the commit only, and a dropped listener reconnects by itself and says so (onDown, then
// onReady). Two buses in one process stand for two instances: each holds its own listener.

const databaseUrl = inject("databaseUrl");
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// The Redis server is shared with other test runs: every channel here carries this run's prefix.
const RUN = `evo-test-${Date.now()}-${randomBytes(3).toString("hex")}:`;

const isPGlite = await (async () => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ version: string }>("select version()");
  await client.end();
  return /pglite/i.test(rows[0]!.version);
})();

const redisReachable = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = connect(Number(port || 6379), hostname);
  socket.once("connect", () => {
    socket.destroy();
    resolve(true);
  });
  socket.once("error", () => resolve(false));
});
if (!redisReachable && process.env.CI === "true") throw new Error(`CI must provide Redis at ${REDIS_URL}`);

const event = (subject: string): RevocationEvent => ({ kind: "session", subject, at: Date.now(), expiresAt: Date.now() + 60_000 });

function collect(bus: EventBus) {
  const received: string[] = [];
  const unsubscribe = bus.subscribe("auth.revocation", (payload) => received.push(payload.subject));
  return { received, unsubscribe };
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const opened: EventBus[] = [];
afterAll(async () => {
  await Promise.all(opened.map((bus) => bus.close()));
});

type Engine = {
  name: string;
  enabled: boolean;
  create: () => EventBus;
  /** Drops every listener connection of this run from the server side. */
  kill?: () => Promise<void>;
};

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
afterAll(() => pool.end());

const engines: Engine[] = [
  { name: "in process", enabled: true, create: () => createMemoryBus() },
  {
    name: "Postgres LISTEN/NOTIFY",
    // pglite-socket hands a NOTIFY to whichever socket is talking (one session underneath).
    enabled: !isPGlite,
    create: () => createPostgresBus({ connectionString: databaseUrl, publisher: pool, channelPrefix: RUN }),
    kill: async () => {
      await pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", [
        LISTENER_APPLICATION_NAME,
      ]);
    },
  },
  {
    name: "Redis pub/sub",
    enabled: redisReachable,
    create: () => createRedisBus({ url: REDIS_URL, channelPrefix: RUN, connectionName: `${RUN}listener`.replaceAll(":", "-") }),
    kill: async () => {
      const admin = new Redis(REDIS_URL);
      const clients = String(await admin.call("CLIENT", "LIST", "TYPE", "pubsub"));
      const name = `${RUN}listener`.replaceAll(":", "-");
      for (const line of clients.split("\n")) {
        const id = /\bid=(\d+)/.exec(line)?.[1];
        if (id && line.includes(`name=${name} `)) await admin.call("CLIENT", "KILL", "ID", id);
      }
      admin.disconnect();
    },
  },
];

describe.each(engines.filter((engine) => engine.enabled))("event bus: $name", (engine) => {
  const ready = async (bus: EventBus) => {
    opened.push(bus);
    await new Promise<void>((resolve) => bus.onReady(resolve));
    return bus;
  };

  it("delivers to every subscriber in every bus, the publisher's own included", async () => {
    const a = await ready(engine.create());
    const b = engine.name === "in process" ? a : await ready(engine.create());
    const onA = collect(a);
    const onB = collect(b);
    // A subscription made after connecting is live once a round trip has passed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await a.publish("auth.revocation", event("one"));
    await b.publish("auth.revocation", event("two"));
    await eventually(() => onA.received.length === 2 && onB.received.length === 2);
    expect(onA.received).toEqual(["one", "two"]);
    expect(onB.received).toEqual(["one", "two"]);

    onB.unsubscribe();
    await a.publish("auth.revocation", event("three"));
    await eventually(() => onA.received.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onB.received).toEqual(["one", "two"]);
  });

  it("refuses a payload larger than Postgres NOTIFY carries", async () => {
    const bus = await ready(engine.create());
    await expect(bus.publish("auth.revocation", event("x".repeat(MAX_PAYLOAD_BYTES)))).rejects.toThrow(/at most/);
  });

  it("sends events published in a transaction with its commit, and never after a rollback", async () => {
    const bus = await ready(engine.create());
    const heard = collect(bus);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const rolledBack = bus.inTransaction(client);
      await rolledBack.publish("auth.revocation", event("rolled-back"));
      await client.query("ROLLBACK");

      await client.query("BEGIN");
      const committed = bus.inTransaction(client);
      await committed.publish("auth.revocation", event("committed"));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard.received).toEqual([]);
      await client.query("COMMIT");
      await committed.flush();
    } finally {
      client.release();
    }
    await eventually(() => heard.received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard.received).toEqual(["committed"]);
  });

  it.runIf(engine.kill)("reconnects after its listener connection is killed, and says so", async () => {
    const bus = await ready(engine.create());
    const heard = collect(bus);
    let downs = 0;
    let readies = 0;
    bus.onDown(() => (downs += 1));
    bus.onReady(() => (readies += 1));
    const readiesBefore = readies;
    await engine.kill!();
    await eventually(() => downs >= 1 && readies > readiesBefore && bus.connected);
    await bus.publish("auth.revocation", event("after-reconnect"));
    await eventually(() => heard.received.includes("after-reconnect"));
  });
});

describe("the process's bus", () => {
  it("is the in-process one on the embedded database, else LISTEN/NOTIFY (Redis only with REDIS_URL)", async () => {
    const bus = await getEventBus();
    expect(bus).toBe(await getEventBus());
    expect(bus.engine).toBe(isPGlite ? "memory" : "postgres");
    expect(bus.crossProcess).toBe(!isPGlite);
  });
});
