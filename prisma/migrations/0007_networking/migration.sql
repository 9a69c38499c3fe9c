-- Who met whom (encounters) and contact exchanges with consent (issue #13).

-- CreateTable
CREATE TABLE "Encounter" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "eventId" TEXT,
    "venue" TEXT NOT NULL,
    "personAId" TEXT NOT NULL,
    "personBId" TEXT NOT NULL,
    "firstMetAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMetAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "conversations" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Encounter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactExchange" (
    "id" TEXT NOT NULL,
    "fromId" TEXT NOT NULL,
    "toId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "fromEmail" TEXT,
    "fromLinks" JSONB NOT NULL DEFAULT '[]',
    "toEmail" TEXT,
    "toLinks" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "ContactExchange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Encounter_scope_personAId_personBId_key" ON "Encounter"("scope", "personAId", "personBId");

-- CreateIndex
CREATE INDEX "Encounter_personAId_idx" ON "Encounter"("personAId");

-- CreateIndex
CREATE INDEX "Encounter_personBId_idx" ON "Encounter"("personBId");

-- CreateIndex
CREATE INDEX "Encounter_eventId_idx" ON "Encounter"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactExchange_fromId_toId_key" ON "ContactExchange"("fromId", "toId");

-- CreateIndex
CREATE INDEX "ContactExchange_toId_status_idx" ON "ContactExchange"("toId", "status");
