import { Prisma } from "./generated/client";

// "The database cannot do work right now" (a 503 the client may retry) versus "this request hit a
// bug" (a 500). Decided by where and how the error arose, not by a list of messages:
//   - anything that failed while a connection was being opened: the pool marks those (below);
//   - a socket-level failure (a Node system error: refused, reset, timed out, unreachable…);
//   - a FATAL or PANIC from the server, which ends the session whatever the statement was;
//   - SQLSTATE classes 08 (connection), 53 (insufficient resources), 57 (operator intervention:
//     shutdown, cancel, crash recovery), 58 (system I/O), and 55000, which is what a database
//     with ALLOW_CONNECTIONS false answers (also what a paused managed database can look like).
// pg reports errors as they come off the wire; Prisma's adapter copies the fields into a plain
// `cause` of a DriverAdapterError, which the client then wraps again under `meta`. Both are read.

const MARK = Symbol.for("evo.db.unavailable");

/** Marks an error as the database being unavailable; returns the same value for `throw`. */
export function markUnavailable<T>(error: T): T {
  if (error && typeof error === "object" && !Object.isFrozen(error)) {
    Object.defineProperty(error, MARK, { value: true, enumerable: false });
  }
  return error;
}

const UNAVAILABLE_CLASSES = new Set(["08", "53", "57", "58"]);
const NOT_ACCEPTING_CONNECTIONS = "55000";
const FATAL_SEVERITIES = new Set(["FATAL", "PANIC"]);

// Prisma's own connection-level errors (P1xxx) and its pool timeout.
const isPrismaConnectionCode = (code: string) => /^P1\d{3}$/.test(code) || code === "P2024";

// The adapter's names for socket, TLS and handshake failures it recognised.
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "AuthenticationFailed",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);

// pg's own errors for a connection that died or never came up carry no code at all.
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

function isSqlstateUnavailable(code: string): boolean {
  return (
    code === NOT_ACCEPTING_CONNECTIONS ||
    (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_CLASSES.has(code.slice(0, 2)))
  );
}

function judge(record: Record<string | symbol, unknown>): boolean {
  if (record[MARK] === true) return true;
  if (record instanceof Prisma.PrismaClientInitializationError) return true;
  const { code, severity, kind, originalCode, syscall, message } = record;
  if (typeof severity === "string" && FATAL_SEVERITIES.has(severity)) return true;
  for (const candidate of [code, originalCode]) {
    if (typeof candidate !== "string") continue;
    if (isSqlstateUnavailable(candidate)) return true;
    if (record instanceof Prisma.PrismaClientKnownRequestError && isPrismaConnectionCode(candidate))
      return true;
  }
  // A Node system error (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH…) on the way to the server.
  if (typeof syscall === "string" && typeof code === "string" && code.startsWith("E")) return true;
  if (typeof kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
  return typeof message === "string" && PG_CONNECTION_MESSAGES.test(message);
}

/** True when the error (or anything it wraps) says the database cannot be reached or refuses work. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string | symbol, unknown>;
    if (judge(record)) return true;
    queue.push(
      record.cause,
      (record.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError,
    );
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  return false;
}

type Connect = (callback?: (error: Error | undefined, ...rest: unknown[]) => void) => unknown;

/**
 * Makes every failure to open a connection from this pool count as unavailability, whatever pg or
 * the server said: a request that never reached the database cannot have hit a bug in it. pg-pool
 * opens connections for `pool.query` and for Prisma's adapter through this one method.
 */
export function markConnectFailures<P extends { connect: unknown }>(pool: P): P {
  const connect = (pool.connect as Connect).bind(pool);
  const wrapped: Connect = (callback) => {
    if (callback)
      return connect((error, ...rest) => callback(error ? markUnavailable(error) : error, ...rest));
    return (connect() as Promise<unknown>).catch((error: unknown) => {
      throw markUnavailable(error);
    });
  };
  pool.connect = wrapped as P["connect"];
  return pool;
}
