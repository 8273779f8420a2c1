import { describe, expect, it } from "vitest";
import { RevocationSet } from "@/lib/auth/revocation/revocation-set";

// The in-memory set every request consults: exact answers for sessions, users' cut-offs at whole
// seconds (what `iat` carries), and entries that leave once no token they cover can be valid.

const T = Date.UTC(2026, 11, 4, 12, 0, 0, 400); // a revocation at .400 s
const sec = (ms: number) => Math.floor(ms / 1000);

describe("RevocationSet", () => {
  it("refuses every token of an ended session, whenever it was issued", () => {
    const set = new RevocationSet();
    expect(set.add({ kind: "session", subject: "s1", at: T, expiresAt: T + 60_000 }, T)).toBe(true);
    expect(set.isRevoked("s1", "u1", sec(T) - 600)).toBe(true);
    expect(set.isRevoked("s1", "u1", sec(T) + 5)).toBe(true);
    expect(set.isRevoked("s2", "u1", sec(T) - 600)).toBe(false);
  });

  it.each([
    ["issued a second before the cut-off", sec(T) - 1, true],
    ["issued in the cut-off's second (its session id decides)", sec(T), false],
    ["issued after the cut-off", sec(T) + 1, false],
  ])("a user's not-before: a token %s → revoked %s", (_, iat, revoked) => {
    const set = new RevocationSet();
    set.add({ kind: "user", subject: "u1", at: T, expiresAt: T + 60_000 }, T);
    expect(set.isRevoked("any", "u1", iat)).toBe(revoked);
    expect(set.isRevoked("any", "u2", iat)).toBe(false);
  });

  it("only grows stricter: an older cut-off arriving late changes nothing", () => {
    const set = new RevocationSet();
    set.add({ kind: "user", subject: "u1", at: T, expiresAt: T + 60_000 }, T);
    expect(set.add({ kind: "user", subject: "u1", at: T - 10_000, expiresAt: T + 50_000 }, T)).toBe(false);
    expect(set.isRevoked("any", "u1", sec(T) - 1)).toBe(true);
    expect(set.add({ kind: "session", subject: "s1", at: T, expiresAt: T + 60_000 }, T)).toBe(true);
    expect(set.add({ kind: "session", subject: "s1", at: T, expiresAt: T + 60_000 }, T)).toBe(false);
  });

  it("ignores expired events and prunes entries once their tokens are all dead", () => {
    const set = new RevocationSet();
    expect(set.add({ kind: "session", subject: "old", at: T - 90_000, expiresAt: T - 1 }, T)).toBe(false);
    set.add({ kind: "session", subject: "s1", at: T, expiresAt: T + 60_000 }, T);
    set.add({ kind: "user", subject: "u1", at: T, expiresAt: T + 60_000 }, T);
    expect(set.size).toBe(2);
    set.prune(T + 59_999);
    expect(set.size).toBe(2);
    set.prune(T + 60_000);
    expect(set.size).toBe(0);
  });
});
