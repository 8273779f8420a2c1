// The driver adapter the wasm schema engine runs on: @prisma/adapter-pg for the target database,
// patched where it does not yet cope with what the schema engine asks of it, plus a shadow
// database that is really separate from the target.
import { randomUUID } from "node:crypto";

import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";

import { quoteIdentifier, schemaName, withClient, withDatabase } from "./connection.mjs";

const PG_CHAR_OID = 18; // the one-byte `"char"` type of pg_catalog columns (relkind, contype, …)
const PG_TEXT_OID = 25;

/**
 * adapter-pg 7.10 rejects `"char"` result columns as an unsupported type, yet the engine's
 * catalog queries select them and expect ColumnType Character ("Column type 'char' could not be
 * deserialized"). Let adapter-pg treat them as text, then report them as Character.
 * performIO is adapter-pg's internal per-query hook (private in its typings): this is tied to the
 * pinned 7.10.0 and is the first thing to re-check on an upgrade.
 */
function reportCharColumns(queryable) {
  const charColumnsOf = new WeakMap(); // result rows -> indexes of "char" columns
  const performIO = queryable.performIO;
  const queryRaw = queryable.queryRaw;
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const charColumns = [];
    result.fields = result.fields.map((field, index) => {
      if (field.dataTypeID !== PG_CHAR_OID) return field;
      charColumns.push(index);
      return { ...field, dataTypeID: PG_TEXT_OID };
    });
    if (charColumns.length > 0) charColumnsOf.set(result.rows, charColumns);
    return result;
  };
  queryable.queryRaw = async function (query) {
    const resultSet = await queryRaw.call(this, query);
    for (const index of charColumnsOf.get(resultSet.rows) ?? []) {
      resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return resultSet;
  };
  return queryable;
}

/** adapter-pg for `url`, with the fixes the schema engine needs. */
async function connectPg(url) {
  const adapter = reportCharColumns(await new PrismaPg(url, { schema: schemaName(url) }).connect());
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (...args) {
    return reportCharColumns(await startTransaction.apply(this, args));
  };
  // adapter-pg splits scripts on every ";", which breaks `$$` function bodies and string
  // literals. Sent whole without parameters, pg uses the simple query protocol, under which
  // Postgres runs a multi-statement script itself, as it does for the native engine.
  adapter.executeScript = async function (script) {
    try {
      await this.underlyingDriver().query(script);
    } catch (error) {
      this.onError(error); // adapter-pg's own error mapping; always throws
    }
  };
  return adapter;
}

/**
 * A fresh database on the target's server. adapter-pg's own connectToShadowDb cannot be used:
 * it passes the new name as a separate `database` option, which pg ignores next to a connection
 * string (so the "shadow" is the target itself), and it drops the database before closing its
 * connections to it.
 */
async function connectShadowOnServer(url) {
  const name = `prisma_migrate_shadow_db_${randomUUID()}`;
  await withClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  // FORCE (Postgres 13+) ends any connection the engine left open.
  const drop = () =>
    withClient(url, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
    );
  try {
    const adapter = await connectPg(withDatabase(url, name));
    const [[current]] = (await adapter.queryRaw({ sql: "select current_database()", args: [], argTypes: [] }))
      .rows;
    if (current !== name) {
      await adapter.dispose();
      throw new Error(`Shadow database connection landed on "${current}" instead of "${name}".`);
    }
    const dispose = adapter.dispose;
    adapter.dispose = async function () {
      await dispose.call(this);
      await drop();
    };
    return adapter;
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}

let pristinePGlite;

/**
 * PGlite serves a single database whatever name a client asks for, so a shadow database
 * created on it would be the target itself. Use a throw-away in-memory PGlite instead: a clone
 * of one booted per process (booting takes seconds, cloning a fraction of one, and one command
 * may ask for several shadow databases).
 */
async function connectShadowInMemory() {
  const [{ PGlite }, { PrismaPGlite }, { pgliteExtensions }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
    import("../pglite-extensions.mjs"),
  ]);
  // The same extensions as the target (scripts/embedded-postgres.ts), or migrations that create
  // one fail here; clone() keeps them.
  pristinePGlite ??= PGlite.create({ extensions: pgliteExtensions });
  const db = await (await pristinePGlite).clone();
  const adapter = await new PrismaPGlite(db).connect();
  // pglite-prisma-adapter 0.7.2 does not await exec(), so failures escape as unhandled rejections.
  adapter.executeScript = async function (script) {
    try {
      await db.exec(script);
    } catch (error) {
      this.onError(error);
    }
  };
  adapter.dispose = () => db.close();
  return adapter;
}

/**
 * The shadow database configured as `shadowDatabaseUrl`. The wasm engine applies migrations to
 * whatever it is handed, so empty it first, as the native engine does.
 */
async function connectConfiguredShadow(shadowUrl, url) {
  const where = (u) => {
    const { host, pathname } = new URL(u);
    return `${host}${pathname}`;
  };
  if (where(shadowUrl) === where(url)) {
    throw new Error("shadowDatabaseUrl names the main database; it would be wiped. Point it at another one.");
  }
  const schema = quoteIdentifier(schemaName(shadowUrl) ?? "public");
  await withClient(shadowUrl, (client) =>
    client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`),
  );
  return connectPg(shadowUrl);
}

async function isPGlite(url) {
  const { rows } = await withClient(url, (client) => client.query("select version()"));
  // e.g. "PostgreSQL 18.6 (PGlite 0.5.14) on wasm32-unknown-emscripten, compiled by emcc …"
  return /pglite|emscripten|wasm32/i.test(rows[0].version);
}

/**
 * The migration-aware adapter factory for `datasource` (prisma.config.ts's `url` and optional
 * `shadowDatabaseUrl`), bound so the wasm engine can call its methods without losing `this`.
 */
export function createAdapterFactory(datasource) {
  const { url, shadowDatabaseUrl } = datasource;
  return bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectPg(url),
    async connectToShadowDb() {
      if (shadowDatabaseUrl) return connectConfiguredShadow(shadowDatabaseUrl, url);
      return (await isPGlite(url)) ? connectShadowInMemory() : connectShadowOnServer(url);
    },
  });
}
