import { Redis } from "ioredis";
import { backoffMs, encodePayload, Subscribers, type EventBus, type TransactionEvents } from "./bus";
import type { EventTopics, Topic } from "./topics";

// Redis pub/sub, when REDIS_URL is set. A subscribed Redis connection can do nothing else, so the
// bus holds its own, and publishes on the app's ordinary one. Subscriptions are renewed by hand
// after a reconnect (not ioredis's autoResubscribe) so that `onReady` runs only once they are in place.

export type RedisBusOptions = {
  url: string;
  /** The connection PUBLISH goes out on (the app's shared one); a new one when omitted. */
  publisher?: Redis;
  channelPrefix: string;
  /** CLIENT SETNAME of the listening connection (operators and tests can find it). */
  connectionName?: string;
};

export function createRedisBus(options: RedisBusOptions): EventBus {
  const channelOf = (topic: string) => options.channelPrefix + topic;
  const ownPublisher = !options.publisher;
  const publisher =
    options.publisher ?? new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  if (ownPublisher) publisher.on("error", () => {});
  const subscriber = new Redis(options.url, {
    autoResubscribe: false,
    connectionName: options.connectionName ?? "evo-events",
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => backoffMs(times),
  });
  let connected = false;
  let closed = false;
  let lastWarning = 0;

  const subscribers = new Subscribers((topic) => {
    if (connected) subscriber.subscribe(channelOf(topic)).catch(() => subscriber.disconnect(true));
  });

  subscriber.on("message", (channel: string, message: string) => {
    if (channel.startsWith(options.channelPrefix)) subscribers.deliver(channel.slice(options.channelPrefix.length), message);
  });
  subscriber.on("ready", async () => {
    try {
      const channels = subscribers.topics().map(channelOf);
      if (channels.length) await subscriber.subscribe(...channels);
    } catch {
      subscriber.disconnect(true);
      return;
    }
    connected = true;
    subscribers.ready();
  });
  subscriber.on("close", () => {
    if (!connected) return;
    connected = false;
    if (!closed) subscribers.down();
  });
  subscriber.on("error", (error: Error) => {
    if (Date.now() - lastWarning > 30_000) console.warn("[events] Redis listener:", error.message);
    lastWarning = Date.now();
  });

  async function publish<T extends Topic>(topic: T, payload: EventTopics[T]): Promise<void> {
    await publisher.publish(channelOf(topic), encodePayload(topic, payload));
  }

  return {
    engine: "redis",
    crossProcess: true,
    get connected() {
      return connected;
    },
    publish,
    inTransaction(): TransactionEvents {
      const queued: Array<() => Promise<void>> = [];
      return {
        async publish(topic, payload) {
          encodePayload(topic, payload);
          queued.push(() => publish(topic, payload));
        },
        async flush() {
          for (const send of queued.splice(0)) await send();
        },
      };
    },
    subscribe: (topic, handler) => subscribers.add(topic, handler as (payload: unknown) => void),
    onReady: (hook) => subscribers.addReady(hook, connected),
    onDown: (hook) => subscribers.addDown(hook),
    async close() {
      closed = true;
      connected = false;
      subscriber.disconnect();
      if (ownPublisher) publisher.disconnect();
    },
  };
}
