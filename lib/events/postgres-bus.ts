import pg from "pg";
import { backoffMs, encodePayload, Subscribers, type EventBus, type Queryable } from "./bus";
import type { EventTopics, Topic } from "./topics";

// LISTEN/NOTIFY on the app's own Postgres. One dedicated connection per process listens (never a
// pooled one: the pool recycles idle clients, and a LISTEN lives and dies with its session);
// publishing is an ordinary `SELECT pg_notify(...)` on the pool or inside a caller's transaction.

export const LISTENER_APPLICATION_NAME = "evo-events";
const PING_INTERVAL_MS = 10_000;

export type PostgresBusOptions = {
  connectionString: string;
  /** Where pg_notify runs outside a transaction: the app's pool. */
  publisher: Queryable;
  /** Prepended to each topic to make its channel name. */
  channelPrefix: string;
};

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function createPostgresBus(options: PostgresBusOptions): EventBus {
  const channelOf = (topic: string) => {
    const channel = options.channelPrefix + topic;
    // NAMEDATALEN: longer channel names are refused by Postgres.
    if (Buffer.byteLength(channel) > 63) throw new Error(`Channel name ${channel} is longer than 63 bytes`);
    return channel;
  };
  const topicOf = (channel: string) => channel.slice(options.channelPrefix.length);

  let listener: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let ping: NodeJS.Timeout | undefined;
  let reconnect: NodeJS.Timeout | undefined;

  const subscribers = new Subscribers((topic) => {
    listener?.query(`LISTEN ${quoteIdentifier(channelOf(topic))}`).catch((error: Error) => lost(listener, error));
  });

  function lost(client: pg.Client | null, error?: Error) {
    if (!client || client !== listener) return;
    listener = null;
    clearInterval(ping);
    if (error) console.warn("[events] Postgres listener lost:", error.message);
    client.removeAllListeners("notification");
    client.end().catch(() => {});
    subscribers.down();
    scheduleConnect();
  }

  function scheduleConnect() {
    if (closed || reconnect) return;
    reconnect = setTimeout(
      () => {
        reconnect = undefined;
        void connect();
      },
      attempt === 0 ? 0 : backoffMs(attempt),
    );
    reconnect.unref?.();
  }

  async function connect() {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
    });
    client.on("notification", (message) => {
      if (message.channel.startsWith(options.channelPrefix)) subscribers.deliver(topicOf(message.channel), message.payload ?? "");
    });
    client.on("error", (error) => lost(client, error));
    client.on("end", () => lost(client, new Error("connection ended")));
    try {
      await client.connect();
      for (const topic of subscribers.topics()) await client.query(`LISTEN ${quoteIdentifier(channelOf(topic))}`);
    } catch (error) {
      client.removeAllListeners();
      client.on("error", () => {});
      client.end().catch(() => {});
      attempt += 1;
      if (attempt === 1 || attempt % 10 === 0) console.warn("[events] Postgres listener cannot connect:", (error as Error).message);
      scheduleConnect();
      return;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    listener = client;
    attempt = 0;
    // A connection that died without a FIN (a dropped network) says nothing until it is used.
    ping = setInterval(() => {
      client.query("SELECT 1").catch((error: Error) => lost(client, error));
    }, PING_INTERVAL_MS);
    ping.unref?.();
    subscribers.ready();
  }

  async function publishOn<T extends Topic>(target: Queryable, topic: T, payload: EventTopics[T]) {
    await target.query("SELECT pg_notify($1, $2)", [channelOf(topic), encodePayload(topic, payload)]);
  }

  scheduleConnect();

  return {
    engine: "postgres",
    crossProcess: true,
    get connected() {
      return listener !== null;
    },
    publish: (topic, payload) => publishOn(options.publisher, topic, payload),
    inTransaction: (transaction) => ({
      publish: (topic, payload) => publishOn(transaction, topic, payload),
      // The COMMIT already sent them.
      flush: async () => {},
    }),
    subscribe: (topic, handler) => {
      channelOf(topic);
      return subscribers.add(topic, handler as (payload: unknown) => void);
    },
    onReady: (hook) => subscribers.addReady(hook, listener !== null),
    onDown: (hook) => subscribers.addDown(hook),
    async close() {
      closed = true;
      clearTimeout(reconnect);
      clearInterval(ping);
      const client = listener;
      listener = null;
      if (client) {
        client.removeAllListeners();
        client.on("error", () => {});
        await client.end().catch(() => {});
      }
    },
  };
}
