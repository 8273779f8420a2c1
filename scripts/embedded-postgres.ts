import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// The zero-configuration database: PGlite (Postgres compiled to WASM) served on loopback by
// pglite-socket, so the app, Prisma and the migrations all speak the ordinary `pg` protocol.

/**
 * pglite-socket multiplexes every socket onto PGlite's single session, message by message. Two
 * connections using the extended protocol at once interleave their Parse/Bind messages and fail
 * with "unnamed prepared statement does not exist" (seen here with 2+ concurrent queries). The app
 * therefore keeps one pooled connection when it runs on the embedded database.
 */
export const EMBEDDED_POOL_SIZE = "1";

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> };

/**
 * Starts PGlite persisted in `dataDir` (or in memory when omitted) on 127.0.0.1:`port`
 * (0 picks a free port). One process must own a data directory: never open it twice.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir);
  // Several sockets may be open (the app's pool, `prisma migrate`, a psql session), but see
  // EMBEDDED_POOL_SIZE: one session underneath means one client at a time must use it.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 64 });
  await server.start();
  const port = server.getServerConn().split(":").at(-1);
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
