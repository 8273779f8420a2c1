import type { EventTopics, Topic } from "./topics";

// The event bus every instance of the app shares: one message published by any process reaches
// every subscriber in every process (the publisher's own included), at most once, in the order
// each publisher sent them. Delivery is best effort; a feature that must not miss an event keeps
// its state in the database and reloads it from there in `onReady` (which also fires after every
// reconnect, when messages may have been lost).

/** Postgres NOTIFY refuses payloads of 8000 bytes or more; every engine applies the same cap. */
export const MAX_PAYLOAD_BYTES = 7_999;

export type Handler<T extends Topic> = (payload: EventTopics[T]) => void;

/** A `pg` client or pool: the bus only needs `query`. */
export type Queryable = { query: (text: string, values?: unknown[]) => Promise<unknown> };

/** Events written inside a database transaction; `flush` after COMMIT, never after ROLLBACK. */
export type TransactionEvents = {
  publish<T extends Topic>(topic: T, payload: EventTopics[T]): Promise<void>;
  flush(): Promise<void>;
};

export interface EventBus {
  readonly engine: "postgres" | "redis" | "memory";
  /** False for the in-process bus: events from other processes never arrive. */
  readonly crossProcess: boolean;
  /** Whether the listener connection is up (always true in process). */
  readonly connected: boolean;
  publish<T extends Topic>(topic: T, payload: EventTopics[T]): Promise<void>;
  /**
   * Publishes inside `transaction` (a `pg` client between BEGIN and COMMIT): on Postgres the
   * notification is part of the transaction and is sent by its COMMIT; elsewhere the events wait
   * for `flush()`.
   */
  inTransaction(transaction: Queryable): TransactionEvents;
  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void;
  /** Runs now if connected, and every time the listener (re)connects with its subscriptions in place. */
  onReady(handler: () => void): () => void;
  /** Runs every time the listener connection is lost. */
  onDown(handler: () => void): () => void;
  close(): Promise<void>;
}

export function encodePayload(topic: string, payload: unknown): string {
  const text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw new Error(`Event on ${topic} is ${Buffer.byteLength(text)} bytes; the bus carries at most ${MAX_PAYLOAD_BYTES}`);
  }
  return text;
}

/** Subscribers by topic and the ready/down hooks, shared by every engine. */
export class Subscribers {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();
  private readonly readyHooks = new Set<() => void>();
  private readonly downHooks = new Set<() => void>();

  constructor(private readonly onFirst: (topic: string) => void = () => {}) {}

  topics(): string[] {
    return [...this.handlers.keys()];
  }

  add(topic: string, handler: (payload: unknown) => void): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      this.onFirst(topic);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  deliver(topic: string, text: string): void {
    const set = this.handlers.get(topic);
    if (!set?.size) return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      console.warn(`[events] dropped a malformed message on ${topic}`);
      return;
    }
    for (const handler of set) {
      // One failing subscriber must not keep the others from their event.
      try {
        handler(payload);
      } catch (error) {
        console.error(`[events] a subscriber of ${topic} failed:`, error);
      }
    }
  }

  addReady(hook: () => void, connected: boolean): () => void {
    this.readyHooks.add(hook);
    if (connected) runHook(hook);
    return () => {
      this.readyHooks.delete(hook);
    };
  }

  addDown(hook: () => void): () => void {
    this.downHooks.add(hook);
    return () => {
      this.downHooks.delete(hook);
    };
  }

  ready(): void {
    this.readyHooks.forEach(runHook);
  }

  down(): void {
    this.downHooks.forEach(runHook);
  }
}

function runHook(hook: () => void) {
  try {
    hook();
  } catch (error) {
    console.error("[events] a connection hook failed:", error);
  }
}

/** Exponential backoff with jitter for reconnects: 100 ms, 200 ms … capped at 5 s. */
export function backoffMs(attempt: number): number {
  const base = Math.min(5_000, 100 * 2 ** Math.min(attempt, 6));
  return base / 2 + Math.random() * (base / 2);
}
