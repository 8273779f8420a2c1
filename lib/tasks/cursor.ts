import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { PRIORITIES, SORTS, TITLE_MAX } from "@/lib/shared/task-schema";

// A cursor is the sort key and id of the last task on a page (keyset pagination), so a walk sees
// every task once even while others are inserted, and a deep page costs the same as the first.
// It also records the sort it was made for: reusing it under another sort is an error, not a skip.

const payload = z.strictObject({
  s: z.enum(SORTS),
  o: z.enum(["asc", "desc"]),
  v: z.union([z.string(), z.null()]),
  i: z.uuid(),
});

export type Cursor = z.infer<typeof payload>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(raw: string, sort: Cursor["s"], order: Cursor["o"]): Cursor {
  const invalid = () =>
    new ApiError("invalid_query", "The cursor is invalid.", {
      errors: [{ path: "cursor", message: "is not a cursor from this list's nextCursor" }],
    });
  let cursor: Cursor;
  try {
    cursor = payload.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw invalid();
  }
  if (cursor.s !== sort || cursor.o !== order) throw invalid();
  const valueOk =
    cursor.s === "title"
      ? isStorableText(cursor.v)
      : cursor.s === "priority"
        ? (PRIORITIES as readonly (string | null)[]).includes(cursor.v)
        : cursor.s === "due"
          ? cursor.v === null || isCanonicalTimestamp(cursor.v)
          : isCanonicalTimestamp(cursor.v);
  if (!valueOk) throw invalid();
  return cursor;
}

// The value goes to Postgres as a parameter: anything it would refuse (a NUL in text, a date it
// reads differently from Date.parse) must be refused here, or a crafted cursor becomes a 500.

/**
 * Exactly what encodeCursor writes for a timestamp: Date#toISOString's own output, in years 1-9999
 * (Postgres reads toISOString's signed six-digit years as a zone offset, and has no year 0).
 */
function isCanonicalTimestamp(value: string | null): boolean {
  if (typeof value !== "string" || !/^\d{4}-/.test(value) || value.startsWith("0000")) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

/** A title Postgres could have stored: no NUL, no lone surrogate, at most 255 code points. */
function isStorableText(value: string | null): boolean {
  return (
    typeof value === "string" &&
    !value.includes("\u0000") &&
    value.isWellFormed() &&
    [...value].length <= TITLE_MAX
  );
}
