import "server-only";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { revocations, sessionsEnded, userTokensRevoked } from "./revocations";

// Where Better Auth's own flows feed the revocation set. Every way a session ends goes through its
// internal adapter's session delete (sign-out, revoke-session, revoke-other-sessions,
// revoke-sessions, change-password, password reset, delete-user), whose `delete.after` hook runs
// once per deleted row after the transaction commits and before the endpoint answers. The flows
// that end every session of a user also set the user's "not before", which covers a session
// created while the sessions were being deleted.

const ENDS_ALL_SESSIONS = new Set(["/revoke-sessions", "/change-password", "/reset-password", "/delete-user", "/delete-user/callback"]);

type DeletedSession = { id: string; userId: string };

export const revocationDatabaseHooks = {
  session: {
    delete: {
      after: async (session: DeletedSession, context: { path?: string } | null) => {
        const at = Date.now();
        const events = sessionsEnded([session.id], at);
        if (context?.path && ENDS_ALL_SESSIONS.has(context.path)) events.push(userTokensRevoked(session.userId, at));
        await revocations.revoke(events);
      },
    },
  },
  user: {
    delete: {
      after: async (user: { id: string }) => {
        await revocations.revoke([userTokensRevoked(user.id)]);
      },
    },
  },
};

/** Changing the password always ends the other sessions, whatever the client asked for. */
export const changePasswordRevokesOthers = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/change-password" || !ctx.body || typeof ctx.body !== "object") return;
  return { context: { body: { ...ctx.body, revokeOtherSessions: true } } };
});

/**
 * The token's payload: `sid` is the session's id, never its token (the token is the cookie's
 * credential). Refuses to sign for a session this instance knows has ended; the session itself is
 * read from the database on every /token call (no cookie cache), so a deleted one never gets here.
 */
export async function tokenPayload({ user, session }: { user: { email: string; name: string }; session: { id: string; userId: string } }) {
  if (!revocations.loaded) await revocations.start();
  if (revocations.isRevoked(session.id, session.userId, Math.floor(Date.now() / 1000))) {
    throw new APIError("UNAUTHORIZED", { message: "The session has ended." });
  }
  return { email: user.email, name: user.name, sid: session.id };
}
