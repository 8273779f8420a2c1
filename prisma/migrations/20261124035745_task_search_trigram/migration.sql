-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "btree_gin";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "task_userId_title_trgm_idx" ON "task" USING GIN ("userId" varchar_ops, "title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "task_userId_description_trgm_idx" ON "task" USING GIN ("userId" varchar_ops, "description" gin_trgm_ops);
