-- CreateEnum
CREATE TYPE "RevocationKind" AS ENUM ('session', 'user');

-- CreateTable
CREATE TABLE "revocation" (
    "kind" "RevocationKind" NOT NULL,
    "subject" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revocation_pkey" PRIMARY KEY ("kind","subject")
);

-- CreateIndex
CREATE INDEX "revocation_expiresAt_idx" ON "revocation"("expiresAt");
