import type { RevocationEvent } from "@/lib/events/topics";

// What one instance knows has been revoked: ended session ids, and per-user "not before" times.
// Checking a token is two map lookups. Entries only ever grow stricter until they expire (a
// revocation is never undone), so a reload merges into the set instead of replacing it, and a
// notification that raced a reload is never lost.

export class RevocationSet {
  /** Session id → epoch ms after which no token of it can be valid. */
  private readonly sessions = new Map<string, number>();
  /** User id → tokens issued (`iat`, whole seconds) before `notBefore` are refused. */
  private readonly users = new Map<string, { notBefore: number; expiresAt: number }>();

  /** Adds an event; false when it told us nothing new. */
  add(event: RevocationEvent, now = Date.now()): boolean {
    if (event.expiresAt <= now) return false;
    if (event.kind === "session") {
      const known = this.sessions.get(event.subject);
      if (known !== undefined && known >= event.expiresAt) return false;
      this.sessions.set(event.subject, event.expiresAt);
      return true;
    }
    // `iat` has whole seconds: flooring the cut-off never refuses a token issued after it (a new
    // sign-in right after a password change); a token of an ended session issued in that same
    // second is refused by its session id instead.
    const notBefore = Math.floor(event.at / 1000);
    const known = this.users.get(event.subject);
    if (known && known.notBefore >= notBefore && known.expiresAt >= event.expiresAt) return false;
    this.users.set(event.subject, {
      notBefore: Math.max(notBefore, known?.notBefore ?? 0),
      expiresAt: Math.max(event.expiresAt, known?.expiresAt ?? 0),
    });
    return true;
  }

  /** Whether a token naming session `sid`, user `userId`, issued at `iat` (seconds), is revoked. */
  isRevoked(sid: string, userId: string, iat: number): boolean {
    if (this.sessions.has(sid)) return true;
    const user = this.users.get(userId);
    return user !== undefined && iat < user.notBefore;
  }

  /** Forgets entries whose tokens have all expired. */
  prune(now = Date.now()): void {
    for (const [sid, expiresAt] of this.sessions) if (expiresAt <= now) this.sessions.delete(sid);
    for (const [userId, entry] of this.users) if (entry.expiresAt <= now) this.users.delete(userId);
  }

  get size(): number {
    return this.sessions.size + this.users.size;
  }
}
