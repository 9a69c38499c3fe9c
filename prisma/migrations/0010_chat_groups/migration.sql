-- Group conversations (2–8 people, issue #11): a group and its members by identity; its
-- messages are ChatMessage rows with channel "group" and scope "group:<id>". History pages
-- walk (venue, scope, createdAt, id) backwards, so the id joins the index.

-- CreateTable
CREATE TABLE "ChatGroup" (
    "id" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatGroupMember" (
    "groupId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatGroupMember_pkey" PRIMARY KEY ("groupId","personId")
);

-- CreateIndex
CREATE INDEX "ChatGroup_venue_idx" ON "ChatGroup"("venue");

-- CreateIndex
CREATE INDEX "ChatGroupMember_personId_idx" ON "ChatGroupMember"("personId");

-- AddForeignKey
ALTER TABLE "ChatGroupMember" ADD CONSTRAINT "ChatGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ChatGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- DropIndex
DROP INDEX "ChatMessage_venue_scope_createdAt_idx";

-- CreateIndex
CREATE INDEX "ChatMessage_venue_scope_createdAt_id_idx" ON "ChatMessage"("venue", "scope", "createdAt", "id");
