import "server-only";
import Bowser from "bowser";
import type { Zone } from "@/lib/shared/due";
import { prisma } from "@/lib/db/client";
import type { AccountSession } from "@/lib/shared/account-session";

export type { AccountSession };

// The account page's list of the user's live sessions, read on the server: the user agent is
// parsed here (the parser never reaches the browser), and session tokens (credentials) never
// leave it; the browser names a session by its id.

export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name || "Unknown browser";
  return os.name ? `${name} on ${os.name}` : name;
}

/**
 * How session times are worded: in the reader's zone and locale when the cookie names them, else in
 * UTC with the zone spelled out. `dateStyle`/`timeStyle` cannot be combined with `timeZoneName`
 * (Intl throws), so the zone-less form names its fields one by one.
 */
export function sessionTimeFormat(zone: Zone | null): Intl.DateTimeFormat {
  if (zone) {
    return new Intl.DateTimeFormat(zone.locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: zone.timeZone,
    });
  }
  return new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
}

export async function listAccountSessions(
  userId: string,
  currentSessionId: string,
  zone: Zone | null,
): Promise<AccountSession[]> {
  const format = sessionTimeFormat(zone);
  const rows = await prisma.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    select: { id: true, userAgent: true, createdAt: true, updatedAt: true },
    orderBy: { updatedAt: "desc" },
  });
  return rows
    .map((row) => ({
      id: row.id,
      device: describeUserAgent(row.userAgent),
      createdAt: row.createdAt.toISOString(),
      lastActiveAt: row.updatedAt.toISOString(),
      createdLabel: format.format(row.createdAt),
      lastActiveLabel: format.format(row.updatedAt),
      current: row.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}
