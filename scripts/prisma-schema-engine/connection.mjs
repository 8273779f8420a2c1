// Plain `pg` connections for what the wasm engine cannot do itself: the CLI's one-off
// `cli can-connect-to-database|create-database|drop-database` commands, and turning a failed
// connection into the same coded errors (P1000, P1001, P1003, …) the native engine reports.
import pg from "pg";

/** `url` with its database name replaced. */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
}

/** The `schema` query parameter Prisma URLs use to pick the Postgres schema (pg ignores it). */
export function schemaName(url) {
  return new URL(url).searchParams.get("schema") ?? undefined;
}

function describe(url) {
  const { hostname, port, username, searchParams } = new URL(url);
  const host = searchParams.get("host") ?? (hostname || "localhost");
  return {
    location: host.startsWith("/") ? host : `${host}:${port || 5432}`,
    user: decodeURIComponent(username) || "(not available)",
    database: databaseName(url),
  };
}

export function quoteIdentifier(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle client whose server goes away emits "error"; unhandled, that would crash us.
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Prisma's user-facing error for a connection failure, or undefined if it is something else. */
export function connectionError(error, url) {
  const { location, user, database } = describe(url);
  switch (error?.code) {
    case "28P01":
      return {
        code: "P1000",
        message:
          `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\n` +
          `Please make sure to provide valid database credentials for the database server at \`${location}\`.`,
      };
    case "28000":
      return { code: "P1010", message: `User \`${user}\` was denied access on the database \`${database}\`` };
    case "3D000":
      return {
        code: "P1003",
        message: `Database \`${database}\` does not exist on the database server at \`${location}\`.`,
      };
    case "42P04":
      return {
        code: "P1009",
        message: `Database \`${database}\` already exists on the database server at \`${location}\``,
      };
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ECONNRESET":
    case "ENOENT": // unix socket path
      return {
        code: "P1001",
        message: `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.`,
      };
  }
  if (/timeout/i.test(error?.message ?? "")) {
    return {
      code: "P1002",
      message: `The database server at \`${location}\` was reached but timed out.\n\nPlease try again.\n\nPlease make sure your database server is running at \`${location}\`.`,
    };
  }
  return undefined;
}

/** Resolves to undefined when `url` accepts connections, else to Prisma's coded error. */
export async function checkConnection(url) {
  try {
    await withClient(url, (client) => client.query("select 1"));
    return undefined;
  } catch (error) {
    return connectionError(error, url) ?? { code: undefined, message: error.message };
  }
}

/** Runs `sql` on a maintenance database of the server `url` points at. */
async function onServer(url, sql) {
  let lastError;
  for (const maintenance of ["postgres", "template1"]) {
    try {
      return await withClient(withDatabase(url, maintenance), (client) => client.query(sql));
    } catch (error) {
      if (error.code !== "3D000") throw error;
      lastError = error;
    }
  }
  throw lastError;
}

export async function createDatabase(url) {
  const name = databaseName(url);
  await onServer(url, `CREATE DATABASE ${quoteIdentifier(name)}`);
  return name;
}

export async function dropDatabase(url) {
  const name = databaseName(url);
  await onServer(url, `DROP DATABASE ${quoteIdentifier(name)}`);
  return name;
}
