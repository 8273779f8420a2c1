import { describe, expect, it } from "vitest";
import { Prisma, queryRows } from "@/lib/db/client";
import { isoTimestamp } from "@/lib/db/timestamps";

// The task queries get timestamps from Postgres as ISO 8601 text, cut from its output without a
// Date in between (lib/db/client.ts). Whatever the value, it must read exactly as Date would write it.

const VALUES = [
  "2026-11-24T03:40:18.596Z",
  "2026-11-24T03:40:18.000Z",
  "2026-11-24T03:40:18.500Z",
  "2026-11-24T03:40:18.050Z",
  "2026-11-24T03:40:18.007Z",
  "2024-02-29T23:59:59.999Z",
  "1970-01-01T00:00:00.000Z",
  "0900-06-15T12:00:00.100Z",
  "9999-12-31T23:59:59.999Z",
];

describe("timestamps from the task queries", () => {
  it.each(VALUES)("%s comes back as written", async (value) => {
    const [row] = await queryRows<{ at: string }>(Prisma.sql`SELECT ${value}::timestamptz(3) AS "at"`);
    expect(row?.at).toBe(value);
  });

  it("the pool's sessions are in UTC, so Postgres writes the short form the fast path cuts", async () => {
    const [row] = await queryRows<{ text: string }>(Prisma.sql`SELECT ${VALUES[0]}::timestamptz(3)::text AS "text"`);
    expect(row?.text).toBe("2026-11-24 03:40:18.596+00");
  });

  it("a null stays null", async () => {
    const [row] = await queryRows<{ at: string | null }>(Prisma.sql`SELECT NULL::timestamptz AS "at"`);
    expect(row?.at).toBeNull();
  });

  it("text from a session in another zone, or a five-digit year, takes the general path", () => {
    expect(isoTimestamp("2026-11-24 04:40:18.596+01")).toBe("2026-11-24T03:40:18.596Z");
    expect(isoTimestamp("2026-11-23 22:40:18.5-05")).toBe("2026-11-24T03:40:18.500Z");
    expect(isoTimestamp("12000-01-01 00:00:00+00")).toBe(new Date(Date.UTC(12000, 0, 1)).toISOString());
  });
});
