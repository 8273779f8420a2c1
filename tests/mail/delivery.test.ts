import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startInbox, type Inbox } from "../support/smtp";

// Mail leaves through a real SMTP server in this process. It starts dead (the port is chosen but
// nothing listens): a message must survive that, with its failure logged, and go out once the
// server is up.

const inbox: Inbox = await startInbox({ listening: false });
process.env.SMTP_URL = inbox.url;
process.env.MAIL_DISABLED = "false";

const { pool } = await import("@/lib/db/client");
const { queueMail, drainMailOutbox, retryDelaySeconds, MAX_ATTEMPTS } = await import("@/lib/mail/queue");
const { passwordResetMail, accountDeletedMail } = await import("@/lib/mail/messages");
const { mailMode } = await import("@/lib/mail/config");

afterAll(async () => {
  await inbox.close();
});

type Row = { attempts: number; lastError: string | null; due: number };

async function outboxRow(to: string): Promise<Row | undefined> {
  const { rows } = await pool.query<Row>({
    text: `SELECT attempts, "lastError", extract(epoch FROM "nextAttemptAt" - now())::float AS due FROM mail_outbox WHERE "to" = $1`,
    values: [to],
  });
  return rows[0];
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("mail delivery", () => {
  it("uses SMTP when SMTP_URL is set", () => {
    expect(mailMode).toBe("smtp");
  });

  describe("while the mail server is down", () => {
    const to = "down@example.com";
    const errors: string[] = [];

    beforeAll(() => {
      vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
        errors.push(args.map(String).join(" "));
      });
    });

    it("stores the message, logs the failure and schedules a retry", async () => {
      await queueMail(passwordResetMail(to, "Ada", "http://localhost:3000/reset-password?token=abc"));
      const row = await poll(
        () => outboxRow(to),
        (value) => value?.lastError != null,
      );
      expect(row?.attempts).toBe(1);
      expect(row?.lastError).toMatch(/ECONNREFUSED|connect/i);
      // Back-off: the first retry is 30 s later.
      expect(row?.due).toBeGreaterThan(20);
      expect(row?.due).toBeLessThanOrEqual(retryDelaySeconds(1));
      const logged = errors.map((line) => JSON.parse(line)).find((entry) => entry.event === "mail.failed");
      expect(logged).toMatchObject({ event: "mail.failed", attempt: 1, retryInSeconds: 30 });
      // The log names the message, never its content (the link is a credential).
      expect(JSON.stringify(errors)).not.toContain("token=abc");
      vi.mocked(console.error).mockRestore();
    });

    it("sends it once the server is back, and deletes it", async () => {
      await inbox.listen();
      // Time passes: the retry is due.
      await pool.query({
        text: `UPDATE mail_outbox SET "nextAttemptAt" = now() WHERE "to" = $1`,
        values: [to],
      });
      const result = await drainMailOutbox();
      expect(result).toEqual({ sent: 1, failed: 0 });
      const mail = await inbox.waitFor(to);
      expect(mail.subject).toBe("Reset your Evo-TODO password");
      expect(await outboxRow(to)).toBeUndefined();
    });

    it("gives up after MAX_ATTEMPTS and keeps the row as a record", async () => {
      const gone = "never@example.com";
      await pool.query({
        text: `INSERT INTO mail_outbox (id, "to", subject, text, html, attempts) VALUES (gen_random_uuid(), $1, 's', 't', 'h', $2)`,
        values: [gone, MAX_ATTEMPTS],
      });
      await drainMailOutbox();
      expect((await outboxRow(gone))?.attempts).toBe(MAX_ATTEMPTS);
      expect(inbox.for(gone)).toEqual([]);
      await pool.query({ text: `DELETE FROM mail_outbox WHERE "to" = $1`, values: [gone] });
    });
  });

  describe("the message", () => {
    it("has a text and an HTML part, from MAIL_FROM's default, with nothing remote", async () => {
      const to = "format@example.com";
      const link = "http://localhost:3000/reset-password?token=xyz";
      await queueMail(passwordResetMail(to, "Ada <b>&", link));
      const mail = await inbox.waitFor(to);
      expect(mail.from?.text).toBe('"Evo-TODO" <no-reply@localhost>');
      expect(mail.text).toContain(link);
      expect(mail.text).toContain("Hello Ada <b>&,");
      const html = String(mail.html);
      expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="en">/);
      expect(html).toContain("<title>Reset your Evo-TODO password</title>");
      expect(html).toContain("<h1");
      // User text is escaped; the link says where it goes.
      expect(html).toContain("Hello Ada &#60;b&#62;&#38;,");
      expect(html).toMatch(
        /<a href="http:\/\/localhost:3000\/reset-password\?token=xyz"[^>]*>Choose a new password<\/a>/,
      );
      // Nothing that would make a mail client fetch anything.
      expect(html).not.toMatch(/<img|<link|<script|<iframe|src=|url\(|@import/i);
      const urls = html.match(/https?:\/\/[^\s"<]+/g) ?? [];
      expect(new Set(urls)).toEqual(new Set([link]));
      expect(mail.attachments).toEqual([]);
    });

    it("a message without a link still has both parts", async () => {
      const to = "deleted@example.com";
      await queueMail(accountDeletedMail(to, "Ada"));
      const mail = await inbox.waitFor(to);
      expect(mail.text).toContain("Your account was deleted");
      expect(String(mail.html)).toContain("Your account was deleted</h1>");
    });
  });
});
