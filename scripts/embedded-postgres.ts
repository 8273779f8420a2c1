import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { pgliteExtensions } from "./pglite-extensions.mjs";

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
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const db = await PGlite.create(options.dataDir, { extensions: pgliteExtensions }).catch((error: unknown) => {
    unlock();
    throw error;
  });
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
      unlock();
    },
  };
}

/**
 * PGlite has no lock of its own and two processes on one data directory corrupt it, so a pid file
 * beside it says who owns it. A lock left by a process that is gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  try {
    writeFileSync(lockFile, String(process.pid), { flag: "wx" });
  } catch {
    const owner = Number(readFileSync(lockFile, "utf8"));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${owner} (is \`npm run dev\` running?). ` +
          "Stop it first, or set DATABASE_URL.",
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
