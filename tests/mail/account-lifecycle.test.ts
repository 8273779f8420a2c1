import { afterAll, describe, expect, it } from "vitest";
import { linkIn, startInbox } from "../support/smtp";

// Verification on sign-up, change of address and deletion, through Better Auth's real endpoints,
// with every message read from a real SMTP server in this process.

const inbox = await startInbox();
process.env.SMTP_URL = inbox.url;
process.env.MAIL_DISABLED = "false";

const authRoute = await import("@/app/api/auth/[...all]/route");
const tasksRoute = await import("@/app/api/tasks/route");
const { ORIGIN, call, clientIp, signUp } = await import("../support/api");
const { pool } = await import("@/lib/db/client");

afterAll(async () => {
  await inbox.close();
});

const PASSWORD = "correct horse battery staple";

async function post(path: string, body: unknown, cookie?: string) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    origin: ORIGIN,
    "x-forwarded-for": clientIp(),
  };
  if (cookie) headers.cookie = cookie;
  const response = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) }),
  );
  return { status: response.status, json: JSON.parse((await response.text()) || "null") };
}

async function follow(link: string) {
  const url = new URL(link);
  expect(url.origin).toBe(ORIGIN);
  const response = await authRoute.GET(new Request(link, { headers: { "x-forwarded-for": clientIp() } }));
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return { status: response.status, location: response.headers.get("location"), cookie };
}

async function session(cookie: string) {
  const response = await authRoute.GET(
    new Request(`${ORIGIN}/api/auth/get-session`, { headers: { cookie } }),
  );
  return (await response.json()) as { user: { id: string; email: string; emailVerified: boolean } } | null;
}

describe("email verification", () => {
  it("is mailed on sign-up, and its link verifies the address and signs in", async () => {
    const user = await signUp();
    expect((await session(user.cookie))?.user.emailVerified).toBe(false);
    const mail = await inbox.waitFor(user.email, (m) => m.subject === "Confirm your email for Evo-TODO");
    const visit = await follow(linkIn(mail));
    expect(visit.status).toBe(302);
    expect(visit.location).toBe("/");
    const verified = await session(visit.cookie);
    expect(verified?.user).toMatchObject({ id: user.id, emailVerified: true });
  });

  it("can be sent again (the banner's Resend)", async () => {
    const user = await signUp();
    await inbox.waitFor(user.email);
    const resend = await post(
      "/send-verification-email",
      { email: user.email, callbackURL: "/tasks" },
      user.cookie,
    );
    expect(resend.status).toBe(200);
    await expect
      .poll(
        () => inbox.for(user.email).filter((m) => m.subject === "Confirm your email for Evo-TODO").length,
        {
          timeout: 20_000,
        },
      )
      .toBe(2);
  });
});

describe("change of email", () => {
  it("is verified at the new address, and the old address is told", async () => {
    const user = await signUp();
    const newEmail = `moved-${user.email}`;
    const answer = await post("/change-email", { newEmail, callbackURL: "/account" }, user.cookie);
    expect(answer.status).toBe(200);

    const notice = await inbox.waitFor(
      user.email,
      (m) => m.subject === "Your Evo-TODO email is about to change",
    );
    expect(notice.text).toContain(newEmail);
    const confirm = await inbox.waitFor(newEmail, (m) => m.subject === "Confirm your new email for Evo-TODO");
    // Nothing changes until the new address confirms.
    expect((await session(user.cookie))?.user.email).toBe(user.email);

    const visit = await follow(linkIn(confirm));
    expect(visit.status).toBe(302);
    const { rows } = await pool.query<{ email: string }>({
      text: `SELECT email FROM "user" WHERE id = $1`,
      values: [user.id],
    });
    expect(rows[0]?.email).toBe(newEmail);
    // The new address signs in; the old one no longer does.
    expect((await post("/sign-in/email", { email: newEmail, password: PASSWORD })).status).toBe(200);
    expect((await post("/sign-in/email", { email: user.email, password: PASSWORD })).status).toBe(401);
  });
});

describe("account deletion", () => {
  it("needs the password", async () => {
    const user = await signUp();
    const none = await post("/delete-user", {}, user.cookie);
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ code: "PASSWORD_REQUIRED" });
    const wrong = await post("/delete-user", { password: "not the password at all" }, user.cookie);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ code: "INVALID_PASSWORD" });
    expect(await session(user.cookie)).not.toBeNull();
  });

  it("removes tasks, sessions and tokens at once, and confirms by mail", async () => {
    const user = await signUp();
    const created = await call(tasksRoute.POST, "POST", "/api/tasks", {
      token: user.token,
      body: { title: "Secret" },
    });
    expect(created.status).toBe(201);

    const answer = await post("/delete-user", { password: PASSWORD }, user.cookie);
    expect(answer.status).toBe(200);

    expect(await session(user.cookie)).toBeNull();
    const list = await call(tasksRoute.GET, "GET", "/api/tasks", { token: user.token });
    expect(list.status).toBe(401);
    const counts = await pool.query<{ tasks: number; sessions: number; users: number }>({
      text: `SELECT (SELECT count(*)::int FROM task WHERE "userId" = $1) AS tasks,
                    (SELECT count(*)::int FROM session WHERE "userId" = $1) AS sessions,
                    (SELECT count(*)::int FROM "user" WHERE id = $1) AS users`,
      values: [user.id],
    });
    expect(counts.rows[0]).toEqual({ tasks: 0, sessions: 0, users: 0 });
    const mail = await inbox.waitFor(user.email, (m) => m.subject === "Your Evo-TODO account was deleted");
    expect(String(mail.html)).toContain("Your account was deleted</h1>");
  });
});
