import pg from "pg";

// Imported by the app (lib/db/client.ts) and by the benchmark's floor (bench/floor-server.mts), which
// must read rows exactly as the app does.
// No `server-only` marker: the floor runs in plain Node, where that package throws on import.

const TIMESTAMPTZ = 1184;

/**
 * A `timestamptz` as the API writes it (`2026-11-24T03:40:18.596Z`), cut from Postgres's own text
 * (`2026-11-24 03:40:18.596+00` in a UTC session) without a Date in between: parsing and
 * re-formatting three dates per row was a quarter of a list page's CPU. Anything unusual (another
 * zone, a five-digit year) takes the general path.
 */
export function isoTimestamp(text: string): string {
  if (text.length < 22 || text[10] !== " " || !text.endsWith("+00")) {
    return (pg.types.getTypeParser(TIMESTAMPTZ, "text")(text) as Date).toISOString();
  }
  const millis = text.length > 23 ? text.slice(20, -3).padEnd(3, "0").slice(0, 3) : "000";
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${millis}Z`;
}

/** pg `types` for a query: every `timestamptz` as an ISO 8601 string, everything else as usual. */
export const isoTimestamps = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMPTZ ? isoTimestamp : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};
