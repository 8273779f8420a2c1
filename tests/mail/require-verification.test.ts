import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { linkIn, startInbox } from "../support/smtp";

// REQUIRE_EMAIL_VERIFICATION=true: sign-in waits for the emailed link, and signing up with an
// address that already has an account answers exactly like a new sign-up while the owner is told.

const inbox = await startInbox();
process.env.SMTP_URL = inbox.url;
process.env.MAIL_DISABLED = "false";
process.env.REQUIRE_EMAIL_VERIFICATION = "true";

const authRoute = await import("@/app/api/auth/[...all]/route");
const { ORIGIN, clientIp } = await import("../support/api");

afterAll(async () => {
  await inbox.close();
});

const PASSWORD = "correct horse battery staple";

async function post(path: string, body: unknown) {
  const response = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": clientIp() },
      body: JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    json: JSON.parse(text || "null"),
    cookies: response.headers.getSetCookie(),
  };
}

/** A body with its ids and times blanked: what is left must be the same for both answers. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        ["id", "createdAt", "updatedAt", "email"].includes(key) ? typeof inner : shape(inner),
      ]),
    );
  return value;
}

describe("required email verification", () => {
  it("signs up without a session, refuses sign-in until the link is opened, then signs in", async () => {
    const email = `new-${randomUUID()}@example.com`;
    const signUp = await post("/sign-up/email", { name: "Ada", email, password: PASSWORD });
    expect(signUp.status).toBe(200);
    expect(signUp.json.token).toBeNull();
    expect(
      signUp.cookies.filter((line) => line.includes("session_token=") && !line.includes("Max-Age=0")),
    ).toEqual([]);

    const refused = await post("/sign-in/email", { email, password: PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: "EMAIL_NOT_VERIFIED" });

    const mail = await inbox.waitFor(email, (m) => m.subject === "Confirm your email for Evo-TODO");
    const visit = await authRoute.GET(
      new Request(linkIn(mail), { headers: { "x-forwarded-for": clientIp() } }),
    );
    expect(visit.status).toBe(302);
    expect(visit.headers.getSetCookie().some((line) => line.includes("session_token="))).toBe(true);
    expect((await post("/sign-in/email", { email, password: PASSWORD })).status).toBe(200);
  });

  it("answers a sign-up with a taken address like a new one, and tells the owner instead", async () => {
    const taken = `taken-${randomUUID()}@example.com`;
    await post("/sign-up/email", { name: "Owner", email: taken, password: PASSWORD });
    await inbox.waitFor(taken, (m) => m.subject === "Confirm your email for Evo-TODO");

    const fresh = await post("/sign-up/email", {
      name: "Someone",
      email: `new-${randomUUID()}@example.com`,
      password: PASSWORD,
    });
    const again = await post("/sign-up/email", {
      name: "Someone",
      email: taken,
      password: "another password 123",
    });
    expect(again.status).toBe(fresh.status);
    expect(shape(again.json)).toEqual(shape(fresh.json));

    const notice = await inbox.waitFor(
      taken,
      (m) => m.subject === "Someone tried to sign up with your email",
    );
    expect(notice.text).toContain("No new account was created");
    // The owner's password still works once verified; nothing was changed by the attempt.
    expect(inbox.for(taken).filter((m) => m.subject === "Confirm your email for Evo-TODO")).toHaveLength(1);
  });
});
