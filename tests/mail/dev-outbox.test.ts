import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Development with nothing configured: no SMTP_URL, so every message is written to .data/outbox/
// as the raw MIME an SMTP server would have received, listed (newest first) with its link, and
// served as text by /dev/outbox/{name}.

process.env.MAIL_DISABLED = "false";
delete process.env.SMTP_URL;

const { mailMode, OUTBOX_DIR } = await import("@/lib/mail/config");
const { deliver } = await import("@/lib/mail/transport");
const { passwordResetMail } = await import("@/lib/mail/messages");
const { listOutboxFiles } = await import("@/lib/mail/outbox-files");
const rawRoute = await import("@/app/dev/outbox/[name]/route");

const written: string[] = [];
afterAll(async () => {
  await Promise.all(written.map((name) => rm(path.join(OUTBOX_DIR, name), { force: true })));
});

const get = (name: string) =>
  rawRoute.GET(new Request(`http://localhost:3000/dev/outbox/${encodeURIComponent(name)}`), {
    params: Promise.resolve({ name }),
  });

describe("the development outbox", () => {
  it("keeps each message as a file, lists it with its link, and serves the raw text", async () => {
    expect(mailMode).toBe("outbox");
    const to = `outbox-${randomUUID()}@example.com`;
    const link = `http://localhost:3000/reset-password?token=${randomUUID()}`;
    await deliver(randomUUID(), passwordResetMail(to, "Zoë Ünicode", link));

    const listed = (await listOutboxFiles(OUTBOX_DIR)).find((message) => message.to.includes(to));
    expect(listed).toBeDefined();
    written.push(listed!.name);
    expect(listed).toMatchObject({ subject: "Reset your Evo-TODO password", link });
    expect(Date.now() - listed!.sentAt.getTime()).toBeLessThan(60_000);

    const response = await get(listed!.name);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const raw = await response.text();
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/im);
    expect(raw).toMatch(/^Content-Type: text\/plain/im);
    expect(raw).toMatch(/^Content-Type: text\/html/im);
  });

  it("serves nothing but outbox files", async () => {
    for (const name of ["../../package.json", "..%2F.env", "secret.txt", `${randomUUID()}.eml`]) {
      expect((await get(name)).status, name).toBe(404);
    }
  });
});
