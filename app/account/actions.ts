"use server";

import { headers } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { prisma } from "@/lib/db/client";

// Ending one other session from the account page. Better Auth's revoke-session names a session by
// its token, which the browser never gets; the token is looked up here, scoped to the caller, and
// the session is ended through Better Auth's own endpoint so every revocation hook runs.

export async function endSession(sessionId: string): Promise<{ ok: boolean; signedOut?: boolean }> {
  const requestHeaders = await headers();
  const session = await auth.api.getSession({ headers: requestHeaders, query: { disableRefresh: true } });
  if (!session) return { ok: false, signedOut: true };
  if (typeof sessionId !== "string") return { ok: false };
  const target = await prisma.session.findFirst({
    where: { id: sessionId, userId: session.user.id },
    select: { token: true },
  });
  // Already gone (ended elsewhere) is what the user asked for.
  if (!target) return { ok: true };
  await auth.api.revokeSession({ headers: requestHeaders, body: { token: target.token } });
  return { ok: true };
}
