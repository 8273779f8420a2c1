// The embedded database for machines without a Postgres server, in its own process so that PGlite's
// work (it runs on the JavaScript thread) never competes with the load generator. In memory: every
// run starts empty. Prints one JSON line `{ "url": … }` when it listens; stops on SIGTERM.
import { startEmbeddedPostgres } from "../scripts/embedded-postgres.ts";

const database = await startEmbeddedPostgres();
process.stdout.write(`${JSON.stringify({ url: database.url })}\n`);

const shutdown = () => {
  void database.stop().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
