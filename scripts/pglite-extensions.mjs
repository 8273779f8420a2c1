// Postgres extensions the migrations create (CREATE EXTENSION), which PGlite can load only when
// they are passed to its constructor: every PGlite this project starts gets these.
// pg_trgm and btree_gin: task search's indexes (userId + trigrams of title / description).
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

export const pgliteExtensions = { btree_gin, pg_trgm };
