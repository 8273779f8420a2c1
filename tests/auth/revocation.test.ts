import { decodeJwt } from "jose";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { auth } from "@/lib/auth/auth";
import { revocations, sessionsEnded } from "@/lib/auth/revocation/revocations";
import { prisma } from "@/lib/db/client";
import { getEventBus } from "@/lib/events";
import { LISTENER_APPLICATION_NAME } from "@/lib/events/postgres-bus";
import { signUp } from "../support/api";
import { authPost, listStatus, PASSWORD, signIn, tokenStatus, type Device } from "../support/sessions";

// Every way a session ends, through Better Auth's own endpoints: the ended sessions' tokens are
// refused by the task API at once (this instance applies the revocation before the call returns),
// /api/auth/token refuses to mint for them, and the other sessions keep working.

/** A user signed in on `count` devices. */
async function userWithDevices(count: number) {
  const first = await signUp("Revocation Tester");
  const devices: Device[] = [{ cookie: first.cookie, token: first.token, ip: first.ip }];
  while (devices.length < count) devices.push(await signIn(first.email));
  for (const device of devices) expect(await listStatus(device.token)).toBe(200);
  return { user: first, devices };
}

async function sessionIdOf(cookie: string) {
  const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
  return session?.session.id;
}

/** Polls (the way another instance would be observed) until `check` holds; fails after the deadline. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("tokens name their session", () => {
  it("carry sid: the session's id, never its token", async () => {
    const { devices } = await userWithDevices(1);
    const { sid } = decodeJwt(devices[0]!.token);
    const row = await prisma.session.findUnique({ where: { id: String(sid) } });
    expect(row).not.toBeNull();
    expect(sid).not.toBe(row!.token);
    expect(devices[0]!.cookie).not.toContain(String(sid));
  });
});

describe("every way a session ends is a 401 at once", () => {
  it("sign-out ends that session only", async () => {
    const { devices } = await userWithDevices(2);
    const [gone, kept] = devices as [Device, Device];
    expect((await authPost(gone, "sign-out")).status).toBe(200);
    expect(await listStatus(gone.token)).toBe(401);
    expect(await tokenStatus(gone.cookie)).toBe(401);
    expect(await listStatus(kept.token)).toBe(200);
    expect(await tokenStatus(kept.cookie)).toBe(200);
  });

  it("revoke-session ends the one named", async () => {
    const { devices } = await userWithDevices(3);
    const [caller, target, bystander] = devices as [Device, Device, Device];
    const targetToken = (await prisma.session.findUnique({ where: { id: (await sessionIdOf(target.cookie))! } }))!.token;
    expect((await authPost(caller, "revoke-session", { token: targetToken })).status).toBe(200);
    expect(await listStatus(target.token)).toBe(401);
    expect(await tokenStatus(target.cookie)).toBe(401);
    expect(await listStatus(caller.token)).toBe(200);
    expect(await listStatus(bystander.token)).toBe(200);
  });

  it("revoke-other-sessions ends every session but the caller's", async () => {
    const { devices } = await userWithDevices(3);
    const [caller, ...others] = devices as [Device, Device, Device];
    expect((await authPost(caller, "revoke-other-sessions")).status).toBe(200);
    for (const other of others) {
      expect(await listStatus(other.token)).toBe(401);
      expect(await tokenStatus(other.cookie)).toBe(401);
    }
    expect(await listStatus(caller.token)).toBe(200);
  });

  it("revoke-sessions ends every session, the caller's too", async () => {
    const { devices } = await userWithDevices(2);
    expect((await authPost(devices[0]!, "revoke-sessions")).status).toBe(200);
    for (const device of devices) {
      expect(await listStatus(device.token)).toBe(401);
      expect(await tokenStatus(device.cookie)).toBe(401);
    }
  });

  it("change-password ends the other sessions even when asked not to, and hands the caller a new one", async () => {
    const { user, devices } = await userWithDevices(2);
    const [caller, other] = devices as [Device, Device];
    const changed = await authPost(caller, "change-password", {
      currentPassword: PASSWORD,
      newPassword: "another horse battery staple",
      revokeOtherSessions: false,
    });
    expect(changed.status).toBe(200);
    expect(await listStatus(other.token)).toBe(401);
    expect(await tokenStatus(other.cookie)).toBe(401);
    // Better Auth replaces the caller's session too: its old token ends, the new cookie mints anew.
    expect(await listStatus(caller.token)).toBe(401);
    const renewed = await signInWithCookie(changed.cookie);
    expect(await listStatus(renewed)).toBe(200);
    // A fresh sign-in with the new password is not caught by the user's "not before".
    expect(await listStatus((await signIn(user.email, "another horse battery staple")).token)).toBe(200);
  });

  it("the password-reset sweep (every session of the user) ends them all", async () => {
    // reset-password calls exactly this when revokeSessionsOnPasswordReset is on; the endpoint
    // needs a mail channel that another change adds.
    expect(auth.options.emailAndPassword?.revokeSessionsOnPasswordReset).toBe(true);
    const { user, devices } = await userWithDevices(2);
    await (await auth.$context).internalAdapter.deleteUserSessions(user.id);
    for (const device of devices) {
      expect(await listStatus(device.token)).toBe(401);
      expect(await tokenStatus(device.cookie)).toBe(401);
    }
  });

  it("deleting the user ends every token it had", async () => {
    const { user, devices } = await userWithDevices(2);
    await (await auth.$context).internalAdapter.deleteUser(user.id);
    for (const device of devices) expect(await listStatus(device.token)).toBe(401);
    const cutoff = await prisma.revocation.findUnique({ where: { kind_subject: { kind: "user", subject: user.id } } });
    expect(cutoff).not.toBeNull();
  });

  it("a token already in the verified cache is refused after its session ends", async () => {
    const { devices } = await userWithDevices(1);
    const device = devices[0]!;
    expect(await listStatus(device.token)).toBe(200); // cached now
    expect((await authPost(device, "sign-out")).status).toBe(200);
    expect(await listStatus(device.token)).toBe(401);
  });
});

describe("the revocation table", () => {
  it("keeps an ended session until every token it issued has expired", async () => {
    const { devices } = await userWithDevices(1);
    const sid = await sessionIdOf(devices[0]!.cookie);
    const before = Date.now();
    expect((await authPost(devices[0]!, "sign-out")).status).toBe(200);
    const row = await prisma.revocation.findUnique({ where: { kind_subject: { kind: "session", subject: sid! } } });
    expect(row!.expiresAt.getTime() - before).toBeGreaterThanOrEqual((15 * 60 + 30) * 1000);
  });

  it("is read again when no listener reaches other instances, or after the listener reconnects", async () => {
    // Another instance ended this session, and its notification never arrived here.
    const { devices } = await userWithDevices(1);
    const sid = (await sessionIdOf(devices[0]!.cookie))!;
    const [event] = sessionsEnded([sid]);
    await prisma.revocation.create({
      data: { kind: "session", subject: sid, at: new Date(event!.at), expiresAt: new Date(event!.expiresAt) },
    });
    const bus = await getEventBus();
    if (bus.engine === "postgres") {
      // The listener is up, so nothing polls: drop its connection; the reconnect reloads the table.
      const admin = new pg.Client({ connectionString: inject("databaseUrl") });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", [
        LISTENER_APPLICATION_NAME,
      ]);
      await admin.end();
    }
    const reloadsBefore = revocations.reloads;
    await eventually(async () => (await listStatus(devices[0]!.token)) === 401);
    expect(revocations.reloads).toBeGreaterThan(reloadsBefore);
  });
});

/** The token a cookie mints (after change-password hands out a new session cookie). */
async function signInWithCookie(cookie: string): Promise<string> {
  const { getToken } = await import("../support/api");
  return getToken(cookie);
}
