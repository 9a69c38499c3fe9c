-- Moderation (issue #12): every host's or moderator's action, and every refused attempt,
-- audited; bans by identity, per event or per venue.

-- CreateTable
CREATE TABLE "ModerationAction" (
    "id" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "eventId" TEXT,
    "floor" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "targetId" TEXT,
    "targetName" TEXT,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "reason" TEXT,
    "allowed" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModerationAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ban" (
    "id" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "eventId" TEXT,
    "personId" TEXT NOT NULL,
    "byId" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Ban_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModerationAction_venue_createdAt_idx" ON "ModerationAction"("venue", "createdAt");

-- CreateIndex
CREATE INDEX "Ban_venue_personId_idx" ON "Ban"("venue", "personId");
