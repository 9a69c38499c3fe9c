-- Interests and intents (issue #13): what a person is looking for and offering, their
-- affiliation, and the interest tags a host defines for an event.

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "lookingFor" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "offering" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "affiliation" TEXT;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "tags" JSONB NOT NULL DEFAULT '[]';
