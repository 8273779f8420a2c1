import "server-only";
import { v7 as uuidv7 } from "uuid";
import { runAfterResponse } from "@/lib/after-response";
import { pool } from "@/lib/db/client";
import { mailEnabled } from "./config";
import { deliver, type OutgoingMail } from "./transport";

// Every message is written to the mail_outbox table before the response that caused it, and sent
// after that response. A mail server that is down therefore loses nothing: the row stays, with its
// error, and is retried with exponential back-off (30 s, 1 min, 2 min … capped at 1 h) until it
// goes out or MAX_ATTEMPTS is reached (about 4 hours of trying; the row then stays as a record).
// A sent message is deleted at once, since its link is a credential.
//
// Retries run on the next send from any instance, and on a timer in long-running processes. An
// attempt claims its rows by pushing `nextAttemptAt` forward (FOR UPDATE SKIP LOCKED), so two
// instances never send the same message at once; an instance that dies mid-send only delays it.

export const MAX_ATTEMPTS = 10;
const CLAIM_SECONDS = 120;
const BATCH = 20;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** (attempts - 1), 3600);
}

/** Stores a message for sending after the response. Resolves once it is stored. */
export async function queueMail(mail: OutgoingMail): Promise<void> {
  if (!mailEnabled) throw new Error("mail is disabled (MAIL_DISABLED=true)");
  await pool.query({
    text: `INSERT INTO mail_outbox (id, "to", subject, text, html) VALUES ($1, $2, $3, $4, $5)`,
    values: [uuidv7(), mail.to, mail.subject, mail.text, mail.html],
  });
  runAfterResponse("mail delivery", drainMailOutbox);
}

type Claimed = OutgoingMail & { id: string; attempts: number };

let running: Promise<DrainResult> | null = null;
let again = false;

export type DrainResult = { sent: number; failed: number };

/**
 * Sends every message that is due. One drain at a time per process; a call during a drain makes
 * it run once more afterwards, so a message queued meanwhile is not left for the retry timer.
 */
export function drainMailOutbox(): Promise<DrainResult> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    const total = { sent: 0, failed: 0 };
    try {
      do {
        again = false;
        for (;;) {
          const { sent, failed, claimed } = await drainBatch();
          total.sent += sent;
          total.failed += failed;
          if (claimed < BATCH) break;
        }
      } while (again);
      await scheduleRetry();
    } finally {
      running = null;
    }
    return total;
  })();
  return running;
}

async function drainBatch(): Promise<DrainResult & { claimed: number }> {
  const { rows } = await pool.query<Claimed>({
    text: `UPDATE mail_outbox SET attempts = attempts + 1, "nextAttemptAt" = now() + make_interval(secs => $1)
           WHERE id IN (SELECT id FROM mail_outbox WHERE "nextAttemptAt" <= now() AND attempts < $2
                        ORDER BY "createdAt" LIMIT $3 FOR UPDATE SKIP LOCKED)
           RETURNING id, "to", subject, text, html, attempts`,
    values: [CLAIM_SECONDS, MAX_ATTEMPTS, BATCH],
  });
  let sent = 0;
  let failed = 0;
  for (const { id, attempts, ...mail } of rows) {
    try {
      await deliver(id, mail);
      await pool.query({ text: `DELETE FROM mail_outbox WHERE id = $1`, values: [id] });
      sent += 1;
    } catch (error) {
      failed += 1;
      const reason = error instanceof Error ? error.message : String(error);
      const final = attempts >= MAX_ATTEMPTS;
      const delay = retryDelaySeconds(attempts);
      await pool.query({
        text: `UPDATE mail_outbox SET "lastError" = left($2, 1000), "nextAttemptAt" = now() + make_interval(secs => $3) WHERE id = $1`,
        values: [id, reason, delay],
      });
      console.error(
        JSON.stringify({
          event: final ? "mail.abandoned" : "mail.failed",
          messageId: id,
          attempt: attempts,
          retryInSeconds: final ? null : delay,
          error: reason,
        }),
      );
    }
  }
  return { sent, failed, claimed: rows.length };
}

let retryTimer: NodeJS.Timeout | undefined;
let retryAt = Infinity;

/** Wakes this process when the earliest pending message is due again (never keeps it alive). */
async function scheduleRetry(): Promise<void> {
  const { rows } = await pool.query<{ due: Date | null }>({
    text: `SELECT min("nextAttemptAt") AS due FROM mail_outbox WHERE attempts < $1`,
    values: [MAX_ATTEMPTS],
  });
  const due = rows[0]?.due ? new Date(rows[0].due).getTime() : null;
  if (due === null || due >= retryAt) return;
  clearTimeout(retryTimer);
  retryAt = due;
  retryTimer = setTimeout(
    () => {
      retryAt = Infinity;
      drainMailOutbox().catch((error: unknown) =>
        console.error("[mail] retry failed:", error instanceof Error ? error.message : error),
      );
    },
    Math.max(1_000, due - Date.now()),
  );
  retryTimer.unref();
}
