-- Blocks (issue #12): a person blocked another, by identity; the floor keeps them apart
-- (no media, no avatar, no chat) until unblocked.

-- CreateTable
CREATE TABLE "Block" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "blockedId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Block_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Block_personId_blockedId_key" ON "Block"("personId", "blockedId");
