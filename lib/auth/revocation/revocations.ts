import "server-only";
import { Prisma, queryRows } from "@/lib/db/client";
import { getEventBus, type EventBus } from "@/lib/events";
import type { RevocationEvent } from "@/lib/events/topics";
import { CLOCK_SKEW_SECONDS, TOKEN_LIFETIME_SECONDS } from "../tokens";
import { RevocationSet } from "./revocation-set";

// The process's revocation set, kept current by the event bus and backed by the `revocation`
// table: every revocation is written there first, then applied here, then published. The table is
// read at start-up and after every reconnect of the bus's listener (so a notification missed while
// it was down is never a missed revocation), and every POLL_INTERVAL_MS while there is no listener
// that reaches other processes.

const TOPIC = "auth.revocation";
export const POLL_INTERVAL_MS = 500;
/** A token issued just before its session ended is dead by then, on any instance whose clock is within the skew. */
export const REVOCATION_RETENTION_MS = (TOKEN_LIFETIME_SECONDS + 2 * CLOCK_SKEW_SECONDS) * 1000;

type Listener = (event: RevocationEvent) => void;

class Revocations {
  private readonly set = new RevocationSet();
  private readonly listeners = new Set<Listener>();
  private starting: Promise<void> | null = null;
  private poller: NodeJS.Timeout | undefined;
  private bus: EventBus | null = null;
  private wired = false;
  /** Set once the table has been read: requests wait for that, never for the listener. */
  loaded = false;
  /** How many times the table was read; tests read it. */
  reloads = 0;

  /** Reads the table and starts listening, once; the first request waits for it. */
  start(): Promise<void> {
    this.starting ??= this.begin().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private async begin(): Promise<void> {
    const bus = (this.bus ??= await getEventBus());
    if (!this.wired) {
      this.wired = true;
      bus.subscribe(TOPIC, (event) => this.apply(event));
      bus.onDown(() => this.startPolling());
      bus.onReady(() => {
        if (bus.crossProcess) this.stopPolling();
        void this.reload();
      });
      if (!bus.crossProcess || !bus.connected) this.startPolling();
    }
    await this.reload({ throwOnError: true });
    this.loaded = true;
  }

  isRevoked(sid: string, userId: string, iat: number): boolean {
    return this.set.isRevoked(sid, userId, iat);
  }

  /** Runs for every revocation this process learns of (the verified-token cache purges itself). */
  onRevoked(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records revocations in the table, applies them here, then tells every other instance. */
  async revoke(events: RevocationEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map(
      (event) =>
        Prisma.sql`(${event.kind}::"RevocationKind", ${event.subject}, to_timestamp(${event.at / 1000}::float8), to_timestamp(${event.expiresAt / 1000}::float8))`,
    );
    await queryRows(Prisma.sql`
      INSERT INTO "revocation" ("kind", "subject", "at", "expiresAt") VALUES ${Prisma.join(rows)}
      ON CONFLICT ("kind", "subject") DO UPDATE
        SET "at" = GREATEST("revocation"."at", EXCLUDED."at"),
            "expiresAt" = GREATEST("revocation"."expiresAt", EXCLUDED."expiresAt")`);
    // Rows past their expiry protect nothing; the (kind, subject) key keeps the table bounded by
    // the revocations of the last ~16 minutes.
    await queryRows(Prisma.sql`DELETE FROM "revocation" WHERE "expiresAt" < now()`);
    for (const event of events) this.apply(event);
    const bus = (this.bus ??= await getEventBus());
    for (const event of events) {
      // The row is written: an instance that misses this message still finds it when it reloads.
      await bus.publish(TOPIC, event).catch((error: Error) => console.warn("[revocation] publish failed:", error.message));
    }
  }

  private apply(event: RevocationEvent): void {
    if (!isRevocationEvent(event) || !this.set.add(event)) return;
    for (const listener of this.listeners) listener(event);
  }

  private async reload(options: { throwOnError?: boolean } = {}): Promise<void> {
    this.reloads += 1;
    try {
      const rows = await queryRows<{ kind: "session" | "user"; subject: string; at: number; expiresAt: number }>(Prisma.sql`
        SELECT "kind"::text AS "kind", "subject",
               (extract(epoch FROM "at") * 1000)::float8 AS "at",
               (extract(epoch FROM "expiresAt") * 1000)::float8 AS "expiresAt"
        FROM "revocation" WHERE "expiresAt" > now()`);
      this.set.prune();
      for (const row of rows) this.apply(row);
    } catch (error) {
      if (options.throwOnError) throw error;
      console.warn("[revocation] reload failed:", (error as Error).message);
    }
  }

  private startPolling(): void {
    if (this.poller) return;
    this.poller = setInterval(() => void this.reload(), POLL_INTERVAL_MS);
    this.poller.unref?.();
  }

  private stopPolling(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }
}

function isRevocationEvent(value: RevocationEvent): boolean {
  return (
    (value?.kind === "session" || value?.kind === "user") &&
    typeof value.subject === "string" &&
    Number.isFinite(value.at) &&
    Number.isFinite(value.expiresAt)
  );
}

const globalForRevocations = globalThis as unknown as { evoRevocations?: Revocations };
export const revocations = (globalForRevocations.evoRevocations ??= new Revocations());

/** The events for ending these sessions now. */
export function sessionsEnded(sessionIds: string[], at = Date.now()): RevocationEvent[] {
  return sessionIds.map((subject) => ({ kind: "session", subject, at, expiresAt: at + REVOCATION_RETENTION_MS }));
}

/** The event refusing every token of `userId` issued before `at`. */
export function userTokensRevoked(userId: string, at = Date.now()): RevocationEvent {
  return { kind: "user", subject: userId, at, expiresAt: at + REVOCATION_RETENTION_MS };
}
