-- Chat: messages of every channel (nearby, floor, event, direct), paged by scope, and
-- per-channel settings (the event channel for announcements only).

-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "eventId" TEXT,
    "senderId" TEXT NOT NULL,
    "senderName" TEXT NOT NULL,
    "recipientId" TEXT,
    "recipientName" TEXT,
    "zone" TEXT,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatSetting" (
    "venue" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "announcementsOnly" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ChatSetting_pkey" PRIMARY KEY ("venue","scope")
);

-- CreateIndex
CREATE INDEX "ChatMessage_venue_scope_createdAt_idx" ON "ChatMessage"("venue", "scope", "createdAt");
