-- CreateTable
CREATE TABLE "rate_limit_bucket" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limit_bucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "rate_limit_bucket_expire_idx" ON "rate_limit_bucket"("expire");

-- Counters are disposable: unlogged, they skip the WAL and its fsync on every request (a crash
-- only resets them). Prisma does not model table persistence, so the schema does not show this.
ALTER TABLE "rate_limit_bucket" SET UNLOGGED;
