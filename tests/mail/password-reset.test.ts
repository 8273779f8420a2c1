import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { linkIn, startInbox } from "../support/smtp";

// Password reset through Better Auth's real endpoints, with the mail read from a real SMTP server.

const inbox = await startInbox();
process.env.SMTP_URL = inbox.url;
process.env.MAIL_DISABLED = "false";

const authRoute = await import("@/app/api/auth/[...all]/route");
const { ORIGIN, clientIp, signUp } = await import("../support/api");
const { pool } = await import("@/lib/db/client");
const { RESET_LIMIT_PER_EMAIL, RESET_LIMIT_PER_IP } = await import("@/lib/auth/account-email");

afterAll(async () => {
  await inbox.close();
});

const PASSWORD = "correct horse battery staple";

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        "x-forwarded-for": clientIp(),
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const requestReset = (email: string, ip = clientIp()) =>
  post("/request-password-reset", { email }, { "x-forwarded-for": ip });

async function session(cookie: string) {
  const response = await authRoute.GET(
    new Request(`${ORIGIN}/api/auth/get-session`, { headers: { cookie } }),
  );
  return (await response.json()) as { user: { id: string } } | null;
}

const isReset = (mail: { subject?: string }) => mail.subject === "Reset your Evo-TODO password";

const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";

describe("password reset", () => {
  it("mails a link to /reset-password that sets the password once and ends every session", async () => {
    const user = await signUp();
    expect(await session(user.cookie)).not.toBeNull();

    const answer = await requestReset(user.email);
    expect(answer.status).toBe(200);

    const mail = await inbox.waitFor(user.email, (m) => m.subject === "Reset your Evo-TODO password");
    const link = linkIn(mail);
    expect(link).toMatch(/^http:\/\/localhost:3000\/reset-password\?token=[\w-]+$/);
    expect(String(mail.html)).toContain(`href="${link}"`);

    const reset = await post("/reset-password", {
      token: tokenOf(link),
      newPassword: "a brand new passphrase",
    });
    expect(reset.status).toBe(200);

    // Every session of the account ended.
    expect(await session(user.cookie)).toBeNull();
    // The new password signs in, the old one no longer does.
    expect(
      (await post("/sign-in/email", { email: user.email, password: "a brand new passphrase" })).status,
    ).toBe(200);
    expect((await post("/sign-in/email", { email: user.email, password: PASSWORD })).status).toBe(401);
    // The link works once.
    const again = await post("/reset-password", {
      token: tokenOf(link),
      newPassword: "yet another passphrase",
    });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text)).toMatchObject({ code: "INVALID_TOKEN" });
  });

  it("refuses a link older than one hour", async () => {
    const user = await signUp();
    await requestReset(user.email);
    const token = tokenOf(linkIn(await inbox.waitFor(user.email, isReset)));
    // Better Auth may store the identifier hashed: find the row by its user.
    const { rows } = await pool.query<{ seconds: number; id: string }>({
      text: `SELECT id, extract(epoch FROM "expiresAt" - now())::float AS seconds FROM verification WHERE value = $1`,
      values: [user.id],
    });
    expect(rows[0]!.seconds).toBeGreaterThan(3500);
    expect(rows[0]!.seconds).toBeLessThanOrEqual(3600);
    await pool.query({
      text: `UPDATE verification SET "expiresAt" = now() - interval '1 second' WHERE id = $1`,
      values: [rows[0]!.id],
    });
    const reset = await post("/reset-password", { token, newPassword: "a brand new passphrase" });
    expect(reset.status).toBe(400);
    expect(JSON.parse(reset.text)).toMatchObject({ code: "INVALID_TOKEN" });
  });

  it("answers the same whether or not the account exists, and mails only an account", async () => {
    const user = await signUp();
    const nobody = `nobody-${randomUUID()}@example.com`;
    const missing = await requestReset(nobody);
    const existing = await requestReset(user.email);
    expect(missing.status).toBe(existing.status);
    expect(missing.text).toBe(existing.text);
    expect([...missing.headers.keys()].sort()).toEqual([...existing.headers.keys()].sort());
    await inbox.waitFor(user.email, isReset);
    // The unknown address's request was handled before the known one's mail went out.
    expect(inbox.for(nobody)).toEqual([]);
  });

  it("takes as long whether or not the account exists (measured)", async () => {
    const rounds = 12;
    const users = [];
    for (let i = 0; i < rounds; i += 1) users.push(await signUp());
    const times = { existing: [] as number[], missing: [] as number[] };
    // Interleaved, so drift of the machine's speed hits both alike.
    for (let i = 0; i < rounds; i += 1) {
      for (const kind of i % 2 ? (["existing", "missing"] as const) : (["missing", "existing"] as const)) {
        const email = kind === "existing" ? users[i]!.email : `nobody-${randomUUID()}@example.com`;
        const started = performance.now();
        const answer = await requestReset(email);
        times[kind].push(performance.now() - started);
        expect(answer.status).toBe(200);
        // Let the work deferred past the response finish, so it does not slow the next request.
        if (kind === "existing") await inbox.waitFor(email, isReset);
        await new Promise((resolve) => setTimeout(resolve, 250));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `[timing] request-password-reset median over ${rounds}: existing ${median(times.existing).toFixed(2)} ms, ` +
        `missing ${median(times.missing).toFixed(2)} ms`,
    );
  }, 180_000);

  it("limits requests per address, whoever asks, with the same answer for unknown addresses", async () => {
    const user = await signUp();
    const nobody = `nobody-${randomUUID()}@example.com`;
    for (const email of [user.email, nobody]) {
      for (let i = 0; i < RESET_LIMIT_PER_EMAIL; i += 1) expect((await requestReset(email)).status).toBe(200);
      const limited = await requestReset(email);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    }
    // Only the allowed requests sent mail.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const resets = inbox.for(user.email).filter((mail) => mail.subject === "Reset your Evo-TODO password");
    expect(resets.length).toBeLessThanOrEqual(RESET_LIMIT_PER_EMAIL);
  });

  it("limits requests per client IP", async () => {
    const ip = clientIp();
    const statuses = [];
    for (let i = 0; i <= RESET_LIMIT_PER_IP; i += 1) {
      statuses.push((await requestReset(`nobody-${randomUUID()}@example.com`, ip)).status);
    }
    expect(statuses.slice(0, RESET_LIMIT_PER_IP).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("rejects a malformed address with Better Auth's validation error", async () => {
    const answer = await requestReset("not-an-email");
    expect(answer.status).toBe(400);
  });
});
