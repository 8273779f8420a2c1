import { encodePayload, Subscribers, type EventBus, type TransactionEvents } from "./bus";
import type { EventTopics, Topic } from "./topics";

// The bus inside one process: for the embedded database (PGlite), whose single session underneath
// pglite-socket hands a NOTIFY to whichever socket happens to be talking, not to the listener.
// Messages are delivered on a later tick, as they would be from a real broker.

export function createMemoryBus(): EventBus {
  const subscribers = new Subscribers();
  let closed = false;

  async function publish<T extends Topic>(topic: T, payload: EventTopics[T]): Promise<void> {
    const text = encodePayload(topic, payload);
    if (!closed) queueMicrotask(() => subscribers.deliver(topic, text));
  }

  return {
    engine: "memory",
    crossProcess: false,
    get connected() {
      return !closed;
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
    onReady: (hook) => subscribers.addReady(hook, !closed),
    onDown: (hook) => subscribers.addDown(hook),
    async close() {
      closed = true;
    },
  };
}
